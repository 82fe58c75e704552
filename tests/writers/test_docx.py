"""The Word file as an author, a screen reader and LibreOffice see it: same text as the PDF, real styles."""

from __future__ import annotations

import difflib
import io
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass, replace
from datetime import date

import docx
import pytest
from lxml import etree
from pypdf import PdfReader

from councilpapers.core.errors import RenderError
from councilpapers.core.model import Heading, Paragraph, plain
from councilpapers.writers.docx import write_docx
from councilpapers.writers.docx.ooxml import bookmark_name

from ..goldens_docx import PARTS, docx_parts, golden_path
from ..helpers import untitled_captions
from .test_pdf import page_text, squash

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")
KEY_SENTENCES = (
    "Executive – 7 February 2018",
    "Children's Services and Education Budget and Business Planning: 2018-2020",
    "5.22 A decrease in external residential placements from 68",
    "Appendix 1: Summary Budget Position and Savings Schedule",
    "Delivery Plan 5 – Strategic Risk Assessment and Register",
    "Total 617,603 103,325 1,181",
)


@pytest.fixture(scope="module")
def paged(document, pdf_path):
    """The Document as the build gives it to the Word writer: with its page count, from the PDF's layout."""
    return replace(document, pages=len(PdfReader(pdf_path).pages))


@pytest.fixture(scope="module")
def docx_bytes(paged):
    return write_docx(paged)


@pytest.fixture(scope="module")
def part(docx_bytes):
    """A part of the package, parsed: part("word/document.xml")."""
    package = zipfile.ZipFile(io.BytesIO(docx_bytes))
    return lambda name: etree.fromstring(package.read(name))


@pytest.fixture(scope="module")
def body(part):
    return part("word/document.xml").find("w:body", NS)


@pytest.fixture(scope="module")
def tables(body):
    return body.findall("w:tbl", NS)


@pytest.fixture(scope="module")
def pdf_text(pdf_path, document):
    """The PDF's text without the invisible captions of untitled tables (Word holds them as
    the tables' tblCaption, not as paragraphs)."""
    text = squash("".join(page_text(p) for p in PdfReader(pdf_path).pages))
    for caption in untitled_captions(document):
        text = text.replace(squash(caption), "", 1)
    return text


def text_of(paragraph) -> str:
    pieces = {f"{{{W}}}tab": "\t", f"{{{W}}}br": "\n"}
    return "".join(pieces.get(e.tag, e.text or "") for e in paragraph.iter(f"{{{W}}}t", f"{{{W}}}tab", f"{{{W}}}br"))


def style_of(paragraph) -> str:
    found = paragraph.find("w:pPr/w:pStyle", NS)
    return "Normal" if found is None else found.get(f"{{{W}}}val")


def paragraphs(body) -> list:
    return list(body.iter(f"{{{W}}}p"))


def numbered(document) -> list[Paragraph]:
    return [b for s in document.sections for b in s.blocks if isinstance(b, Paragraph) and b.number]


# ---- the XML, part by part -----------------------------------------------------------------


@pytest.mark.parametrize("name", PARTS)
def test_parts_match_the_golden_files(docx_bytes, name):
    current, golden = docx_parts(docx_bytes)[name], golden_path(name).read_text(encoding="utf-8")
    diff = "".join(list(difflib.unified_diff(golden.splitlines(True), current.splitlines(True), "golden", "now"))[:60])
    assert current == golden, (
        f"{name} differs from its golden file (`python -m tests.goldens_docx`, then review):\n{diff}"
    )


# ---- the same words as the PDF, in the same order -----------------------------------------


