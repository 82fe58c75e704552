"""Text widths without laying anything out: a table's columns as a browser's automatic table
layout would size them (the Word writer's table grid) and the words that cannot fit (check).

Widths are in twips (1/20 pt) of text in the table text size, in Arial's metrics (Liberation
Sans, the bundled font, has the same advance widths).
"""

from __future__ import annotations

from councilpapers.core.model import Table, plain

CELL_PADDING = 160  # left and right cell margins of the Council Table style
POINTS = 9  # the Table Text size
BOLD = 1.1  # bold text (headers, totals) is about a tenth wider
SLACK = 1.1  # room so that a figure never wraps where widths round


def column_widths(table: Table, available: int) -> list[int]:
    """Widths in twips, as a browser lays out an automatic table: each column at least its longest
    word (a figure's whole text), the room left shared by how much more each column could use."""
    bounds = [column_bounds(table, index) for index in range(len(table.columns))]
    least, most = [b[0] for b in bounds], [b[1] for b in bounds]
    if sum(most) <= available:
        return settle(most, available)
    if sum(least) >= available:
        return settle(least, available)
    spare, flex = available - sum(least), [b - a for a, b in bounds]
    return settle([a + spare * f / sum(flex) for a, f in zip(least, flex)], available)


def column_bounds(table: Table, index: int) -> tuple[float, float]:
    column = table.columns[index]
    texts = [plain(r.cells[index].inlines) for r in table.rows if r.role != "heading"]
    labels = [text for text in (column.header, column.subheader, column.unit) if text]
    unbroken = [measure(t, BOLD) for t in texts] if column.numeric else [measure(longest_word(t), BOLD) for t in texts]
    least = max(unbroken + [measure(longest_word(t), BOLD) for t in labels]) * SLACK
    most = max([measure(t) for t in texts] + [measure(t, BOLD) for t in labels])
    return least + CELL_PADDING, max(least, most) + CELL_PADDING


def settle(widths: list[float], available: int) -> list[int]:
    """Widths scaled to fill the available width exactly, in whole twips."""
    scale = available / sum(widths)
    whole = [int(width * scale) for width in widths]
    whole[-1] += available - sum(whole)
    return whole


def longest_word(text: str) -> str:
    return max(text.split(), key=measure, default="")


def measure(text: str, factor: float = 1.0) -> float:
    """Width in twips of text in 9pt Arial (Liberation Sans has the same widths); bold is wider."""
    return sum(ADVANCE.get(c, 556) for c in text) * POINTS * 20 * factor / 1000


# Arial's advance widths in thousandths of an em; any other character counts as 556.
ADVANCE = {
    char: width
    for width, chars in {
        191: "'",
        222: "ijl‘’",
        278: " !,./:;I[]\\ft",
        333: "()-r`“”",
        355: '"',
        389: "*",
        469: "^",
        500: "Jckvxyzs",
        584: "+<=>",
        611: "FTZ",
        667: "ABEKPSVXY&",
        722: "CDHNRUw",
        778: "GOQ",
        833: "Mm",
        889: "%",
        944: "W",
        1015: "@",
    }.items()
    for char in chars
}


TWIPS_PER_MM = 1440 / 25.4


def overflowing_words(table: Table, available_mm: float, points: float) -> tuple[float, list[tuple[str, str]]] | None:
    """Where a table's unbreakable runs (its longest words, its figures) need more than the
    width between the margins at `points` text size, the width they need in mm and, widest
    first, each column's header with the run that holds it open; None where they fit.
    The narrowest each column can be, as a browser's automatic table layout makes it: its
    widest unbreakable run (bold in header and total rows) and the cell's padding."""
    if not table.columns:
        return None
    scale = points / POINTS
    runs = [_widest_run(table, i) for i in range(len(table.columns))]
    least = [width * scale + CELL_PADDING for _, width in runs]
    needed = sum(least) / TWIPS_PER_MM
    if needed <= available_mm:
        return None
    order = sorted(range(len(least)), key=lambda i: -least[i])
    return needed, [(table.columns[i].header, runs[i][0]) for i in order]


def _widest_run(table: Table, index: int) -> tuple[str, float]:
    column = table.columns[index]
    runs: list[tuple[str, float]] = []
    for row in table.rows:
        if row.role == "heading":
            continue
        text = plain(row.cells[index].inlines)
        run = text if column.numeric else longest_word(text)
        runs.append((run, measure(run, BOLD if row.role == "total" else 1.0)))
    for label in (column.header, column.subheader, column.unit):
        if label:
            runs.append((longest_word(label), measure(longest_word(label), BOLD)))
    return max(runs, key=lambda r: r[1], default=("", 0.0))
