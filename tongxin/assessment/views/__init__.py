"""The assessment pages, one module per sub-domain (the URL names stay in urls.py)."""
