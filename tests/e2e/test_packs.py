"""Agenda packs as a clerk uses them: page ranges, item page numbers, bookmarks, an item's
several documents, exempt business kept out of what is published (Part B, an exempt appendix,
a late exempt item and its members' supplement), urgent items, committee files, tagged PDF,
the notice period, bad meeting files.

The sample meetings are built once, as `build.py pack` builds them: the public pack and its
front sheet in each meeting's publication folder (output/meetings/<meeting>/), the members'
packs under output/restricted/. The Executive of 7 February 2018 carries the samples' exempt
business, for demonstration: item 4's second document is an exempt appendix (paragraph 3),
item 5 is urgent, item 6 a late exempt item (paragraph 1) that its supplement brings."""

from __future__ import annotations

import contextlib
import datetime
import functools
import io
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import page as validator
import pytest
from pypdf import PdfReader, PdfWriter

from councilpapers.commands import main
from councilpapers.compose.notice import clear_working_days, notice_warning

from ..helpers import CONTENT, ROOT, ROOTS, changed, edit_file
from .published import broken_links, files_in, linked_files, pdf_pages, squashed, text_of

MEETINGS = sorted(p.stem for p in (CONTENT / "meetings").glob("*.yaml"))
EXECUTIVE = "executive-2018-02-07"
NOTICE = "Not for publication: paragraph {} of Part 1 of Schedule 12A to the Local Government Act 1972"
APPENDIX = "Demonstration appendix: commercial terms of the proposed placement contracts"
# sentences of the demonstration's exempt documents (samples/demonstration/*/body.yaml)
APPENDIX_TEXT = "The demonstration provider has offered a weekly placement rate below the regional"
LATE_TEXT = "The demonstration residential manager, an invented employee, has asked to reduce"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """Every sample meeting's packs with the papers they attach, built once."""
    output = tmp_path_factory.mktemp("output")
    assert main(["pack", *MEETINGS, "--output", str(output)]) == 0
    return output


@pytest.fixture(scope="module")
def supplemented(built, tmp_path_factory) -> Path:
    """The same output (copied, beside it) once the Executive's late item has come and its
    supplement is built: the papers are up to date, only the supplements are made."""
    output = tmp_path_factory.mktemp("supplemented")
    shutil.copytree(built, output, dirs_exist_ok=True)
    assert main(["pack", EXECUTIVE, "--supplement", "--output", str(output)]) == 0
    return output


def folder(output: Path, meeting: str) -> Path:
    return output / "meetings" / meeting


def public_pack(output: Path, meeting: str, kind: str = "") -> Path:
    return folder(output, meeting) / f"{meeting}{kind}.pdf"


def front_sheet(path: Path) -> list[str]:
    """A front sheet's lines as laid out on its pages (pdftotext -layout keeps each row of the
    agenda table on one line, with its pages at the right)."""
    result = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return result.stdout.splitlines()


RANGE = r"\s{2,}(\d+)(?:–(\d+))?$"


def front_ranges(lines: list[str]) -> tuple[dict[str, tuple[int, int]], dict[str, list[tuple[int, int]]]]:
    """Item number → (first, last) page, as the front sheet prints them beside the item; and,
    for an item that lists its documents, each document's pages in the order listed."""
    items: dict[str, tuple[int, int]] = {}
    documents: dict[str, list[tuple[int, int]]] = {}
    item = None
    for line in lines:
        if heading := re.match(r"^\s{0,2}(\d+[a-z]?)\s{2,}\S", line):
            item = heading[1]
            if match := re.search(RANGE, line):
                items[item] = (int(match[1]), int(match[2] or match[1]))
        elif item and re.match(r"^\s{4,}\S", line) and (match := re.search(RANGE, line)):
            documents.setdefault(item, []).append((int(match[1]), int(match[2] or match[1])))
    return items, documents


def outline_titles(reader, items=None, depth=0) -> list[tuple[int, str]]:
    out = []
    for entry in reader.outline if items is None else items:
        if isinstance(entry, list):
            out.extend(outline_titles(reader, entry, depth + 1))
        else:
            out.append((depth, entry.title))
    return out


# ---- the sample meetings ---------------------------------------------------------------------

PACKS = [
    *(("built", f"meetings/{m}/{m}.pdf") for m in MEETINGS),
    *(("built", f"meetings/{m}/{m}-front-sheet.pdf") for m in MEETINGS),
    ("built", f"restricted/{EXECUTIVE}-exempt.pdf"),
    ("supplemented", f"meetings/{EXECUTIVE}/{EXECUTIVE}-supplement.pdf"),
    ("supplemented", f"restricted/{EXECUTIVE}-exempt-supplement.pdf"),
]


