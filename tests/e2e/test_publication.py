"""The two destinations as a clerk meets them: what may be published is in each meeting's
publication folder (output/meetings/<meeting>/, uploaded as it is), what may not is under
output/restricted/ only, marked NOT FOR PUBLICATION on every page of every format.

One small council project, built twice as a clerk would: first with its land sale on the public
agenda, then once the meeting marks that item exempt (Schedule 12A, paragraph 3), which its
sub-items (a paper and a supplied PDF) inherit. Item 2, public, has two supplied appendices of
the same file name in two folders, and a third appendix exempt on its own."""

from __future__ import annotations

import textwrap
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from councilpapers.commands import main

from ..helpers import edit_file, write_paper
from .published import broken_links, files_in, linked_files, pdf_pages, squashed, text_of

MARK = "NOT FOR PUBLICATION\nSchedule 12A, paragraph 3"

MEETING = """\
style: neutral
council: Borsetshire County Council
committee: Resources Committee
executive: false  # no private-meeting notices (the Executive sample's are tested in test_packs.py)
date: 2026-03-04
time: "14:00"
venue: County Hall, Felpersham
clerk: {name: Jo Grundy, email: jo.grundy@borsetshire.example}
published: 2026-02-24
items:
  - {number: "1", title: Apologies, purpose: To receive apologies for absence., procedural: true}
  - number: "2"
    title: Library opening hours
    paper: library-hours
    documents:
      - {title: "Appendix 1 – Visitor survey", document: a/report.pdf}
      - {title: "Appendix 2 – Mobile library", document: b/report.pdf}
      - {title: "Appendix 3 – Costs of each branch", document: costs.pdf, exempt: {paragraph: 3}}
  - number: "10"
    title: Sale of the Felpersham depot
    paper: land-sale
    items:
      - {number: 10a, title: Site plan, paper: site-plan}
      - {number: 10b, title: Valuation, document: b/valuation.pdf}
"""

PAPER = """\
style: neutral
council: Borsetshire County Council
report_type: Report for Decision
report_to: [{body: Resources Committee, date: 2026-03-04}]
subject: SUBJECT
report_of: Director of Communities
summary: [The report sets out the options and the officers' advice.]
recommendations: [To agree the recommendations set out in the report.]
contact_officers: [{name: Jo Grundy, position: Democratic Services Officer}]
body: [body.yaml]
"""

# Sentences of the restricted material, and of the public, as a reader would find them.
LAND_SALE = "The purchaser's offer for the depot site is known only to the committee"
SITE_PLAN = "The boundary of the depot runs along the canal towpath to the lock"
VALUATION = "The district valuer puts the depot at a sum that must stay confidential"
COSTS = "Each branch's staffing cost is commercially sensitive until the tender closes"
PUBLIC = {
    "library-hours": "The hours of every branch are set out here",
    "a/report.pdf": "Nine in ten visitors asked for later opening on Thursdays",
    "b/report.pdf": "The mobile library visits twelve villages each week",
}

TERMS = "".join(
    f"      - para: {LAND_SALE}. {'The terms are set out in this section at length. ' * 12}\n" for _ in range(7)
)
LAND_SALE_BODY = (
    "sections:\n  - title: Terms\n    blocks:\n"
    + TERMS
    + """\
  - title: Offers
    blocks:
      - table:
          id: offers
          caption: Offers received
          columns:
            - {id: bidder, header: Bidder, type: text}
            - {id: offer, header: Offer, unit: "£,000"}
          rows:
            - {id: a, bidder: First bidder, offer: 1200}
            - {id: b, bidder: Second bidder, offer: 1100}
"""
)


def body(sentence: str) -> str:
    return f"sections:\n  - title: Report\n    blocks:\n      - para: {sentence}.\n"


def supplied_pdf(title: str, sentence: str) -> bytes:
    """A small tagged PDF, as an officer would supply an appendix."""
    from weasyprint import HTML

    html = (
        f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body><h1>{title}</h1><p>{sentence}.</p></body></html>"
    )
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def write_project(content: Path) -> Path:
    # the papers share their officer and house phrasing, as a council's papers do
    for slug, subject, text in (
        ("library-hours", "Library opening hours", body(PUBLIC["library-hours"])),
        ("land-sale", "Sale of the Felpersham depot", LAND_SALE_BODY),
        ("site-plan", "Site plan of the Felpersham depot", body(SITE_PLAN)),
    ):
        write_paper(content / slug, PAPER.replace("SUBJECT", subject), body=text)
    meetings = content / "meetings"
    for name, title, sentence in (
        ("a/report.pdf", "Visitor survey", PUBLIC["a/report.pdf"]),
        ("b/report.pdf", "Mobile library", PUBLIC["b/report.pdf"]),
        ("costs.pdf", "Costs of each branch", COSTS),
        ("b/valuation.pdf", "Valuation", VALUATION),
    ):
        (meetings / name).parent.mkdir(parents=True, exist_ok=True)
        (meetings / name).write_bytes(supplied_pdf(title, sentence))
    (meetings / "resources.yaml").write_text(textwrap.dedent(MEETING), encoding="utf-8")
    return meetings / "resources.yaml"


