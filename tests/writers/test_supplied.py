"""PDFs supplied for an agenda item, as a screen reader and a reader's PDF viewer meet them: a
tagged one is read in the pack as its own document (its marked content belongs to its own
elements, under the item's), the stamped header and footer are an artifact, the pack passes
PDF/UA-1; an untagged one is said to be so; nothing in a supplied PDF runs, in its published
copy or in the pack."""

from __future__ import annotations

import contextlib
import io
import warnings
from collections import defaultdict
from pathlib import Path

import page as validator
import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, String
from pypdf import PdfReader

from councilpapers.commands import main
from councilpapers.writers.pdf.weasy import laid_out, tagged_pdf
from councilpapers.writers.supplied import clean_pdf

ITEM = "Item 3: Supplied report"

SUPPLIED_HTML = """<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>A supplied report</title>
<style>@page { size: A4; margin: 20mm } .next { break-before: page }</style></head>
<body><h1>A supplied report</h1><p>The first paragraph of the supplied report.</p>
<p>More on <a href="https://www.example.org/">the council's website</a>.</p>
<table><caption>Costs</caption><thead><tr><th scope="col">Area</th><th scope="col">Cost</th></tr></thead>
<tbody><tr><td>Libraries</td><td>100</td></tr></tbody></table>
<h2 class="next">The second page</h2><p>The second page's paragraph.</p></body></html>"""

MEETING = """\
style: neutral
council: Borsetshire County Council
committee: Cabinet
date: 2026-03-04
time: "14:00"
venue: County Hall, Felpersham
published: 2026-02-24
items:
  - {number: "1", title: Apologies, procedural: true}
  - {number: "2", title: Opening hours, paper: library-hours}
  - {number: "3", title: Supplied report, document: supplied.pdf}
  - {number: "4", title: Mobile libraries, paper: mobile-libraries}
"""

PAPER = """\
style: neutral
council: Borsetshire County Council
report_type: Report for Decision
report_to: [{body: Cabinet, date: 2026-03-04}]
subject: SUBJECT
report_of: Director of Communities
summary: [The libraries from April.]
recommendations: [To approve the report.]
contact_officers: [{name: Jo Grundy}]
body: [body.yaml]
"""

BODY = """\
sections:
  - title: Hours
    blocks:
      - para: The hours are set out here.
"""


def supplied_tagged() -> bytes:
    """A tagged PDF/UA document of two pages, made as the toolkit makes its own."""
    return tagged_pdf(laid_out(SUPPLIED_HTML))


def write_content(content: Path, supplied: bytes) -> None:
    (content / "meetings").mkdir(parents=True)
    (content / "meetings" / "cabinet.yaml").write_text(MEETING, encoding="utf-8")
    (content / "meetings" / "supplied.pdf").write_bytes(supplied)
    for slug, subject in (("library-hours", "Library opening hours"), ("mobile-libraries", "Mobile libraries")):
        (content / slug).mkdir()
        (content / slug / "paper.yaml").write_text(PAPER.replace("SUBJECT", subject), encoding="utf-8")
        (content / slug / "body.yaml").write_text(BODY, encoding="utf-8")


def build(tmp: Path, supplied: bytes) -> tuple[Path, str]:
    """The meeting's packs built; its public pack and what the build said on stderr."""
    content, output = tmp / "content", tmp / "output"
    write_content(content, supplied)
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert main(["pack", "cabinet", "--content", str(content), "--output", str(output)]) == 0
    packs = [p for p in output.rglob("cabinet.pdf") if "restricted" not in p.parts]
    assert len(packs) == 1, packs
    return packs[0], err.getvalue()


@pytest.fixture(scope="module")
def tagged(tmp_path_factory):
    return build(tmp_path_factory.mktemp("tagged"), supplied_tagged())


def item_pages(pack: Path, number: str) -> list[int]:
    """The indices of the pack's pages stamped "Item N – Page M"."""
    return [n for n, p in enumerate(PdfReader(pack).pages) if f"Item {number} – Page" in p.extract_text()]


# ---- reading back what the marked content of a page belongs to ------------------------------


