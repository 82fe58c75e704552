"""Comparing stage, the words: sections, paragraphs and other texts added, removed or
reworded between two composed papers, each figure read as its reference."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from councilpapers.compare.figures import parts, pieces
from councilpapers.core import model as m


@dataclass(frozen=True)
class TextChange:
    kind: str  # added, removed or reworded
    what: str  # "paragraph 5.3", "section 10. New plans"


def text_units(document: m.Document) -> list[tuple[str, str]]:
    """(what, text) of every section title, appendix title, paragraph and other text, with
    each figure written as its reference, so that a changed figure is not a changed text."""
    units: list[tuple[str, str]] = []
    for part, name in parts(document):
        if isinstance(part, m.FrontField):
            units.append((name, _words_of(part.blocks)))
        elif isinstance(part, m.Section):
            units.append((name, part.title))
            units.extend(_section_units(part, name))
        else:
            units.append((name, name))
            units.extend((f"text of {name}", _words_of([b])) for b in part.blocks)
    return units


def _section_units(section: m.Section, name: str) -> Iterator[tuple[str, str]]:
    """Each numbered paragraph, and each other block named by the paragraph before it."""
    last = None
    for block in section.blocks:
        if isinstance(block, m.Paragraph) and block.number:
            last = block.number
            yield f"paragraph {last}", _words_of([block])
        else:
            yield (f"text after paragraph {last}" if last else f"text of {name}"), _words_of([block])


def _words_of(blocks: Iterable[m.Block]) -> str:
    """Blocks' words in reading order, figures as {references}, tables as their titles and
    the words of their cells."""
    return " ".join(w for block in blocks for w in _words(block) if w)


def _words(node: m.Node) -> Iterator[str]:
    if isinstance(node, tuple):
        yield _referenced(node)
    elif isinstance(node, m.Table):
        yield node.title or node.caption
        yield from (_referenced(c.inlines) for r in node.rows for c in r.cells if c.value is None)
    else:
        for child in m.contents(node):
            yield from _words(child)


def _referenced(inlines: m.Inlines) -> str:
    """Text with each figure written as its {reference}: a changed figure is not changed words."""
    return "".join(f"{{{p.source}}}" if isinstance(p, m.Figure) else p.text for p in pieces(inlines))


def text_changes(old: m.Document, new: m.Document) -> Iterator[TextChange]:
    """Sections, paragraphs and other texts added, removed or reworded."""
    before, after = text_units(old), text_units(new)
    matcher = difflib.SequenceMatcher(None, [t for _, t in before], [t for _, t in after], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        paired = min(i2 - i1, j2 - j1) if op == "replace" else 0
        for k in range(paired):
            was, now = before[i1 + k][0], after[j1 + k][0]
            yield TextChange("reworded", now if was == now else f"{now} (was {was.split(' ', 1)[-1]})")
        for what, _ in after[j1 + paired : j2]:
            yield TextChange("added", what)
        for what, _ in before[i1 + paired : i2]:
            yield TextChange("removed", f"{what} (as then numbered)" if what.startswith("paragraph") else what)
