"""Writing stage: every writer declared once (name, file suffix, description, the papers it
applies to, where its render function lives), its module imported only when it renders."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from councilpapers.core.model import Document


def every_paper(document: Document) -> bool:
    return True


def has_tables_or_figures(document: Document) -> bool:
    """The workbook's papers: those with tables, or named figures (for the round trip)."""
    return bool(document.tables() or document.figures)


@dataclass(frozen=True)
class Writer:
    name: str
    suffix: str
    description: str
    function: str  # where its render function lives: "package.module:function", Document → bytes
    applies: Callable[[Document], bool] = every_paper  # whether a paper gets this file at all
    needs_pages: bool = False  # it prints the page count: the build gives it the PDF layout's (Document.pages)

    @property
    def render(self) -> Callable[[Document], bytes]:
        """The render function (the whole file, in memory), its module imported now."""
        module, name = self.function.split(":")
        render: Callable[[Document], bytes] = getattr(importlib.import_module(module), name)
        return render


WRITERS: dict[str, Writer] = {
    w.name: w
    for w in (
        Writer(
            "pdf",
            ".pdf",
            "the paper as tagged, accessible PDF (PDF/UA-1)",
            "councilpapers.writers.pdf:write_pdf",
        ),
        Writer(
            "docx",
            ".docx",
            "the paper as an editable Word document (real headings, lists and table styles)",
            "councilpapers.writers.docx:write_docx",
            needs_pages=True,
        ),
        Writer(
            "xlsx",
            ".xlsx",
            "the tables and named figures as an accessible workbook, live formulas with their values",
            "councilpapers.writers.xlsx:write_xlsx",
            applies=has_tables_or_figures,
        ),
        Writer("web", ".html", "the paper as an accessible web page", "councilpapers.writers.web:write_web"),
        Writer("html", ".print.html", "the HTML the PDF is printed from", "councilpapers.writers.html:write_html"),
        Writer(
            "model",
            ".model.json",
            "the composed document model as JSON (figures, numbering, formulas)",
            "councilpapers.writers.modeljson:write_model",
        ),
    )
}

DEFAULT_WRITERS = ("pdf", "docx", "xlsx", "web")
