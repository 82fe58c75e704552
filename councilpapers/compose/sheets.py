"""Composing stage, sheet names: the workbook sheet of every table, named once for every reader
of the Document (the workbook writer, diff)."""

from __future__ import annotations

import re
from dataclasses import replace

from councilpapers.core import model as m

LONGEST = 31  # Excel's limit for a sheet name
_UNSAFE = re.compile(r"[\[\]:*?\\]")

# Words a name cut short must not end on ("Children's Services and").
_DANGLING = frozenset(
    ["a", "an", "and", "at", "by", "for", "from", "in", "into", "of", "on", "or", "per", "the", "to", "with", "within"]
)


def with_sheet_names(document: m.Document) -> m.Document:
    """The document with every table's final sheet name in `Table.sheet`."""
    names = sheet_names(document.tables())
    return replace(
        document,
        sections=tuple(replace(s, blocks=_named(s.blocks, names)) for s in document.sections),
        appendices=tuple(_named_appendix(a, names) for a in document.appendices),
    )


def sheet_names(tables: list[m.Table]) -> dict[str, str]:
    """Table id → its sheet: the author's choice first, then one from each table's title or
    caption in reading order; none one of the workbook's own sheets, none twice (' (2)')."""
    taken = {sheet.casefold() for sheet in m.WORKBOOK_SHEETS}
    chosen = {t.id: _take(t.sheet, taken) for t in tables if t.sheet}
    return {t.id: chosen.get(t.id) or _take(sheet_title(t), taken) for t in tables}


def sheet_title(table: m.Table) -> str:
    """The sheet name the author chose for the table, or a readable one from its title or
    caption within Excel's 31 characters, cut at a word and not ending on "and" or "of":
    "Children's Services and Education net budgets …" → "Children's Services", "Budget 2017/18"
    → "Budget 2017-18"."""
    if table.sheet:
        return table.sheet
    text = (table.title or table.caption or table.id).replace("/", "-")
    text = re.sub(r"\s+", " ", _UNSAFE.sub(" ", text)).strip().strip("'").strip()
    if len(text) > LONGEST:
        words = (text[: LONGEST + 1].rsplit(" ", 1)[0] if " " in text[: LONGEST + 1] else text[:LONGEST]).split(" ")
        while len(words) > 1 and words[-1].strip(",;-–(").casefold() in _DANGLING | {""}:
            words.pop()
        text = " ".join(words).rstrip(" ,;-–(").strip()
    return text or table.id[:LONGEST]


def _take(name: str, taken: set[str]) -> str:
    """The name cut to 31 characters, numbered ' (2)', ' (3)' … while it clashes (case-insensitively)."""
    candidate, n = name[:LONGEST], 1
    while candidate.casefold() in taken:
        n += 1
        suffix = f" ({n})"
        candidate = f"{name[: LONGEST - len(suffix)].rstrip()}{suffix}"
    taken.add(candidate.casefold())
    return candidate


def _named(blocks: tuple[m.Block, ...], names: dict[str, str]) -> tuple[m.Block, ...]:
    return tuple(_named_block(block, names) for block in blocks)


def _named_block(block: m.Block, names: dict[str, str]) -> m.Block:
    if isinstance(block, m.Table) and block.id in names:
        return replace(block, sheet=names[block.id])
    if isinstance(block, m.Paragraph):
        return replace(block, children=_named(block.children, names))
    if isinstance(block, m.ItemList):
        items = tuple(replace(item, children=_named(item.children, names)) for item in block.items)
        return replace(block, items=items)
    return block


def _named_appendix(appendix: m.Appendix, names: dict[str, str]) -> m.Appendix:
    parts = tuple(_named_appendix(part, names) for part in appendix.parts)
    return replace(appendix, blocks=_named(appendix.blocks, names), parts=parts)
