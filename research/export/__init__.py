"""The research bundle: one module per file (see bundle.py for how they are put together)."""
