"""The stage-free core: errors, the Document and Pack models, numbers, inline markup, expressions."""
