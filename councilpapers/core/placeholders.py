"""Placeholders in a house style's or a paper's words: "Appendix {number}", "{s}.{n}", "Page {page} of {pages}".

Author text is never a Python format string. A template is text with `{name}` placeholders,
each name one of the few the field allows, and `{{` or `}}` for a brace; nothing else inside
braces (no width, conversion, attribute or index). Parsing is one pass over the text, so no
template can make it slow, and filling a template only joins its pieces with the values given.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

_NAME = re.compile(r"[a-z_][a-z0-9_]*")
_BRACE = re.compile(r"[{}]")
_FIELD = re.compile(r"\{([^{}]*)\}")
_SHOWN = 40  # characters of a bad placeholder quoted in a message


class PlaceholderError(ValueError):
    """A template that is not text with the field's `{name}` placeholders, in an author's words."""


@dataclass(frozen=True)
class Template:
    """A parsed template: its pieces in order, each ("text", words) or ("field", name)."""

    pieces: tuple[tuple[str, str], ...]

    @property
    def names(self) -> frozenset[str]:
        return frozenset(value for kind, value in self.pieces if kind == "field")

    def fill(self, values: Mapping[str, str]) -> str:
        """The template's text with each placeholder replaced by its value."""
        missing = sorted(self.names - set(values))
        if missing:
            raise PlaceholderError(f"no value for {_listed(missing)}")
        return "".join(values[value] if kind == "field" else value for kind, value in self.pieces)


def parse(text: str, allowed: Collection[str]) -> Template:
    """Text → a Template whose placeholders are all in `allowed`; a PlaceholderError otherwise."""
    pieces: list[tuple[str, str]] = []
    words: list[str] = []
    position, end = 0, len(text)
    while position < end:
        brace = _next_brace(text, position)
        if brace > position:
            words.append(text[position:brace])
        if brace == end:
            break
        if text.startswith(("{{", "}}"), brace):
            words.append(text[brace])
            position = brace + 2
            continue
        if text[brace] == "}":
            raise PlaceholderError("a } with no { before it: write }} for a brace")
        field = _FIELD.match(text, brace)
        if field is None:
            raise PlaceholderError("a { with no } to close it: write {{ for a brace")
        name = field.group(1)
        _check(name, allowed)
        if words:
            pieces.append(("text", "".join(words)))
            words = []
        pieces.append(("field", name))
        position = field.end()
    if words:
        pieces.append(("text", "".join(words)))
    return Template(tuple(pieces))


def fill(template: Template | str, values: Mapping[str, str]) -> str:
    """A template (or its text, parsed against the names of `values`) with its placeholders filled."""
    parsed = template if isinstance(template, Template) else parse(template, values.keys())
    return parsed.fill(values)


def literal(text: str) -> str:
    """Text as a template that prints it as it is: its braces doubled."""
    return text.replace("{", "{{").replace("}", "}}")


def _next_brace(text: str, start: int) -> int:
    found = _BRACE.search(text, start)
    return found.start() if found else len(text)


def _check(name: str, allowed: Collection[str]) -> None:
    """A placeholder's name: one of `allowed`, with nothing but the name inside the braces."""
    names = list(allowed) if isinstance(allowed, (list, tuple)) else sorted(allowed)
    use = f"use {_listed(names)}" if names else "this text takes no placeholders: write {{ for a brace"
    shown = "{" + (name if len(name) <= _SHOWN else name[:_SHOWN] + "…") + "}"
    if _NAME.fullmatch(name):
        if name in allowed:
            return
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.6) if len(names) > 1 else []
        guess = f" (did you mean {{{close[0]}}}?)" if close else ""
        raise PlaceholderError(f"unknown placeholder {shown}{guess}; {use}")
    base = _NAME.match(name)
    if base is not None and base.group(0) in allowed and name[base.end()] in ":!.[":
        what = {":": "width or format", "!": "conversion", ".": "attribute", "[": "index"}
        raise PlaceholderError(
            f"a placeholder takes no {what[name[base.end()]]}: {shown}; write {{{base.group(0)}}} alone"
        )
    raise PlaceholderError(f"unknown placeholder {shown}; {use}")


def _listed(names: list[str]) -> str:
    """{number}; {s} or {n}; {a}, {b} or {c}."""
    shown = [f"{{{name}}}" for name in names]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]
