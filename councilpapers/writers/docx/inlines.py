"""Word writer, inline pieces: text, bold, italic, figures and cross-references as runs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lxml.etree import _Element

from councilpapers.core.errors import RenderError
from councilpapers.core.model import Emph, Figure, Inlines, Link, Strong, Text, Xref
from councilpapers.writers.docx.ooxml import bookmark_name, field, run, text, w

# lxml ships no type information: mypy reads _Element as Any.


def runs(pieces: Inlines, bold: bool | None = None, italic: bool | None = None) -> list[_Element]:
    """The runs (and links) for inline pieces, bold or italic where the markup says."""
    out: list[_Element] = []
    for piece in pieces:
        writer = INLINE_WRITERS.get(piece.kind)
        if writer is None:
            raise RenderError(f"the Word writer has no way to show an inline piece of kind '{piece.kind}'")
        out.extend(writer(piece, bold, italic))
    return out


def _text(piece: Text | Figure, bold: bool | None, italic: bool | None) -> list[_Element]:
    return [run(piece.text, bold, italic)]


def _strong(piece: Strong, bold: bool | None, italic: bool | None) -> list[_Element]:
    return runs(piece.children, True, italic)


def _emph(piece: Emph, bold: bool | None, italic: bool | None) -> list[_Element]:
    return runs(piece.children, bold, True)


def _xref(piece: Xref, bold: bool | None, italic: bool | None) -> list[_Element]:
    """A cross-reference as a REF field to the bookmark on the paragraph, section or appendix,
    its current text already in place: it follows Word's renumbering and links (\\h). A number
    (\\w: in full, "5.22") for a numbered paragraph or section; the bookmarked words otherwise."""
    number = " \\w" if piece.target in ("paragraph", "section") else ""
    return field(f"REF {bookmark_name(piece.anchor)}{number} \\h", piece.text)


def _link(piece: Link, bold: bool | None, italic: bool | None) -> list[_Element]:
    """An e-mail or web address: a HYPERLINK field, its text already in place (no relationship,
    no prompt to update fields); its hyphens do not break, so an address stays on one line."""
    runs_ = field(f'HYPERLINK "{piece.target.replace(chr(34), "")}"', piece.text)
    shown: list[_Element] = []
    for index, part in enumerate(piece.text.split("-")):
        shown.extend(([w("noBreakHyphen")] if index else []) + ([text(part)] if part else []))
    runs_[3] = w("r", *shown)
    return runs_


# Each writer takes the one kind of piece its key names (Any: mypy cannot tie a value's type to its key).
INLINE_WRITERS: dict[str, Callable[[Any, bool | None, bool | None], list[_Element]]] = {
    "text": _text,
    "strong": _strong,
    "emph": _emph,
    "figure": _text,
    "xref": _xref,
    "link": _link,
}