@dataclass(frozen=True)
class Project:
    output: Path
    before: set[str]  # the files of the first build, with item 10 public

    @property
    def folder(self) -> Path:
        return self.output / "meetings" / "resources"

    @property
    def restricted(self) -> Path:
        return self.output / "restricted"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    """Built as `build.py` builds it, twice: before and after the meeting marks item 10 exempt."""
    root = tmp_path_factory.mktemp("publication")
    content, output = root / "content", root / "output"
    meeting = write_project(content)
    assert main(["--content", str(content), "--output", str(output)]) == 0
    before = files_in(output)
    edit_file(meeting, "    paper: land-sale\n", "    paper: land-sale\n    exempt: {paragraph: 3}\n")
    assert main(["--content", str(content), "--output", str(output)]) == 0
    return Project(output, before)


def public_files(project: Project) -> list[Path]:
    """Every file of the build outside output/restricted/ (the build's own record aside)."""
    return [
        p
        for p in project.output.rglob("*")
        if p.is_file() and not p.is_relative_to(project.restricted) and p.name != ".councilpapers-build.json"
    ]


# ---- a paper restricted by its meeting -------------------------------------------------------


def test_a_paper_exempt_only_in_its_meeting_is_written_under_restricted_only(project):
    for slug in ("land-sale", "site-plan"):
        restricted = {p.name for p in project.restricted.glob(f"{slug}.*")}
        assert {f"{slug}.pdf", f"{slug}.docx", f"{slug}.html"} <= restricted, slug
        assert not [p for p in public_files(project) if p.stem == slug], f"{slug} has a file that may be published"
    assert (project.restricted / "land-sale.xlsx").is_file()  # its table's workbook too


def test_it_is_marked_not_for_publication_on_every_page_of_every_format(project):
    paper = project.restricted / "land-sale"
    pages = pdf_pages(paper.with_suffix(".pdf"))
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert "NOT FOR PUBLICATION" in page and "Schedule 12A, paragraph 3" in page, number
    with zipfile.ZipFile(paper.with_suffix(".docx")) as package:
        footers = [package.read(n).decode() for n in package.namelist() if n.startswith("word/footer")]
        settings = package.read("word/settings.xml").decode()
    assert footers and all("NOT FOR PUBLICATION" in f and "Schedule 12A, paragraph 3" in f for f in footers)
    assert "titlePg" not in settings  # the same footer on the first page
    workbook = load_workbook(paper.with_suffix(".xlsx"))
    for sheet in workbook.worksheets:
        assert sheet.oddHeader.left.text == MARK, sheet.title
    web = paper.with_suffix(".html").read_text(encoding="utf-8")
    assert '<p class="draft-mark"><strong>NOT FOR PUBLICATION' in web
    assert squashed(MARK) in squashed(web)
    site_plan = pdf_pages(project.restricted / "site-plan.pdf")  # inherited from item 10
    assert all("Schedule 12A, paragraph 3" in page for page in site_plan)


def test_its_earlier_public_files_are_removed_once_the_meeting_marks_it_exempt(project):
    earlier = {
        *(f"{slug}{suffix}" for slug in ("land-sale", "site-plan") for suffix in (".pdf", ".docx", ".html")),
        *(f"meetings/resources/{slug}{suffix}" for slug in ("land-sale", "site-plan") for suffix in (".pdf", ".docx")),
        "land-sale.xlsx",
        "meetings/resources/b-valuation.pdf",
    }
    assert earlier <= project.before, "the first build published item 10"
    now = files_in(project.output)
    assert not earlier & now, sorted(earlier & now)
    assert {f"restricted/land-sale{suffix}" for suffix in (".pdf", ".docx", ".xlsx", ".html")} <= now


