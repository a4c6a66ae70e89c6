"""Article: ingest (decode, clean, metadata) and the language layer (one spaCy parse)."""
