"""Composing stage, context: the paper, its house style, words and numbering, as every part of composing reads them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from councilpapers.core import model as m
from councilpapers.core.placeholders import fill
from councilpapers.load.paper import LoadedPaper
from councilpapers.load.schema.paper import NumberingOverride
from councilpapers.load.style import HouseStyle, Labels
from councilpapers.load.yamlsource import Path_, Source

Inlines = Callable[[str, Source, Path_], m.Inlines]  # text as inlines, its problems located at the path


@dataclass(frozen=True)
class Context:
    """What the front sheet, the layout, the numbering and the blocks share (filled by document.py)."""

    loaded: LoadedPaper
    style: HouseStyle
    labels: Labels  # the house style's words, with the paper's own labels over them
    council: str
    section_format: str  # "{n}." or "" (unnumbered)
    paragraph_format: str  # "{s}.{n}" or "" (unnumbered)

    def anchor(self, name: str) -> str:
        """An id unique in any pack: the paper's slug, then the name."""
        return f"{self.loaded.slug}-{name}"

    def section_number(self, n: int) -> str:
        return fill(self.section_format, {"n": str(n)}) if self.section_format else ""

    def paragraph_number(self, section: int, n: int) -> str | None:
        return fill(self.paragraph_format, {"s": str(section), "n": str(n)}) if self.paragraph_format else None


def context_of(loaded: LoadedPaper) -> Context:
    """The paper's context: its council, labels and numbering, the paper's own choices over its style's."""
    style, paper = loaded.style, loaded.paper
    labels = Labels.model_validate(
        {**style.labels.model_dump(), **{k: v for k, v in paper.labels.items() if k in Labels.model_fields}}
    )
    return Context(
        loaded,
        style,
        labels,
        paper.council or style.council or "",
        _override(paper.numbering, "sections", style.numbering.sections),
        _override(paper.numbering, "paragraphs", style.numbering.paragraphs),
    )


def _override(numbering: NumberingOverride | None, field: Literal["sections", "paragraphs"], default: str) -> str:
    value: str | None = getattr(numbering, field) if numbering is not None else None
    return default if value is None else value
