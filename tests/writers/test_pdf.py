"""The PDF as a reader and an accessibility checker see it."""

from __future__ import annotations

import re

import page
import pytest
from pypdf import PdfReader

from ..helpers import SEEDS, untitled_captions

SEED = SEEDS / "000_e5cd439ac982fd7f.txt"

# Sentences that restate the savings schedule's totals: the published totals do not add up,
# so the paper shows the computed ones (see `build.py check`).
COMPUTED_NOT_PUBLISHED = (
    "If no action is taken, meeting the projected level of need",
    "proposal for a net additional investment of c£7m",
)


def squash(text: str) -> str:
    """Text without white space or bullet marks, for comparing wording across line breaks."""
    return re.sub(r"[\s•◦]+", "", text)


def seed_prose_lines() -> list[str]:
    """The seed's prose lines (not table rows), without the paragraph numbers and list marks."""
    lines = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        if "\t" in line or len(line.strip()) < 30:
            continue
        line = re.sub(r"^\s*-?\s*(\d+\.\d+\s+)?(\([ivx]+\)\s+)?", "", line)
        line = line.replace("**", "").replace("*", "").replace("Email: ", "E-mail: ")  # one label for all
        lines.append(line)
    return lines


@pytest.fixture(scope="module")
def reader(pdf_path):
    return PdfReader(pdf_path)


def page_text(page) -> str:
    """A page's text without its footer, so that a paragraph running over two pages reads on."""
    return re.sub(r"Page \d+ of \d+\s*$", "", page.extract_text().strip())


@pytest.fixture(scope="module")
def pdf_text(reader, document):
    """The PDF's text, without the invisible captions of tables the paper prints untitled
    (screen readers find them inside their tables; the text layer may hold them a page early)."""
    text = squash("".join(page_text(p) for p in reader.pages))
    for caption in untitled_captions(document):
        text = text.replace(squash(caption), "", 1)
    return text


def test_every_prose_line_of_the_seed_is_in_the_pdf(pdf_text):
    missing = [
        line
        for line in seed_prose_lines()
        if squash(line) not in pdf_text and not line.startswith(COMPUTED_NOT_PUBLISHED)
    ]
    assert missing == []


def test_front_sheet_and_tables_read_as_published(pdf_text):
    for expected in (
        "Manchester City Council",
        "Report for Resolution",
        "Executive – 7 February 2018",
        "Children and Young People Scrutiny Committee – 30 January 2018",
        "Wards Affected: All",
        "Children's Safeguarding84,98769,359701",
        "Total617,603103,3251,181",
        "Government Grants(503,475)(501,060)(501,060)",
    ):
        assert squash(expected) in pdf_text, expected


def test_every_page_is_numbered_in_the_footer(reader):
    count = len(reader.pages)
    for number, p in enumerate(reader.pages, start=1):
        assert p.extract_text().strip().endswith(f"Page {number} of {count}")


def test_pdf_ua1_conformance(pdf_path):
    report = page.validate_pdf(str(pdf_path), profile="ua1")
    assert report.is_compliant, str(report)


def test_title_language_and_fonts(reader):
    assert reader.metadata.title == "Children's Services and Education Budget and Business Planning: 2018-2020"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    fonts = set()
    for p in reader.pages:
        for font in (p["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor, f"{font['/BaseFont']} is not embedded"
            fonts.add(str(font["/BaseFont"]).split("+")[-1])
    assert fonts <= {"Liberation-Sans", "Liberation-Sans-Bold", "Liberation-Sans-Italic", "Liberation-Sans-Bold-Italic"}


def test_bookmarks_for_sections_and_appendices(reader):
    titles = []

    def walk(items):
        for item in items:
            walk(item) if isinstance(item, list) else titles.append(item.title)

    walk(reader.outline)
    for expected in (
        "5.0 Revenue Financial Strategy for the Delivery of Objectives",
        "Appendix 1: Summary Budget Position and Savings Schedule",
        "Delivery Plan 5 – Strategic Risk Assessment and Register",
    ):
        assert any(squash(expected) == squash(t) for t in titles), expected


def test_appendix_1_and_wide_delivery_plans_are_landscape(reader):
    def orientation(needle):
        return {
            ("landscape" if p.mediabox.width > p.mediabox.height else "portrait")
            for p in reader.pages
            if squash(needle) in squash(p.extract_text())
        }

    assert orientation("Appendix 1: Summary Budget Position") == {"landscape"}
    assert orientation("Risk Description") == {"landscape"}
    assert orientation("1.0 About the Children") == {"portrait"}


def test_table_headers_repeat_on_every_page_of_a_long_table(reader):
    pages = [squash(p.extract_text()) for p in reader.pages]
    risk_pages = [
        t
        for t in pages
        if "ExistingControls" in t or "HeadOfsafeguarding" in t or "DirectorofEducation" in t.replace("Amanda", "")
    ]
    spanning = [t for t in pages if re.search(r"Openr?,15thJanuary", t)]
    assert len(spanning) >= 2
    assert all("RiskDescription" in t for t in spanning)
    assert risk_pages


def test_the_roman_list_of_grants_keeps_its_published_numbering(pdf_text):
    """5.51 runs (i) to (vii), then (xi), as published; the Word file numbers it the same way."""
    text = squash(pdf_text)
    assert "(vii)SchoolImprovement" in text and "(xi)UnaccompaniedAsylumSeekingChildrengrant" in text
    assert "(viii)" not in text