def test_every_paragraph_reads_in_the_same_order_as_the_pdf(body, pdf_text, document):
    """Walk the PDF's text with the Word file's paragraphs: all found, in order, and what the PDF
    has besides is only repeated table headers and the roman list labels Word numbers itself."""
    headers = {
        squash("".join(text_of(p) for p in row.iter(f"{{{W}}}p")))
        for row in body.xpath("w:tbl/w:tr[w:trPr/w:tblHeader]", namespaces=NS)
    }
    numbers = {b.number for s in document.sections for b in s.blocks if getattr(b, "number", None)}
    allowed = {f"({n})" for n in ROMAN} | {""} | numbers | {s.number for s in document.sections}
    position, gaps, missing = 0, [], []
    for text in (squash(text_of(p)) for p in paragraphs(body)):
        found = pdf_text.find(text, position)
        if text and found < 0:
            missing.append(text[:60])
        elif text:
            gaps.append(pdf_text[position:found])
            position = found + len(text)
    gaps.append(pdf_text[position:])
    assert missing == []
    assert [g for g in gaps if g not in allowed and not _header_rows(g, headers)] == []


def _header_rows(gap: str, headers: set[str]) -> bool:
    """The gap is one or more table header rows, repeated at the top of a new page."""
    return gap == "" or any(gap.startswith(h) and _header_rows(gap[len(h) :], headers) for h in headers if h)


def test_numbered_paragraphs_in_order_numbered_by_word(document, body):
    """No typed numbers: the Numbered Paragraph style carries Word's list numbering."""
    found = [text_of(p) for p in paragraphs(body) if style_of(p) == "NumberedParagraph"]
    assert found == [plain(p.inlines) for p in numbered(document)]


def test_every_table_row_reads_cell_by_cell(document, tables):
    model_tables = document.tables()
    assert len(tables) == len(model_tables) + 1  # + the front sheet's strategy outcomes
    for table, word_table in zip(model_tables, tables[1:]):
        rows = [squash("".join(text_of(p) for p in tr.iter(f"{{{W}}}p"))) for tr in word_table.findall("w:tr", NS)]
        expected = [squash("".join(plain(c.inlines) for c in r.cells)) for r in table.rows]
        assert rows[-len(expected) :] == expected, table.id


# ---- styles an author can restyle ----------------------------------------------------------


def test_headings_use_title_and_heading_styles_by_the_models_levels(document, body):
    expected = [("Title", f"Subject:\t{document.title}")]  # front-sheet labels are not headings
    for section in document.sections:
        expected.append(("Heading1", section.title))  # numbered by Word
        expected += [(f"Heading{b.level - 1}", plain(b.inlines)) for b in section.blocks if isinstance(b, Heading)]

    def appendix(a):
        expected.append((f"Heading{a.level - 1}", a.title))
        expected.extend((f"Heading{b.level - 1}", plain(b.inlines)) for b in a.blocks if isinstance(b, Heading))
        for p in a.parts:
            appendix(p)

    for a in document.appendices:
        appendix(a)
    found = [(style_of(p), text_of(p)) for p in paragraphs(body) if style_of(p).startswith(("Title", "Heading"))]
    assert found == expected


def test_every_style_used_is_defined_and_built_ins_keep_words_names(part):
    """A style missing from styles.xml silently becomes Normal in Word: none may be missing."""
    defined = {
        s.get(f"{{{W}}}styleId"): s.find("w:name", NS).get(f"{{{W}}}val")
        for s in part("word/styles.xml").iterfind("w:style", NS)
    }
    used = {
        e.get(f"{{{W}}}val")
        for name in ("word/document.xml", "word/footer1.xml")
        for e in part(name).xpath("//w:pStyle | //w:tblStyle | //w:rStyle", namespaces=NS)
    }
    assert used <= set(defined), used - set(defined)
    assert {
        defined[i]
        for i in ("Title", "Heading1", "Heading2", "Heading3", "ListBullet", "ListBullet2", "Quote", "Footer")
    } == {"Title", "heading 1", "heading 2", "heading 3", "List Bullet", "List Bullet 2", "Quote", "footer"}


