"""Composing stage, layout: page, fonts, colours and running header and footer, from the style.

Decided once here, read by every writer: no writer chooses a margin or a footer.
"""

from __future__ import annotations

from dataclasses import replace

from councilpapers.compose.context import Context
from councilpapers.core import page
from councilpapers.core.dates import long_date
from councilpapers.core.placeholders import parse
from councilpapers.load.schema.placeholders import RUNNING
from councilpapers.load.style import FONT_FACES, PAGE_SIZES, HouseStyle, RunningStyle, font_file

FIELDS = ("page", "pages", "item", "item_page")
PACK_FIELDS = FIELDS + ("committee", "date")  # in a pack, the meeting's committee and date


def compose_layout(c: Context) -> page.Layout:
    return replace(
        layout_of(c.style, _values(c)), section_numbers=c.section_format, paragraph_numbers=c.paragraph_format
    )


def layout_of(style: HouseStyle, values: dict[str, str]) -> page.Layout:
    """The layout a style gives a document whose placeholders have these values."""
    width, height = PAGE_SIZES[style.page.size]
    return page.Layout(
        portrait=page.Page(width, height, _margins(style.page.margins_mm)),
        landscape=page.Page(height, width, _margins(style.page.landscape_margins_mm)),
        font=style.fonts.family,
        font_size=style.fonts.size_pt,
        table_font_size=style.fonts.table_size_pt,
        front_table_font_size=style.fonts.front_table_size_pt,
        colours=tuple(style.colours.model_dump().items()),
        header=running(style.header, values),
        footer=running(style.footer, values),
        label_width_mm=style.front_label_width_mm,
        pack_header=running(style.pack_header, values, PACK_FIELDS),
        pack_footer=running(style.pack_footer, values, PACK_FIELDS),
        fonts=tuple((face, font_file(style.fonts.family, face)) for face in FONT_FACES),
    )


def _margins(mm: list[float]) -> tuple[float, float, float, float]:
    """Top, right, bottom, left: the style's four margins (the schema allows no more or fewer)."""
    top, right, bottom, left = mm
    return top, right, bottom, left


def _values(c: Context) -> dict[str, str]:
    paper = c.loaded.paper
    first = min(paper.report_to, key=lambda r: r.date) if paper.report_to else None
    return {
        "council": c.council,
        "subject": paper.subject,
        "committee": first.body if first else "",
        "date": long_date(first.date) if first else "",
        "report_type": paper.report_type,
    }


def running(style: RunningStyle, values: dict[str, str], fields: tuple[str, ...] = FIELDS) -> page.Running:
    return page.Running(*(pieces(getattr(style, slot), values, fields) for slot in ("left", "center", "right")))


def pieces(text: str, values: dict[str, str], fields: tuple[str, ...] = FIELDS) -> tuple[tuple[str, str], ...]:
    """'Page {page} of {pages}' → (('text', 'Page '), ('field', 'page'), ('text', ' of '), ('field', 'pages'))."""
    out = [
        (kind, value) if kind == "text" or value in fields else ("text", values.get(value, ""))
        for kind, value in parse(text, RUNNING).pieces
    ]
    merged: list[tuple[str, str]] = []
    for kind, value in out:
        if kind == "text" and merged and merged[-1][0] == "text":
            merged[-1] = ("text", merged[-1][1] + value)
        elif value or kind == "field":
            merged.append((kind, value))
    return tuple(merged)
