"""For `check`: tables whose unbreakable runs (a long word, a URL, a figure) cannot fit between
the margins, so that the PDF would run them off the page's edge. Prose wraps anywhere it has
to; a table's automatic layout keeps each word whole."""

from __future__ import annotations

from .model import Document, Table, tables_of
from .textwidth import overflowing_words


def overflow_warnings(document: Document) -> list[str]:
    warnings = []
    for table, landscape in _tables_with_orientation(document):
        page = document.layout.landscape if landscape else document.layout.portrait
        available = page.width_mm - page.margins_mm[1] - page.margins_mm[3]
        figures = table.variant == "figures"
        points = document.layout.table_font_size if figures else document.layout.front_table_font_size
        found = overflowing_words(table, available, points)
        if found is None:
            continue
        needed, columns = found
        header, run = columns[0]
        shown = run if len(run) <= 40 else run[:37] + "…"
        warnings.append(
            f"{document.slug}: table {table.id} ('{table.caption}') needs {needed:.0f} mm for the words it cannot "
            f"break but the page has {available:.0f} mm, so it would run off the page: the widest is "
            f"'{shown}' in column '{header}'; shorten it or add spaces (a long address: put it in the text)"
        )
    return warnings


def _tables_with_orientation(document: Document) -> list[tuple[Table, bool]]:
    """Every table with whether its page is landscape (its own, or its appendix's)."""
    found: list[tuple[Table, bool]] = []
    for section in document.sections:
        found += [(t, t.landscape) for t in tables_of(section.blocks)]
    stack = [(a, a.landscape) for a in document.appendices]
    while stack:
        appendix, landscape = stack.pop(0)
        found += [(t, landscape or t.landscape) for t in tables_of(appendix.blocks)]
        stack[:0] = [(part, part.landscape) for part in appendix.parts]
    return [(t, landscape) for t, landscape in found if t.rows]
