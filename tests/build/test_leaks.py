"""The leak check: a restricted sentence planted in any kind of file the build writes (PDF page
text, metadata, bookmarks, annotations, structure tree; Word body, properties and comments;
workbook strings and rows; web page text and attributes; JSON; a file's name) is found and named
with its file and item; what the agenda publishes by design is not; the sample meetings' public
files hold nothing restricted, and every format of a paper declared restricted is caught."""

from __future__ import annotations

import base64
import gzip
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from councilpapers.build import extract
from councilpapers.build.leaks import (
    SHINGLE,
    SHORTEST,
    Restricted,
    document_texts,
    find_leaks,
    pack_texts,
    supplied_texts,
    words,
)
from councilpapers.commands import main
from councilpapers.core.pack import RESTRICTED_PACKS, flatten

from ..helpers import CONTENT

SENTENCE = "The staffing review proposes to delete twelve posts in the business support team by March 2027."
TITLE = "Staffing review of the business support service"
ROW = "Senior Strategy Manager 12 £65,000"
NOTICE = "Not for publication: paragraph 1 of Part 1 of Schedule 12A to the Local Government Act 1972"
ITEM = Restricted("item 10a (staffing-review)", (TITLE, SENTENCE, ROW, "Yes", "Pauline Newman"))
FOUND = 'contains text of item 10a (staffing-review), restricted: "The staffing review proposes to delete twelve posts in the business support…"'
CARRIER = "our-manchester-2018"  # the smallest sample paper: its files carry what a test plants


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Every paper and every sample meeting's packs, built once, as `make build` does."""
    output = tmp_path_factory.mktemp("output")
    assert main(["--output", str(output)]) == 0
    return output


def carrier(built, suffix: str) -> bytes:
    return (built / f"{CARRIER}{suffix}").read_bytes()


def leaks(name: str, data: bytes, allowed=()) -> list[str]:
    return find_leaks([ITEM], {Path(name): data}, allowed)


# ---- PDF -----------------------------------------------------------------------------------


def pdf_edited(data: bytes, edit) -> bytes:
    pdf = pikepdf.open(io.BytesIO(data))
    edit(pdf)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def hidden_text(pdf, text: str, encoding=pikepdf.Name.WinAnsiEncoding) -> None:
    """`text` drawn in white, one point high, on the first page, in Helvetica."""
    page = pdf.pages[0]
    font = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    )
    font.Encoding = encoding
    page.Resources.Font.Fplanted = font
    drawn = b"q 1 1 1 rg BT /Fplanted 1 Tf 10 10 Td (" + text.encode("cp1252") + b") Tj ET Q"
    page.contents_add(pikepdf.Stream(pdf, drawn))


def test_a_sentence_in_a_pdfs_page_text_is_found_and_named(built):
    data = pdf_edited(carrier(built, ".pdf"), lambda pdf: hidden_text(pdf, SENTENCE))
    assert leaks("meetings/x/report.pdf", data) == [f"meetings/x/report.pdf: {FOUND}"]
    assert leaks("meetings/x/report.pdf", carrier(built, ".pdf")) == []


def test_a_page_whose_font_has_no_map_of_its_own_is_read_by_pypdf(built):
    """A simple font with its own /Differences: this reader cannot map it, pypdf does."""
    differences = pikepdf.Dictionary(
        Type=pikepdf.Name.Encoding, BaseEncoding=pikepdf.Name.WinAnsiEncoding, Differences=[65, pikepdf.Name.A]
    )
    data = pdf_edited(carrier(built, ".pdf"), lambda pdf: hidden_text(pdf, SENTENCE, differences))
    assert leaks("report.pdf", data) == [f"report.pdf: {FOUND}"]


def test_a_sentence_in_a_form_xobject_or_an_annotations_appearance_is_found(built):
    def form(pdf):
        drawn = b"BT /Fplanted 1 Tf (" + SENTENCE.encode() + b") Tj ET"
        stream = pikepdf.Stream(pdf, drawn)
        stream.Type, stream.Subtype, stream.BBox = pikepdf.Name.XObject, pikepdf.Name.Form, [0, 0, 10, 10]
        font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1))
        font.BaseFont, font.Encoding = pikepdf.Name.Helvetica, pikepdf.Name.WinAnsiEncoding
        stream.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(Fplanted=font))
        annotation = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Square, Rect=[0, 0, 1, 1])
        annotation.AP = pikepdf.Dictionary(N=pdf.make_indirect(stream))
        pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(annotation)]))

    assert leaks("a.pdf", pdf_edited(carrier(built, ".pdf"), form)) == [f"a.pdf: {FOUND}"]