@pytest.mark.parametrize("output, name", PACKS, ids=[name for _, name in PACKS])
def test_every_pack_is_a_tagged_pdf_with_title_and_language(request, output, name):
    path = request.getfixturevalue(output) / name
    assert validator.validate_pdf(str(path), profile="ua1").is_compliant, name
    reader = PdfReader(path)
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert reader.metadata.title.endswith("Supplementary agenda" if "supplement" in name else "Agenda")


def test_the_packs_are_where_a_clerk_finds_them(built, supplemented):
    """Public packs in each meeting's publication folder, members' packs under restricted/,
    nothing left in the old output/packs/."""
    for m in MEETINGS:
        assert {f"{m}.pdf", f"{m}-front-sheet.pdf", "index.html"} <= {p.name for p in folder(built, m).iterdir()}
    assert {p.name for p in (built / "restricted").iterdir()} == {f"{EXECUTIVE}-exempt.pdf"}
    assert {p.name for p in (supplemented / "restricted").iterdir()} == {
        f"{EXECUTIVE}-exempt.pdf",
        f"{EXECUTIVE}-exempt-supplement.pdf",
    }
    assert not (built / "packs").exists() and not (supplemented / "packs").exists()


@pytest.mark.parametrize("meeting", MEETINGS)
def test_each_publication_folder_holds_what_its_agenda_page_links_and_nothing_else(built, meeting):
    """The folder is uploaded as it is: the agenda page, the pack, its front sheet alone, each
    public paper's PDF, Word file and web page and the public supplied PDFs, every one linked
    from index.html, every link opening a file in the folder."""
    here = folder(built, meeting)
    page = here / "index.html"
    assert broken_links(page) == []
    assert linked_files(page) == {p.name for p in here.iterdir()} - {"index.html"}
    assert not [p for p in here.rglob("*") if p.is_dir()]


def test_the_executives_publication_folder_before_and_after_its_supplement(built, supplemented):
    papers = {f"budget-2018-20{suffix}" for suffix in (".pdf", ".docx", ".html")}
    published = {
        "index.html",
        f"{EXECUTIVE}.pdf",
        f"{EXECUTIVE}-front-sheet.pdf",
        *papers,
        "documents-demonstration-urgent-report.pdf",  # item 5's supplied report, cleaned
        *(f"{EXECUTIVE}-private-notice{kind}{suffix}" for kind in ("", "-further") for suffix in (".pdf", ".html")),
    }
    assert {p.name for p in folder(built, EXECUTIVE).iterdir()} == published
    later = folder(supplemented, EXECUTIVE)
    assert {p.name for p in later.iterdir()} == published | {f"{EXECUTIVE}-supplement.pdf"}
    assert broken_links(later / "index.html") == []
    assert f'href="{EXECUTIVE}-supplement.pdf"' in (later / "index.html").read_text(encoding="utf-8")
    # the agenda's own pack stays as it was published
    assert (later / f"{EXECUTIVE}.pdf").read_bytes() == public_pack(built, EXECUTIVE).read_bytes()


def test_item_12_of_the_june_2016_meeting_reads_as_published(built):
    meeting = "children-young-people-scrutiny-2016-06-21"
    pages = pdf_pages(public_pack(built, meeting))
    third = pages[3]
    assert "Manchester City Council\nChildren and Young People Scrutiny Committee 21 June 2016\nItem 12\n" in third
    assert "Item 12 – Page 3" in third


@pytest.mark.parametrize("meeting", ["children-young-people-scrutiny-2016-06-21", EXECUTIVE])
def test_front_sheet_page_ranges_and_item_page_numbers_match_the_pages(built, meeting):
    pages = pdf_pages(public_pack(built, meeting))
    front = public_pack(built, meeting, "-front-sheet")
    sheet = len(PdfReader(front).pages)
    assert [squashed(p) for p in pages[:sheet]] == [squashed(p) for p in pdf_pages(front)]  # the front sheet alone
    ranges, _ = front_ranges(front_sheet(front))
    assert ranges, "the front sheet gives each attached item its pages"
    for number, (first, last) in ranges.items():
        for page_number in range(first, last + 1):
            text = pages[page_number - 1]
            assert f"Item {number} – Page {page_number - first + 1}" in text, (number, page_number)
            assert text.rstrip().endswith(str(page_number)), "continuous page number"
        assert last == len(pages) or f"Item {number} – Page" not in pages[last]
    assert sum(last - first + 1 for first, last in ranges.values()) == len(pages) - sheet


def item_4(built) -> tuple[int, int, int]:
    """The Executive's front sheet pages, its item 4 report's pages (the paper's own PDF) and
    the exempt appendix's (the supplied PDF's): item 4 starts after the front sheet."""
    front = len(PdfReader(public_pack(built, EXECUTIVE, "-front-sheet")).pages)
    report = len(PdfReader(built / "budget-2018-20.pdf").pages)
    appendix = len(PdfReader(CONTENT / "meetings" / "documents" / "demonstration-commercial-appendix.pdf").pages)
    return front, report, appendix