def test_nothing_restricted_is_in_any_file_that_may_be_published(project):
    """Every sentence of the restricted papers and PDFs, searched for in every public file."""
    public = {p: text_of(p) for p in public_files(project)}
    assert len(public) >= 10
    for sentence in (LAND_SALE, SITE_PLAN, VALUATION, COSTS):
        assert [p.name for p, text in public.items() if sentence in text] == [], sentence
    # the search finds each sentence where it is: the public ones in public files, the
    # restricted ones in each format of the restricted files
    assert PUBLIC["library-hours"] in public[project.folder / "library-hours.html"]
    assert PUBLIC["a/report.pdf"] in public[project.folder / "resources.pdf"]
    for suffix in (".pdf", ".docx", ".html"):
        assert LAND_SALE in text_of(project.restricted / f"land-sale{suffix}"), suffix
    members = text_of(project.restricted / "resources-exempt.pdf")
    assert all(sentence in members for sentence in (LAND_SALE, SITE_PLAN, VALUATION, COSTS))


# ---- exemption is inherited ------------------------------------------------------------------


def test_sub_items_of_an_exempt_item_are_exempt_in_every_pack_and_on_the_page(project):
    public = PdfReader(project.folder / "resources.pdf")
    text = squashed(" ".join(page.extract_text() for page in public.pages))
    front = squashed(pdf_pages(project.folder / "resources-front-sheet.pdf")[0])
    notice = "Not for publication: paragraph 3 of Part 1 of Schedule 12A to the Local Government Act 1972"
    for line in ("10 Sale of the Felpersham depot", "10a Site plan", "10b Valuation"):
        assert f"{line} {notice}" in front, line  # listed, with why, and without pages
    assert not [n for n in ("10", "10a", "10b") if f"Item {n} – Page" in text]
    assert LAND_SALE not in text and SITE_PLAN not in text and VALUATION not in text
    assert not [t for t in outline(public) if t.startswith(("Item 10", "Site plan", "Valuation"))]
    assert not {"site-plan.pdf", "site-plan.html", "b-valuation.pdf"} & linked_files(project.folder / "index.html")
    members = pdf_pages(project.restricted / "resources-exempt.pdf")
    for item, sentence in (("10", LAND_SALE), ("10a", SITE_PLAN), ("10b", VALUATION)):
        pages = [p for p in members if f"Item {item} – Page" in p]
        assert pages and sentence in squashed(" ".join(pages)), item
        assert all("NOT FOR PUBLICATION" in page for page in pages), item


def outline(reader: PdfReader) -> list[str]:
    titles, stack = [], list(reader.outline)
    while stack:
        entry = stack.pop(0)
        stack[:0] = entry if isinstance(entry, list) else []
        titles += [] if isinstance(entry, list) else [entry.title]
    return titles


# ---- the publication folder ------------------------------------------------------------------


def test_the_publication_folder_holds_exactly_what_may_be_published(project):
    assert {p.name for p in project.folder.iterdir()} == {
        "index.html",
        "resources.pdf",
        "resources-front-sheet.pdf",
        "library-hours.pdf",
        "library-hours.docx",
        "library-hours.html",
        "a-report.pdf",  # two supplied report.pdf, from two folders: two files
        "b-report.pdf",
    }
    assert PUBLIC["a/report.pdf"] in squashed(" ".join(pdf_pages(project.folder / "a-report.pdf")))
    assert PUBLIC["b/report.pdf"] in squashed(" ".join(pdf_pages(project.folder / "b-report.pdf")))
    assert {p.name for p in project.restricted.iterdir()} >= {"resources-exempt.pdf", "land-sale.pdf", "site-plan.pdf"}
    assert not (project.output / "packs").exists()


def test_every_link_of_the_agenda_page_opens_a_file_in_its_folder(project):
    page = project.folder / "index.html"
    assert broken_links(page) == []
    assert linked_files(page) == {p.name for p in project.folder.iterdir()} - {"index.html"}
    html = page.read_text(encoding="utf-8")
    assert '<a href="a-report.pdf">Appendix 1 – Visitor survey' in html
    assert '<a href="b-report.pdf">Appendix 2 – Mobile library' in html


def test_an_exempt_appendix_of_a_public_item_is_a_page_naming_its_paragraph(project):
    public = pdf_pages(project.folder / "resources.pdf")
    placeholders = [p for p in public if "Appendix 3 – Costs of each branch is not for" in squashed(p)]
    assert len(placeholders) == 1
    assert (
        "Appendix 3 – Costs of each branch is not for publication: paragraph 3 of Part 1 of Schedule 12A to the "
        "Local Government Act 1972. It is in the members' pack." in squashed(placeholders[0])
    )
    assert "Item 2 – Page" in placeholders[0]
    assert COSTS not in squashed(" ".join(public))
    members = [p for p in pdf_pages(project.restricted / "resources-exempt.pdf") if COSTS in squashed(p)]
    assert members and all("NOT FOR PUBLICATION" in p for p in members)
