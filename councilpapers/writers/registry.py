"""Writing stage: one registry of writers, each turning a Document into one file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from councilpapers.core.model import Document


@dataclass(frozen=True)
class Writer:
    name: str
    suffix: str
    render: Callable[[Document], bytes]  # the whole file, in memory; written atomically
    description: str
    applies: Callable[[Document], bool]  # whether a paper gets this file at all


WRITERS: dict[str, Writer] = {}


def register(name: str, suffix: str, description: str, applies: Callable[[Document], bool] = lambda d: True):
    """Declare a writer: `@register("pdf", ".pdf", "…")` on a function Document → bytes."""

    def wrap(render: Callable[[Document], bytes]):
        WRITERS[name] = Writer(name, suffix, render, description, applies)
        return render

    return wrap


def load_writers() -> dict[str, Writer]:
    """Import the writer modules (they register themselves) and return the registry."""
    from councilpapers.writers import docx, html, modeljson, pdf, web, xlsx  # noqa: F401

    return WRITERS


DEFAULT_WRITERS = ("pdf", "docx", "xlsx", "web")
# Each writer's file suffix, known without importing the writers (an up-to-date build imports none).
SUFFIXES = {
    "pdf": ".pdf",
    "docx": ".docx",
    "xlsx": ".xlsx",
    "web": ".html",
    "html": ".print.html",
    "model": ".model.json",
}
