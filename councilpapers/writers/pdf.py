"""PDF writer: the HTML laid out by WeasyPrint and written as tagged PDF/UA-1."""

from __future__ import annotations

from ..model import Document
from . import register
from .html import render_html
from .weasy import laid_out, remember_pages, tagged_pdf


@register("pdf", ".pdf", "the paper as tagged, accessible PDF (PDF/UA-1)")
def write_pdf(document: Document) -> bytes:
    pages = laid_out(render_html(document))
    remember_pages(document, len(pages.pages))
    return tagged_pdf(pages)
