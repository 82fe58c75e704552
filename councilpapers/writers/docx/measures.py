"""Word writer, measures: the font, indents, tab stops and list kinds that styles, numbering and blocks share."""

from __future__ import annotations

from lxml.etree import _Element

from councilpapers.core.page import Layout
from councilpapers.writers.docx.ooxml import mm, w

# lxml ships no type information: mypy reads _Element as Any.

# Arial, not Liberation Sans: Word users have Arial, and LibreOffice (and any system with
# fontconfig's metric aliases) substitutes the metric-compatible Liberation Sans for it, so
# lines and pages break in the same places in both. Naming Liberation Sans would make Word
# substitute a font of its own choosing.
FONT = "Arial"
WORD_FONTS = {"Liberation Sans": "Arial", "Liberation Serif": "Times New Roman", "Liberation Mono": "Courier New"}
NUMBER_INDENT = mm(12)  # "1.1" then a tab: the hanging indent
CONTACT_TAB = mm(26)
QUOTE_INDENT = mm(8)
OUTLINE = 90  # abstract and instance id of section/paragraph numbering (its list and its styles)

# List kinds: (abstract numbering id, numFmt, level texts, indent step, style names by depth)
LISTS = {
    "bullet": (0, "bullet", ("•", "◦"), mm(7), ("ListBullet", "ListBullet2")),
    "decimal": (1, "decimal", ("%1.", "%2."), mm(7), ("ListNumber", "ListNumber2")),
    "roman": (2, "lowerRoman", ("(%1)", "(%2)"), mm(9), ("ListRoman", "ListRoman2")),
    "alpha": (3, "lowerLetter", ("%1.", "%2."), mm(7), ("ListAlpha", "ListAlpha2")),
}


def tabs(*stops: tuple[str, int]) -> _Element:
    return w("tabs", *(w("tab", val=kind, pos=pos) for kind, pos in stops))


def text_width(layout: Layout, landscape: bool) -> int:
    """The width between the margins, in twips, of the layout's portrait or landscape page."""
    page = layout.landscape if landscape else layout.portrait
    return mm(page.text_width_mm)


def word_font(layout: Layout | None) -> str:
    """The Word font for the layout's font: Arial for Liberation Sans (same metrics), and so on."""
    return WORD_FONTS.get(layout.font, layout.font) if layout is not None else FONT
