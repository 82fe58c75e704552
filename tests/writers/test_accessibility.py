"""What a screen reader meets in each paper's PDF: one Table element per table, each with its
Caption; a bookmark for every heading; link descriptions a person can read; the language."""

from __future__ import annotations

import io
import re

import pikepdf
import pytest
from pypdf import PdfReader

from councilpapers.compose.document import compose
from councilpapers.load.paper import load_paper
from councilpapers.writers.html import render_html
from councilpapers.writers.pdf import write_pdf

from ..helpers import CONTENT

PAPERS = sorted(p.parent.name for p in CONTENT.glob("*/paper.yaml"))


@pytest.fixture(scope="module", params=PAPERS)
def paper(request):
    document = compose(load_paper(CONTENT / request.param)).document
    return document, write_pdf(document)


def structure(pdf: pikepdf.Pdf):
    """Every structure element, depth first, with its children."""

    def walk(node):
        if isinstance(node, pikepdf.Array):
            for item in node:
                yield from walk(item)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            yield node
            yield from walk(node.get("/K"))

    return list(walk(pdf.Root.StructTreeRoot.K))


def kids(element) -> list:
    k = element.get("/K")
    items = list(k) if isinstance(k, pikepdf.Array) else [k]
    return [item for item in items if isinstance(item, pikepdf.Dictionary) and "/S" in item]


def test_one_table_element_per_table_each_with_its_caption(paper):
    document, data = paper
    pdf = pikepdf.open(io.BytesIO(data))
    tables = [e for e in structure(pdf) if e.S == "/Table"]
    front = [b for f in document.front.fields for b in f.blocks if b.kind == "table"]
    assert len(tables) == len(document.tables()) + len(front)
    for element in tables:
        captions = [k for k in kids(element) if k.S == "/Caption"]
        assert len(captions) == 1 and str(kids(element)[0].S) == "/Caption"
        heads = [k for k in kids(element) if k.S == "/THead"]
        assert len(heads) == 1, "a repeated header is not tagged again"


def test_every_header_a_cell_names_is_in_the_tree(paper):
    document, data = paper
    pdf = pikepdf.open(io.BytesIO(data))
    elements = structure(pdf)
    ids = {str(e.ID) for e in elements if "/ID" in e}
    named = [str(h) for e in elements if e.S == "/TD" and "/A" in e and "/Headers" in e.A for h in e.A.Headers]
    assert set(named) <= ids
    assert bool(named) == bool(document.tables())


def test_a_bookmark_for_every_heading(paper):
    document, data = paper
    headings = re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", render_html(document), re.S)
    reader = PdfReader(io.BytesIO(data))

    def titles(items):
        for item in items:
            if isinstance(item, list):
                yield from titles(item)
            else:
                yield item.title

    marks = list(titles(reader.outline))
    assert len(marks) == len(headings)
    if document.slug == "budget-2018-20":  # sub-headings and delivery-plan parts below sections
        assert {"3", "4"} <= {level for level, _ in headings}


def test_running_headers_and_repeated_table_headers_are_artifacts(paper):
    _, data = paper
    pdf = pikepdf.open(io.BytesIO(data))
    tree = {e.objgen for e in structure(pdf)}
    numbers = pdf.Root.StructTreeRoot.ParentTree.Nums
    mapped = [
        element
        for i in range(1, len(numbers), 2)
        if isinstance(numbers[i], pikepdf.Array)
        for element in numbers[i]
        if isinstance(element, pikepdf.Dictionary)
    ]
    assert mapped and all(element.objgen in tree for element in mapped)
    last = pdf.pages[-1]
    artifacts = [o for o, op in pikepdf.parse_content_stream(last) if str(op) == "BMC" and str(o[0]) == "/Artifact"]
    assert artifacts, "the footer's page number is an artifact"


def test_link_descriptions_are_the_words_the_reader_sees(paper):
    document, data = paper
    pdf = pikepdf.open(io.BytesIO(data))
    descriptions = [
        str(a.Contents) for page in pdf.pages for a in page.obj.get("/Annots", []) if a.get("/Subtype") == "/Link"
    ]
    assert all(not d.startswith(document.slug + "-") for d in descriptions)
    if document.slug == "budget-2018-20":
        assert "Appendix 1" in descriptions and "5.22" in descriptions


def test_the_language_is_in_the_metadata(paper):
    _, data = paper
    pdf = pikepdf.open(io.BytesIO(data))
    assert pdf.open_metadata()["dc:language"] == {"en-GB"} or pdf.open_metadata()["dc:language"] == ["en-GB"]
    assert str(pdf.Root.Lang) == "en-GB"


def test_email_addresses_are_mailto_links_in_the_pdf(paper):
    document, data = paper
    pdf = pikepdf.open(io.BytesIO(data))
    uris = [
        str(a.A.URI)
        for page in pdf.pages
        for a in page.obj.get("/Annots", [])
        if a.get("/Subtype") == "/Link" and "/A" in a and "/URI" in a.A
    ]
    emails = [
        text
        for f in document.front.fields
        for b in f.blocks
        for _, value in getattr(b, "lines", ())
        for piece in value
        if piece.kind == "link"
        for text in [piece.target]
    ]
    emails += [
        p.target for f in document.front.fields for b in f.blocks for p in getattr(b, "inlines", ()) if p.kind == "link"
    ]
    assert emails and set(emails) <= set(uris)


def test_one_table_text_size_per_kind_in_pdf_and_word():
    """The layout decides each kind of table's text size once; the HTML (PDF) and Word use it."""
    import zipfile

    from councilpapers.build.render import render_document
    from councilpapers.writers.registry import WRITERS

    document = compose(load_paper(CONTENT / "budget-2018-20")).document
    html = render_html(document)
    layout = document.layout
    assert f"table.figures {{ font-size: {layout.table_font_size}pt" in html
    assert f"table.front {{ font-size: {layout.front_table_font_size}pt" in html
    styles = (
        zipfile.ZipFile(io.BytesIO(render_document(document, [WRITERS["docx"]])["docx"]))
        .read("word/styles.xml")
        .decode("utf-8")
    )
    for style_id, points in (("TableText", layout.table_font_size), ("FrontTableText", layout.front_table_font_size)):
        start = styles.index(f'w:styleId="{style_id}"')
        assert f'<w:sz w:val="{round(points * 2)}"/>' in styles[start : styles.index("</w:style>", start)], style_id
