"""The content format as JSON Schema, for editors that validate YAML as authors type."""

from __future__ import annotations

import json
from pathlib import Path

from .output import write_atomically
from .schema import Paper, Part


def schemas() -> dict[str, dict]:
    out = {}
    for name, model, title in (("paper", Paper, "A paper's paper.yaml"),
                               ("part", Part, "A paper's body or appendix file")):
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = title
        out[f"{name}.schema.json"] = schema
    return out


def write_schemas(folder: Path) -> list[Path]:
    written = []
    for name, schema in schemas().items():
        path = folder / name
        write_atomically(path, (json.dumps(schema, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
        written.append(path)
    return written
