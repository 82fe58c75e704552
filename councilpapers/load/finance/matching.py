"""Loading stage, figures from finance: a named cell's row still the row it names (not sorted or moved)."""

from __future__ import annotations

import difflib
import re
from typing import Any

from councilpapers.load.finance.failure import Repeated
from councilpapers.load.finance.values import shown
from councilpapers.load.schema.tables import Column, TableRow


def same_row(row: TableRow, columns: list[Column], cells: list[Any], where: tuple[str | None, int]) -> None:
    """Refuse a named cell whose row no longer carries its row's words: the rows were sorted or
    moved, and the figure there belongs to another row. Every text cell of the row is compared
    (a category such as "People" is shared by several rows; its description is not); words
    that quote a figure ({…}) are compared around it, since the workbook prints the figure."""
    words = [row[c.id] for c in columns if c.type == "text" and isinstance(row.get(c.id), str)]
    words = [w for w in words if _label_key(w)]
    keys = [_label_key(cell) for cell in cells if isinstance(cell, str) and _label_key(cell)]
    if not words or not keys:
        return
    missing = next((w for w in words if not any(_written_as(w, key) for key in keys)), None)
    if missing is not None:
        label = missing
        texts = [cell for cell in cells if isinstance(cell, str) and _label_key(cell)]
        found = max(texts, key=lambda t: difflib.SequenceMatcher(None, _label_key(t), _label_key(missing)).ratio())
        raise Repeated(
            f"this row reads {shown(found)}, not {shown(label.rstrip('* '))}: the rows have been sorted or moved, "
            "and the names stay with their cells; put the rows back in the exported order (sort only a copy)",
            ("moved", *where),
        )


def _written_as(words: str, key: str) -> bool:
    """Whether a cell (as compared) holds the words, a quoted figure ({…}) standing for anything."""
    parts = [_label_key(part) for part in re.split(r"\{[^{}]*\}", words)]
    if len(parts) == 1:
        return parts[0] == key
    if not (key.startswith(parts[0]) and key.endswith(parts[-1])):
        return False
    at = len(parts[0])
    for part in parts[1:-1]:
        found = key.find(part, at)
        if found < 0:
            return False
        at = found + len(part)
    return len(key) - len(parts[-1]) >= at


def _label_key(text: str) -> str:
    """A row label as compared: note markers ("*", "[note 2]"), spacing, punctuation and case aside."""
    return re.sub(r"[\W_]+", "", re.sub(r"\[note \d+\]", "", text).casefold())