def test_the_pack_header_names_the_meeting_not_the_papers_first_committee(built):
    """The budget paper also went to a scrutiny committee first; in the Executive's pack its
    pages say Executive, 7 February 2018."""
    pages = [p for p in pdf_pages(public_pack(built, EXECUTIVE)) if "Item 4 – Page" in p]
    assert len(pages) == item_4(built)[1] + 1  # the report's pages and the page standing for the exempt appendix
    assert all("Manchester City Council\nExecutive 7 February 2018\nItem 4" in p for p in pages)


def test_bookmarks_hold_every_item_with_its_documents_and_headings(built):
    titles = outline_titles(PdfReader(public_pack(built, EXECUTIVE)))
    items = [t for depth, t in titles if depth == 0 and t.startswith("Item ")]
    assert items == [
        "Item 4: Children's Services and Education Budget and Business Planning: 2018-2020",
        "Item 5: Demonstration urgent item: emergency repairs to a children's home roof",
    ]  # item 6 is to follow
    start, end = (titles.index((0, t)) for t in items)
    nested = titles[start + 1 : end]
    assert (1, "Children's Services and Education Budget and Business Planning: 2018-2020") in nested
    assert (1, APPENDIX) in nested  # the page that stands for it
    assert any(t.startswith("5.0") for _, t in nested) and all(d >= 1 for d, _ in nested)


# ---- several documents per item; an exempt appendix of a public report -----------------------


def test_the_front_sheet_lists_the_report_and_its_appendix_each_with_its_own_pages(built):
    front, report, pages = item_4(built)
    first, last = front + 1, front + report  # the report's pages in the pack
    for pack, appendix in (
        (public_pack(built, EXECUTIVE), (last + 1, last + 1)),  # the page that stands for it
        (built / "restricted" / f"{EXECUTIVE}-exempt.pdf", (last + 1, last + pages)),
    ):
        lines = front_sheet(pack)
        listed = squashed(" ".join(lines))
        assert f"Report {first}–{last} Demonstration appendix" in listed, pack.name
        items, documents = front_ranges(lines)
        assert items["4"] == (first, appendix[1])
        assert documents["4"] == [(first, last), appendix], pack.name


def test_an_exempt_appendix_of_a_public_report_is_a_page_naming_its_paragraph(built):
    pages = pdf_pages(public_pack(built, EXECUTIVE))
    front = squashed(" ".join(front_sheet(public_pack(built, EXECUTIVE, "-front-sheet"))))
    assert f"{APPENDIX} – {NOTICE.format(3)}" in front
    front, report, _ = item_4(built)
    page = squashed(pages[front + report])  # after the report's pages
    assert (
        f"{APPENDIX} is not for publication: paragraph 3 of Part 1 of Schedule 12A to the Local Government Act "
        "1972. It is in the members' pack." in page
    )
    assert f"Item 4 – Page {report + 1}" in page
    assert APPENDIX_TEXT not in squashed(" ".join(pages))
    assert "Demonstration placement rates" not in squashed(" ".join(pages))
    web = squashed((folder(built, EXECUTIVE) / "index.html").read_text(encoding="utf-8"))
    assert APPENDIX_TEXT not in web and "commercial-appendix" not in web


def test_the_members_pack_carries_the_appendix_and_marks_only_its_pages(built):
    pages = pdf_pages(built / "restricted" / f"{EXECUTIVE}-exempt.pdf")
    assert "This pack includes items not for publication" in squashed(pages[0])
    front, report, count = item_4(built)
    appendix = [n for n, p in enumerate(pages) if "Demonstration appendix: commercial terms" in p and n >= front]
    assert appendix == list(range(front + report, front + report + count))
    assert APPENDIX_TEXT in squashed(" ".join(pages[n] for n in appendix))
    marked = [n for n, p in enumerate(pages) if "NOT FOR PUBLICATION" in p]
    assert marked == appendix  # the public report's pages are not marked
    assert all("Schedule 12A, paragraph 3" in pages[n] for n in appendix)


# ---- Part B, urgent and late items -----------------------------------------------------------


def test_part_b_is_headed_with_the_exclusion_resolution_before_the_first_exempt_item(built):
    heading = "Part B – Business not for publication"
    resolution = (
        "To resolve that the press and public be excluded from the meeting during consideration of the following "
        "business on the grounds that it involves the likely disclosure of exempt information as defined in "
        "paragraph 1 of Part 1 of Schedule 12A to the Local Government Act 1972."
    )
    front = squashed(" ".join(front_sheet(public_pack(built, EXECUTIVE, "-front-sheet"))))
    assert front.count(heading) == 1 and f"{heading} {resolution}" in front
    assert front.index("5 Demonstration urgent item") < front.index(heading) < front.index("6 Demonstration late")
    web = squashed((folder(built, EXECUTIVE) / "index.html").read_text(encoding="utf-8"))
    assert f"{heading}</h3>" in web and resolution in web
    assert web.index("Demonstration urgent item") < web.index(heading) < web.index("Demonstration late exempt")


