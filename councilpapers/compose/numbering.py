"""Composing stage, numbering: sections, paragraphs and appendices numbered and their labels
collected first, so references ({see:label}) may point forwards."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from councilpapers.compose.context import Context
from councilpapers.core.errors import Problem
from councilpapers.core.placeholders import fill
from councilpapers.load.paper import LoadedPaper
from councilpapers.load.schema.blocks import ParaBlock
from councilpapers.load.schema.parts import Appendix, Section
from councilpapers.load.yamlsource import Path_, Source

Target = tuple[str, str, str]  # what {see:label} prints, the anchor it links to, and the kind of target


@dataclass(frozen=True)
class AppendixEntry:
    anchor: str
    title: str  # as printed: "Appendix 1: Summary …"
    short_name: str  # what {see:label} prints: "Appendix 1"
    appendix: Appendix
    source: Source
    path: Path_
    level: int


def sections(loaded: LoadedPaper) -> Iterator[tuple[Section, Source, Path_]]:
    """Every section of the paper's body in reading order, with its file and path."""
    for part in loaded.body:
        for index, section in enumerate(part.part.sections):
            yield section, part.source, ("sections", index)


def appendices(c: Context) -> list[AppendixEntry]:
    """Every appendix and part in reading order, with its printed title and anchor."""
    entries: list[AppendixEntry] = []
    number, position = 0, 0
    for loaded in c.loaded.appendices:
        for index, appendix in enumerate(loaded.part.appendices):
            position += 1
            anchor = c.anchor(f"appendix-{position}")
            if appendix.numbered:
                number = appendix.number if isinstance(appendix.number, int) else number + 1
                shown = appendix.number if isinstance(appendix.number, str) else str(number)
                name = fill(c.labels.appendix, {"number": shown})
                title = f"{name}: {appendix.title}" if appendix.title else name
            else:
                name = title = appendix.title
            _add_entry(entries, AppendixEntry(anchor, title, name, appendix, loaded.source, ("appendices", index), 2))
    return entries


def _add_entry(entries: list[AppendixEntry], entry: AppendixEntry) -> None:
    entries.append(entry)
    for index, part in enumerate(entry.appendix.parts):
        _add_entry(
            entries,
            AppendixEntry(
                f"{entry.anchor}-{index + 1}",
                part.title,
                part.title,
                part,
                entry.source,
                entry.path + ("parts", index),
                entry.level + 1,
            ),
        )


class Numbering:
    """Every label of the paper → its target (text, anchor, kind); a label used twice is a problem."""

    def __init__(self, c: Context, problems: list[Problem]):
        self.c, self.problems = c, problems
        self.targets: dict[str, Target] = {}
        for number, (section, source, path) in enumerate(sections(c.loaded), start=1):
            self._section(number, section, source, path)
        for entry in appendices(c):
            self._label(entry.appendix.label, entry.short_name, entry.anchor, entry.source, entry.path, "appendix")

    def _section(self, number: int, section: Section, source: Source, path: Path_) -> None:
        """A section's label and its paragraphs' labels, numbered as the house style numbers them."""
        c = self.c
        target = "section" if c.section_format else "title"
        self._label(
            section.label, c.section_number(number) or section.title, c.anchor(f"s{number}"), source, path, target
        )
        count = 0
        for index, block in enumerate(section.blocks):
            if isinstance(block, ParaBlock):
                count += 1
                shown = c.paragraph_number(number, count) or f"{c.section_number(number)} {section.title}".strip()
                where = path + ("blocks", index)
                target = "paragraph" if c.paragraph_format else "title"
                self._label(block.label, shown, c.anchor(f"p{number}-{count}"), source, where, target)

    def _label(self, label: str | None, text: str, anchor: str, source: Source, path: Path_, target: str) -> None:
        if label is None:
            return
        if label in self.targets:
            self.problems.append(source.problem(path + ("label",), f"label '{label}' is used twice"))
        self.targets[label] = (text, anchor, target)
