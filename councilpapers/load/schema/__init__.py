"""Loading stage: the content format, declared once.

These models validate what authors write and are the source of the published JSON Schema
(`build.py schema`). Each field's description is the documentation editors show.
"""
