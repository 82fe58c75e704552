"""PDF writer: pydyf's page references computed once while WeasyPrint writes the tags.

In pydyf 0.13 `PDF.page_references` is a property that builds a tuple of every page's reference
from `pages["Kids"]` each time it is read, and WeasyPrint 70's tagging reads it for each
structure element it makes: 4,702 times for the February paper's 34 pages, so its cost grows
with pages × elements. Every page is in the PDF before the tags are written, so
`page_references_once(pdf)` gives the PDF, for that time, a subclass whose property keeps the
tuple it built and builds it again only if the number of pages has changed (it cannot while tags
are written; the check makes the shim safe anywhere). The bytes written are the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pydyf  # ships no type information: its PDF is Any to mypy

_CACHED = "_councilpapers_page_references"  # (page count, references), on the PDF while the shim is on


@cache
def _once() -> type:
    """pydyf.PDF with `page_references` kept while the page count stays the same."""
    import pydyf

    class PageReferencesOnce(pydyf.PDF):  # type: ignore[misc]  # pydyf is Any to mypy
        @property
        def page_references(self) -> tuple[bytes, ...]:
            count = len(self.pages["Kids"])
            cached: tuple[int, tuple[bytes, ...]] | None = self.__dict__.get(_CACHED)
            if cached is None or cached[0] != count:
                cached = (count, pydyf.PDF.page_references.fget(self))
                self.__dict__[_CACHED] = cached
            return cached[1]

    return PageReferencesOnce


def applies(pdf: pydyf.PDF) -> bool:
    """Whether the shim fits this PDF: exactly pydyf's PDF, whose page_references is a property."""
    import pydyf

    return type(pdf) is pydyf.PDF and isinstance(getattr(pydyf.PDF, "page_references", None), property)


@contextmanager
def page_references_once(pdf: pydyf.PDF) -> Iterator[None]:
    """While inside: `pdf.page_references` built once (again only if a page is added); after,
    the PDF is pydyf's own again. A PDF the shim does not fit is left as it is."""
    if not applies(pdf):
        yield
        return
    original = type(pdf)
    pdf.__class__ = _once()
    try:
        yield
    finally:
        pdf.__class__ = original
        pdf.__dict__.pop(_CACHED, None)
