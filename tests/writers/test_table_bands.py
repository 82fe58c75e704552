"""Every format prints a score's band in its fill and a table's note of each accepted published
difference: the PDF, the Word file, the web page and the workbook, built from tests/roots/scored
with one band the published register got wrong (accepted, with its reason)."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile

import openpyxl
import pytest
from lxml import etree
from pypdf import PdfReader

from ..helpers import ROOT, copy_root, edit_file

NOTE = (
    "Demand exceeds capacity, Rating: the published paper shows High; this table prints Low. "
    "The register printed High; its own scale gives Low."
)
FILLS = {"Low": "CCE2D8", "Medium": "FFF7BF", "High": "F4CDC6"}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bands")
    paper = copy_root("scored", folder / "content" / "p")
    edit_file(
        paper / "body.yaml",
        "published: {rating: Low, residual_rating: Low}",
        "published: {rating: High, residual_rating: Low}\n"
        "              accepted: {rating: The register printed High; its own scale gives Low.}",
    )
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--content", str(folder / "content")]
        + ["--output", str(folder / "out"), "--format", "pdf,docx,xlsx,web,html"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return folder / "out"


def test_the_pdf_fills_each_band_and_prints_the_note(built):
    reader = PdfReader(built / "p.pdf")
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert NOTE in text
    drawn = b"".join(page.get_contents().get_data() for page in reader.pages)
    colours = {
        tuple(round(float(x) * 255) for x in m.split()) for m in re.findall(rb"([\d.]+ [\d.]+ [\d.]+) rg", drawn)
    }
    for fill in FILLS.values():
        assert tuple(int(fill[i : i + 2], 16) for i in (0, 2, 4)) in colours, fill
    html = (built / "p.print.html").read_text(encoding="utf-8")
    assert '<td class="text" style="background-color: #f4cdc6">High</td>' in html
    assert f'<p class="table-note">{NOTE}</p>' in html


def test_the_word_file_shades_each_band_and_prints_the_note(built):
    body = etree.fromstring(zipfile.ZipFile(built / "p.docx").read("word/document.xml"))
    shaded = {}
    for cell in body.iter(f"{W}tc"):
        words = "".join(cell.itertext()).strip()
        shading = cell.find(f"{W}tcPr/{W}shd")
        if words in FILLS and shading is not None:
            shaded.setdefault(words, set()).add(shading.get(f"{W}fill"))
    assert shaded == {word: {fill} for word, fill in FILLS.items()}
    notes = [
        "".join(p.itertext())
        for p in body.iter(f"{W}p")
        if p.find(f"{W}pPr/{W}pStyle[@{W}val='TableNote']") is not None
    ]
    assert notes == [NOTE]


def test_the_web_page_fills_each_band_and_prints_the_note(built):
    page = (built / "p.html").read_text(encoding="utf-8")
    bands = re.findall(r'<td class="text[^"]*"[^>]* style="background-color: (#[0-9a-f]{6})">(\w+)</td>', page)
    assert {word: fill.lstrip("#").upper() for fill, word in bands} == FILLS and len(bands) == 6
    assert f'<p class="table-note">{NOTE}</p>' in page


def test_the_workbook_fills_each_band_and_notes_the_difference(built):
    book = openpyxl.load_workbook(built / "p.xlsx")
    sheet = book[next(n for n in book.sheetnames if n not in ("Cover", "Contents", "Notes"))]
    rows = [[c for c in row] for row in sheet.iter_rows() if row[0].value == "Demand exceeds capacity"]
    (row,) = rows
    assert [c.value for c in row[:9]] == ["Demand exceeds capacity", "Low", "Medium", 2, "Low", "Low", "Low", 1, "Low"]
    assert row[4].fill.fgColor.rgb == "00CCE2D8" and row[3].fill.fill_type is None
    assert row[9].value == "[note 1]"
    notes = [r for r in book["Notes"].iter_rows(values_only=True) if r[0] == "[note 1]"]
    assert notes == [
        (
            "[note 1]",
            "Demand exceeds capacity, Rating. The published paper shows High; from the row's score, the band is Low.",
            sheet.title,
        )
    ]


def test_the_bands_web_page_passes_axe_core_colour_contrast_included(built):
    import json
    import shutil

    browser = ROOT / "tests" / "browser"
    if shutil.which("node") is None or not (browser / "node_modules").is_dir() or shutil.which("chromium") is None:
        pytest.skip("the browser tests need `make test`'s set-up (Chromium, Node.js, tests/browser/node_modules)")
    page = str(built / "p.html")
    result = subprocess.run(["node", str(browser / "web.mjs"), page], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)[page]
    assert report["violations"] == [] and report["passes"] > 25
