"""Composing stage: validated content → Document (and meetings → Pack): numbering, tables, figures."""
