"""PDF writer, layout: the HTML laid out as pages by WeasyPrint, shared by the PDF and pack writers
(the build takes a paper's page count from it, for the Word file's NUMPAGES field).

WeasyPrint fetches only the project's template files; its logged errors fail the build.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

from councilpapers.core.errors import RenderError
from councilpapers.core.paths import TEMPLATES
from councilpapers.writers.pdf.collector import fewer_collections

if TYPE_CHECKING:
    from weasyprint.document import Document
    from weasyprint.urls import URLFetcher, URLFetcherResponse

# WeasyPrint ships no type information: mypy reads its Document, URLFetcher and URLFetcherResponse as Any.


class _Collect(logging.Handler):
    """Every warning and error WeasyPrint logs. Content reaches it only as escaped text and
    validated style values, so each one is a fault in the templates or a house style."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname.lower()}: {record.getMessage()}")


def _project_fetcher() -> URLFetcher:
    """A URL fetcher that serves the project's template files and refuses everything else."""
    from weasyprint.urls import URLFetcher

    class ProjectFetcher(URLFetcher):
        def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
            parsed = urlparse(url)
            path = Path(unquote(parsed.path)).resolve() if parsed.scheme == "file" else None
            if path is None or not path.is_relative_to(TEMPLATES):
                raise ValueError(f"refused to fetch {url}: papers may only use files in templates/")
            return super().fetch(url, headers)

    return ProjectFetcher()


@contextmanager
def weasyprint_errors() -> Iterator[None]:
    """WeasyPrint's logged warnings and errors (a missing alt text, CSS it ignored) raised as one
    RenderError: none is dropped."""
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
    if handler.messages:
        raise RenderError(
            "WeasyPrint reported problems in the templates or the house style:\n  "
            + "\n  ".join(dict.fromkeys(handler.messages))
        )


def laid_out(html: str) -> Document:
    """The HTML laid out as pages by WeasyPrint, fetching only the project's template files
    (with fewer garbage collections while it does: collector.py)."""
    import weasyprint

    with fewer_collections(), weasyprint_errors():
        return weasyprint.HTML(string=html, base_url=str(TEMPLATES) + "/", url_fetcher=_project_fetcher()).render(
            pdf_variant="pdf/ua-1", pdf_tags=True
        )


def tagged_pdf(document: Document) -> bytes:
    """Laid-out pages written as a tagged PDF/UA-1 file: one structure element per HTML
    element, content outside the tree as artifacts, the language in the XMP metadata."""
    from councilpapers.writers.pdf.tags import finish_tagging, one_element_per_html_element

    with fewer_collections():
        with weasyprint_errors(), one_element_per_html_element():
            data = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True, custom_metadata=True)
        return finish_tagging(data, document.metadata.lang or "en-GB")
