"""Stage 4: assemble documents from separately rendered parts with pypdf."""