@pytest.mark.parametrize(
    "where",
    ["document information", "XMP metadata", "bookmark", "annotation contents", "link address", "alt text"],
)
def test_a_sentence_in_a_pdfs_objects_is_found(built, where):
    def plant(pdf):
        if where == "document information":
            pdf.docinfo["/Subject"] = SENTENCE
        elif where == "XMP metadata":
            with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
                meta["dc:description"] = SENTENCE
        elif where == "bookmark":
            with pdf.open_outline() as outline:
                outline.root.append(pikepdf.OutlineItem(SENTENCE, 0))
        elif where == "alt text":
            element = next(o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/P")
            element.Alt = SENTENCE
        else:
            annotation = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Rect=[0, 0, 1, 1])
            if where == "annotation contents":
                annotation.Subtype, annotation.Contents = pikepdf.Name.Text, SENTENCE
            else:
                address = "https://example.org/" + "-".join(SENTENCE.rstrip(".").split())
                annotation.Subtype = pikepdf.Name.Link
                annotation.A = pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String(address))
            pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(annotation)]))

    assert leaks("a.pdf", pdf_edited(carrier(built, ".pdf"), plant)) == [f"a.pdf: {FOUND}"]


def test_a_file_attached_to_a_pdf_is_read(built):
    def attach(pdf):
        pdf.attachments["notes.txt"] = pikepdf.AttachedFileSpec(pdf, SENTENCE.encode())

    assert leaks("a.pdf", pdf_edited(carrier(built, ".pdf"), attach)) == [f"a.pdf: {FOUND}"]


# ---- Word and Excel --------------------------------------------------------------------------


def zip_edited(data: bytes, edits: dict[str, callable]) -> bytes:
    """The ZIP with each named member changed by its function (None: the member is new)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        names = source.namelist()
        for name in names:
            body = source.read(name)
            target.writestr(name, edits[name](body.decode("utf-8")) if name in edits else body)
        for name in (n for n in edits if n not in names):
            target.writestr(name, edits[name](None))
    return out.getvalue()


def replaced(text: str, old: str, new: str) -> str:
    assert old in text, f"the test's edit finds nothing to change: {old!r}"
    return text.replace(old, new, 1)


# The sentence in three runs of one paragraph, the middle one bold, as Word writes it.
RUNS = (
    '<w:p><w:r><w:t xml:space="preserve">The staffing review proposes to </w:t></w:r>'
    "<w:r><w:rPr><w:b/></w:rPr><w:t>delete twelve posts</w:t></w:r>"
    '<w:r><w:t xml:space="preserve"> in the business support team by March 2027.</w:t></w:r></w:p>'
)


def test_a_sentence_in_a_word_files_body_is_found_across_its_runs(built):
    data = zip_edited(
        carrier(built, ".docx"), {"word/document.xml": lambda x: replaced(x, "<w:body>", "<w:body>" + RUNS)}
    )
    assert leaks("a.docx", data) == [f"a.docx: {FOUND}"]
    assert leaks("a.docx", carrier(built, ".docx")) == []


def test_a_sentence_in_a_word_files_properties_or_comments_is_found(built):
    core = {"docProps/core.xml": lambda x: replaced(x, "</dc:title>", f" {SENTENCE}</dc:title>")}
    assert leaks("a.docx", zip_edited(carrier(built, ".docx"), core)) == [f"a.docx: {FOUND}"]
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    comments = {
        "word/comments.xml": lambda _: f'<w:comments xmlns:w="{w}"><w:comment w:id="0">{RUNS}</w:comment></w:comments>'
    }
    assert leaks("a.docx", zip_edited(carrier(built, ".docx"), comments)) == [f"a.docx: {FOUND}"]


SST = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{}</sst>'


def test_a_sentence_in_a_workbooks_shared_strings_is_found(built):
    """(The workbook writer writes inline strings: the shared strings are added here.)"""
    strings = {
        "xl/sharedStrings.xml": lambda _: SST.format(
            f"<si><r><t>The staffing review </t></r><r><t>{SENTENCE[20:]}</t></r></si>"
        )
    }
    assert leaks("a.xlsx", zip_edited(carrier(built, ".xlsx"), strings)) == [f"a.xlsx: {FOUND}"]
    assert leaks("a.xlsx", carrier(built, ".xlsx")) == []


def test_a_table_row_in_a_workbook_reads_as_its_cells_shared_strings_and_figures(built):
    """The row's label is a shared string, its figures numbers: the sheet reads as the row."""
    row = '<row r="99"><c r="A99" t="s"><v>0</v></c><c r="B99"><v>12</v></c><c r="C99"><v>65000</v></c></row>'
    edits = {
        "xl/sharedStrings.xml": lambda _: SST.format("<si><t>Senior Strategy Manager</t></si>"),
        "xl/worksheets/sheet1.xml": lambda x: replaced(x, "</sheetData>", row + "</sheetData>"),
    }
    problems = leaks("a.xlsx", zip_edited(carrier(built, ".xlsx"), edits))
    assert problems == [
        'a.xlsx: contains text of item 10a (staffing-review), restricted: "Senior Strategy Manager 12 £65,000"'
    ]


