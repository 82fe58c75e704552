"""Council committee papers from YAML content: load → compose → write."""

__version__ = "0.1.0"
