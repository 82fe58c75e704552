"""The published JSON Schemas: in step with the code, and the February paper's files valid against them."""

from __future__ import annotations

import datetime
import json

import jsonschema
import pytest
import yaml

from councilpapers.commands.schema import schemas

from ..helpers import PAPER, ROOT


def as_json(value):
    """YAML data as JSON would hold it (dates become ISO strings)."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value.isoformat() if isinstance(value, datetime.date) else value


def test_committed_schemas_match_the_code():
    for name, schema in schemas().items():
        committed = json.loads((ROOT / "schema" / name).read_text(encoding="utf-8"))
        assert committed == schema, f"schema/{name} is stale: run `make schema`"


CONTENT_FILES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "content").glob("*/*.yaml"))
STYLE_FILES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "templates" / "styles").glob("*.yaml"))


@pytest.mark.parametrize("file", CONTENT_FILES + STYLE_FILES)
def test_content_and_style_files_validate_against_the_published_schema(file):
    path = ROOT / file
    kind = (
        "style"
        if "styles" in path.parts
        else "meeting"
        if "meetings" in path.parts
        else "committee"
        if "committees" in path.parts
        else "paper"
        if path.name == "paper.yaml"
        else "part"
    )
    name = f"{kind}.schema.json"
    schema = json.loads((ROOT / "schema" / name).read_text(encoding="utf-8"))
    data = as_json(yaml.safe_load(path.read_text(encoding="utf-8")))
    errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data)]
    assert errors == []


def test_the_paper_schema_names_the_shipped_styles_and_their_report_types():
    schema = json.loads((ROOT / "schema" / "paper.schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["style"]["examples"] == ["manchester-2010", "manchester-2018", "neutral"]
    assert "Report for Decision" in schema["properties"]["report_type"]["examples"]


def test_schema_rejects_a_typo_as_an_editor_would():
    schema = json.loads((ROOT / "schema" / "paper.schema.json").read_text(encoding="utf-8"))
    data = as_json(yaml.safe_load((PAPER / "paper.yaml").read_text(encoding="utf-8")))
    data["subjet"] = data.pop("subject")
    messages = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data)]
    assert "'subject' is a required property" in messages
    assert any("'subjet' was unexpected" in m for m in messages)
