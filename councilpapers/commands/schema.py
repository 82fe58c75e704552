"""The content format as JSON Schema, for editors that validate YAML as authors type."""

from __future__ import annotations

import json
from pathlib import Path

from councilpapers.build.output import write_atomically
from councilpapers.load.meeting import Meeting
from councilpapers.load.schema.paper import Paper
from councilpapers.load.schema.parts import Part
from councilpapers.load.style import HouseStyle, load_style, style_names


def schemas() -> dict[str, dict]:
    out = {}
    for name, model, title in (
        ("paper", Paper, "A paper's paper.yaml"),
        ("part", Part, "A paper's body or appendix file"),
        ("style", HouseStyle, "A house style: templates/styles/<name>.yaml"),
        ("meeting", Meeting, "A meeting and its agenda: content/meetings/<meeting>.yaml"),
    ):
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = title
        out[f"{name}.schema.json"] = schema
    _name_shipped_styles(out["paper.schema.json"])
    return out


def _name_shipped_styles(schema: dict) -> None:
    """The styles in templates/styles/ and their report types, as editors' suggestions."""
    styles = {name: load_style(name) for name in style_names()}
    fields = schema["properties"]
    fields["style"]["examples"] = sorted(styles)
    fields["report_type"]["examples"] = sorted({t.name for s in styles.values() for t in s.report_types})
    fields["report_type"]["description"] += " " + "; ".join(
        f"{name}: {', '.join(t.name for t in style.report_types)}" for name, style in styles.items()
    )


def write_schemas(folder: Path) -> list[Path]:
    written = []
    for name, schema in schemas().items():
        path = folder / name
        write_atomically(path, (json.dumps(schema, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
        written.append(path)
    return written
