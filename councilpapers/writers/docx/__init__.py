"""DOCX writer: the Document as an editable Word file with real styles (python-docx + WordprocessingML)."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

from docx.document import Document as WordDocument
from lxml.etree import _Element

from councilpapers.core.errors import RenderError
from councilpapers.core.model import Appendix, Document, Logo, Section
from councilpapers.writers.docx.blocks import gap, heading_style, write_blocks
from councilpapers.writers.docx.front import write_front
from councilpapers.writers.docx.layout import State, change_orientation, finish, start
from councilpapers.writers.docx.ooxml import W, bookmarked, paragraph, run, w
from councilpapers.writers.docx.styles import fill_styles

# lxml ships no type information: mypy reads _Element as Any (python-docx is typed).


def write_docx(document: Document) -> bytes:
    out = io.BytesIO()
    build(document).save(out)
    return dated(out.getvalue(), datetime.fromisoformat(document.date))


def dated(package: bytes, when: datetime) -> bytes:
    """The package with every member dated to the paper's date: the same paper, the same bytes."""
    source, out = zipfile.ZipFile(io.BytesIO(package)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            target.writestr(
                zipfile.ZipInfo(member.filename, when.timetuple()[:6]),
                source.read(member),
                compress_type=zipfile.ZIP_DEFLATED,
            )
    return out.getvalue()


def build(document: Document) -> WordDocument:
    """The python-docx Document for the paper: front sheet, sections, then appendices."""
    import docx

    word = docx.Document()
    state = start(word, document.layout, mark="\n".join(document.marks) or None)
    write_front(state, document, logo_picture(word, document.front.logo))
    for index, section in enumerate(document.sections):
        write_section(state, section, first=index == 0)
    for appendix in document.appendices:
        write_appendix(state, appendix)
    finish(state)
    cache_page_count(word, document)
    fill_styles(word.styles.element, document.language, document.layout)
    state.numbering.fill(word.part.numbering_part.element, document.layout)
    set_properties(word, document)
    tidy_settings(word.settings.element, document.language)
    drop_template_leftovers(word)
    return word


def logo_picture(word: WordDocument, logo: Logo | None) -> _Element | None:
    """The style's logo as an inline picture, its alt text as the picture's description."""
    if logo is None:
        return None
    from docx.shared import Mm

    from councilpapers.core.paths import TEMPLATES

    inline = word.part.new_pic_inline(str(TEMPLATES / logo.file), width=Mm(logo.width_mm))
    inline.docPr.set("descr", logo.alt)
    inline.docPr.set("title", logo.alt)
    return w("r", w("drawing", inline))


def write_section(state: State, section: Section, first: bool) -> None:
    """The title as Heading 1, numbered "1.0" by Word's list numbering linked to the style (so
    Word renumbers), the first on a new page after the front sheet; then its blocks."""
    title = bookmarked(state.bookmark(), section.anchor, [run(section.title)])
    extra = {"pageBreakBefore": w("pageBreakBefore")} if first else gap(state)
    state.add(paragraph("Heading1", *title, **extra))
    write_blocks(state, section.blocks)


def write_appendix(state: State, appendix: Appendix) -> None:
    """An appendix or delivery-plan part on a new page (in its own orientation) where the
    Document says so, then its parts."""
    turned = appendix.landscape != state.landscape
    if turned:
        change_orientation(state, appendix.landscape)
    extra = {} if turned or not appendix.new_page else {"pageBreakBefore": w("pageBreakBefore")}
    if appendix.name:  # the bookmark holds the name a cross-reference prints: "Appendix 1"
        title = [
            *bookmarked(state.bookmark(), appendix.anchor, [run(appendix.name)]),
            run(appendix.title[len(appendix.name) :]),
        ]
    else:
        title = bookmarked(state.bookmark(), appendix.anchor, [run(appendix.title)])
    style = heading_style(appendix.level)
    if style == "Heading1":  # not a numbered section: out of the style's numbering
        extra["numPr"] = w("numPr", w("ilvl", val=0), w("numId", val=0))
    state.add(paragraph(style, *title, **extra))
    write_blocks(state, appendix.blocks)
    for part in appendix.parts:
        write_appendix(state, part)


def cache_page_count(word: WordDocument, document: Document) -> None:
    """NUMPAGES fields show the paper's page count (the build's one layout of it, `document.pages`)
    before any viewer recalculates them."""
    for part in word.part.package.iter_parts():
        if not str(part.partname).startswith(("/word/footer", "/word/header")):
            continue
        runs = list(part.element.iter(f"{{{W}}}r"))
        for index, found in enumerate(runs):
            instruction = found.find(f"{{{W}}}instrText")
            if instruction is not None and instruction.text.strip() == "NUMPAGES":
                runs[index + 2].find(f"{{{W}}}t").text = str(_pages(document))


def _pages(document: Document) -> int:
    if document.pages is None:
        raise RenderError(
            f"the Word writer was given {document.slug} without its page count (document.pages): "
            "the build lays the paper out first and passes the count"
        )
    return document.pages


def set_properties(word: WordDocument, document: Document) -> None:
    """Title, subject, author, date and language, as File > Properties and screen readers show them."""
    props = word.core_properties
    created = datetime.fromisoformat(document.date)
    props.title, props.subject = document.title, document.report_type
    props.author = props.last_modified_by = document.author
    props.created = props.modified = created
    props.language = document.language
    props.comments = f"{document.report_type}: {document.title}"
    props.keywords, props.category, props.revision = "", "", 1


def tidy_settings(settings: _Element, language: str) -> None:
    """Word 2013+ layout (no Compatibility Mode), British English; no 'update fields' prompt."""
    for name in ("proofState", "savePreviewPicture", "updateFields", "rsids"):
        for found in settings.findall(f"{{{W}}}{name}"):
            settings.remove(found)
    for theme_language in settings.findall(f"{{{W}}}themeFontLang"):
        theme_language.attrib.clear()
        theme_language.set(f"{{{W}}}val", language)
    for mode in settings.iter(f"{{{W}}}compatSetting"):
        if mode.get(f"{{{W}}}name") == "compatibilityMode":
            mode.set(f"{{{W}}}val", "15")


def drop_template_leftovers(word: WordDocument) -> None:
    """python-docx's template carries a thumbnail, Mac Word's app properties, a bibliography store
    and a second copy of its styles: none of them describe this paper."""
    leftovers = ("/thumbnail", "/extended-properties", "/customXml", "/stylesWithEffects")
    for rels in (word.part.rels, word.part.package.rels):
        for rid, rel in list(rels.items()):
            if rel.reltype.endswith(leftovers):
                rels.pop(rid)
                rels.related_parts.pop(rid, None)
