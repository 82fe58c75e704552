"""Writing stage: each writer turns a Document into one file; the registry lists them."""
