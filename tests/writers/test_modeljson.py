"""The model writer: the composed Document as JSON another tool can read, the same on every machine."""

from __future__ import annotations

import json

from councilpapers.commands import main


def test_the_model_json_names_the_house_fonts_files_inside_the_project_and_each_tables_sheet(tmp_path, capsys):
    out = tmp_path / "output"
    assert main(["demand-capacity-2016", "--format", "model", "--output", str(out)]) == 0
    data = json.loads((out / "demand-capacity-2016.model.json").read_text(encoding="utf-8"))
    assert data["type"] == "Document"
    assert dict(data["layout"]["fonts"]) == {
        "Regular": "templates/fonts/LiberationSans-Regular.ttf",
        "Bold": "templates/fonts/LiberationSans-Bold.ttf",
        "Italic": "templates/fonts/LiberationSans-Italic.ttf",
        "BoldItalic": "templates/fonts/LiberationSans-BoldItalic.ttf",
    }
    sheets = [t["sheet"] for t in objects(data["sections"], "Table")]
    assert sheets[:2] == ["Table 1 Additional Investment", "Table 3 Indicative open cases"]


def objects(data, kind: str) -> list[dict]:
    """Every object of a type in the JSON, in reading order."""
    if isinstance(data, list):
        return [found for item in data for found in objects(item, kind)]
    if not isinstance(data, dict):
        return []
    return ([data] if data.get("type") == kind else []) + objects(list(data.values()), kind)