def test_an_urgent_item_prints_the_chairs_reason_under_the_act(built):
    urgent = (
        "Urgent item: the Chair has agreed to consider it as a matter of urgency under section 100B(4)(b) of the "
        "Local Government Act 1972 because the roof must be repaired before the next meeting of the Executive, "
        "without risk to the children living in the home (demonstration)."
    )
    front = squashed(" ".join(front_sheet(public_pack(built, EXECUTIVE, "-front-sheet"))))
    assert front.index("5 Demonstration urgent item") < front.index(urgent) < front.index("Part B")
    assert urgent in squashed((folder(built, EXECUTIVE) / "index.html").read_text(encoding="utf-8"))


def test_a_late_exempt_item_is_to_follow_and_none_of_it_is_published(built):
    lines = front_sheet(public_pack(built, EXECUTIVE, "-front-sheet"))
    (row,) = [line for line in lines if re.match(r"^6\s+Demonstration late exempt item", line)]
    assert row.endswith(" To follow")  # in the Pages column
    listed = squashed(" ".join(lines).replace(" To follow", ""))
    late = "6 Demonstration late exempt item: staffing of the demonstration residential service"
    assert f"{late} Report of the Demonstration Officer." in listed
    assert listed.index(late) < listed.index(NOTICE.format(1), listed.index(late))
    for pack in (public_pack(built, EXECUTIVE), built / "restricted" / f"{EXECUTIVE}-exempt.pdf"):
        assert not [p for p in pdf_pages(pack) if "Item 6 – Page" in p], pack.name  # it has not come yet
    published = [p for p in built.rglob("*") if p.is_file() and "restricted" not in p.parts and p.suffix != ".json"]
    assert len(published) > 20
    for path in published:
        text = text_of(path)
        assert LATE_TEXT not in text and APPENDIX_TEXT not in text, path.name
    members = text_of(built / "restricted" / f"{EXECUTIVE}-exempt.pdf")
    assert APPENDIX_TEXT in members  # the search finds what is there


def test_the_supplements_bring_the_late_exempt_item_to_members_only(supplemented):
    public = pdf_pages(public_pack(supplemented, EXECUTIVE, "-supplement"))
    front = squashed(" ".join(public))
    assert len(public) == 1  # the front sheet: the item is listed, its pages are the members'
    assert "Supplementary agenda" in front and "were to follow when the agenda was published on 30 January" in front
    assert "Published: 5 February 2018" in front
    late = "6 Demonstration late exempt item: staffing of the demonstration residential service (Late item)"
    assert late in front and NOTICE.format(1) in front
    assert "To follow" not in front and "Urgent Business" not in front and "Item 4" not in front
    assert LATE_TEXT not in front
    members = pdf_pages(supplemented / "restricted" / f"{EXECUTIVE}-exempt-supplement.pdf")
    assert "This pack includes items not for publication" in squashed(members[0])
    assert late in squashed(members[0]) and "To follow" not in squashed(members[0])
    assert len(members) == 3 and LATE_TEXT in squashed(" ".join(members))
    assert all("NOT FOR PUBLICATION" in p and "Item 6 – Page" in p for p in members[1:])
    assert not list(supplemented.rglob(f"{EXECUTIVE}-exempt-supplement.pdf"))[1:]  # under restricted/ only


def test_the_members_supplement_is_headed_as_the_supplementary_agenda(supplemented):
    first = front_sheet(supplemented / "restricted" / f"{EXECUTIVE}-exempt-supplement.pdf")
    assert first[0].split()[-2:] == ["Supplementary", "agenda"]
    assert "Agenda" not in [line.strip() for line in first]


# ---- the notice period -----------------------------------------------------------------------


def test_five_clear_working_days_skip_weekends_and_english_bank_holidays():
    # Tuesday 31 May 2016 follows the Spring Bank Holiday (Monday 30 May)
    assert clear_working_days(datetime.date(2016, 5, 20), datetime.date(2016, 5, 31)) == 5
    assert clear_working_days(datetime.date(2016, 5, 23), datetime.date(2016, 5, 31)) == 4
    assert notice_warning(datetime.date(2016, 5, 20), datetime.date(2016, 5, 31)) is None
    warning = notice_warning(datetime.date(2016, 5, 23), datetime.date(2016, 5, 31))
    assert "4 clear working days, fewer than the 5 required" in warning
    # a local closure day counts as no working day either
    assert clear_working_days(datetime.date(2016, 5, 20), datetime.date(2016, 5, 31), [datetime.date(2016, 5, 24)]) == 4


