"""Model writer: the composed Document as JSON, for reviewing changes and for other tools."""

from __future__ import annotations

import json

from councilpapers.core.model import Document, to_data


def model_json(document: Document) -> str:
    return json.dumps(to_data(document), indent=1, ensure_ascii=False) + "\n"


def write_model(document: Document) -> bytes:
    return model_json(document).encode("utf-8")
