"""Composing stage, blocks: what an author writes (paragraphs, headings, lists, quotes, tables,
repeats of a front-sheet field) as the model's blocks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, assert_never

from councilpapers.compose.context import Context, Inlines
from councilpapers.compose.listmarkers import marker
from councilpapers.compose.tableblocks import TableBlocks
from councilpapers.core import model as m
from councilpapers.core.errors import Problem
from councilpapers.load.schema.blocks import (
    Block,
    BulletsBlock,
    HeadingBlock,
    ListItem,
    ListItemWithChildren,
    NumberedBlock,
    ParaBlock,
    QuoteBlock,
    RepeatBlock,
    TableBlock,
    TextBlock,
)
from councilpapers.load.yamlsource import Path_, Source

FrontFieldName = Literal["purpose", "summary", "recommendations", "background_documents"]  # fields of blocks


class Blocks:
    """Written blocks → model blocks, one case per kind; inline text goes through `inlines`."""

    def __init__(self, c: Context, inlines: Inlines, tables: TableBlocks, problems: list[Problem]):
        self.c, self.inlines, self.tables, self.problems = c, inlines, tables, problems

    def block(self, block: Block, source: Source, path: Path_, level: int) -> m.Block:
        """One written block as a model block; its text located at its kind's key (a table's at the block)."""
        match block:
            case ParaBlock():
                return self.paragraph(block, None, None, source, path, level)
            case TextBlock():
                return m.Paragraph(self.inlines(block.text, source, path + ("text",)))
            case HeadingBlock():
                return m.Heading(self.inlines(block.heading, source, path + ("heading",)), level)
            case BulletsBlock():
                return self.list_of(block.bullets, "bullet", 1, source, path + ("bullets",))
            case NumberedBlock():
                return self.list_of(block.numbered, block.style, block.start, source, path + ("numbered",))
            case QuoteBlock():
                return m.Quote(self.inlines(block.quote, source, path + ("quote",)))
            case TableBlock():
                return self.tables.table(block, source, path)
            case RepeatBlock():
                return self._misplaced_repeat(source, path + ("repeat",))
            case _:
                assert_never(block)

    def _misplaced_repeat(self, source: Source, path: Path_) -> m.Paragraph:
        self.problems.append(source.problem(path, "repeat: sits directly in a section or paragraph"))
        return m.Paragraph(())

    def blocks_of(self, block: Block, source: Source, path: Path_, level: int) -> list[m.Block]:
        """One written block as model blocks: `repeat:` gives the front-sheet field's blocks again."""
        if isinstance(block, RepeatBlock):
            return self.field(block.repeat)
        return [self.block(block, source, path, level)]

    def field(self, key: FrontFieldName) -> list[m.Block]:
        """A front-sheet field written as paragraphs or blocks; several plain recommendations are numbered."""
        items: list[str | Block] = getattr(self.c.loaded.paper, key)
        source = self.c.loaded.source
        texts = [i for i in items if isinstance(i, str)]
        if (
            key == "recommendations"
            and len(items) > 1
            and len(texts) == len(items)
            and self.c.style.numbering.recommendations == "numbered"
        ):
            return [self.list_of(texts, "decimal", 1, source, (key,))]
        return [
            m.Paragraph(self.inlines(item, source, (key, i)))
            if isinstance(item, str)
            else self.block(item, source, (key, i), 2)
            for i, item in enumerate(items)
        ]

    def paragraph(
        self, block: ParaBlock, number: str | None, anchor: str | None, source: Source, path: Path_, level: int
    ) -> m.Paragraph:
        """A paragraph (numbered in a section) with the blocks inside it."""
        children: list[m.Block] = []
        for index, child in enumerate(block.blocks):
            if isinstance(child, ParaBlock):
                self.problems.append(
                    source.problem(
                        path + ("blocks", index), "a numbered paragraph cannot sit inside another: use text:"
                    )
                )
                continue
            children.extend(self.blocks_of(child, source, path + ("blocks", index), level))
        return m.Paragraph(self.inlines(block.para, source, path + ("para",)), number, anchor, tuple(children))

    def list_of(self, items: Sequence[ListItem], style: str, start: int, source: Source, path: Path_) -> m.ItemList:
        """A list; numbered items carry the marker the house style prints ("(iv)", "2.")."""
        pattern: str = "" if style == "bullet" else getattr(self.c.style.numbering, style)
        built = []
        for index, item in enumerate(items):
            shown = marker(pattern, style, start + index)
            if isinstance(item, str):
                built.append(m.ListItem(self.inlines(item, source, path + (index,)), (), shown))
            else:
                built.append(self._item(item, shown, source, path + (index,)))
        return m.ItemList(tuple(built), style, pattern, start)

    def _item(self, item: ListItemWithChildren, shown: str, source: Source, where: Path_) -> m.ListItem:
        """A list item with sub-points, a numbered list or blocks under it."""
        children: list[m.Block] = []
        if item.bullets:
            children.append(self.list_of(item.bullets, "bullet", 1, source, where + ("bullets",)))
        if item.numbered:
            children.append(self.list_of(item.numbered, item.style, 1, source, where + ("numbered",)))
        for i, child in enumerate(item.blocks):
            children.extend(self.blocks_of(child, source, where + ("blocks", i), 3))
        return m.ListItem(self.inlines(item.text, source, where + ("text",)), tuple(children), shown)