# ---- meetings written for a test -------------------------------------------------------------


MEETING = """\
style: neutral
council: Borsetshire County Council
committee: Cabinet
date: 2026-03-04
time: "14:00"
venue: County Hall, Felpersham
membership:
  chair: Councillor J Archer
  deputy: Councillor L Snell
  members: [Councillor S Pargetter, Councillor K Pritchard]
clerk: {name: Jo Grundy, telephone: "01234 567890", email: jo.grundy@borsetshire.example}
published: 2026-02-24
items:
  - {number: "1", title: Apologies, purpose: To receive apologies for absence., procedural: true}
  - number: "2"
    title: Libraries
    items:
      - {number: 2a, title: Opening hours, paper: library-hours}
      - {number: 2b, title: Supplied report, document: supplied.pdf}
  - {number: "3", title: Late report, to_follow: true}
"""

PAPER = """\
style: neutral
council: Borsetshire County Council
report_type: Report for Decision
report_to: [{body: Cabinet, date: 2026-03-04}]
subject: Library opening hours
report_of: Director of Communities
summary: [The libraries' hours from April.]
recommendations: [To approve the hours.]
contact_officers: [{name: Jo Grundy}]
body: [body.yaml]
"""

BODY = """\
sections:
  - title: Hours
    blocks:
      - para: The hours are set out here.
"""


@functools.cache
def supplied_pdf(tagged: bool) -> bytes:
    """A PDF the toolkit makes itself (tagged), or the same pages copied without their tags."""
    from councilpapers.compose.document import compose
    from councilpapers.load.paper import load_paper
    from councilpapers.writers.pdf import write_pdf

    data = write_pdf(compose(load_paper(CONTENT / "our-manchester-2018")).document)
    if tagged:
        return data
    writer, buffer = PdfWriter(), io.BytesIO()
    for page in PdfReader(io.BytesIO(data)).pages:
        writer.add_page(page)
    writer.write(buffer)
    return buffer.getvalue()


