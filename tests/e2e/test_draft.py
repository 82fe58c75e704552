"""Draft or final: a draft carries its mark and the day it was built on every page of every
format; a final paper carries neither."""

from __future__ import annotations

import datetime
import zipfile

from openpyxl import load_workbook
from pypdf import PdfReader

from councilpapers.commands import main
from councilpapers.core.dates import long_date

from ..helpers import MINIMAL_PAPER, write_paper

LONG_BODY = (
    """\
sections:
"""
    + "".join(
        f"""\
  - title: Section {n}
    blocks:
"""
        + "".join(f"      - para: {'Words of a long paragraph that fills the page. ' * 12}\n" for _ in range(6))
        for n in range(1, 4)
    )
    + """\
  - title: Budget
    blocks:
      - table:
          id: budget
          caption: Budget
          columns:
            - {id: area, header: Service Area, type: text}
            - {id: net, header: Net Budget, unit: "£,000"}
          rows:
            - {id: a, area: Alpha, net: 1000}
            - {id: total, area: Total, sum: above}
"""
)


def build(tmp_path, status: str | None):
    paper = MINIMAL_PAPER + (f"status: {status}\n" if status else "")
    write_paper(tmp_path / "content" / "paper-one", paper, body=LONG_BODY)
    output = tmp_path / "output"
    assert main(["--content", str(tmp_path / "content"), "--output", str(output)]) == 0
    return output / "paper-one"


def mark() -> str:
    return f"DRAFT – built {long_date(datetime.date.today())}"


def test_a_draft_is_marked_with_its_build_date_on_every_page_of_every_format(tmp_path):
    out = build(tmp_path, "draft")
    pages = PdfReader(out.with_suffix(".pdf")).pages
    assert len(pages) >= 3
    for page in pages:
        assert mark() in page.extract_text(), page.extract_text()[-300:]
    with zipfile.ZipFile(out.with_suffix(".docx")) as package:
        footers = [package.read(n).decode() for n in package.namelist() if n.startswith("word/footer")]
        settings = package.read("word/settings.xml").decode()
    assert any(mark() in f for f in footers)
    assert "titlePg" not in settings  # the footer is on the first page too
    workbook = load_workbook(out.with_suffix(".xlsx"))
    for sheet in workbook.worksheets:
        assert sheet.oddHeader.left.text == mark(), sheet.title
    assert workbook["Cover"]["A2"].value == mark()
    for sheet in workbook.worksheets[3:]:  # each table's sheet says so on screen too, above the table
        if sheet.tables:
            first = next(iter(sheet.tables.values())).ref
            lines = [c.value for c in sheet["A"][: int(first.split(":")[0][1:]) - 1]]
            assert f"{mark()}: a draft, whose figures may still change." in lines, sheet.title
    web = out.with_suffix(".html").read_text(encoding="utf-8")
    assert f'<p class="draft-mark"><strong>{mark()}</strong></p>' in web  # the web page's one page, at its top


def test_a_final_paper_carries_no_mark(tmp_path):
    for status in (None, "final"):
        out = build(tmp_path, status)
        text = "".join(p.extract_text() for p in PdfReader(out.with_suffix(".pdf")).pages)
        assert "DRAFT" not in text
        with zipfile.ZipFile(out.with_suffix(".docx")) as package:
            assert "DRAFT" not in "".join(package.read(n).decode() for n in package.namelist() if n.endswith(".xml"))
        workbook = load_workbook(out.with_suffix(".xlsx"))
        assert all(not s.oddHeader.left.text for s in workbook.worksheets)
        assert not any("DRAFT" in str(c.value) for s in workbook.worksheets for row in s.iter_rows() for c in row)
        assert "DRAFT" not in out.with_suffix(".html").read_text(encoding="utf-8")


def test_the_mark_is_in_the_house_style_words(tmp_path):
    paper = MINIMAL_PAPER + "status: draft\nlabels: {draft: 'Draft for consultation ({date})'}\n"
    write_paper(tmp_path / "content" / "paper-one", paper)
    assert main(["--content", str(tmp_path / "content"), "--output", str(tmp_path / "o"), "--format", "pdf"]) == 0
    text = PdfReader(tmp_path / "o" / "paper-one.pdf").pages[0].extract_text()
    assert f"Draft for consultation ({long_date(datetime.date.today())})" in text
