"""PDF writer: the HTML laid out by WeasyPrint and written as tagged PDF/UA-1."""

from __future__ import annotations

from collections.abc import Callable

from councilpapers.core.model import Document
from councilpapers.writers.html import render_html
from councilpapers.writers.pdf.weasy import laid_out, remember_pages, tagged_pdf
from councilpapers.writers.registry import register


@register("pdf", ".pdf", "the paper as tagged, accessible PDF (PDF/UA-1)")
def write_pdf(document: Document, on_layout: Callable[[int], None] | None = None) -> bytes:
    """The PDF; `on_layout` hears the page count as soon as the pages are laid out, before
    they are written (a build on two cores starts the Word file then)."""

    def laid_out_pages(count: int) -> None:
        remember_pages(document, count)
        if on_layout is not None:
            on_layout(count)

    return pdf_from_html(render_html(document), laid_out_pages)


def pdf_from_html(html: str, on_layout: Callable[[int], None] | None = None) -> bytes:
    """The paper's print HTML as a tagged PDF: what a worker process needs of the PDF writer,
    sent the HTML rather than the Document (no model to unpickle, no templates to render)."""
    pages = laid_out(html)
    if on_layout is not None:
        on_layout(len(pages.pages))
    return tagged_pdf(pages)