def marked_text(reader: PdfReader, index: int) -> dict[int, str]:
    """MCID → the text drawn in that marked content on the page (artifacts are not marked content)."""
    texts: dict[int, str] = defaultdict(str)
    stack: list[int | None] = []

    def before(operator, operands, cm, tm):
        if operator == b"BDC":
            properties = operands[1] if len(operands) > 1 else None
            stack.append(properties.get("/MCID") if hasattr(properties, "get") else None)
        elif operator == b"BMC":
            stack.append(None)
        elif operator == b"EMC" and stack:
            stack.pop()

    def text(words, cm, tm, font, size):
        if stack and stack[-1] is not None:
            texts[stack[-1]] += words

    reader.pages[index].extract_text(visitor_operand_before=before, visitor_text=text)
    return {mcid: " ".join(words.split()) for mcid, words in texts.items() if words.strip()}


def ancestry(element: pikepdf.Object) -> list[pikepdf.Object]:
    """The element and its parents up to the structure tree's root (not included)."""
    chain = []
    while isinstance(element, pikepdf.Dictionary) and element.get("/Type") != "/StructTreeRoot":
        chain.append(element)
        element = element.get("/P")
    return chain


def owners(pdf: pikepdf.Pdf, index: int) -> dict[int, list[pikepdf.Object]]:
    """MCID → the structure elements (innermost first) its marked content belongs to, read through
    the page's /StructParents key in the ParentTree, as a screen reader finds them."""
    entry = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)[int(pdf.pages[index].StructParents)]
    return {mcid: ancestry(element) for mcid, element in enumerate(entry) if isinstance(element, pikepdf.Dictionary)}


def reading(path: Path, index: int, below: str) -> list[tuple[str, tuple[str, ...]]]:
    """Each piece of text on a page with the types of the elements it belongs to, innermost first,
    up to the element whose type is `below` (not included)."""
    reader, pdf = PdfReader(path), pikepdf.open(path)
    found = owners(pdf, index)
    out = []
    for mcid, words in sorted(marked_text(reader, index).items()):
        kinds = [str(e.S) for e in found[mcid]]
        out.append((words, tuple(kinds[: kinds.index(below)])))
    return out


def test_the_supplied_pdfs_text_is_read_as_its_own_elements_under_the_item(tagged, tmp_path):
    pack, _ = tagged
    source = tmp_path / "supplied.pdf"
    source.write_bytes(supplied_tagged())
    pages = item_pages(pack, "3")
    assert len(pages) == 2
    pdf = pikepdf.open(pack)
    for n, index in enumerate(pages):
        # what a screen reader reads on the page in the pack is what it reads in the PDF as supplied
        in_pack = reading(pack, index, "/Part")
        assert in_pack == reading(source, n, "/Document")
        assert in_pack, "no marked content read back"
        for chain in owners(pdf, index).values():
            parts = [e for e in chain if e.S == "/Part"]
            assert [str(p.T) for p in parts] == [ITEM]
            assert parts[0].P.S == "/Document" and parts[0].P.P.Type == "/StructTreeRoot"
    first = dict(reading(pack, pages[0], "/Part"))
    assert first["A supplied report"] == ("/Span", "/H1")
    assert first["The first paragraph of the supplied report."] == ("/Span", "/P")
    assert dict(reading(pack, pages[1], "/Part"))["The second page"] == ("/Span", "/H2")


def test_none_of_its_text_is_read_as_the_front_sheets(tagged):
    pack, _ = tagged
    pdf = pikepdf.open(pack)
    front = {e.objgen for chain in owners(pdf, 0).values() for e in chain if e.S != "/Document"}
    for index in item_pages(pack, "3"):
        supplied = {e.objgen for chain in owners(pdf, index).values() for e in chain if e.S != "/Document"}
        assert supplied and not supplied & front


def test_the_items_element_sits_among_the_others_in_page_order(tagged):
    pack, _ = tagged
    pdf = pikepdf.open(pack)
    pages = {p.obj.objgen: n for n, p in enumerate(pdf.pages)}

    def first_page(element):
        found = [pages[e.Pg.objgen] for e in [element, *walk(element)] if "/Pg" in e]
        return min(found) if found else None

    document = pdf.Root.StructTreeRoot.K[0]
    starts = [first_page(kid) for kid in document.K]
    assert starts == sorted(starts)
    part = next(k for k in document.K if k.S == "/Part" and k.get("/T") == ITEM)
    assert first_page(part) == item_pages(pack, "3")[0] and str(part.Lang) == "en-GB"
    assert any(start is not None and start > first_page(part) for start in starts)  # item 4 comes after


