"""Word writer, inline pieces: text, bold, italic, figures and cross-references as runs."""

from __future__ import annotations

from councilpapers.core.errors import RenderError
from councilpapers.core.model import Inlines
from councilpapers.writers.docx.ooxml import bookmark_name, field, run, text, w


def runs(pieces: Inlines, bold: bool | None = None, italic: bool | None = None) -> list:
    """The runs (and links) for inline pieces, bold or italic where the markup says."""
    out: list = []
    for piece in pieces:
        writer = INLINE_WRITERS.get(piece.kind)
        if writer is None:
            raise RenderError(f"the Word writer has no way to show an inline piece of kind '{piece.kind}'")
        out.extend(writer(piece, bold, italic))
    return out


def _text(piece, bold, italic) -> list:
    return [run(piece.text, bold, italic)]


def _strong(piece, bold, italic) -> list:
    return runs(piece.children, True, italic)


def _emph(piece, bold, italic) -> list:
    return runs(piece.children, bold, True)


def _xref(piece, bold, italic) -> list:
    """A cross-reference as a REF field to the bookmark on the paragraph, section or appendix,
    its current text already in place: it follows Word's renumbering and links (\\h). A number
    (\\w: in full, "5.22") for a numbered paragraph or section; the bookmarked words otherwise."""
    number = " \\w" if piece.target in ("paragraph", "section") else ""
    return field(f"REF {bookmark_name(piece.anchor)}{number} \\h", piece.text)


def _link(piece, bold, italic) -> list:
    """An e-mail or web address: a HYPERLINK field, its text already in place (no relationship,
    no prompt to update fields); its hyphens do not break, so an address stays on one line."""
    runs_ = field(f'HYPERLINK "{piece.target.replace(chr(34), "")}"', piece.text)
    shown = []
    for index, part in enumerate(piece.text.split("-")):
        shown.extend(([w("noBreakHyphen")] if index else []) + ([text(part)] if part else []))
    runs_[3] = w("r", *shown)
    return runs_


INLINE_WRITERS = {"text": _text, "strong": _strong, "emph": _emph, "figure": _text, "xref": _xref, "link": _link}
