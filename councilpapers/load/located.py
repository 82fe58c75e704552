"""Loading stage: a paper's tables as written, each with the file and path it was written at."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from councilpapers.load.paper import LoadedPaper
from councilpapers.load.schema.blocks import Block, ListItem, ListItemWithChildren, TableBlock
from councilpapers.load.schema.parts import Appendix
from councilpapers.load.schema.tables import Table
from councilpapers.load.yamlsource import Path_, Source


@dataclass(frozen=True)
class Located:
    """A table as written, with the file and path it was written at."""

    table: Table
    source: Source
    path: Path_


FRONT_BLOCK_FIELDS = ("purpose", "summary", "recommendations", "background_documents")


def tables_in(paper: LoadedPaper) -> Iterator[Located]:
    """Every table of a paper, in reading order, with where it was written."""
    for name in FRONT_BLOCK_FIELDS:  # paragraphs (text) or blocks, a table among them
        yield from _in_blocks(getattr(paper.paper, name), paper.source, (name,))
    for loaded in paper.body + paper.appendices:
        data = loaded.part
        for i, section in enumerate(data.sections):
            yield from _in_blocks(section.blocks, loaded.source, ("sections", i, "blocks"))
        for i, appendix in enumerate(data.appendices):
            yield from _in_appendix(appendix, loaded.source, ("appendices", i))


def _in_appendix(appendix: Appendix, source: Source, path: Path_) -> Iterator[Located]:
    yield from _in_blocks(appendix.blocks, source, path + ("blocks",))
    for i, part in enumerate(appendix.parts):
        yield from _in_appendix(part, source, path + ("parts", i))


def _in_blocks(blocks: Iterable[Block], source: Source, path: Path_) -> Iterator[Located]:
    for i, block in enumerate(blocks):
        if isinstance(block, TableBlock):
            yield Located(block.table, source, path + (i, "table"))
        yield from _in_blocks(getattr(block, "blocks", []), source, path + (i, "blocks"))
        for kind in ("bullets", "numbered"):
            yield from _in_items(getattr(block, kind, []), source, path + (i, kind))


def _in_items(items: Iterable[ListItem], source: Source, path: Path_) -> Iterator[Located]:
    """The tables in the blocks of list items, at any depth of sub-points."""
    for i, item in enumerate(items):
        if isinstance(item, ListItemWithChildren):
            yield from _in_blocks(item.blocks, source, path + (i, "blocks"))
            for kind in ("bullets", "numbered"):
                yield from _in_items(getattr(item, kind), source, path + (i, kind))
