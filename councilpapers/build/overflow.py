"""For `check`: tables whose unbreakable runs (a long word, a URL, a figure) cannot fit between
the margins, so that the PDF would run them off the page's edge. Prose wraps anywhere it has
to; a table's automatic layout keeps each word whole."""

from __future__ import annotations

from councilpapers.core.model import Document
from councilpapers.core.textwidth import overflowing_words


def overflow_warnings(document: Document) -> list[str]:
    warnings = []
    for table, landscape in document.tables_on_pages():
        page = document.layout.landscape if landscape else document.layout.portrait
        available = page.text_width_mm
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