# ---- web pages, JSON, file names, other files -------------------------------------------------


def test_a_sentence_in_a_web_pages_text_is_found_across_inline_elements(built):
    html = carrier(built, ".html").decode()
    planted = "<p>The staffing review proposes to <strong>delete</strong> twelve posts in the business support team by March&nbsp;2027.</p>"
    data = replaced(html, "</main>", planted + "</main>").encode()
    assert leaks("meetings/x/index.html", data) == [f"meetings/x/index.html: {FOUND}"]
    assert leaks("meetings/x/index.html", html.encode()) == []


@pytest.mark.parametrize(
    "planted",
    [
        f'<img alt="{SENTENCE}" src="x.png">',
        f'<a href="x.pdf" title="{SENTENCE}">x</a>',
        f'<a href="https://example.org/{"-".join(SENTENCE.rstrip(".").split())}">x</a>',
        f'<nav aria-label="{SENTENCE}"></nav>',
        f'<meta name="description" content="{SENTENCE}">',
        f"<!-- {SENTENCE} -->",
        '<img alt="" src="data:image/svg+xml;base64,'
        + base64.b64encode(f'<svg xmlns="http://www.w3.org/2000/svg"><text>{SENTENCE}</text></svg>'.encode()).decode()
        + '">',
    ],
    ids=["alt", "title", "href", "aria-label", "meta content", "comment", "data: SVG"],
)
def test_a_sentence_in_a_web_pages_attributes_comments_or_data_addresses_is_found(built, planted):
    data = replaced(carrier(built, ".html").decode(), "</main>", planted + "</main>").encode()
    assert leaks("index.html", data) == [f"index.html: {FOUND}"]


def test_a_sentence_in_json_a_file_name_csv_or_gzip_is_found():
    data = json.dumps({"items": [{"number": "10a", "summary": SENTENCE}]}).encode()
    assert leaks("open-data/items.json", data) == [f"open-data/items.json: {FOUND}"]
    name = "meetings/x/" + "-".join(SENTENCE.lower().rstrip(".").split()) + ".pdf"
    assert leaks(name, minimal_pdf()) == [f"{name}: {FOUND}"]
    assert leaks("items.csv", f'"10a","{SENTENCE}"\n'.encode()) == [f"items.csv: {FOUND}"]
    assert leaks("index.html.gz", gzip.compress(f"<p>{SENTENCE}</p>".encode())) == [f"index.html.gz: {FOUND}"]


def minimal_pdf() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


# ---- what is allowed, what cannot be read, one message per file and item ---------------------------


def agenda_page(*lines: str) -> bytes:
    return ("<html><body><main>" + "".join(f"<p>{line}</p>" for line in lines) + "</main></body></html>").encode()


def test_an_exempt_items_title_and_notice_on_the_agenda_are_not_leaks():
    page = agenda_page("10a", TITLE, "Report of the Director of Resources.", NOTICE)
    assert find_leaks([ITEM], {Path("index.html"): page}, [TITLE, NOTICE]) == []
    assert find_leaks([ITEM], {Path("index.html"): page}) == [
        'index.html: contains text of item 10a (staffing-review), restricted: "Staffing review of the business support service"'
    ]