def write_meeting(content, text=MEETING, tagged=False):
    (content / "meetings").mkdir(parents=True, exist_ok=True)
    (content / "meetings" / "cabinet.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    (content / "meetings" / "supplied.pdf").write_bytes(supplied_pdf(tagged))
    paper = content / "library-hours"
    paper.mkdir(parents=True, exist_ok=True)
    (paper / "paper.yaml").write_text(PAPER, encoding="utf-8")
    (paper / "body.yaml").write_text(BODY, encoding="utf-8")
    return content / "meetings" / "cabinet.yaml"


def build_pack(content, output, *extra) -> int:
    return main(["pack", "cabinet", "--content", str(content), "--output", str(output), *extra])


@pytest.fixture(scope="module")
def cabinet(tmp_path_factory):
    """The Cabinet's meeting built once; the content folder, the output and the build's warnings."""
    root = tmp_path_factory.mktemp("cabinet")
    content, output = root / "content", root / "output"
    write_meeting(content)
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert build_pack(content, output) == 0
    return content, output, err.getvalue()


def copied(cabinet, tmp_path):
    """The built Cabinet copied for a test to change: its content folder and output."""
    content, output, _ = cabinet
    shutil.copytree(content, tmp_path / "content")
    shutil.copytree(output, tmp_path / "output")
    return tmp_path / "content", tmp_path / "output"


def test_a_full_front_sheet_sub_items_a_supplied_pdf_and_to_follow(cabinet):
    _, output, err = cabinet
    assert "warning: supplied.pdf: the supplied PDF is not tagged: the pack will fail PDF/UA for its pages" in err
    pages = pdf_pages(public_pack(output, "cabinet"))
    front = " ".join(pages[0].split())
    for words in (
        "Borsetshire County Council",
        "Cabinet",
        "4 March 2026",
        "14:00",
        "County Hall, Felpersham",
        "Chair: Councillor J Archer",
        "Deputy chair: Councillor L Snell",
        "Councillor K Pritchard",
        "Jo Grundy",
        "jo.grundy@borsetshire.example",
        "2a Opening hours",
        "2b Supplied report",
        "3 Late report To follow",
    ):
        assert words in front, words
    ranges, _ = front_ranges(front_sheet(public_pack(output, "cabinet", "-front-sheet")))
    first, last = ranges["2b"]
    assert last - first + 1 == len(PdfReader(io.BytesIO(supplied_pdf(False))).pages)
    for n in range(first, last + 1):
        assert f"Item 2b – Page {n - first + 1}" in pages[n - 1]
        assert "Delivering the Our Manchester Strategy" in pages[first - 1]
    titles = [t for _, t in outline_titles(PdfReader(public_pack(output, "cabinet")))]
    assert titles.index("Item 2a: Opening hours") < titles.index("Item 2b: Supplied report")
    web = (folder(output, "cabinet") / "index.html").read_text(encoding="utf-8")
    assert 'href="library-hours.pdf"' in web and 'href="library-hours.docx"' in web
    assert 'href="supplied.pdf"' in web and (folder(output, "cabinet") / "supplied.pdf").is_file()
    assert broken_links(folder(output, "cabinet") / "index.html") == []


def test_the_supplement_carries_the_items_that_were_to_follow(tmp_path, capsys):
    content, output = tmp_path / "content", tmp_path / "output"
    write_meeting(
        content,
        changed(
            changed(
                MEETING,
                '{number: "3", title: Late report, to_follow: true}',
                '{number: "3", title: Late report, to_follow: true, paper: library-hours}',
            ),
            "published: 2026-02-24",
            "published: 2026-02-24\nsupplement_published: 2026-02-26",
        ),
    )
    assert build_pack(content, output) == 0
    main_front = " ".join(pdf_pages(public_pack(output, "cabinet"))[0].split())
    assert "3 Late report To follow" in main_front
    capsys.readouterr()
    assert build_pack(content, output, "--supplement") == 0
    warning = capsys.readouterr().err
    assert (
        "cabinet.yaml:13:1: supplement_published: the supplement (item 3) of Thursday 26 February 2026 leaves 3 "
        "clear working days, fewer than the 5 required" in warning
    )
    pages = pdf_pages(public_pack(output, "cabinet", "-supplement"))
    front = " ".join(pages[0].split())
    assert (
        "Supplementary agenda" in front and "were to follow when the agenda was published on 24 February 2026" in front
    )
    assert "3 Late report" in front and "Apologies" not in front
    assert all("Item 3 – Page" in p for p in pages[1:])
    assert validator.validate_pdf(str(public_pack(output, "cabinet", "-supplement")), profile="ua1").is_compliant
    assert 'href="cabinet-supplement.pdf"' in (folder(output, "cabinet") / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "change, message",
    [
        (
            ("paper: library-hours", "paper: library-hour"),
            "items[1].items[0].paper: no paper 'library-hour' in content/ (did you mean 'library-hours'?)",
        ),
        (
            ("document: supplied.pdf", "document: missing.pdf"),
            "items[1].items[1].document: no file 'missing.pdf' in meetings/",
        ),
        (
            ("document: supplied.pdf", "document: ../../paper.yaml"),
            "items[1].items[1].document: no file '../../paper.yaml'",
        ),
        (("number: 2b", "number: 2a"), "items[1].items[1].number: item 2a is numbered twice (first on line 18)"),
        (
            ("to_follow: true}", "to_follow: true, exempt: {}}"),
            "items[2].exempt.paragraph: missing required field 'paragraph'",
        ),
        (
            ("to_follow: true}", "to_follow: true, exempt: {paragraph: 8}}"),
            "items[2].exempt.paragraph: input should be less than or equal to 7, got the number 8",
        ),
        (
            ('time: "14:00"', 'time: "2pm"'),
            "time: '2pm' is not a time: write it as \"10:00\" (24-hour clock, in quotes)",
        ),
    ],
)
def test_a_bad_meeting_file_is_a_located_error_and_writes_nothing(cabinet, tmp_path, capsys, change, message):
    content, output = copied(cabinet, tmp_path)
    earlier = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    file = content / "meetings" / "cabinet.yaml"
    file.write_text(changed(MEETING, *change), encoding="utf-8")
    capsys.readouterr()
    assert build_pack(content, output) == 1
    err = capsys.readouterr().err
    assert f"{file}:" in err and message in err and "Traceback" not in err
    assert {p: p.read_bytes() for p in output.rglob("*") if p.is_file()} == earlier


def test_a_supplied_file_that_is_not_a_pdf_is_refused(tmp_path, capsys):
    content = tmp_path / "content"
    write_meeting(content)
    (content / "meetings" / "supplied.pdf").write_text("not a PDF", encoding="utf-8")
    assert build_pack(content, tmp_path / "output") == 1
    assert "document: 'supplied.pdf' is not a PDF file: supply the document as a PDF" in capsys.readouterr().err


def test_check_validates_meetings_and_warns_of_short_notice(tmp_path):
    import subprocess
    import sys

    content = tmp_path / "content"
    write_meeting(content, changed(MEETING, "published: 2026-02-24", "published: 2026-02-27"))
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "check", "--content", str(content)], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert (
        "cabinet.yaml:12:1: published: Friday 27 February 2026 leaves 2 clear working days, fewer than the 5 "
        "required" in result.stdout
    )


# ---- the web page in a real browser ------------------------------------------------------