def test_lists_use_list_styles_and_roman_numbering(body, part):
    styles = [style_of(p) for p in paragraphs(body)]
    assert styles.count("ListBullet") > 50 and "ListBullet2" in styles and styles.count("ListRoman") == 8
    numbering = part("word/numbering.xml")
    formats = {
        lvl.find("w:numFmt", NS).get(f"{{{W}}}val"): lvl.find("w:lvlText", NS).get(f"{{{W}}}val")
        for lvl in numbering.iterfind("w:abstractNum/w:lvl[@w:ilvl='0']", NS)
    }
    assert formats["lowerRoman"] == "(%1)" and formats["bullet"] == "•" and formats["decimal"] == "%1."


def test_figures_right_aligned_totals_bold_headings_spanning(document, tables, part):
    right = {
        s.get(f"{{{W}}}styleId")
        for s in part("word/styles.xml").iterfind("w:style", NS)
        if s.find("w:pPr/w:jc[@w:val='right']", NS) is not None
    }
    for table, word_table in zip(document.tables(), tables[1:]):
        rows = word_table.findall("w:tr", NS)[-len(table.rows) :]
        for row, tr in zip(table.rows, rows):
            cells = tr.findall("w:tc", NS)
            if row.role == "heading":
                assert len(cells) == 1 and cells[0].find("w:tcPr/w:gridSpan", NS).get(f"{{{W}}}val") == str(
                    len(table.columns)
                )
                continue
            for column, tc in zip(table.columns, cells):
                assert (style_of(tc.find("w:p", NS)) in right) == column.numeric, (table.id, column.id)
            if row.role == "total":
                runs = tr.findall(".//w:r", NS)
                assert runs and all(r.find("w:rPr/w:b", NS) is not None for r in runs), (table.id, row.id)


def test_number_columns_narrower_than_text_columns(document, tables):
    table = next(t for t in document.tables() if t.id == "savings")
    widths = [
        int(c.get(f"{{{W}}}w")) for c in tables[1 + document.tables().index(table)].iterfind("w:tblGrid/w:gridCol", NS)
    ]
    description = widths[[c.id for c in table.columns].index("description")]
    assert all(w < description / 3 for w, c in zip(widths, table.columns) if c.numeric)


# ---- tables across pages -------------------------------------------------------------------


def test_header_rows_repeat_and_no_row_splits(document, tables):
    for table, word_table in zip(document.tables(), tables[1:]):
        rows = word_table.findall("w:tr", NS)
        heads = len(rows) - len(table.rows)
        assert heads == 1 + table.has_groups + table.has_subheaders + table.has_units
        assert all(r.find("w:trPr/w:cantSplit", NS) is not None for r in rows), table.id
        assert [r.find("w:trPr/w:tblHeader", NS) is not None for r in rows] == [True] * heads + [False] * len(
            table.rows
        )
        if table.has_units:  # the "£,000" row is a header row too
            assert "£,000" in "".join(text_of(p) for p in rows[heads - 1].iter(f"{{{W}}}p"))


def test_tables_have_a_caption_for_screen_readers(document, tables):
    captions = [t.find("w:tblPr/w:tblCaption", NS).get(f"{{{W}}}val") for t in tables[1:]]
    assert captions == [t.caption for t in document.tables()]


# ---- pages: sections, footer, fields -------------------------------------------------------


def test_landscape_sections_keep_the_same_footer(docx_bytes):
    word = docx.Document(io.BytesIO(docx_bytes))
    orientation = ["landscape" if s.page_width > s.page_height else "portrait" for s in word.sections]
    assert orientation == ["portrait", "landscape", "portrait", "landscape", "portrait", "landscape"]
    assert [s.footer.is_linked_to_previous for s in word.sections] == [False] + [True] * 5
    first_in_section = [_first_heading(word, index) for index in range(1, len(word.sections))]
    assert first_in_section == [
        "Appendix 1: Summary Budget Position and Savings Schedule",
        "Children's Services Delivery Plans 2018/19 – 2019/20",
        "Delivery Plan 2 – Performance Plan",
        "Delivery Plan 3 – Equality",
        "Delivery Plan 5 – Strategic Risk Assessment and Register",
    ]


