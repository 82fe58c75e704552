"""Word writer, blocks: numbered paragraphs, headings, lists, quotes and tables in reading order."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from lxml.etree import _Element

from councilpapers.core.errors import RenderError
from councilpapers.core.model import Block, FieldLines, Heading, ItemList, Paragraph, Quote, Table
from councilpapers.core.textwidth import measure
from councilpapers.writers.docx.inlines import runs
from councilpapers.writers.docx.layout import State, change_orientation
from councilpapers.writers.docx.measures import CONTACT_TAB, LISTS, NUMBER_INDENT, QUOTE_INDENT, tabs
from councilpapers.writers.docx.ooxml import W, bookmarked, indent, mm, paragraph, run, tab, w
from councilpapers.writers.docx.tables import Fills, figure_table, front_table

# lxml ships no type information: mypy reads _Element as Any.

GAP_AFTER_TABLE = 240  # 12pt between a table and the text that follows it


@dataclass(frozen=True)
class Context:
    """Where a block sits: how far its paragraph indents it, and how deep in lists."""

    offset: int = 0
    depth: int = 0


def write_blocks(state: State, blocks: Iterable[Block], context: Context = Context()) -> None:
    for block in blocks:
        writer = BLOCK_WRITERS.get(block.kind)
        if writer is None:
            raise RenderError(f"the Word writer has no way to show a block of kind '{block.kind}'")
        writer(state, block, context)


def gap(state: State) -> dict[str, _Element]:
    """Room above the first paragraph after a table (Word puts none there)."""
    return {"spacing": w("spacing", before=GAP_AFTER_TABLE)} if state.after_table else {}


def heading_style(level: int) -> str:
    """The model's level 1 is the paper's title (Word's Title); its sections are Heading 1."""
    return f"Heading{min(max(level - 1, 1), 6)}"


# ---- one function per kind of block ------------------------------------------------------


def _paragraph(state: State, block: Paragraph, context: Context) -> None:
    if block.number:
        content = bookmarked(state.bookmark(), block.anchor, runs(block.inlines))
        state.add(paragraph("NumberedParagraph", *content, **gap(state)))
        write_blocks(state, block.children, Context(context.offset + NUMBER_INDENT, context.depth))
        return
    style = ("Normal", "ListContinue", "ListContinue2")[min(context.depth, 2)]
    step = LISTS["bullet"][3] * min(context.depth, 2)
    extra = {"ind": indent(context.offset + step)} if context.offset else {}
    state.add(paragraph(style, *runs(block.inlines), **gap(state), **extra))
    write_blocks(state, block.children, context)


def _heading(state: State, block: Heading, context: Context) -> None:
    content = bookmarked(state.bookmark(), block.anchor, runs(block.inlines))
    state.add(paragraph(heading_style(block.level), *content, **gap(state)))


def _list(state: State, block: ItemList, context: Context) -> None:
    if block.style not in LISTS:
        raise RenderError(f"the Word writer has no way to show a list of style '{block.style}'")
    _, _, _, step, styles = LISTS[block.style]
    level = min(context.depth, 1)
    number = None if block.style == "bullet" else state.numbering.restart(block.style, block.pattern, block.start)
    offset = context.offset + step * max(context.depth - 1, 0)
    for index, item in enumerate(block.items):
        parts = {"numPr": w("numPr", w("ilvl", val=level), w("numId", val=number))} if number else {}
        parts.update({"ind": indent(offset + step * (level + 1), step)} if offset else {})
        if index == len(block.items) - 1 and context.depth == 0:
            parts["spacing"] = w("spacing", after=154)
        state.add(paragraph(styles[level], *runs(item.inlines), **parts))
        write_blocks(state, item.children, Context(context.offset, context.depth + 1))


def _quote(state: State, block: Quote, context: Context) -> None:
    extra = {"ind": indent(context.offset + QUOTE_INDENT)} if context.offset else {}
    state.add(paragraph("Quote", *runs(block.inlines), **gap(state), **extra))


def _fields(state: State, block: FieldLines, context: Context) -> None:
    """Labelled lines (a contact, yes/no answers): one paragraph, a tab after each label, the
    values lined up past the longest label."""
    content: list[_Element] = []
    for index, (label, value) in enumerate(block.lines):
        if index:
            content.append(w("r", w("br")))
        content.extend([run(label), tab(), *runs(value)])
    longest = max((measure(label, state.layout.font_size / 9) for label, _ in block.lines), default=0)
    stop = max(CONTACT_TAB, round(longest) + mm(3))
    extra = {"tabs": tabs(("clear", CONTACT_TAB), ("left", stop))} if stop > CONTACT_TAB else {}
    state.add(paragraph("ContactDetails", *content, **extra, **gap(state)))


def _table(state: State, block: Table, context: Context) -> None:
    if block.variant == "front":
        state.add(front_table(block, state.width, Fills.of(state.layout).header))
        state.after_table = True
        return
    turn = block.landscape and not state.landscape
    if turn:
        change_orientation(state, True)
    before = state.last()
    if before is not None and before.tag == f"{{{W}}}tbl":
        state.add(paragraph("Normal", spacing=w("spacing", after=0)))  # or the two tables merge
    elif before is not None and before.find(f".//{{{W}}}sectPr") is None:
        keep_with_next(before)
    if block.title:
        extra = {"ind": indent(context.offset)} if context.offset else {}
        state.add(paragraph("Caption", run(block.title), **gap(state), **extra))
    state.add(figure_table(block, state.width - context.offset, context.offset, Fills.of(state.layout)))
    extra = {"ind": indent(context.offset)} if context.offset else {}
    for note in block.notes + block.differences:  # its own notes, then those of published figures it differs from
        state.add(paragraph("TableNote", *runs(note), **extra))
    state.after_table = not (block.notes or block.differences)
    if turn:
        change_orientation(state, False)


def keep_with_next(element: _Element) -> None:
    """Keep a paragraph that introduces a table on the same page as the table's first rows
    (headings keep with what follows by their style)."""
    if element.tag != f"{{{W}}}p":
        return
    props = element.get_or_add_pPr()
    if props.find(f"{{{W}}}keepNext") is not None:
        return
    style = props.find(f"{{{W}}}pStyle")
    if style is None:
        props.insert(0, w("keepNext"))
    elif not style.get(f"{{{W}}}val").startswith("Heading"):
        style.addnext(w("keepNext"))


# Each writer takes the one kind of block its key names (Any: mypy cannot tie a value's type to its key).
BLOCK_WRITERS: dict[str, Callable[[State, Any, Context], None]] = {
    "paragraph": _paragraph,
    "heading": _heading,
    "list": _list,
    "quote": _quote,
    "table": _table,
    "fields": _fields,
}