def test_words_a_public_paper_shares_are_allowed_and_the_rest_still_found():
    """The first half of the sentence is also a public paper's; the second half is not."""
    public = "The staffing review proposes to delete twelve posts."
    page = agenda_page(SENTENCE)
    problems = find_leaks([Restricted("item 10a (staffing-review)", (SENTENCE,))], {Path("p.html"): page}, [public])
    assert problems == [
        'p.html: contains text of item 10a (staffing-review), restricted: "…proposes to delete twelve posts in the business support team by March…"'
    ]


def test_one_message_per_file_and_item_in_order():
    other = Restricted("item 11 (land-sale)", ("The council will sell the depot on Hyde Road to the highest bidder.",))
    files = {
        Path("b.html"): agenda_page(SENTENCE, "The council will sell the depot on Hyde Road"),
        Path("a.html"): agenda_page("the depot on Hyde Road to the highest bidder", SENTENCE, SENTENCE),
        Path("c.html"): agenda_page("Nothing restricted here."),
    }
    assert find_leaks([ITEM, other], files) == [
        f"a.html: {FOUND}",
        'a.html: contains text of item 11 (land-sale), restricted: "…the depot on Hyde Road to the highest bidder"',
        f"b.html: {FOUND}",
        'b.html: contains text of item 11 (land-sale), restricted: "The council will sell the depot on Hyde Road…"',
    ]


def test_one_or_two_words_alone_are_not_searched_three_are():
    page = agenda_page("Contact: Pauline Newman. Yes.")
    assert find_leaks([ITEM], {Path("p.html"): page}) == []
    row = agenda_page("<table><tr><td>Senior Strategy Manager</td><td>12</td><td>65,000</td></tr></table>")
    assert find_leaks([ITEM], {Path("p.html"): row}) == [
        'p.html: contains text of item 10a (staffing-review), restricted: "Senior Strategy Manager 12 £65,000"'
    ]


def test_a_file_that_cannot_be_read_is_a_problem_not_a_pass(monkeypatch):
    behind = b"%PDF-1.7\n<html><body>" + SENTENCE.encode()
    assert find_leaks([ITEM], {Path("x.pdf"): behind}) == [
        "x.pdf: cannot be checked for restricted text: not a PDF that can be read (unable to find trailer dictionary while recovering damaged file)"
    ]
    monkeypatch.setattr(extract, "LARGEST", 100)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("word/document.xml", "<w:document>" + "x" * 200 + "</w:document>")
    assert find_leaks([ITEM], {Path("big.docx"): archive.getvalue()}) == [
        "big.docx: cannot be checked for restricted text: word/document.xml declares 225 bytes, more than the 100 the check reads"
    ]


# ---- the normalised words --------------------------------------------------------------------------


def test_words_are_casefolded_figures_one_word_of_their_digits():
    assert words("£1,234.50 (ﬁnance), Children’s — 0161 234 3804; 3.0% e-mail 12,34") == [
        "1234.5", "finance", "children", "s", "0161", "234", "3804", "3", "e", "mail", "12", "34",
    ]  # fmt: skip


letters = st.text(st.characters(categories=["L", "N", "Zs", "P", "S"]), max_size=40)


@settings(max_examples=300, deadline=None)
@given(prefix=letters, sentence=letters, suffix=letters)
def test_a_restricted_text_planted_between_any_other_texts_is_found(prefix, sentence, suffix):
    found = words(sentence)
    public = f"{prefix} . {sentence} . {suffix}".encode()
    problems = find_leaks([Restricted("item 1 (x)", (sentence,))], {Path("p.txt"): public})
    assert len(problems) == (1 if len(found) >= SHORTEST else 0), (found, problems)
    if len(found) >= SHINGLE:  # the message quotes it from its start
        assert problems[0].startswith('p.txt: contains text of item 1 (x), restricted: "') and '"…' not in problems[0]


# ---- the sample build --------------------------------------------------------------------------------


