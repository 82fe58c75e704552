"""Composing stage, blocks: what an author writes (paragraphs, headings, lists, quotes, tables,
repeats of a front-sheet field) as the model's blocks."""

from __future__ import annotations

from councilpapers.compose.context import Context, Inlines
from councilpapers.compose.listmarkers import marker
from councilpapers.compose.tableblocks import TableBlocks
from councilpapers.core import model as m
from councilpapers.core.errors import Problem
from councilpapers.load.yamlsource import Source

KINDS = ("para", "text", "heading", "bullets", "numbered", "quote", "table", "repeat")


class Blocks:
    """Written blocks → model blocks, one method per kind; inline text goes through `inlines`."""

    def __init__(self, c: Context, inlines: Inlines, tables: TableBlocks, problems: list[Problem]):
        self.c, self.inlines, self.tables, self.problems = c, inlines, tables, problems

    def block(self, block, source: Source, path: tuple, heading_level: int):
        kind = next(k for k in KINDS if hasattr(block, k))
        return getattr(self, f"_block_{kind}")(
            block, source, path + (kind,) if kind != "table" else path, heading_level
        )

    def blocks_of(self, block, source: Source, path: tuple, level: int) -> list:
        """One written block as model blocks: `repeat:` gives the front-sheet field's blocks again."""
        if hasattr(block, "repeat"):
            return self.field(block.repeat)
        return [self.block(block, source, path, level)]

    def field(self, key: str) -> list:
        """A front-sheet field written as paragraphs or blocks; several plain recommendations are numbered."""
        items, source = getattr(self.c.loaded.paper, key), self.c.loaded.source
        if (
            key == "recommendations"
            and len(items) > 1
            and all(isinstance(i, str) for i in items)
            and self.c.style.numbering.recommendations == "numbered"
        ):
            return [self.list_of(items, "decimal", 1, source, (key,))]
        return [
            m.Paragraph(self.inlines(item, source, (key, i)))
            if isinstance(item, str)
            else self.block(item, source, (key, i), 2)
            for i, item in enumerate(items)
        ]

    def paragraph(self, block, number, anchor, source, path, level) -> m.Paragraph:
        """A paragraph (numbered in a section) with the blocks inside it."""
        children = []
        for index, child in enumerate(block.blocks):
            if hasattr(child, "para"):
                self.problems.append(
                    source.problem(
                        path + ("blocks", index), "a numbered paragraph cannot sit inside another: use text:"
                    )
                )
                continue
            children.extend(self.blocks_of(child, source, path + ("blocks", index), level))
        return m.Paragraph(self.inlines(block.para, source, path + ("para",)), number, anchor, tuple(children))

    def list_of(self, items, style: str, start: int, source: Source, path: tuple) -> m.ItemList:
        """A list; numbered items carry the marker the house style prints ("(iv)", "2.")."""
        pattern = "" if style == "bullet" else getattr(self.c.style.numbering, style)
        built = []
        for index, item in enumerate(items):
            shown = marker(pattern, style, start + index)
            if isinstance(item, str):
                built.append(m.ListItem(self.inlines(item, source, path + (index,)), (), shown))
                continue
            where = path + (index,)
            children = []
            if item.bullets:
                children.append(self.list_of(item.bullets, "bullet", 1, source, where + ("bullets",)))
            if item.numbered:
                children.append(self.list_of(item.numbered, item.style, 1, source, where + ("numbered",)))
            for i, child in enumerate(item.blocks):
                children.extend(self.blocks_of(child, source, where + ("blocks", i), 3))
            built.append(m.ListItem(self.inlines(item.text, source, where + ("text",)), tuple(children), shown))
        return m.ItemList(tuple(built), style, pattern, start)

    # ---- one method per kind -------------------------------------------------------------

    def _block_para(self, block, source, path, level) -> m.Paragraph:
        return self.paragraph(block, None, None, source, path[:-1], level)

    def _block_text(self, block, source, path, level) -> m.Paragraph:
        return m.Paragraph(self.inlines(block.text, source, path))

    def _block_heading(self, block, source, path, level) -> m.Heading:
        return m.Heading(self.inlines(block.heading, source, path), level)

    def _block_repeat(self, block, source, path, level):
        self.problems.append(source.problem(path, "repeat: sits directly in a section or paragraph"))
        return m.Paragraph(())

    def _block_bullets(self, block, source, path, level) -> m.ItemList:
        return self.list_of(block.bullets, "bullet", 1, source, path)

    def _block_numbered(self, block, source, path, level) -> m.ItemList:
        return self.list_of(block.numbered, block.style, block.start, source, path)

    def _block_quote(self, block, source, path, level) -> m.Quote:
        return m.Quote(self.inlines(block.quote, source, path))

    def _block_table(self, block, source, path, level):
        return self.tables.table(block, source, path)
