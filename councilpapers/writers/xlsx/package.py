"""XLSX writer, package stage: the saved workbook with each formula's cached value filled in."""

from __future__ import annotations

import io
import posixpath
import zipfile
from decimal import Decimal

from lxml import etree
from lxml.etree import _Element

# lxml ships no type information: mypy reads etree and _Element as Any.

Figure = float | Decimal | int

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DCTERMS = "http://purl.org/dc/terms/"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


def with_cached_values(
    package: bytes, values: dict[str, dict[str, Figure | str]], stamp: tuple[int, int, int, int, int, int]
) -> bytes:
    """Rewrite each sheet so that <c><f>…</f></c> also carries <v>value</v>.

    `values` maps sheet name → cell name → value. openpyxl writes formulas without results,
    so a viewer that does not calculate would show blanks. Every part gets the time `stamp`,
    so the same paper always gives the same bytes.
    """
    source = zipfile.ZipFile(io.BytesIO(package))
    parts = _sheet_parts(source)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            sheet = parts.get(info.filename)
            if sheet in values:
                data = _fill(data, values[sheet])
            elif info.filename == "docProps/core.xml":
                data = _modified_as_created(data)
            target.writestr(zipfile.ZipInfo(info.filename, stamp), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _sheet_parts(source: zipfile.ZipFile) -> dict[str, str]:
    """Part name (xl/worksheets/sheet4.xml) → sheet name, from the workbook and its relationships."""
    workbook = etree.fromstring(source.read("xl/workbook.xml"))
    rels = etree.fromstring(source.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{{{PACKAGE_REL}}}Relationship")}
    parts = {}
    for sheet in workbook.iter(f"{{{MAIN}}}sheet"):
        target = targets[sheet.get(f"{{{REL}}}id")]
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        parts[path] = sheet.get("name")
    return parts


def _fill(data: bytes, values: dict[str, Figure | str]) -> bytes:
    root = etree.fromstring(data)
    for cell in root.iter(f"{{{MAIN}}}c"):
        if cell.find(f"{{{MAIN}}}f") is None or values.get(cell.get("r")) is None:
            continue
        cached = cell.find(f"{{{MAIN}}}v")
        if cached is None:
            cached = etree.SubElement(cell, f"{{{MAIN}}}v")
        value = values[cell.get("r")]
        if isinstance(value, str):
            cached.text = value
            cell.set("t", "str")  # a formula's text result
        else:
            cached.text = _number(value)
            cell.attrib.pop("t", None)  # a number, not a string result
    return _serialised(root)


def _modified_as_created(data: bytes) -> bytes:
    """openpyxl stamps the save time as 'modified': use the paper's date, so a build is repeatable."""
    root = etree.fromstring(data)
    created, modified = (root.find(f"{{{DCTERMS}}}{name}") for name in ("created", "modified"))
    if created is not None and modified is not None:
        modified.text = created.text
    return _serialised(root)


def _serialised(root: _Element) -> bytes:
    """A part's XML as the package holds it: declared, UTF-8, standalone."""
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data


def _number(value: Figure) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))
