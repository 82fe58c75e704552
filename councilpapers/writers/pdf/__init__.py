"""PDF writer: the HTML laid out by WeasyPrint and written as tagged PDF/UA-1.

In two steps for a build that needs the page count too (the Word file shows it): `lay_out`
then `write_laid_out`; `write_pdf` does both."""

from __future__ import annotations

from typing import TYPE_CHECKING

from councilpapers.core.model import Document
from councilpapers.writers.html import render_html
from councilpapers.writers.pdf.weasy import laid_out, tagged_pdf

if TYPE_CHECKING:
    from weasyprint.document import Document as LaidOut  # WeasyPrint ships no types: Any to mypy


def write_pdf(document: Document) -> bytes:
    return write_laid_out(lay_out(document))


def lay_out(document: Document) -> LaidOut:
    """The paper laid out as pages (WeasyPrint's document): `len(pages.pages)` is its page count."""
    return laid_out(render_html(document))


def write_laid_out(pages: LaidOut) -> bytes:
    """The pages of `lay_out` (or of `laid_out(html)`, in a worker sent the HTML) as a tagged PDF."""
    return tagged_pdf(pages)
