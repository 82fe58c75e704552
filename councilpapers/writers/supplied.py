"""Writing stage, PDFs supplied for an agenda item: cleaned, and inserted into the pack.

A supplied PDF is published as it came, less anything in it that could run (`clean_pdf`, see
`supplied_clean.py`), and its pages go into the pack at the item's place, cleaned the same way,
with the item's running header and footer stamped over them as an artifact (`/Artifact BMC …
EMC`, content a screen reader passes over) and a bookmark for the item, holding the document's
own bookmarks. A tagged supplied PDF keeps its tags: its structure tree is grafted into the
pack's under one element for the item (`supplied_tags.py`); an untagged one is said to be so.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from councilpapers.core.errors import RenderError
from councilpapers.writers.supplied_clean import clean
from councilpapers.writers.supplied_tags import graft, tags_problem, untag

if TYPE_CHECKING:
    import pikepdf


@dataclass(frozen=True)
class Insert:
    """A supplied PDF to insert into a pack, where and as what."""

    file: Path
    at: int  # the page index in the pack its first page takes
    title: str  # its bookmark and its structure element's title: "Item 5: Budget"
    key: str  # its place in the pack ("5"), which prefixes its structure IDs
    stamps: bytes  # its running header and footer, on as many empty pages as it has, as a PDF
    under: str | None = None  # the bookmark its own goes under (its item's), None for a top-level one


MARKED_CONTENT = frozenset({"BDC", "BMC", "EMC", "MP", "DP"})


def page_count(file: Path) -> int:
    import pikepdf

    with pikepdf.open(file) as pdf:
        return len(pdf.pages)


def clean_pdf(data: bytes) -> bytes:
    """The PDF without anything that could run (the same bytes for the same PDF)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        clean(pdf)
        return _saved(pdf)


def _saved(pdf: pikepdf.Pdf) -> bytes:
    buffer = io.BytesIO()
    pdf.save(buffer, deterministic_id=True, encryption=False)
    return buffer.getvalue()


def insert_supplied(data: bytes, inserts: list[Insert], warnings: list[str]) -> bytes:
    """The pack's PDF with each supplied PDF's pages at its place, cleaned, stamped, its tags
    grafted in, with its bookmark; the warnings each gives added to `warnings`."""
    import pikepdf

    out = pikepdf.open(io.BytesIO(data))
    for insert in sorted(inserts, key=lambda i: i.at):
        with pikepdf.open(io.BytesIO(insert.stamps)) as stamp, _opened(insert.file) as source:
            warnings.extend(f"{insert.file.name}: {warning}" for warning in _insert(out, source, stamp, insert))
    return _saved(out)


def _opened(file: Path) -> pikepdf.Pdf:
    import pikepdf

    try:
        return pikepdf.open(file)
    except pikepdf.PdfError as error:  # the meeting's loading refuses such a file: changed since?
        raise RenderError(f"{file.name}: the supplied PDF cannot be read: {error}") from error


def _insert(out: pikepdf.Pdf, source: pikepdf.Pdf, stamp: pikepdf.Pdf, insert: Insert) -> list[str]:
    """One supplied PDF's pages inserted; the warnings it gives."""
    import pikepdf

    removed = clean(source)
    warnings = [_removed_warning(removed)] if removed else []
    warnings.extend(source.get_warnings())
    for index, page in enumerate(source.pages):
        out.pages.insert(insert.at + index, page)
    pages = [out.pages[insert.at + index] for index in range(len(source.pages))]
    replaced = _carry_fields(out, source, pages)
    problem = tags_problem(source)
    element = None
    if problem is None:
        element = graft(out, source, pages, insert.title, f"item-{insert.key}", replaced)
        for page in pages:
            page.obj.Tabs = pikepdf.Name.S
    else:
        untag(pages)
        warnings.append(_tagging_warning(problem))
    if len(stamp.pages) != len(pages):
        raise RenderError(f"{insert.file.name}: {len(stamp.pages)} stamp pages for its {len(pages)} pages")
    for page, stamp_page in zip(pages, stamp.pages):
        _stamp(out, page, stamp_page)
    with out.open_outline() as outline:
        _add_bookmark(outline, insert, out, element, _bookmarks(source, insert.at))
    return warnings


def _carry_fields(
    out: pikepdf.Pdf, source: pikepdf.Pdf, pages: list[pikepdf.Page]
) -> dict[tuple[int, int], pikepdf.Object]:
    """The form fields of the pages carried into the pack's form (qpdf renames a field whose name
    the pack has), so their widgets show and work; qpdf gives each page new copies of its
    annotations, so the old copy → the new one, for the structure tree's references."""
    if not source.acroform.exists:
        return {}
    replaced = {}
    for page, original in zip(pages, source.pages):
        before = list(page.obj.get("/Annots", ()))
        out.acroform.fix_copied_annotations(page, original, source.acroform)
        after = list(page.obj.get("/Annots", ()))
        if len(before) == len(after):
            replaced.update({old.objgen: new for old, new in zip(before, after) if old.is_indirect and new.is_indirect})
    return replaced


def _removed_warning(removed: list[str]) -> str:
    listed = removed[0] if len(removed) == 1 else ", ".join(removed[:-1]) + " and " + removed[-1]
    return f"the supplied PDF carried {listed}: removed from its published copy and from the pack"


