"""Writing stage, agenda packs: one tagged PDF per pack, and the agenda as a web page.

The pack is laid out as documents, not joined as files: the front sheet and each paper are
laid out by WeasyPrint (each paper with its own page counter, "Item 12 – Page 3", and the
pack's continuous page numbers), and their pages are written as one PDF, so the structure
tree holds every item. A supplied PDF's pages are inserted afterwards (writers/supplied.py),
cleaned, with the item's header and footer stamped on and its tags grafted in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from councilpapers.core.errors import RenderError
from councilpapers.core.pack import MEMBERS, Pack, PackItem
from councilpapers.writers.html import Placement, render_html, render_template
from councilpapers.writers.pdf.weasy import laid_out, tagged_pdf
from councilpapers.writers.supplied import Insert, insert_supplied, page_count

Ranges = dict[str, tuple[int, int]]  # item number → first and last page in the pack
Links = dict[str, list[tuple[str, str]]]  # item number → (text, address) of each of its documents

RANGE_PLACEHOLDER = (9999, 9999)  # the widest page range, to lay out the front sheet first


@dataclass
class PackPdf:
    data: bytes
    ranges: Ranges
    warnings: list[str] = field(default_factory=list)


def render_front(
    pack: Pack,
    mode: str,
    ranges: Ranges | None = None,
    links: Links | None = None,
    placement: Placement | None = None,
    pages_only: int | None = None,
) -> str:
    """The pack's front sheet ("print"), its agenda web page ("web"), or stamp pages ("stamp")."""
    return render_template(
        "pack.html.j2",
        pack=pack,
        mode=mode,
        ranges=ranges,
        links=links or {},
        placement=placement,
        pages_only=pages_only,
        heading_offset=0,
    )


def placement(pack: Pack, item: PackItem, offset: int) -> Placement:
    mark = pack.labels.not_for_publication if item.exempt and pack.kind == MEMBERS else None
    return Placement(item.number, offset, pack.committee, pack.date, f"{pack.labels.item} {item.bookmark}", mark)


def write_pack_pdf(pack: Pack) -> PackPdf:
    """The pack as one PDF; its front sheet's page ranges are the pages each item occupies."""
    attached = pack.attached()
    if not attached and not pack.items:
        raise RenderError(f"the pack {pack.slug} has no items")
    supplied = {item.number: page_count(item.file) for item in attached if item.file is not None}
    front_pages = len(laid_out(render_front(pack, "print", _placeholders(attached))).pages)
    for _ in range(3):  # the front sheet may grow once ranges are known
        ranges, items, offset = {}, [], front_pages
        for item in attached:
            document = laid_out(render_html(item.paper, 1, placement(pack, item, offset))) if item.paper else None
            count = len(document.pages) if document else supplied[item.number]
            ranges[item.number] = (offset + 1, offset + count)
            items.append(document)
            offset += count
        front = laid_out(render_front(pack, "print", ranges))
        if len(front.pages) == front_pages:
            break
        front_pages = len(front.pages)
    pages = list(front.pages) + [page for document in items if document for page in document.pages]
    data = tagged_pdf(front.copy(pages))
    warnings: list[str] = []
    if supplied:
        data = insert_supplied(data, _supplied(pack, ranges), warnings)
    return PackPdf(data, ranges, warnings)


def _placeholders(items: list[PackItem]) -> Ranges:
    return {item.number: RANGE_PLACEHOLDER for item in items}


def _supplied(pack: Pack, ranges: Ranges) -> list[Insert]:
    """The supplied PDFs the pack carries (writers/supplied.py inserts them): each at its item's
    first page, as its bookmark, with its running header and footer on as many pages as it has."""
    inserts = []
    for item in pack.attached():
        if item.file is not None:
            at, count = ranges[item.number][0] - 1, page_count(item.file)
            title = f"{pack.labels.item} {item.bookmark}"
            inserts.append(Insert(item.file, at, title, item.number, _stamps(pack, item, at, count)))
    return inserts


def _stamps(pack: Pack, item: PackItem, offset: int, count: int) -> bytes:
    html = render_front(pack, "stamp", placement=placement(pack, item, offset), pages_only=count)
    return tagged_pdf(laid_out(html))


def write_pack_html(pack: Pack, links: Links) -> bytes:
    """The meeting's agenda as a web page, each item linking to its documents."""
    return render_front(pack, "web", links=links).encode("utf-8")
