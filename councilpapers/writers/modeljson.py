"""Model writer: the composed Document as JSON, for reviewing changes and for other tools."""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from decimal import Decimal
from pathlib import Path

from councilpapers.core.model import Document
from councilpapers.core.paths import ROOT


def model_json(document: Document) -> str:
    return json.dumps(to_data(document), indent=1, ensure_ascii=False) + "\n"


def write_model(document: Document) -> bytes:
    return model_json(document).encode("utf-8")


def to_data(value: object) -> object:
    """The Document (or any part of it) as plain JSON-ready data, each object named by its type."""
    if is_dataclass(value):
        data: dict[str, object] = {"type": type(value).__name__}
        data.update({f.name: to_data(getattr(value, f.name)) for f in fields(value)})
        return data
    if isinstance(value, (list, tuple)):
        return [to_data(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, Path):  # a file of the project (the house font's): the same on every machine
        return value.relative_to(ROOT).as_posix()
    return value
