"""Stage-free: where each table is in the paper, in words ('Section 5.0 …, paragraph 5.1'),
for the workbook's sheets and for diff's report."""

from __future__ import annotations

from collections.abc import Iterable

from councilpapers.core.errors import RenderError
from councilpapers.core.model import Appendix, Block, Document, Heading, ItemList, Paragraph, Quote, Table


def table_locations(document: Document) -> dict[str, str]:
    """Table id → 'Section 5.0 …, paragraph 5.1' or the appendix (and its part) holding it."""
    found: dict[str, str] = {}
    for section in document.sections:
        _locate(section.blocks, f"Section {section.number} {section.title}", found, [None])
    for appendix in document.appendices:
        _locate_appendix(appendix, "", found)
    return found


def _locate_appendix(appendix: Appendix, parent: str, found: dict[str, str]) -> None:
    where = f"{appendix.title} ({parent})" if parent else appendix.title
    _locate(appendix.blocks, where, found, [None])
    for part in appendix.parts:
        _locate_appendix(part, appendix.title, found)


def _locate(blocks: Iterable[Block], where: str, found: dict[str, str], last: list[str | None]) -> None:
    for block in blocks:
        if isinstance(block, Table):
            found[block.id] = where + (f", after paragraph {last[0]}" if last[0] else "")
        elif isinstance(block, Paragraph):
            last[0] = block.number or last[0]
            inside = where + (f", paragraph {block.number}" if block.number else "")
            _locate(block.children, inside, found, [None])
        elif not isinstance(block, (Heading, ItemList, Quote)):
            raise RenderError(f"the workbook has no way to show a block of kind '{block.kind}'")
