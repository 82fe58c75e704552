"""The three other seed papers: every line of the published text is in the PDF and the Word
file, with the figures as published, and the house style's format is visible."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from councilpapers.build.render import with_pages
from councilpapers.compose.document import compose
from councilpapers.core.model import plain
from councilpapers.load.paper import load_paper
from councilpapers.writers.docx import write_docx
from councilpapers.writers.pdf import write_pdf

from ..helpers import CONTENT, SEEDS

PAPERS = {
    "our-manchester-2018": "002_8e5fa9519c505671.txt",
    "demand-capacity-2016": "003_61dd41543e3b07bb.txt",
    "target-operating-model-2010": "004_028572462fc224d8.txt",
}
# Published lines the paper does not print as such, and why.
NOT_PRINTED = (
    "Manchester City Council Item 12",  # the agenda pack's running header, not the paper's
    "Children and Young People Scrutiny Committee 21 June 2016",
    "Item 12 – Page",
    "£000's - Additional Investment",  # table headers: compared as tables below
    "Manchester Strategy outcomes Summary of",  # a table's header row, run together by the extraction
    "v.clark1@manchester.gov.uk.",  # the address, without the full stop that follows it
)


def squash(text: str) -> str:
    return re.sub(r"[\s•◦\-–]+", "", text).lower().replace("’", "'")


def seed_lines(name: str) -> list[str]:
    """The seed's lines of text, without paragraph numbers, list marks and table rows."""
    lines = []
    for line in (SEEDS / name).read_text(encoding="utf-8").splitlines():
        line = re.sub(r"^\s*[-•*]?\s*(\d+(\.\d+)*\.?\s+)?(\([a-z]\)\s+)?", "", line).replace("*", "")
        figures = len(re.findall(r"[\d().,£%]", line))
        if len(squash(line)) < 25 or figures > len(line) / 3 or any(skip in line for skip in NOT_PRINTED):
            continue
        lines.append(line)
    return lines


@pytest.fixture(scope="module", params=sorted(PAPERS))
def paper(request):
    document = compose(load_paper(CONTENT / request.param)).document
    pdf = write_pdf(document)
    return request.param, document, pdf


