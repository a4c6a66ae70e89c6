"""Renderers: one module per output format."""
