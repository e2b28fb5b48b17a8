"""Stage 2: the link registry, QR codes, short links and the link checker."""