def _tagging_warning(problem: str) -> str:
    """An untagged supplied PDF, honestly: what the pack loses, and the one remedy."""
    return (
        f"the supplied PDF {problem}: the pack will fail PDF/UA for its pages, and a screen reader "
        "cannot read them; supply a tagged PDF made from its source (or attach the paper itself)"
    )


def _stamp(out: pikepdf.Pdf, page: pikepdf.Page, stamp_page: pikepdf.Page) -> None:
    """The stamp page laid over the page as one artifact: a form XObject without marked content
    of its own, drawn between /Artifact BMC and EMC after the page's content."""
    import pikepdf

    form = stamp_page.as_form_xobject()
    # pikepdf types an instruction without __iter__; it unpacks to (operands, operator) by indexing.
    kept = [(o, op) for o, op in pikepdf.parse_content_stream(form) if str(op) not in MARKED_CONTENT]  # type: ignore[misc]
    form.write(pikepdf.unparse_content_stream(kept))
    for key in ("/StructParents", "/StructParent"):
        if key in form:
            del form[key]
    form = out.copy_foreign(form)
    resources = page.obj.get("/Resources")
    xobjects = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) else None
    taken = set(xobjects.keys()) if isinstance(xobjects, pikepdf.Dictionary) else set()
    name = next(f"/Stamp{n}" for n in range(len(taken) + 1) if f"/Stamp{n}" not in taken)  # the same each build
    page.add_resource(form, pikepdf.Name.XObject, pikepdf.Name(name))
    drawn = page.calc_form_xobject_placement(
        form, pikepdf.Name(name), pikepdf.Rectangle(page.trimbox), allow_expand=True
    )
    page.contents_add(b"q\n", prepend=True)
    page.contents_add(b"Q\n/Artifact BMC\n" + drawn + b"\nEMC\n")
    page.contents_coalesce()


Bookmark = tuple[str, int, list["Bookmark"]]  # a title, its page index in the pack, the bookmarks under it


def _bookmarks(source: pikepdf.Pdf, at: int) -> list[Bookmark]:
    """The supplied PDF's own bookmarks that lead to one of its pages, as pages of the pack."""
    import pikepdf

    pages = {page.obj.objgen: n for n, page in enumerate(source.pages)}

    def page_of(entry: pikepdf.OutlineItem) -> int | None:
        target: object = entry.destination
        if target is None and entry.action is not None and entry.action.get("/S") == "/GoTo":
            target = entry.action.get("/D")
        if isinstance(target, (pikepdf.String, pikepdf.Name)):
            target = _named(source, target)
        page = target[0] if isinstance(target, pikepdf.Array) and len(target) else None
        return pages.get(page.objgen) if isinstance(page, pikepdf.Dictionary) and page.is_indirect else None

    def carried(entries: list[pikepdf.OutlineItem], depth: int) -> list[Bookmark]:
        kept: list[Bookmark] = []
        for entry in entries:
            below = carried(entry.children, depth + 1) if depth < 16 else []
            index = page_of(entry)
            if index is not None or below:
                kept.append((entry.title, at + index if index is not None else below[0][1], below))
        return kept

    try:
        with source.open_outline() as outline:
            return carried(outline.root, 0)
    except pikepdf.OutlineStructureError:
        return []


def _named(source: pikepdf.Pdf, name: pikepdf.Object) -> pikepdf.Object | None:
    """A named destination of the source (its Names tree or its old Dests dictionary)."""
    import pikepdf

    names = source.Root.get("/Names")
    found: pikepdf.Object | None = None
    if isinstance(name, pikepdf.String) and isinstance(names, pikepdf.Dictionary) and "/Dests" in names:
        found = pikepdf.NameTree(names.Dests).get(str(name))
    elif isinstance(name, pikepdf.Name) and isinstance(source.Root.get("/Dests"), pikepdf.Dictionary):
        found = source.Root.Dests.get(name)
    return found.get("/D") if isinstance(found, pikepdf.Dictionary) else found


def _add_bookmark(
    outline: pikepdf.Outline,
    insert: Insert,
    pdf: pikepdf.Pdf,
    element: pikepdf.Object | None,
    below: list[Bookmark],
) -> None:
    """The document's bookmark (leading to its structure element, when it has one), holding its
    own bookmarks, in page order among the others: at the top level, or under its item's."""
    import pikepdf

    entry = pikepdf.OutlineItem(insert.title, insert.at, structure_element=element)
    entry.children.extend(_items(below))
    pages = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}

    def first_page(existing: pikepdf.OutlineItem) -> int:
        destination = existing.destination
        target = destination[0] if isinstance(destination, pikepdf.Array) and len(destination) else None
        return pages.get(target.objgen, -1) if isinstance(target, pikepdf.Dictionary) else -1

    level = outline.root
    if insert.under is not None:
        level = next((e.children for e in outline.root if e.title == insert.under), level)
    later = (n for n, existing in enumerate(level) if first_page(existing) > insert.at)
    level.insert(next(later, len(level)), entry)


def _items(bookmarks: list[Bookmark]) -> list[pikepdf.OutlineItem]:
    import pikepdf

    items = []
    for title, index, below in bookmarks:
        item = pikepdf.OutlineItem(title, index)
        item.children.extend(_items(below))
        items.append(item)
    return items
