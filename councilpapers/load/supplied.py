"""Loading stage, a PDF supplied for an agenda item: can the pack and its publication use it?

A meeting's `document:` names a PDF in `content/meetings/`. It is opened here, when the meeting
loads, so that `build.py check` and the build refuse the same files, with the meeting file's
line: one that is encrypted (even one that opens without a password: its permissions may forbid
copying its pages, and a published copy should open anywhere), and anything that pikepdf (qpdf)
cannot read as a PDF: HTML or other text behind a `%PDF-` header, a damaged file, a PDF with no
pages. Opening it through pikepdf reads its cross-reference table and page tree; writing it to
memory reads every object the pack and its published copy will need. A build loads each meeting
for every paper (to know which are exempt), so a file is probed once while it stays unchanged.
"""

from __future__ import annotations

import io
from pathlib import Path

ENCRYPTED = "is encrypted: supply an unencrypted copy"

_probed: dict[tuple[Path, int, int], str | None] = {}  # (file, size, modified) → its problem


def supplied_problem(file: Path) -> str | None:
    """Why the PDF cannot be used, as the rest of a sentence naming it ("is encrypted: …"); None if it can."""
    stat = file.stat()
    key = (file.resolve(), stat.st_size, stat.st_mtime_ns)
    if key not in _probed:
        _probed[key] = _probe(file)
    return _probed[key]


def _probe(file: Path) -> str | None:
    import pikepdf

    try:
        with pikepdf.open(file) as pdf:
            if pdf.is_encrypted:
                return ENCRYPTED
            if not len(pdf.pages):
                return "has no pages: supply the document as a PDF with its pages"
            pdf.save(io.BytesIO())
    except pikepdf.PasswordError:
        return ENCRYPTED
    except (pikepdf.PdfError, ValueError, RuntimeError) as error:
        return f"is not a readable PDF: {_reason(error, file)}: supply a PDF saved from its source"
    return None


def _reason(error: Exception, file: Path) -> str:
    """qpdf's message in one line, without the file's path it starts with."""
    text = " ".join(str(error).split())
    for prefix in (f"{file}: ", f"{file.resolve()}: ", f"{file.name}: "):
        text = text.removeprefix(prefix)
    return text
