"""Inline markup in text fields: **bold**, *italic*, {figure|format}, {see:label}, {{ }}.

Parsing only: the text is split into pieces; references are resolved when composing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeAlias

_TOKEN = re.compile(
    r"\{\{|\}\}|\{([^{}]*)\}|\*\*(?=\S)(.+?)(?<=\S)\*\*|(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])", re.S
)
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
    position = 0
    for match in _TOKEN.finditer(text):
        _add_text(out, text[position : match.start()])
        token = match.group(0)
        if token in ("{{", "}}"):
            _append(out, token[0])
        elif match.group(1) is not None:
            out.append(_ref(match.group(1)))
        elif match.group(2) is not None:
            out.append(("strong", parse_inline(match.group(2))))
        else:
            out.append(("emph", parse_inline(match.group(3))))
        position = match.end()
    rest = text[position:]
    if "{" in rest or "}" in rest:
        raise MarkupError("a lone { or } in the text: write {{ or }} for a brace")
    _add_text(out, rest)
    return out


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
