"""Loading stage, fonts: every character of the text in the house font, checked once the style is known.

A paper is printed only in its house style's bundled font (templates/fonts/), so that it looks
the same on every machine; a character the font lacks would print as an empty box, or in
whatever font the machine happens to have, so it is refused where it is written, with its
Unicode name and the font's. The fonts' character maps are read once per process (fontTools).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from councilpapers.core.errors import Problem
from councilpapers.core.paths import FONTS
from councilpapers.load.text import character_name
from councilpapers.load.yamlsource import Path_, Source

FACES = ("Regular", "Bold", "Italic", "BoldItalic")  # any text may be printed in any of them
_NO_GLYPH_NEEDED = frozenset(map(ord, "\t\n\r"))  # laid out as spaces or line breaks, never drawn


def face_file(family: str, face: str) -> Path:
    return FONTS / f"{family.replace(' ', '')}-{face}.ttf"


@functools.cache
def characters(family: str) -> frozenset[int]:
    """The characters every face of a bundled font has (empty when a face is missing: the
    style's own check says so)."""
    from fontTools.ttLib import TTFont

    maps: list[frozenset[int]] = []
    for face in FACES:
        file = face_file(family, face)
        if not file.is_file():
            return frozenset()
        with TTFont(file, lazy=True) as font:
            maps.append(frozenset(font.getBestCmap()))
    return frozenset.intersection(*maps) | _NO_GLYPH_NEEDED


def font_problems(sources: Iterable[Source], family: str) -> list[Problem]:
    """Each text value of these files that holds a character the font lacks, located at the
    character: one problem per value, naming the first such character."""
    have = characters(family)
    if not have:
        return []
    problems = []
    for source in sources:
        for path, text in strings(source.data):
            missing = set(map(ord, text)) - have
            if missing:
                lacking = list(dict.fromkeys(c for c in text if ord(c) in missing))
                problems.append(source.problem_at(path, lacking[0], missing_message(lacking, family)))
    return problems


def missing_message(lacking: list[str], family: str) -> str:
    """The characters a font lacks, the first three named."""
    names = [character_name(c) for c in lacking[:3]]
    named = names[0] if len(names) == 1 else ", ".join(names[:-1]) + (" or " if len(lacking) <= 3 else ", ") + names[-1]
    more = f" or {len(lacking) - 3:,} more" if len(lacking) > 3 else ""
    one = len(lacking) == 1
    return (
        f"the house font {family} has no {named}{more}: the PDF cannot print {'it' if one else 'them'}; "
        f"write {'it' if one else 'them'} in words or leave {'it' if one else 'them'} out"
    )


def strings(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    """Every text value of a file's data, with its path (keys are field names, checked elsewhere)."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from strings(value, (*path, index))