def pdf_text(pdf: bytes) -> str:
    import io

    pages = (page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return "\n".join(re.sub(r"Page \d+ of \d+", "", page) for page in pages)  # the running footer


def test_every_line_of_the_seed_is_in_the_pdf(paper):
    slug, _, pdf = paper
    text = squash(pdf_text(pdf))
    missing = [line for line in seed_lines(PAPERS[slug]) if squash(line) not in text]
    assert missing == []


def test_every_line_of_the_seed_is_in_the_word_file(paper, tmp_path):
    slug, document, pdf = paper
    path = Path(tmp_path / f"{slug}.docx")
    path.write_bytes(write_docx(with_pages(document, len(PdfReader(io.BytesIO(pdf)).pages))))
    word = docx.Document(path)
    cells = [p.text for t in word.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    text = squash("\n".join([p.text for p in word.paragraphs] + cells))
    missing = [line for line in seed_lines(PAPERS[slug]) if squash(line) not in text]
    assert missing == []


def test_numbering_as_published():
    d2010 = compose(load_paper(CONTENT / "target-operating-model-2010")).document
    assert [(s.number, s.title) for s in d2010.sections][:2] == [
        ("1.", "INTRODUCTION"),
        ("2.", "BACKGROUND AND KEY CHALLENGES"),
    ]
    numbered = {s.number: [b.number for b in s.blocks if getattr(b, "number", None)] for s in d2010.sections}
    assert numbered["5."] == [f"5.{n}" for n in range(1, 14)] and numbered["8."] == ["8.1", "8.2"]
    d2016 = compose(load_paper(CONTENT / "demand-capacity-2016")).document
    counts = [len([b for b in s.blocks if getattr(b, "number", None)]) for s in d2016.sections]
    assert [s.number for s in d2016.sections] == [f"{n}." for n in range(1, 10)]
    assert counts == [2, 1, 8, 33, 9, 3, 0, 5, 3]
    d2018 = compose(load_paper(CONTENT / "our-manchester-2018")).document
    assert [s.number for s in d2018.sections] == ["1.", "2.", "3."]
    assert all(getattr(b, "number", None) is None for s in d2018.sections for b in s.blocks)


def test_the_2010_front_sheet_is_in_its_own_order_and_words():
    document = compose(load_paper(CONTENT / "target-operating-model-2010")).document
    assert document.front.masthead == ("MANCHESTER CITY COUNCIL", "REPORT FOR RESOLUTION")
    headings = [f.label for f in document.front.fields if f.display == "heading"]
    assert headings == [
        "PURPOSE OF REPORT",
        "RECOMMENDATIONS",
        "FINANCIAL CONSEQUENCES FOR THE REVENUE AND CAPITAL BUDGETS",
        "CONTACT OFFICER",
        "BACKGROUND DOCUMENTS",
        "WARDS AFFECTED",
        "IMPLICATIONS FOR KEY COUNCIL POLICIES",
    ]
    (answers,) = document.front.field("implications").blocks
    assert [(label, text[0].text) for label, text in answers.lines] == [
        ("Anti-Poverty", "Yes"),
        ("Equal Opportunities", "Yes"),
        ("Environment", "Yes"),
        ("Employment", "Yes"),
    ]


def test_the_2010_figures_are_data_referenced_from_the_prose():
    document = compose(load_paper(CONTENT / "target-operating-model-2010")).document
    figures = [
        piece
        for field in document.front.fields
        for block in field.blocks
        for piece in _pieces(block)
        if piece.kind == "figure"
    ]
    shown = {(f.source, f.text) for f in figures}
    assert ("saving_total", "£4.8m") in shown and ("saving_education", "£3m") in shown
    assert ("saving_support", "£1.8m") in shown


def _pieces(block):
    yield from getattr(block, "inlines", ())
    for child in getattr(block, "children", ()):
        yield from _pieces(child)
    for item in getattr(block, "items", ()):
        yield from _pieces(item)


def test_the_2016_paper_goes_to_three_bodies_with_recommendations_split_by_body():
    document = compose(load_paper(CONTENT / "demand-capacity-2016")).document
    report_to = [b.inlines[0].text for b in document.front.field("report_to").blocks]
    assert report_to == [
        "Children and Young People Scrutiny Committee – 21 June 2016",
        "Executive – 29 June 2016",
        "Council – 13 July 2016",
    ]
    text = [getattr(b, "inlines", ()) for b in document.front.field("recommendations").blocks]
    assert "The Executive is requested to: -" in [t[0].text for t in text if t]
    seven = next(s for s in document.sections if s.title == "Recommendations")
    assert seven.blocks == document.front.field("recommendations").blocks  # printed again, typed once


def test_the_2016_tables_keep_their_numbers_and_compute_their_totals():
    document = compose(load_paper(CONTENT / "demand-capacity-2016")).document
    by_id = {t.id: t for t in document.tables()}
    assert [t.title for t in document.tables()] == [
        "Table 1: Additional Investment (Shortfall/Surplus)",
        "Table 3: Indicative open cases",
        "Table 4: Costing of Additional Resourcing Requirement",
        "Table 5: Additional Staffing 2016-17",
        "Table 6: Additional Investment (Shortfall/Surplus)",
    ]
    text = [
        plain(b.inlines)
        for s in document.sections
        for b in s.blocks
        for b in (b, *getattr(b, "children", ()))
        if hasattr(b, "inlines")
    ]
    assert (
        "Table 2 contact and referral numbers The figures of this table are not available in the source document."
        in text
    )
    table6 = by_id["additional_investment_summary"]
    assert all(cell.formula is not None for row in table6.rows for cell in row.cells[1:] if cell.value is not None)
    total = [r for r in by_id["resourcing_costs"].rows if r.role == "total"][0]
    assert total.cells[-1].formula is not None and str(total.cells[-1].value) == "6.7"


def test_each_paper_is_a_valid_tagged_pdf_with_its_title_and_language(paper, tmp_path):
    import page

    slug, document, pdf = paper
    path = tmp_path / f"{slug}.pdf"
    path.write_bytes(pdf)
    report = page.validate_pdf(str(path), profile="ua1")
    assert report.is_compliant, str(report)
    reader = PdfReader(path)
    assert reader.metadata.title == document.title and reader.trailer["/Root"]["/Lang"] == "en-GB"


@pytest.mark.filterwarnings("error")
def test_the_2016_workbook_recalculates_in_libreoffice_to_the_figures_of_the_paper(tmp_path):
    """Table 3's projections, Tables 4 and 5's totals and Table 6's links to Table 1 are live
    formulas; LibreOffice, recalculating a copy whose cached results were zeroed, gets them back."""
    import shutil
    import subprocess

    import openpyxl

    from councilpapers.writers.xlsx import write_xlsx

    from ..writers.test_xlsx import RECALCULATE_ON_LOAD, _cached_values_as_zero

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    document = compose(load_paper(CONTENT / "demand-capacity-2016")).document
    package = write_xlsx(document)
    (tmp_path / "profile" / "user").mkdir(parents=True)
    (tmp_path / "profile" / "user" / "registrymodifications.xcu").write_text(RECALCULATE_ON_LOAD, encoding="utf-8")
    (tmp_path / "zeroed.xlsx").write_bytes(_cached_values_as_zero(package))
    (tmp_path / "paper.xlsx").write_bytes(package)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(tmp_path / "out"),
            str(tmp_path / "zeroed.xlsx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    formulas = openpyxl.load_workbook(tmp_path / "paper.xlsx")
    cached = openpyxl.load_workbook(tmp_path / "paper.xlsx", data_only=True)
    again = openpyxl.load_workbook(tmp_path / "out" / "zeroed.xlsx", data_only=True)
    checked = 0
    for ws in formulas.worksheets:
        for row in ws.iter_rows():
            for cell in (c for c in row if c.data_type == "f"):
                expected = cached[ws.title][cell.coordinate].value
                assert again[ws.title][cell.coordinate].value == pytest.approx(expected, abs=1e-6), (
                    ws.title,
                    cell.coordinate,
                )
                checked += 1
    # Table 3: 6 projections and differences; Tables 4, 5: totals; Table 6: 5 links; 3 computed named figures
    assert checked == 16
    table6 = next(ws for ws in formulas.worksheets if ws["A1"].value.startswith("Table 6"))
    assert any(
        str(c.value).startswith("='Table 1") or "!" in str(c.value)
        for row in table6.iter_rows()
        for c in row
        if c.data_type == "f"
    )
