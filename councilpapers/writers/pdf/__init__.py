"""PDF writer: the HTML laid out by WeasyPrint and written as tagged PDF/UA-1.

In two steps for a build that needs the page count too (the Word file shows it): `lay_out`
then `write_laid_out`; `write_pdf` does both. Nothing is imported until one is called, so the
build can import `collector` (the garbage collector's settings) before it forks, cheaply."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from weasyprint.document import Document as LaidOut  # WeasyPrint ships no types: Any to mypy

    from councilpapers.core.model import Document


def write_pdf(document: Document) -> bytes:
    from councilpapers.writers.pdf.collector import fewer_collections

    with fewer_collections():  # one region for the layout and the write
        return write_laid_out(lay_out(document))


def lay_out(document: Document) -> LaidOut:
    """The paper laid out as pages (WeasyPrint's document): `len(pages.pages)` is its page count."""
    from councilpapers.writers.html import render_html
    from councilpapers.writers.pdf.weasy import laid_out

    return laid_out(render_html(document))


def write_laid_out(pages: LaidOut) -> bytes:
    """The pages of `lay_out` (or of `laid_out(html)`, in a worker sent the HTML) as a tagged PDF."""
    from councilpapers.writers.pdf.weasy import tagged_pdf

    return tagged_pdf(pages)
