"""The page as every writer lays it out: sizes and margins, fonts, colours, running header and footer,
decided once by the composing stage from the house style."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Page:
    width_mm: float
    height_mm: float
    margins_mm: tuple[float, float, float, float]  # top, right, bottom, left

    @property
    def text_width_mm(self) -> float:
        """The width between the margins."""
        return self.width_mm - self.margins_mm[1] - self.margins_mm[3]


@dataclass(frozen=True)
class Running:
    """A running header or footer: three slots of pieces, each piece text or a page field
    ("page", "pages"; "item" and "item_page" once the paper sits in an agenda pack)."""

    left: tuple[tuple[str, str], ...] = ()
    center: tuple[tuple[str, str], ...] = ()
    right: tuple[tuple[str, str], ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.left or self.center or self.right)


@dataclass(frozen=True)
class Layout:
    """Every layout decision, made once from the house style, for every writer."""

    portrait: Page
    landscape: Page
    font: str
    font_size: float  # body text, pt
    table_font_size: float  # figure tables, pt
    front_table_font_size: float
    colours: tuple[tuple[str, str], ...]  # (name, "#rrggbb"): text, rule, header_fill, heading_fill
    header: Running
    footer: Running
    label_width_mm: float = 32  # the front sheet's labels beside their values
    section_numbers: str = "{n}."  # the house style's section numbers ("" for none)
    paragraph_numbers: str = "{s}.{n}"  # and numbered paragraphs' ("" for none)
    pack_header: Running = Running()  # the paper's pages inside an agenda pack
    pack_footer: Running = Running()
    fonts: tuple[tuple[str, Path], ...] = ()  # the house font's faces (Regular, Bold …) and their files

    def colour(self, name: str) -> str:
        return dict(self.colours)[name]