def walk(element):
    for kid in element.get("/K", []) if isinstance(element.get("/K"), pikepdf.Array) else [element.get("/K")]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from walk(kid)


def test_its_link_and_its_table_headers_stay_its_own(tagged):
    """The link annotation's StructParent leads to its own Link element, and its table's cells
    name header cells that are in the pack (their IDs prefixed with the item's)."""
    pack, _ = tagged
    pdf = pikepdf.open(pack)
    tree = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
    first = item_pages(pack, "3")[0]
    links = [a for a in pdf.pages[first].get("/Annots", []) if a.Subtype == "/Link"]
    assert len(links) == 1
    link = tree[int(links[0].StructParent)]
    assert link.S == "/Link" and str(ancestry(link)[-2].T) == ITEM
    assert any(k.get("/Type") == "/OBJR" and k.Obj.objgen == links[0].objgen for k in link.K)
    part = ancestry(link)[-2]
    ids = {str(e.ID) for e in walk(part) if "/ID" in e}
    headers = [str(h) for e in walk(part) if e.S == "/TD" and "/A" in e for h in e.A.get("/Headers", [])]
    assert headers and set(headers) <= ids and all(i.startswith("item-3-") for i in ids)


def test_the_stamped_header_and_footer_are_one_artifact(tagged):
    pack, _ = tagged
    pdf, reader = pikepdf.open(pack), PdfReader(pack)
    for n, index in enumerate(item_pages(pack, "3"), start=1):
        assert f"Item 3 – Page {n}" in reader.pages[index].extract_text()
        page = pdf.pages[index]
        open_marks, drawn = [], []
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) in ("BDC", "BMC"):
                open_marks.append(str(operands[0]))
            elif str(operator) == "EMC":
                open_marks.pop()
            elif str(operator) == "Do" and str(operands[0]).startswith("/Stamp"):
                drawn.append((str(operands[0]), list(open_marks)))
        assert len(drawn) == 1 and drawn[0][1] == ["/Artifact"]
        form = page.Resources.XObject[drawn[0][0]]
        inner = {str(op) for _, op in pikepdf.parse_content_stream(form)}
        assert not inner & {"BDC", "BMC", "EMC"} and "/StructParents" not in form


def test_the_pack_passes_pdf_ua_1_and_the_build_gives_no_tagging_warning(tagged):
    pack, err = tagged
    report = validator.validate_pdf(str(pack), profile="ua1")
    assert report.is_compliant, report.failures
    assert "supplied.pdf" not in err


def test_the_item_bookmark_leads_to_its_element_and_holds_the_documents_own(tagged):
    pack, _ = tagged
    pdf = pikepdf.open(pack)
    pages = item_pages(pack, "3")
    with pdf.open_outline() as outline:
        entry = next(e for e in outline.root if e.title == ITEM)
        assert entry.obj.SE.S == "/Part" and str(entry.obj.SE.T) == ITEM
        assert pdf.pages.index(pikepdf.Page(entry.destination[0])) == pages[0]

        def carried(entries):
            return [(e.title, pdf.pages.index(pikepdf.Page(e.destination[0])), carried(e.children)) for e in entries]

        below = carried(entry.children)
    assert below == [("A supplied report", pages[0], [("The second page", pages[1], [])])]


def test_inserting_a_supplied_pdf_gives_the_same_bytes_each_time(tmp_path):
    """A forced build writes the same pack: the stamps' resource names are not random."""
    from councilpapers.writers.supplied import Insert, insert_supplied

    source = tmp_path / "supplied.pdf"
    source.write_bytes(supplied_tagged())
    head = '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Pack</title></head><body>'
    pack = tagged_pdf(laid_out(head + "<h1>Agenda</h1><p>The front sheet.</p></body></html>"))
    stamps = tagged_pdf(laid_out(head + '<p style="break-after: page">1</p><p>2</p></body></html>'))
    made = [insert_supplied(pack, [Insert(source, 1, ITEM, "3", stamps)], []) for _ in range(2)]
    assert made[0] == made[1] and len(PdfReader(io.BytesIO(made[0])).pages) == 3


