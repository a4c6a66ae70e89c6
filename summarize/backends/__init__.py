"""Backends: the one place that talks to language models."""