def _first_heading(word, index: int) -> str:
    """The first paragraph of section `index` (sections end with the paragraph holding their w:sectPr)."""
    ends = [i for i, p in enumerate(word.paragraphs) if p._p.find("w:pPr/w:sectPr", NS) is not None]
    return word.paragraphs[ends[index - 1] + 1].text


def test_appendices_and_parts_start_on_a_new_page(body):
    starts = []
    for p in paragraphs(body):
        if style_of(p) in ("Heading1", "Heading2") and text_of(p).startswith(
            ("Appendix", "Children's Services Delivery", "Delivery Plan")
        ):
            before = p.getprevious()
            breaks = p.find("w:pPr/w:pageBreakBefore", NS) is not None or before.find("w:pPr/w:sectPr", NS) is not None
            starts.append((text_of(p).split(" – ")[0], breaks))
    assert starts == [
        ("Appendix 1: Summary Budget Position and Savings Schedule", True),
        ("Children's Services Delivery Plans 2018/19", True),
        ("Delivery Plan 1", False),
        ("Delivery Plan 2", True),
        ("Delivery Plan 3", True),
        ("Delivery Plan 4", True),
        ("Delivery Plan 5", True),
    ]


def test_footer_page_numbers_are_fields_with_results_and_word_is_not_asked_to_update(part, pdf_path):
    footer = part("word/footer1.xml")
    runs = footer.findall(".//w:r", NS)
    shape = [
        (
            "begin"
            if r.find("w:fldChar[@w:fldCharType='begin']", NS) is not None
            else "instr:" + r.find("w:instrText", NS).text.strip()
            if r.find("w:instrText", NS) is not None
            else "separate"
            if r.find("w:fldChar[@w:fldCharType='separate']", NS) is not None
            else "end"
            if r.find("w:fldChar[@w:fldCharType='end']", NS) is not None
            else "text:" + text_of(r)
        )
        for r in runs
    ]
    pages = len(PdfReader(pdf_path).pages)
    assert shape == [
        "text:\t",
        "text:Page ",
        "begin",
        "instr:PAGE",
        "separate",
        "text:1",
        "end",
        "text: of ",
        "begin",
        "instr:NUMPAGES",
        "separate",
        f"text:{pages}",
        "end",
    ]
    assert part("word/settings.xml").find("w:updateFields", NS) is None
    assert not part("word/document.xml").xpath("//w:fldChar[@w:dirty]", namespaces=NS)


def xrefs(document) -> list:
    found = []

    def walk(node):
        if getattr(node, "kind", None) == "xref":
            found.append(node)
        for name in ("inlines", "children", "items", "blocks", "cells", "rows", "fields", "parts"):
            for child in getattr(node, name, ()) or ():
                walk(child)

    for node in (document.front, *document.sections, *document.appendices):
        walk(node)
    return found


def test_cross_references_are_ref_fields_to_bookmarks_with_their_text_cached(document, body):
    """Each {see:} is a REF field (so it follows Word's renumbering), its result already the
    text the PDF shows, its bookmark in the document; no plain hyperlinks are left."""
    marks = {b.get(f"{{{W}}}name") for b in body.iter(f"{{{W}}}bookmarkStart")}
    runs = list(body.iter(f"{{{W}}}r"))
    refs = []
    for index, found in enumerate(runs):
        instruction = found.find("w:instrText", NS)
        if instruction is not None and instruction.text.strip().startswith("REF "):
            refs.append((instruction.text.split(), text_of(runs[index + 2])))
    expected = xrefs(document)
    assert [(words[1], result) for words, result in refs] == [(bookmark_name(x.anchor), x.text) for x in expected]
    assert [("\\w" in words) for words, _ in refs] == [x.target == "paragraph" for x in expected]
    assert {words[1] for words, _ in refs} <= marks
    assert not list(body.iter(f"{{{W}}}hyperlink"))
    assert ("budget_2018_20_p5_22", "5.22") in [(words[1], result) for words, result in refs]


