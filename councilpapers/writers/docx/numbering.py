"""Word writer, numbering: Word's list numbering for lists, sections and numbered paragraphs (numbering.xml)."""

from __future__ import annotations

from lxml.etree import _Element

from councilpapers.core.page import Layout
from councilpapers.core.placeholders import fill, parse
from councilpapers.writers.docx.measures import FONT, LISTS, NUMBER_INDENT, OUTLINE, tabs, word_font
from councilpapers.writers.docx.ooxml import PPR_ORDER, indent, ordered, rpr, w

# lxml ships no type information: mypy reads _Element as Any.

FIRST_LIST_INSTANCE = len(LISTS) + 1


def level_text(pattern: str) -> str:
    """The house style's number pattern as Word's level text: "{s}.{n}" → "%1.%2", "{n}.0" → "%1.0"."""
    template = parse(pattern, ("s", "n"))
    return template.fill({"s": "%1", "n": "%2" if "s" in template.names else "%1"})


def outline_numbering(sections: str, paragraphs: str) -> _Element:
    """Sections (Heading 1) and numbered paragraphs as one multilevel list, so Word renumbers
    them when an author inserts or moves one; the numbers are the house style's."""
    levels = []
    for depth, (pattern, style_id) in enumerate(((sections, "Heading1"), (paragraphs, "NumberedParagraph"))):
        levels.append(
            w(
                "lvl",
                w("start", val=1),
                w("numFmt", val="decimal" if pattern else "none"),
                w("pStyle", val=style_id),
                w("lvlText", val=level_text(pattern)),
                w("lvlJc", val="left"),
                ordered(
                    "pPr",
                    PPR_ORDER,
                    {"tabs": tabs(("left", NUMBER_INDENT)), "ind": indent(NUMBER_INDENT, NUMBER_INDENT)},
                ),
                ilvl=depth,
            )
        )
    return w("abstractNum", w("multiLevelType", val="multilevel"), *levels, abstractNumId=OUTLINE)


class Numbering:
    """The list definitions, and one numbering instance per ordered list so each starts afresh.
    A list whose marker differs from the default ("i)" rather than "(i)") gets a definition of its own."""

    def __init__(self) -> None:
        self.instances: list[tuple[int, int, int]] = []  # (numId, abstractNumId, start)
        self.patterns: dict[tuple[str, str], int] = {}  # (kind, "%1)") → abstractNumId

    def restart(self, kind: str, pattern: str = "", start: int = 1) -> int:
        level_text = fill(pattern, {"n": "%1"}) if pattern else LISTS[kind][2][0]
        if level_text == LISTS[kind][2][0]:
            abstract_id = LISTS[kind][0]
        else:
            abstract_id = self.patterns.setdefault((kind, level_text), 100 + len(self.patterns))
        number = FIRST_LIST_INSTANCE + len(self.instances)
        self.instances.append((number, abstract_id, start))
        return number

    def fill(self, numbering_element: _Element, layout: Layout | None = None) -> None:
        for child in list(numbering_element):
            numbering_element.remove(child)
        if layout is not None:
            numbering_element.append(outline_numbering(layout.section_numbers, layout.paragraph_numbers))
        font = word_font(layout)
        numbering_element.extend(abstract(kind, font=font) for kind in LISTS)
        numbering_element.extend(
            abstract(kind, text, identity, font) for (kind, text), identity in self.patterns.items()
        )
        numbering_element.extend(w("num", w("abstractNumId", val=a), numId=a + 1) for a, *_ in LISTS.values())
        if layout is not None:
            numbering_element.append(w("num", w("abstractNumId", val=OUTLINE), numId=OUTLINE))
        numbering_element.extend(instance(number, a, start) for number, a, start in self.instances)


def abstract(kind: str, first_text: str | None = None, identity: int | None = None, font: str = FONT) -> _Element:
    default_id, fmt, texts, step, _ = LISTS[kind]
    identity = default_id if identity is None else identity
    texts = (first_text, first_text.replace("%1", "%2")) if first_text else texts
    levels = [
        w(
            "lvl",
            w("start", val=1),
            w("numFmt", val=fmt),
            w("lvlText", val=label),
            w("lvlJc", val="left"),
            ordered("pPr", PPR_ORDER, {"ind": indent(step * (depth + 1), step)}),
            rpr(rFonts=w("rFonts", ascii=font, hAnsi=font)) if fmt == "bullet" else None,
            ilvl=depth,
        )
        for depth, label in enumerate(texts)
    ]
    return w("abstractNum", w("multiLevelType", val="multilevel"), *levels, abstractNumId=identity)


def instance(number: int, abstract_id: int, start: int = 1) -> _Element:
    restarts = [w("lvlOverride", w("startOverride", val=start), ilvl=level) for level in range(2)]
    return w("num", w("abstractNumId", val=abstract_id), *restarts, numId=number)
