"""Inline markup in text fields: **bold**, *italic*, {figure|format}, {see:label}, {{ }}.

Parsing only: the text is split into pieces; references are resolved when composing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeAlias

# Where markup may open or close, each found by a pattern that looks at most one character either
# side, so that a text is read in one left-to-right pass (the time grows with its length, not with
# its square, whatever markers are left unclosed). A pair of markers is the opening and the first
# closing after it, and must enclose one character at least:
# **bold**: ** before a character that is not a space, closed by ** after one;
# *italic*: * not after * or a letter or digit, before a character that is neither a space nor *,
# closed by * after such a character and not before * or a letter or digit.
_STRONG_OPEN = re.compile(r"\*\*\S")
_STRONG_CLOSE = re.compile(r"(?<=\S)(?=\*\*)")
_EMPH_OPEN = re.compile(r"(?<![*\w])\*[^\s*]")
_EMPH_CLOSE = re.compile(r"(?<=[^\s*])(?=\*(?![*\w]))")
_MARK = re.compile(r"[{}*]")
_BRACE = re.compile(r"[{}]")
_REF = re.compile(r"^(see:)?([a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*)((?:\|[^|]+)*)$")


@dataclass(frozen=True)
class RefSpec:
    """A {…} reference as written: a figure path with filters, or a see: label."""

    kind: str  # figure or see
    target: str
    filters: tuple[str, ...]
    written: str


class Verbatim(str):
    """Text read from a file (an imported table cell): printed as it is, never read as markup."""


class MarkupError(ValueError):
    """Braces that are not a reference."""


# A piece of parsed text: plain text, a reference, or ('strong' | 'emph', the pieces inside).
Piece: TypeAlias = "str | tuple[str, list[Piece]] | RefSpec"


def parse_inline(text: str) -> list[Piece]:
    """Text → a list of str, ('strong', [...]), ('emph', [...]) and RefSpec pieces."""
    out: list[Piece] = []
    strong = _Closings(_STRONG_CLOSE, text)
    emph = _Closings(_EMPH_CLOSE, text)
    position = 0  # the end of the last piece of markup
    mark = _MARK.search(text)
    while mark is not None:
        start = mark.start()
        token = _token(text, start, strong, emph)
        if token is None:
            mark = _MARK.search(text, start + 1)
            continue
        kind, inside, end = token
        _add_text(out, text[position:start])  # the text before first: its problem is the first
        if kind == "brace":
            _append(out, inside)
        elif kind == "ref":
            out.append(_ref(inside))
        else:
            out.append((kind, parse_inline(inside)))
        position = end
        mark = _MARK.search(text, end)
    rest = text[position:]
    if "{" in rest or "}" in rest:
        raise MarkupError("a lone { or } in the text: write {{ or }} for a brace")
    _add_text(out, rest)
    return out


class _Closings:
    """The places in a text where a marker may close, found once, asked for in order."""

    def __init__(self, pattern: re.Pattern[str], text: str):
        self.places = [m.start() for m in pattern.finditer(text)]
        self.next = 0

    def first_from(self, start: int) -> int | None:
        """The first place at or after `start` (asked with `start` never decreasing)."""
        while self.next < len(self.places) and self.places[self.next] < start:
            self.next += 1
        return self.places[self.next] if self.next < len(self.places) else None


def _token(text: str, start: int, strong: _Closings, emph: _Closings) -> tuple[str, str, int] | None:
    """The markup that begins at `start` (a brace or *): its kind (brace, ref, strong, emph), the
    text inside it and where it ends; None when none begins there."""
    if text.startswith(("{{", "}}"), start):
        return "brace", text[start], start + 2
    if text[start] == "{":
        brace = _BRACE.search(text, start + 1)
        if brace is not None and brace.group(0) == "}":
            return "ref", text[start + 1 : brace.start()], brace.end()
        return None
    if _STRONG_OPEN.match(text, start) and (close := strong.first_from(start + 3)) is not None:
        return "strong", text[start + 2 : close], close + 2
    if _EMPH_OPEN.match(text, start) and (close := emph.first_from(start + 2)) is not None:
        return "emph", text[start + 1 : close], close + 1
    return None


def _add_text(out: list[Piece], text: str) -> None:
    if "{" in text or "}" in text:
        raise MarkupError("a lone { or } in the text: write {{ or }} for a brace")
    _append(out, text)


def _append(out: list[Piece], text: str) -> None:
    if not text:
        return
    if out and isinstance(out[-1], str):
        out[-1] += text
    else:
        out.append(text)


def _ref(body: str) -> RefSpec:
    compact = body.replace(" ", "")
    match = _REF.match(compact)
    if not match:
        raise MarkupError(f"'{{{body}}}' is not a reference: write {{table.row.column}}, {{name}} or {{see:label}}")
    see, target, filters = match.groups()
    filters = tuple(f for f in filters.split("|") if f)
    if see and filters:
        raise MarkupError(f"'{{{body}}}': a see: reference takes no format")
    return RefSpec("see" if see else "figure", target, filters, "{" + body + "}")