def test_sections_and_numbered_paragraphs_are_numbered_by_word_in_the_house_style(part):
    """One multilevel list: level 1 tied to Heading 1 ("%1.0"), level 2 to Numbered Paragraph ("%1.%2")."""
    numbering = part("word/numbering.xml")
    outline = next(a for a in numbering.iterfind("w:abstractNum", NS) if a.find("w:lvl/w:pStyle", NS) is not None)
    levels = [
        (lvl.find("w:pStyle", NS).get(f"{{{W}}}val"), lvl.find("w:lvlText", NS).get(f"{{{W}}}val"))
        for lvl in outline.iterfind("w:lvl", NS)
    ]
    assert levels == [("Heading1", "%1.0"), ("NumberedParagraph", "%1.%2")]
    identity = outline.get(f"{{{W}}}abstractNumId")
    number = next(
        n.get(f"{{{W}}}numId")
        for n in numbering.iterfind("w:num", NS)
        if n.find("w:abstractNumId", NS).get(f"{{{W}}}val") == identity
    )
    styles = {s.get(f"{{{W}}}styleId"): s for s in part("word/styles.xml").iterfind("w:style", NS)}
    for style_id, level in (("Heading1", None), ("NumberedParagraph", "1")):
        numpr = styles[style_id].find("w:pPr/w:numPr", NS)
        assert numpr.find("w:numId", NS).get(f"{{{W}}}val") == number
        assert (numpr.find("w:ilvl", NS).get(f"{{{W}}}val") if numpr.find("w:ilvl", NS) is not None else None) == level


def test_front_sheet_labels_are_not_headings(body):
    labels = [text_of(p) for p in paragraphs(body) if style_of(p) == "FrontSheetLabel"]
    assert labels[:2] == ["Summary", "Recommendations"] and "Contact Officers:" in labels
    headings = [text_of(p) for p in paragraphs(body) if style_of(p).startswith("Heading")]
    assert "Summary" not in headings and "Contact Officers:" not in headings


def test_libreoffice_shows_the_same_numbers_as_the_pdf(libreoffice_pdf, pdf_text):
    """Word's numbering and REF fields, as LibreOffice lays them out, give the PDF's numbers."""
    pages = " ".join(p.extract_text() for p in PdfReader(libreoffice_pdf[1]).pages)
    for words in (
        "1.0 About the Children's Services and Education Directorate",
        "1.1 The Directorate for Children",
        "5.0 Revenue Financial Strategy",
        "5.22 A decrease in external residential placements",
        "9.0 ",
        "As referenced in 5.22 the estimated cost reduction",
        "in Appendix 1.",
    ):
        assert squash(words) in squash(pages), words
        assert squash(words) in pdf_text, words


# ---- properties: title, language, font ------------------------------------------------------