@dataclass
class Sample:
    restricted: list[Restricted]  # the exempt documents the members' packs carry
    agenda: list[str]  # the public packs' and agenda pages' own words
    papers: dict[str, tuple[str, ...]]  # each paper's texts, by its name
    supplied: list[str]  # the public supplied documents' texts
    public: dict[Path, bytes]  # the build's files outside restricted/ (the build record aside)
    members: dict[Path, bytes]  # the build's files under restricted/

    def allowed(self, but: str = "") -> list[str]:
        return [*self.agenda, *(t for slug, texts in self.papers.items() if slug != but for t in texts), *self.supplied]


@pytest.fixture(scope="module")
def sample(built):
    from councilpapers.build.pipeline import compose_all, compose_meetings, load_meetings

    papers = compose_all(sorted(p for p in CONTENT.iterdir() if (p / "paper.yaml").is_file()))
    meetings = compose_meetings(load_meetings(sorted((CONTENT / "meetings").glob("*.yaml")), CONTENT), papers, CONTENT)
    restricted: dict[str, Restricted] = {}
    agenda, supplied = [], []
    for pack in (p for m in meetings for p in m.packs):
        if pack.kind not in RESTRICTED_PACKS:
            agenda.extend(pack_texts(pack))
        for item in flatten(pack.items):
            for document in (d for d in item.documents if d.file is not None):
                texts = tuple(supplied_texts(document.file.read_bytes()))
                if not document.exempt:
                    supplied.extend(texts)
                else:
                    label = f"item {item.number} ({document.file.stem})"
                    restricted[label] = Restricted(label, texts)
    files = {p.relative_to(built): p.read_bytes() for p in sorted(built.rglob("*")) if p.is_file()}
    # The build record (.councilpapers-build.json) names every content file, an exempt paper's
    # folder too: it is the build's own, never published.
    public = {p: data for p, data in files.items() if p.parts[0] != "restricted" and not p.name.startswith(".")}
    return Sample(
        list(restricted.values()),
        agenda,
        {b.slug: document_texts(b.composed.document) for b in papers if not b.composed.document.exempt},
        supplied,
        public,
        {p: data for p, data in files.items() if p.parts[0] == "restricted"},
    )


def test_the_sample_meetings_public_files_hold_nothing_restricted(sample):
    assert [r.label for r in sample.restricted] == [
        "item 4 (demonstration-commercial-appendix)",
        "item 6 (demonstration-late-exempt-report)",
    ]
    assert len(sample.public) > 30 and any(p.parts[0] == "meetings" for p in sample.public)
    assert find_leaks(sample.restricted, sample.public, sample.allowed()) == []


def test_the_members_pack_holds_the_exempt_appendix(sample):
    """Checked as if it were public, the members' pack is caught: the check reads the text a
    pack grafts from a supplied PDF."""
    problems = find_leaks(sample.restricted, sample.members, sample.allowed())
    expected = "restricted/executive-2018-02-07-exempt.pdf: contains text of item 4 (demonstration-commercial-appendix)"
    assert any(p.startswith(expected) for p in problems), problems


def test_every_file_of_a_paper_declared_restricted_is_caught_and_nothing_else(sample):
    """The Target Operating Model paper taken as restricted: each of its formats (PDF, Word,
    workbook, web page), their copies in its meeting's folder, the pack that carries it and the
    agenda page that links its files are caught; no other paper's file, and not the front sheet,
    which prints only its agenda title and purpose."""
    slug = "target-operating-model-2010"
    item = Restricted(f"item 3 ({slug})", sample.papers[slug])
    problems = find_leaks([item], sample.public, sample.allowed(but=slug))
    folder = "meetings/personnel-committee-2010-12-22"
    assert {p.split(": contains text of ")[0] for p in problems} == {
        *(f"{slug}{suffix}" for suffix in (".pdf", ".docx", ".xlsx", ".html")),
        *(f"{folder}/{slug}{suffix}" for suffix in (".pdf", ".docx", ".html")),
        f"{folder}/personnel-committee-2010-12-22.pdf",
        f"{folder}/index.html",
    }
    assert f'{folder}/index.html: contains text of item 3 ({slug}), restricted: "{slug}"' in problems  # its links
    quoted = "To outline the future approach to delivering Children's Services within the…"
    assert (
        f'{slug}.pdf: contains text of item 3 ({slug}), restricted: "{quoted}" (and 99 more of its texts)' in problems
    )
