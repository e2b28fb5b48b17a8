"""Stage 1: load and validate the content files into one typed model."""