def test_title_author_date_and_british_english(document, docx_bytes, part):
    props = docx.Document(io.BytesIO(docx_bytes)).core_properties
    assert (props.title, props.subject, props.author, props.language) == (
        "Children's Services and Education Budget and Business Planning: 2018-2020",
        "Report for Resolution",
        "Strategic Director Children's Services and the Director of Education",
        "en-GB",
    )
    assert props.created.date() == date(2018, 1, 30)
    defaults = part("word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    lang = defaults.find("w:lang", NS)
    assert (lang.get(f"{{{W}}}val"), lang.get(f"{{{W}}}eastAsia")) == ("en-GB", "en-GB")
    assert defaults.find("w:rFonts", NS).get(f"{{{W}}}ascii") == "Arial"
    assert part("word/settings.xml").find("w:themeFontLang", NS).get(f"{{{W}}}val") == "en-GB"


def test_no_leftovers_from_the_python_docx_template(docx_bytes):
    names = zipfile.ZipFile(io.BytesIO(docx_bytes)).namelist()
    assert not [
        n for n in names if "thumbnail" in n or "customXml" in n or "stylesWithEffects" in n or n.endswith("app.xml")
    ]
    assert b"python-docx" not in zipfile.ZipFile(io.BytesIO(docx_bytes)).read("docProps/core.xml")


def test_unknown_block_kind_is_refused(document):
    @dataclass(frozen=True)
    class Diagram:
        kind = "diagram"

    broken = replace(document, sections=(replace(document.sections[0], blocks=(Diagram(),)),))
    with pytest.raises(RenderError, match="the Word writer has no way to show a block of kind 'diagram'"):
        write_docx(broken)


# ---- LibreOffice opens it and prints the same paper -----------------------------------------


@pytest.fixture(scope="module")
def libreoffice_pdf(docx_bytes, tmp_path_factory):
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice (soffice) is not installed: run scripts/setup.sh"
    folder = tmp_path_factory.mktemp("docx-roundtrip")
    source = folder / "budget-2018-20.docx"
    source.write_bytes(docx_bytes)
    profile = (folder / "profile").as_uri()
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=240,
    )
    return done, folder / "budget-2018-20.pdf"


def test_libreoffice_converts_it_without_complaint(libreoffice_pdf):
    done, pdf = libreoffice_pdf
    assert done.returncode == 0 and pdf.exists(), done.stderr
    complaints = [line for line in done.stderr.splitlines() if line.strip() and "javaldx" not in line]
    assert complaints == []


def test_libreoffice_prints_about_as_many_pages_with_the_same_words(libreoffice_pdf, pdf_path):
    pages = [p.extract_text() for p in PdfReader(libreoffice_pdf[1]).pages]
    expected = len(PdfReader(pdf_path).pages)
    assert abs(len(pages) - expected) <= expected * 0.25, (len(pages), expected)
    text = squash("".join(pages))
    for sentence in KEY_SENTENCES:
        assert squash(sentence) in text, sentence
    footers = [re.search(r"Page (\d+) of (\d+)", page) for page in pages]  # landscape pages too
    assert [(int(m[1]), int(m[2])) if m else None for m in footers] == [
        (n, len(pages)) for n in range(1, len(pages) + 1)
    ]


def test_a_wide_table_sits_in_a_landscape_section_of_its_own(paged):
    document = paged
    section = document.sections[0]
    wide = tuple(
        replace(b, children=tuple(replace(t, landscape=True) for t in b.children)) if b.children else b
        for b in section.blocks
    )
    word = docx.Document(
        io.BytesIO(write_docx(replace(document, sections=(replace(section, blocks=wide),) + document.sections[1:])))
    )
    orientation = ["landscape" if s.page_width > s.page_height else "portrait" for s in word.sections]
    assert orientation[:3] == ["portrait", "landscape", "portrait"]
    assert [s.footer.is_linked_to_previous for s in word.sections][1:] == [True] * (len(word.sections) - 1)
    first_end = next(p for p in word.paragraphs if p._p.find("w:pPr/w:sectPr", NS) is not None)._p
    table = first_end.getnext()
    assert table.find("w:tblPr/w:tblCaption", NS).get(f"{{{W}}}val") == "Service budget 2017/18"
    assert _first_heading(word, 2) == "Budget Consultation"  # back to portrait after it


def test_the_same_paper_gives_the_same_bytes(paged, docx_bytes):
    members = zipfile.ZipFile(io.BytesIO(docx_bytes)).infolist()
    assert {m.date_time[:3] for m in members} == {(2018, 1, 30)}
    assert write_docx(paged) == docx_bytes


def test_a_list_that_continues_its_published_numbering_starts_there_in_word(part):
    """5.51's grant (xi) follows (vii), as published: its list starts at 11."""
    starts = [o.get(f"{{{W}}}val") for o in part("word/numbering.xml").iter(f"{{{W}}}startOverride")]
    assert "11" in starts
