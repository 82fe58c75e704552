"""Writing stage, agenda packs: one tagged PDF per pack, and the agenda as a web page.

The pack is laid out as documents, not joined as files: the front sheet and each paper are
laid out by WeasyPrint (each paper with its own page counter, "Item 12 – Page 3", and the
pack's continuous page numbers), and their pages are written as one PDF, so the structure
tree holds every item. A supplied PDF's pages are inserted afterwards with the item's header
and footer stamped on; its own tags are not carried over, and the build says so.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from councilpapers.core.errors import RenderError
from councilpapers.core.pack import MEMBERS, Pack, PackItem
from councilpapers.writers.html import Placement, render_html, render_template
from councilpapers.writers.pdf.weasy import laid_out, tagged_pdf

if TYPE_CHECKING:
    import pikepdf

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
    supplied = {item.number: _page_count(item.file) for item in attached if item.file is not None}
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
        data = _insert_supplied(data, pack, ranges, warnings)
    return PackPdf(data, ranges, warnings)


def _placeholders(items: list[PackItem]) -> Ranges:
    return {item.number: RANGE_PLACEHOLDER for item in items}


def _page_count(file: Path) -> int:
    import pikepdf

    with pikepdf.open(file) as pdf:
        return len(pdf.pages)


def _insert_supplied(data: bytes, pack: Pack, ranges: Ranges, warnings: list[str]) -> bytes:
    """Each supplied PDF's pages at the item's place, stamped with its header and footer, with a bookmark."""
    import pikepdf

    out = pikepdf.open(io.BytesIO(data))
    for item, file in ((i, i.file) for i in pack.attached() if i.file is not None):
        first, last = ranges[item.number]
        stamps = pikepdf.open(io.BytesIO(_stamps(pack, item, first - 1, last - first + 1)))
        with pikepdf.open(file) as source:
            warnings.append(_tagging_warning(file, source))
            for index, page in enumerate(source.pages):
                out.pages.insert(first - 1 + index, page)
                # pikepdf's stub leaves out the default of add_overlay's rect (None at run time, in _methods.py)
                out.pages[first - 1 + index].add_overlay(stamps.pages[index])  # type: ignore[call-arg]
        with out.open_outline() as outline:
            _add_bookmark(outline, f"{pack.labels.item} {item.bookmark}", first - 1, out)
    buffer = io.BytesIO()
    out.save(buffer, deterministic_id=True)
    return buffer.getvalue()


def _stamps(pack: Pack, item: PackItem, offset: int, count: int) -> bytes:
    html = render_front(pack, "stamp", placement=placement(pack, item, offset), pages_only=count)
    return tagged_pdf(laid_out(html))


def _tagging_warning(file: Path, source: pikepdf.Pdf) -> str:
    what = "is not tagged" if "/StructTreeRoot" not in source.Root else "has tags that are not carried into the pack"
    return (
        f"{file.name}: the supplied PDF {what}: the pack will fail PDF/UA for its pages; "
        "supply a tagged PDF made from its source, or attach the paper itself"
    )


def _add_bookmark(outline: pikepdf.Outline, title: str, page_index: int, pdf: pikepdf.Pdf) -> None:
    """A top-level bookmark for the item, in page order among the others."""
    import pikepdf

    entry = pikepdf.OutlineItem(title, page_index)
    pages = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}

    def first_page(existing: pikepdf.OutlineItem) -> int:
        destination = existing.destination
        target = destination[0] if isinstance(destination, pikepdf.Array) and len(destination) else None
        return pages.get(target.objgen, -1) if target is not None else -1

    later = (n for n, existing in enumerate(outline.root) if first_page(existing) > page_index)
    outline.root.insert(next(later, len(outline.root)), entry)


def write_pack_html(pack: Pack, links: Links) -> bytes:
    """The meeting's agenda as a web page, each item linking to its documents."""
    return render_front(pack, "web", links=links).encode("utf-8")