def test_a_tagged_supplied_form_keeps_its_field_and_the_tags_that_name_it(tmp_path):
    """Its field joins the pack's form (so its widget shows and works), and the Form and Link
    elements name the annotations on the page, not copies left behind."""
    import weasyprint

    from councilpapers.writers.supplied import Insert, insert_supplied

    head = '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Pack</title></head><body>'
    form = head + (
        '<h1>A form</h1><p><label>Name <input type="text" name="who" title="Your name" value="Jo"></label></p>'
        '<p><a href="https://www.example.org/">The council</a></p></body></html>'
    )
    source = tmp_path / "form.pdf"
    source.write_bytes(weasyprint.HTML(string=form).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True, pdf_forms=True))
    pack = tagged_pdf(laid_out(head + "<h1>Agenda</h1><p>The front sheet.</p></body></html>"))
    stamps = tagged_pdf(laid_out(head + "<p>1</p></body></html>"))
    made = tmp_path / "pack.pdf"
    made.write_bytes(insert_supplied(pack, [Insert(source, 1, "Item 2: A form", "2", stamps)], []))
    pdf = pikepdf.open(made)
    tree = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
    annotations = list(pdf.pages[1].Annots)
    assert sorted(str(a.Subtype) for a in annotations) == ["/Link", "/Widget"]
    for annotation in annotations:
        element = tree[int(annotation.StructParent)]
        named = [k.Obj.objgen for k in element.K if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"]
        assert named == [annotation.objgen]
        assert str(element.S) == {"/Widget": "/Form", "/Link": "/Link"}[str(annotation.Subtype)]
    widget = next(a for a in annotations if a.Subtype == "/Widget")
    assert [f.objgen for f in pdf.Root.AcroForm.Fields] == [widget.objgen]
    report = validator.validate_pdf(str(made), profile="ua1")
    assert report.is_compliant, report.failures


# ---- an untagged supplied PDF, and one that would run code ------------------------------------

JAVASCRIPT = "app.alert('hostile')"


def hostile() -> bytes:
    """An untagged PDF of two pages that tries every way of running something, with a web link
    and a link to its second page that must survive."""
    pdf = pikepdf.new()
    for words in ("Hostile page one", "Hostile page two"):
        page = pdf.add_blank_page(page_size=(595, 842))
        page.Resources = Dictionary(
            Font=Dictionary(F1=Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))
        )
        page.Contents = pdf.make_stream(f"BT /F1 18 Tf 72 720 Td ({words}) Tj ET".encode())

    def js(where: str) -> pikepdf.Object:
        return pdf.make_indirect(Dictionary(S=Name.JavaScript, JS=String(f"{JAVASCRIPT} // {where}")))

    def link(top: int, **entries) -> pikepdf.Object:
        return pdf.make_indirect(
            Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=[72, top, 300, top + 20], **entries)
        )

    first, second = pdf.pages[0], pdf.pages[1]
    pdf.Root.OpenAction = js("open")
    pdf.Root.AA = Dictionary(WC=js("close"))
    pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=Array([String("init"), js("named")])))
    pdf.attachments["payload.exe"] = b"MZ hostile payload"
    first.obj.AA = Dictionary(O=js("page open"), C=js("page close"))
    field = pdf.make_indirect(
        Dictionary(FT=Name.Tx, T=String("total"), Type=Name.Annot, Subtype=Name.Widget, Rect=[72, 400, 200, 420])
    )
    field.AA = Dictionary(C=js("calculate"), K=js("keystroke"))
    field.A = js("field action")
    first.obj.Annots = Array(
        [
            link(600, A=Dictionary(S=Name.Launch, F=String("cmd.exe"))),
            link(560, A=Dictionary(S=Name.SubmitForm, F=Dictionary(FS=Name.URL, F=String("https://evil.example/")))),
            link(520, A=Dictionary(S=Name.ImportData, F=String("data.fdf"))),
            link(480, A=Dictionary(S=Name.URI, URI=String("https://www.example.org/")), AA=Dictionary(E=js("enter"))),
            link(440, A=Dictionary(S=Name.GoTo, D=Array([second.obj, Name.Fit]), Next=js("after go-to"))),
            field,
        ]
    )
    xfa = pdf.make_stream(f"<xdp:xdp><script>{JAVASCRIPT}</script></xdp:xdp>".encode())
    pdf.Root.AcroForm = Dictionary(Fields=Array([field]), XFA=xfa, CO=Array([field]))
    with pdf.open_outline() as outline:
        outline.root.append(pikepdf.OutlineItem("Run me", action=js("bookmark")))
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def scripts_in(data: bytes) -> list[str]:
    """Every place a PDF still holds JavaScript or a program to run, found in its uncompressed bytes."""
    expanded = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.save(expanded, qdf=True, object_stream_mode=pikepdf.ObjectStreamMode.disable, compress_streams=False)
    raw = expanded.getvalue()
    return [
        word for word in ("app.alert", "/JavaScript", "/JS", "/Launch", "cmd.exe", "MZ hostile") if word.encode() in raw
    ]


