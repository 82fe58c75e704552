"""Writing stage, agenda packs: one tagged PDF per pack (the agenda web page is writers/agenda.py).

The pack is laid out as documents, not joined as files: the front sheet and each paper are
laid out by WeasyPrint (each paper with its own page counter, "Item 12 – Page 3", and the
pack's continuous page numbers), and their pages are written as one PDF, so the structure
tree holds every item. A supplied PDF's pages are inserted afterwards (writers/supplied.py),
cleaned, with the item's header and footer stamped on and its tags grafted in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from councilpapers.core.errors import RenderError
from councilpapers.core.pack import RESTRICTED_PACKS, AgendaLinks, Pack, PackDocument, PackItem
from councilpapers.writers.agenda import render_agenda
from councilpapers.writers.html import Placement, render_html, render_template
from councilpapers.writers.pdf.weasy import laid_out, tagged_pdf
from councilpapers.writers.supplied import Insert, insert_supplied, page_count

if TYPE_CHECKING:
    from weasyprint.document import Document as LaidOut

Ranges = dict[str, tuple[int, int]]  # item number → first and last page in the pack

RANGE_PLACEHOLDER = (9999, 9999)  # the widest page range, to lay out the front sheet first


@dataclass
class PackPdf:
    data: bytes
    ranges: Ranges
    warnings: list[str] = field(default_factory=list)
    front: bytes = b""  # the front sheet alone, as published beside the pack


def render_front(
    pack: Pack,
    mode: str,
    ranges: Ranges | None = None,
    placement: Placement | None = None,
    pages_only: int | None = None,
    withheld: PackDocument | None = None,
    heading_level: int = 2,
    page_base: int = 0,
) -> str:
    """The pack's front sheet ("print"), the page that stands for a withheld document
    ("withheld"), or empty pages carrying the running header and footer ("stamp")."""
    return render_template(
        "pack.html.j2",
        pack=pack,
        mode=mode,
        ranges=ranges,
        placement=placement,
        pages_only=pages_only,
        withheld=withheld,
        heading_level=heading_level,
        page_base=page_base,
        heading_offset=0,
    )


def placement(
    pack: Pack, item: PackItem, offset: int, document: PackDocument | None = None, item_offset: int = 0
) -> Placement:
    """Where an item's document sits in the pack: its running header and footer, its bookmark
    (the item's, for its first document; its own under the item's after that) and its mark."""
    exempt = document.exempt if document is not None else item.exempt
    mark = pack.labels.not_for_publication if exempt and pack.kind in RESTRICTED_PACKS else None
    first = document is None or document.first
    bookmark = f"{pack.labels.item} {item.bookmark}" if first or document is None else document.title
    return Placement(item.number, offset, pack.committee, pack.date, bookmark, mark, item_offset, 1 if first else 2)


def _laid_out_document(pack: Pack, document: PackDocument, where: Placement) -> LaidOut | None:
    """A document's pages for the pack: its paper laid out under the item, the page that
    withholds it, or None for a supplied PDF (inserted after)."""
    level = 1 if where.bookmark_level == 1 else 2
    if document.withheld:
        return laid_out(render_front(pack, "withheld", placement=where, withheld=document, heading_level=level + 1))
    if document.paper is not None:
        return laid_out(render_html(document.paper, level, where))
    return None


def write_pack_pdf(pack: Pack) -> PackPdf:
    """The pack as one PDF, and its front sheet alone; the front sheet's page ranges are the
    pages each item (and each of its documents) occupies."""
    attached = pack.attached()
    if not attached and not pack.items:
        raise RenderError(f"the pack {pack.slug} has no items")
    supplied = {d.key: page_count(d.file) for i in attached for d in i.documents if d.attached and d.file is not None}
    front_pages = len(laid_out(render_front(pack, "print", _placeholders(attached))).pages)
    for _ in range(3):  # the front sheet may grow once ranges are known
        ranges, laid, offset = {}, [], front_pages
        for item in attached:
            start = offset
            for document in (d for d in item.documents if d.pages):
                where = placement(pack, item, offset - _base(pack, front_pages), document, offset - start)
                pages = _laid_out_document(pack, document, where)
                count = len(pages.pages) if pages is not None else supplied[document.key]
                ranges[document.key] = (offset + 1, offset + count)
                laid.append(pages)
                offset += count
            ranges[item.number] = (start + 1, offset)
        front = laid_out(render_front(pack, "print", ranges, page_base=_base(pack, front_pages)))
        if len(front.pages) == front_pages:
            break
        front_pages = len(front.pages)
    pages = list(front.pages) + [page for document in laid if document for page in document.pages]
    data = tagged_pdf(front.copy(pages))
    warnings: list[str] = []
    if supplied:
        data = insert_supplied(data, _supplied(pack, ranges, _base(pack, front_pages)), warnings)
    return PackPdf(data, ranges, warnings, tagged_pdf(front))


def _base(pack: Pack, front_pages: int) -> int:
    """The pages before the pack's page 1: none, or the front sheet's where it is not counted."""
    return 0 if pack.count_front_sheet else front_pages


def _placeholders(items: list[PackItem]) -> Ranges:
    return {item.number: RANGE_PLACEHOLDER for item in items}


def _supplied(pack: Pack, ranges: Ranges, base: int) -> list[Insert]:
    """The supplied PDFs the pack carries (writers/supplied.py inserts them): each at its item's
    first page, as its bookmark, with its running header and footer on as many pages as it has."""
    inserts = []
    for item in pack.attached():
        start = ranges[item.number][0] - 1
        for document in item.documents:
            if document.attached and document.file is not None:
                at, count = ranges[document.key][0] - 1, page_count(document.file)
                where = placement(pack, item, at - base, document, at - start)
                first = document.first
                title = f"{pack.labels.item} {item.bookmark}" if first else document.title
                under = None if first else f"{pack.labels.item} {item.bookmark}"
                stamps = _stamps(pack, where, count)
                inserts.append(Insert(document.file, at, title, document.key.replace("#", "-"), stamps, under))
    return inserts


def _stamps(pack: Pack, where: Placement, count: int) -> bytes:
    html = render_front(pack, "stamp", placement=where, pages_only=count)
    return tagged_pdf(laid_out(html))


def write_pack_html(pack: Pack, links: AgendaLinks) -> bytes:
    """The meeting's agenda as a web page (writers/agenda.py), each item linking to its documents."""
    return render_agenda(pack, links).encode("utf-8")
