"""`build.py schema`: the content format as JSON Schema (schema/*.schema.json), for editors
that validate YAML as authors type."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from councilpapers.commands.options import add_debug, rel
from councilpapers.core.paths import ROOT

NAME = "schema"
SUMMARY = "write the content format's JSON Schemas into schema/"


def add_options(p: argparse.ArgumentParser) -> None:
    add_debug(p)


def run(args: argparse.Namespace) -> int:
    for path in write_schemas(ROOT / "schema"):
        print(f"wrote {rel(path)}")
    return 0


def schemas() -> dict[str, dict[str, Any]]:
    from councilpapers.load.committee import Committee
    from councilpapers.load.meeting import Meeting
    from councilpapers.load.schema.paper import Paper
    from councilpapers.load.schema.parts import Part
    from councilpapers.load.style import HouseStyle

    out: dict[str, dict[str, Any]] = {}
    for name, model, title in (
        ("paper", Paper, "A paper's paper.yaml"),
        ("part", Part, "A paper's body or appendix file"),
        ("style", HouseStyle, "A house style: templates/styles/<name>.yaml"),
        ("meeting", Meeting, "A meeting and its agenda: content/meetings/<meeting>.yaml"),
        ("committee", Committee, "What a committee's meetings share: content/committees/<committee>.yaml"),
    ):
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = title
        out[f"{name}.schema.json"] = schema
    _name_shipped_styles(out["paper.schema.json"])
    return out


def _name_shipped_styles(schema: dict[str, Any]) -> None:
    """The styles in templates/styles/ and their report types, as editors' suggestions."""
    from councilpapers.load.style import load_style, style_names

    styles = {name: load_style(name) for name in style_names()}
    fields = schema["properties"]
    fields["style"]["examples"] = sorted(styles)
    fields["report_type"]["examples"] = sorted({t.name for s in styles.values() for t in s.report_types})
    fields["report_type"]["description"] += " " + "; ".join(
        f"{name}: {', '.join(t.name for t in style.report_types)}" for name, style in styles.items()
    )


def write_schemas(folder: Path) -> list[Path]:
    import json

    from councilpapers.build.output import write_atomically

    written: list[Path] = []
    for name, schema in schemas().items():
        path = folder / name
        write_atomically(path, (json.dumps(schema, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
        written.append(path)
    return written