def test_every_agenda_web_page_passes_axe_core_in_headless_chromium(built):
    import json
    import subprocess

    browser = ROOT / "tests" / "browser"
    if shutil.which("node") is None or not (browser / "node_modules").is_dir() or shutil.which("chromium") is None:
        pytest.skip("the browser tests need `make test`'s set-up (Chromium, Node.js, tests/browser/node_modules)")
    pages = sorted(str(p) for p in (built / "meetings").glob("*/index.html"))
    assert len(pages) == len(MEETINGS)
    result = subprocess.run(["node", str(browser / "axe.mjs"), *pages], capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert {page: report[page] for page in pages} == {page: [] for page in pages}
    assert all(report[f"{page}#passes"] > 15 for page in pages)


def test_a_paper_marked_exempt_in_its_own_file_stays_out_of_the_public_pack(tmp_path):
    content, output = tmp_path / "content", tmp_path / "output"
    write_meeting(content)
    paper = content / "library-hours" / "paper.yaml"
    paper.write_text(paper.read_text(encoding="utf-8") + "exempt: {paragraph: 3}\n", encoding="utf-8")
    assert build_pack(content, output) == 0
    public = " ".join(" ".join(pdf_pages(public_pack(output, "cabinet"))).split())
    assert "Not for publication: paragraph 3 of Part 1 of Schedule 12A" in public
    assert "The hours are set out here." not in public
    members = " ".join(pdf_pages(output / "restricted" / "cabinet-exempt.pdf"))
    assert "The hours are set out here." in members and "NOT FOR PUBLICATION" in members
    assert {p.name for p in (output / "restricted").glob("library-hours.*")} == {
        "library-hours.pdf",
        "library-hours.docx",
        "library-hours.html",
    }
    assert not [p for p in output.rglob("library-hours.*") if "restricted" not in p.parts]
    assert "library-hours" not in (folder(output, "cabinet") / "index.html").read_text(encoding="utf-8")


def test_the_agenda_links_every_published_file_of_a_paper_whatever_formats_a_build_writes(cabinet, tmp_path):
    """A PDF-only build after a change keeps the paper's Word file and web page (the earlier
    build's) in the publication folder, linked; a first PDF-only build links only what it made."""
    content, output = copied(cabinet, tmp_path)
    edit_file(content / "library-hours" / "body.yaml", "set out here.", "set out here, branch by branch.")
    assert build_pack(content, output, "--format", "pdf") == 0
    here = folder(output, "cabinet")
    assert "branch by branch" in " ".join(pdf_pages(here / "library-hours.pdf"))
    agenda = (here / "index.html").read_text(encoding="utf-8")
    for suffix in (".pdf", ".docx", ".html"):
        assert f'href="library-hours{suffix}"' in agenda
    assert broken_links(here / "index.html") == []
    fresh = tmp_path / "fresh"
    assert build_pack(content, fresh, "--format", "pdf") == 0
    assert linked_files(folder(fresh, "cabinet") / "index.html") == {
        "cabinet.pdf",
        "cabinet-front-sheet.pdf",
        "library-hours.pdf",
        "supplied.pdf",
    }


def test_a_draft_paper_in_a_pack_is_a_warning(tmp_path, capsys):
    content, output = tmp_path / "content", tmp_path / "output"
    write_meeting(content)
    paper = content / "library-hours" / "paper.yaml"
    paper.write_text(paper.read_text(encoding="utf-8") + "status: draft\n", encoding="utf-8")
    assert build_pack(content, output) == 0
    err = capsys.readouterr().err
    assert "cabinet.yaml: item 2a, library-hours, is a draft (status: draft in its paper.yaml)" in err
    assert any("DRAFT" in page for page in pdf_pages(public_pack(output, "cabinet")))


# ---- a committee file; a pack of no papers; a supplement without its date ---------------------

COMMITTEE = """\
name: Cabinet
style: neutral
council: Borsetshire County Council
time: "14:00"
venue: County Hall, Felpersham
membership:
  chair: {name: Councillor J Archer, party: Liberal Democrat, role: Leader of the Council}
  deputy: {name: Councillor L Snell, party: Independent}
  members:
    - {name: Councillor S Pargetter, party: Conservative, role: Cabinet Member for Finance}
    - Councillor K Pritchard
  substitutes: [{name: Councillor T Forrest, party: Green}]
clerk: {name: Jo Grundy, telephone: "01234 567890", email: jo.grundy@borsetshire.example}
standing_items:
  - {number: "1", title: Apologies, purpose: To receive apologies for absence., procedural: true}
  - {number: "2", title: Declarations of interest, purpose: To receive declarations of interest., procedural: true}
"""

COMMITTEE_MEETING = """\
committee_file: cabinet
date: 2026-03-04
venue: The Village Hall, Ambridge
published: 2026-02-24
items:
  - {number: "3", title: Minutes, purpose: To approve the minutes of the last meeting., procedural: true}
  - {number: "4", title: The village green, purpose: To receive a petition., procedural: true}
"""


@pytest.fixture(scope="module")
def committee(tmp_path_factory):
    """A meeting that names its committee file and lists no paper, in a content folder that
    holds two unrelated papers, one of them broken; built with `build.py pack cabinet`. Returns
    the content folder, the output and what the build printed."""
    root = tmp_path_factory.mktemp("committee")
    content, output = root / "content", root / "output"
    shutil.copytree(ROOTS / "minimal", content / "unrelated")
    (content / "broken").mkdir()
    (content / "broken" / "paper.yaml").write_text("subject: [a paper half written\n", encoding="utf-8")
    (content / "committees").mkdir()
    (content / "committees" / "cabinet.yaml").write_text(COMMITTEE, encoding="utf-8")
    (content / "meetings").mkdir()
    (content / "meetings" / "cabinet.yaml").write_text(COMMITTEE_MEETING, encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert build_pack(content, output) == 0
    return content, output, out.getvalue()


def test_a_committee_file_gives_the_membership_clerk_time_and_standing_items(committee):
    _, output, _ = committee
    front = squashed(" ".join(front_sheet(public_pack(output, "cabinet", "-front-sheet"))))
    for words in (
        "Borsetshire County Council",
        "Time: 14:00",
        "Venue: The Village Hall, Ambridge",  # the meeting's own venue, over the committee's
        "Chair: Councillor J Archer (Liberal Democrat), Leader of the Council",
        "Deputy chair: Councillor L Snell (Independent)",
        "Members: Councillor S Pargetter (Conservative), Cabinet Member for Finance Councillor K Pritchard",
        "Substitutes: Councillor T Forrest (Green)",
        "Name: Jo Grundy Telephone: 01234 567890 Email: jo.grundy@borsetshire.example",
        "1 Apologies To receive apologies for absence. 2 Declarations of interest To receive declarations of "
        "interest. 3 Minutes To approve the minutes of the last meeting. 4 The village green",
    ):
        assert words in front, words
    assert "County Hall, Felpersham" not in front
    assert PdfReader(public_pack(output, "cabinet")).metadata.title == "Cabinet – 4 March 2026: Agenda"


def test_a_pack_of_a_meeting_that_lists_no_paper_builds_no_paper(committee):
    _, output, out = committee
    assert re.search(r"^built packs of cabinet; 0 warnings; in [\d.]+s$", out, re.MULTILINE), out
    assert files_in(output) == {
        ".councilpapers-build.json",
        "meetings/cabinet/index.html",
        "meetings/cabinet/cabinet.pdf",
        "meetings/cabinet/cabinet-front-sheet.pdf",
    }


LATE_ITEM = '  - {number: "5", title: Late report, to_follow: true, document: late.pdf}\n'


def test_a_supplement_without_its_own_publication_date_is_a_located_error(committee, tmp_path, capsys):
    content, output, _ = committee
    late = tmp_path / "content"
    shutil.copytree(content, late)
    meeting = late / "meetings" / "cabinet.yaml"
    edit_file(meeting, "petition., procedural: true}\n", "petition., procedural: true}\n" + LATE_ITEM)
    shutil.copy(CONTENT / "meetings" / "documents" / "demonstration-urgent-report.pdf", late / "meetings" / "late.pdf")
    before = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    capsys.readouterr()
    assert build_pack(late, output, "--supplement") == 1
    err = capsys.readouterr().err
    assert f"{meeting}:1:1: a supplement needs its own publication date: add `supplement_published: YYYY-MM-DD`" in err
    assert "Traceback" not in err
    assert {p: p.read_bytes() for p in output.rglob("*") if p.is_file()} == before  # nothing written


def test_public_business_after_part_b_is_warned_of(tmp_path):
    from councilpapers.build.pipeline import compose_meetings, load_meetings

    content = tmp_path / "content"
    (content / "meetings").mkdir(parents=True)
    meeting = content / "meetings" / "cabinet.yaml"
    meeting.write_text(
        changed(
            MEETING,
            '  - {number: "3", title: Late report, to_follow: true}\n',
            '  - {number: "3", title: Staffing, to_follow: true, exempt: {paragraph: 1}}\n'
            '  - {number: "4", title: Any other business, procedural: true}\n',
        ).replace("paper: library-hours", "document: supplied.pdf"),
        encoding="utf-8",
    )
    (content / "meetings" / "supplied.pdf").write_bytes(supplied_pdf(False))
    (composed,) = compose_meetings(load_meetings([meeting], content), [], content)
    rows = [(i.number, i.kind) for i in composed.packs[0].items]
    assert rows == [("1", "procedural"), ("2", "heading"), ("", "part"), ("3", "to-follow"), ("4", "procedural")]
    assert (
        "cabinet.yaml: item 4 is public business after the exempt business (Part B): list exempt items last"
        in composed.warnings
    )
