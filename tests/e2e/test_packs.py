"""Agenda packs as a clerk uses them: page ranges, item page numbers, bookmarks, exempt
items kept out of public packs, tagged PDF, the notice period, bad meeting files."""

from __future__ import annotations

import datetime
import io
import re
import shutil
import textwrap

import page as validator
import pytest
from pypdf import PdfReader, PdfWriter

from councilpapers.commands import main
from councilpapers.compose.notice import clear_working_days, notice_warning

from ..helpers import CONTENT, ROOT, changed

MEETINGS = sorted(p.stem for p in (CONTENT / "meetings").glob("*.yaml"))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Every paper and every sample meeting's packs, built once, as `make build` does."""
    output = tmp_path_factory.mktemp("output")
    assert main(["--output", str(output)]) == 0
    return output


def pdf_pages(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def front_ranges(pages: list[str]) -> dict[str, tuple[int, int]]:
    """Item number → (first, last) page, as the front sheet prints them (the first page range
    that follows an item's line; the sheet's own page number comes last)."""
    ranges, item = {}, None
    for line in pages[0].splitlines()[:-1]:
        if re.match(r"^\d+[a-z]? \S", line):
            item = line.split()[0]
            if match := re.search(r" (\d+)(?:–(\d+))?$", line):
                ranges[item] = (int(match[1]), int(match[2] or match[1]))
        elif (match := re.match(r"^(\d+)(?:–(\d+))?$", line)) and item and item not in ranges:
            ranges[item] = (int(match[1]), int(match[2] or match[1]))
    return ranges


def outline_titles(reader, items=None, depth=0) -> list[tuple[int, str]]:
    out = []
    for entry in reader.outline if items is None else items:
        if isinstance(entry, list):
            out.extend(outline_titles(reader, entry, depth + 1))
        else:
            out.append((depth, entry.title))
    return out


@pytest.mark.parametrize("meeting", MEETINGS)
def test_every_pack_is_a_tagged_pdf_with_title_and_language(built, meeting):
    for path in (built / "packs").glob(f"{meeting}*.pdf"):
        assert validator.validate_pdf(str(path), profile="ua1").is_compliant, path.name
        reader = PdfReader(path)
        assert reader.trailer["/Root"]["/Lang"] == "en-GB"
        assert reader.metadata.title.endswith("Agenda")


def test_item_12_of_the_june_2016_meeting_reads_as_published(built):
    pages = pdf_pages(built / "packs" / "children-young-people-scrutiny-2016-06-21.pdf")
    third = pages[3]
    assert "Manchester City Council\nChildren and Young People Scrutiny Committee 21 June 2016\nItem 12\n" in third
    assert "Item 12 – Page 3" in third


@pytest.mark.parametrize("meeting", ["children-young-people-scrutiny-2016-06-21", "executive-2018-02-07"])
def test_front_sheet_page_ranges_and_item_page_numbers_match_the_pages(built, meeting):
    pages = pdf_pages(built / "packs" / f"{meeting}.pdf")
    ranges = front_ranges(pages)
    assert ranges, "the front sheet gives each attached item its pages"
    for number, (first, last) in ranges.items():
        for page_number in range(first, last + 1):
            text = pages[page_number - 1]
            assert f"Item {number} – Page {page_number - first + 1}" in text, (number, page_number)
            assert text.rstrip().endswith(str(page_number)), "continuous page number"
        assert last == len(pages) or f"Item {number} – Page" not in pages[last]
    assert sum(last - first + 1 for first, last in ranges.values()) == len(pages) - 1


def test_the_pack_header_names_the_meeting_not_the_papers_first_committee(built):
    """The budget paper also went to a scrutiny committee first; in the Executive's pack its
    pages say Executive, 7 February 2018."""
    pages = pdf_pages(built / "packs" / "executive-2018-02-07.pdf")
    assert all("Manchester City Council\nExecutive 7 February 2018\nItem 4" in p for p in pages[1:])


def test_bookmarks_hold_every_item_with_its_headings(built):
    reader = PdfReader(built / "packs" / "executive-2018-02-07.pdf")
    titles = outline_titles(reader)
    items = [t for depth, t in titles if t.startswith("Item ")]
    assert items == ["Item 4: Children's Services and Education Budget and Business Planning: 2018-2020"]
    position = [t for _, t in titles].index(items[0])
    nested = [(d, t) for d, t in titles[position + 1 :]]
    assert (1, "Children's Services and Education Budget and Business Planning: 2018-2020") in nested
    assert any(t.startswith("5.0") for _, t in nested) and all(d >= 1 for d, _ in nested)


def test_an_exempt_item_is_listed_but_none_of_its_text_is_in_the_public_pack_or_page(built):
    from councilpapers.compose.document import compose
    from councilpapers.core.model import plain
    from councilpapers.load.paper import load_paper

    folder = built / "packs"
    public = "\n".join(pdf_pages(folder / "personnel-committee-2010-12-22.pdf"))
    web = (folder / "personnel-committee-2010-12-22.html").read_text(encoding="utf-8")
    notice = "Not for publication: paragraph 4 of Part 1 of Schedule 12A to the Local Government Act 1972"
    assert notice in " ".join(public.split()) and notice in web
    document = compose(load_paper(CONTENT / "target-operating-model-2010")).document
    sentences = [plain(b.inlines) for s in document.sections for b in s.blocks if getattr(b, "inlines", None)]
    squashed_public, squashed_web = re.sub(r"\s+", "", public), re.sub(r"\s+", "", web)
    for sentence in (s for s in sentences if len(s) > 40):
        assert re.sub(r"\s+", "", sentence)[:60] not in squashed_public
        assert re.sub(r"\s+", "", sentence)[:60] not in squashed_web
    assert len(PdfReader(folder / "personnel-committee-2010-12-22.pdf").pages) == 1


def test_the_members_pack_includes_the_exempt_item_marked_on_every_page(built):
    pages = pdf_pages(built / "packs" / "personnel-committee-2010-12-22-exempt.pdf")
    assert "This pack includes items not for publication" in pages[0]
    assert len(pages) > 5 and all("NOT FOR PUBLICATION" in p and "Item 3 – Page" in p for p in pages[1:])


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


def test_a_full_front_sheet_sub_items_a_supplied_pdf_and_to_follow(tmp_path, capsys):
    content, output = tmp_path / "content", tmp_path / "output"
    write_meeting(content)
    assert build_pack(content, output) == 0
    err = capsys.readouterr().err
    assert "warning: supplied.pdf: the supplied PDF is not tagged: the pack will fail PDF/UA for its pages" in err
    pages = pdf_pages(output / "packs" / "cabinet.pdf")
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
    ranges = front_ranges(pages)
    first, last = ranges["2b"]
    assert last - first + 1 == len(PdfReader(io.BytesIO(supplied_pdf(False))).pages)
    for n in range(first, last + 1):
        assert f"Item 2b – Page {n - first + 1}" in pages[n - 1]
        assert "Delivering the Our Manchester Strategy" in pages[first - 1]
    titles = [t for _, t in outline_titles(PdfReader(output / "packs" / "cabinet.pdf"))]
    assert titles.index("Item 2a: Opening hours") < titles.index("Item 2b: Supplied report")
    web = (output / "packs" / "cabinet.html").read_text(encoding="utf-8")
    assert 'href="../library-hours.pdf"' in web and 'href="../library-hours.docx"' in web
    assert 'href="cabinet/supplied.pdf"' in web and (output / "packs" / "cabinet" / "supplied.pdf").is_file()


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
    main_front = " ".join(pdf_pages(output / "packs" / "cabinet.pdf")[0].split())
    assert "3 Late report To follow" in main_front
    capsys.readouterr()
    assert build_pack(content, output, "--supplement") == 0
    warning = capsys.readouterr().err
    assert (
        "cabinet.yaml:13:1: supplement_published: the supplement (item 3) of Thursday 26 February 2026 leaves 3 "
        "clear working days, fewer than the 5 required" in warning
    )
    pages = pdf_pages(output / "packs" / "cabinet-supplement.pdf")
    front = " ".join(pages[0].split())
    assert (
        "Supplementary agenda" in front and "were to follow when the agenda was published on 24 February 2026" in front
    )
    assert "3 Late report" in front and "Apologies" not in front
    assert all("Item 3 – Page" in p for p in pages[1:])
    assert validator.validate_pdf(str(output / "packs" / "cabinet-supplement.pdf"), profile="ua1").is_compliant


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
def test_a_bad_meeting_file_is_a_located_error_and_writes_nothing(tmp_path, capsys, change, message):
    content, output = tmp_path / "content", tmp_path / "output"
    write_meeting(content)
    assert build_pack(content, output) == 0
    earlier = (output / "packs" / "cabinet.pdf").read_bytes()
    file = write_meeting(content, MEETING.replace(*change))
    capsys.readouterr()
    assert build_pack(content, output) == 1
    err = capsys.readouterr().err
    assert f"{file}:" in err and message in err and "Traceback" not in err
    assert (output / "packs" / "cabinet.pdf").read_bytes() == earlier


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
    pages = sorted(str(p) for p in (built / "packs").glob("*.html"))
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
    public = " ".join(" ".join(pdf_pages(output / "packs" / "cabinet.pdf")).split())
    assert "Not for publication: paragraph 3 of Part 1 of Schedule 12A" in public
    assert "The hours are set out here." not in public
    members = " ".join(pdf_pages(output / "packs" / "cabinet-exempt.pdf"))
    assert "The hours are set out here." in members and "NOT FOR PUBLICATION" in members


def test_the_agenda_links_every_published_file_of_a_paper_whatever_formats_a_build_writes(tmp_path):
    content, output = tmp_path / "content", tmp_path / "output"
    write_meeting(content)
    assert build_pack(content, output, "--format", "pdf") == 0
    agenda = (output / "packs" / "cabinet.html").read_text(encoding="utf-8")
    for suffix in (".pdf", ".docx", ".html"):
        assert f'href="../library-hours{suffix}"' in agenda


def test_a_draft_paper_in_a_pack_is_a_warning(tmp_path, capsys):
    content, output = tmp_path / "content", tmp_path / "output"
    write_meeting(content)
    paper = content / "library-hours" / "paper.yaml"
    paper.write_text(paper.read_text(encoding="utf-8") + "status: draft\n", encoding="utf-8")
    assert build_pack(content, output) == 0
    err = capsys.readouterr().err
    assert "cabinet.yaml: item 2a, library-hours, is a draft (status: draft in its paper.yaml)" in err
    assert any("DRAFT" in page for page in pdf_pages(output / "packs" / "cabinet.pdf"))