def test_clean_pdf_takes_out_every_action_that_could_run_and_keeps_the_page():
    data = hostile()
    assert scripts_in(data)  # the test's PDF is hostile
    cleaned = clean_pdf(data)
    assert scripts_in(cleaned) == []
    pdf = pikepdf.open(io.BytesIO(cleaned))
    root, first = pdf.Root, pdf.pages[0].obj
    assert "/OpenAction" not in root and "/AA" not in root and "/JavaScript" not in root.get("/Names", {})
    assert len(pdf.attachments) == 0 and "/EmbeddedFiles" not in root.get("/Names", {})
    assert "/AA" not in first and "/XFA" not in root.AcroForm and "/CO" not in root.AcroForm
    launch, submit, importing, web, go_to, field = first.Annots
    assert "/A" not in launch and "/A" not in submit and "/A" not in importing
    assert web.A.S == "/URI" and str(web.A.URI) == "https://www.example.org/" and "/AA" not in web
    assert go_to.A.S == "/GoTo" and "/Next" not in go_to.A
    assert "/AA" not in field and "/A" not in field
    with pdf.open_outline() as outline:
        assert [(e.title, e.action) for e in outline.root] == [("Run me", None)]
    assert [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(cleaned)).pages] == [
        "Hostile page one",
        "Hostile page two",
    ]


def test_clean_pdf_gives_the_same_bytes_each_time():
    data = hostile()
    assert clean_pdf(data) == clean_pdf(data)
    assert clean_pdf(clean_pdf(data)) == clean_pdf(data)


def test_an_untagged_hostile_pdf_is_cleaned_in_the_pack_and_its_published_copy_and_said_to_be_untagged(tmp_path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pack, err = build(tmp_path, hostile())
    assert [str(w.message) for w in caught if issubclass(w.category, pikepdf.PageCopyWarning)] == []
    assert (
        "supplied.pdf: the supplied PDF is not tagged: the pack will fail PDF/UA for its pages, and a screen "
        "reader cannot read them; supply a tagged PDF made from its source"
    ) in err
    assert "not carried into the pack" not in err
    assert "supplied.pdf: the supplied PDF carried JavaScript, links that start a program, form submission, " in err
    assert scripts_in(pack.read_bytes()) == []
    pdf = pikepdf.open(pack)
    for index in item_pages(pack, "3"):
        assert "/StructParents" not in pdf.pages[index].obj and "/AA" not in pdf.pages[index].obj
    # its form field came with it (its widget is the pack's form's, so it shows), without its scripts
    fields = [f for f in pdf.Root.AcroForm.Fields if str(f.get("/T")) == "total"]
    assert len(fields) == 1 and fields[0].objgen in {a.objgen for a in pdf.pages[item_pages(pack, "3")[0]].Annots}
    copies = [
        p
        for p in (tmp_path / "output").rglob("*.pdf")
        if p != pack and "Hostile page one" in PdfReader(p).pages[0].extract_text()
    ]
    assert copies, "the supplied PDF is not published"
    assert all(scripts_in(p.read_bytes()) == [] for p in copies)


def test_a_supplied_pdf_without_a_parent_tree_is_treated_as_untagged(tmp_path):
    data = io.BytesIO()
    with pikepdf.open(io.BytesIO(supplied_tagged())) as pdf:
        del pdf.Root.StructTreeRoot.ParentTree
        pdf.save(data)
    pack, err = build(tmp_path, data.getvalue())
    assert "the supplied PDF has tags without a ParentTree (what its text belongs to): the pack will fail" in err
    pdf = pikepdf.open(pack)
    assert all("/StructParents" not in pdf.pages[i].obj for i in item_pages(pack, "3"))
