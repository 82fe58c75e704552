"""Build stage, the leak check: no text of restricted (Schedule 12A exempt) material in a file
that may be published (every file outside output/restricted/).

    restricted = [
        Restricted("item 10a (staffing-review)", document_texts(paper)),  # a composed paper
        Restricted("item 4, appendix (rates)", tuple(supplied_texts(pdf_bytes))),  # a supplied PDF
    ]
    allowed = [*pack_texts(public_pack), *document_texts(public_paper), *supplied_texts(public_pdf)]
    problems = find_leaks(restricted, {path: data, ...}, allowed)

`find_leaks` gives one message per public file and restricted item whose words the file holds,
in the order of the files' paths, then of the items:

    meetings/x/index.html: contains text of item 10a (staffing-review), restricted: "The staffing
    review proposes to delete twelve posts in the business support…"

quoting the first words found (up to `QUOTED`), as the restricted text writes them, with "(and N
more of its texts)" when more of its texts are found. [] when nothing leaked. A file the check
cannot read whole (a damaged PDF, HTML behind a %PDF- header, a ZIP member past the size it reads)
gets a message too ("…: cannot be checked for restricted text: …"): what cannot be read cannot
be cleared. The caller fails the build on any message.

How it matches. Every text is normalised to its words (`words`): NFKC, soft hyphens dropped, case
folded, punctuation and symbols dropped, a figure one word of its digits ("£1,234.50" → "1234.5",
as a workbook stores it). A restricted text of `SHINGLE` words
or more is searched as its runs of `SHINGLE` words (shingles); a shorter one is searched whole
when it has `SHORTEST` words or more ("Quality Assurance Manager", a table row "Senior Strategy
Manager 12 £65,000"). One or two words ("Introduction", "Yes", a name) are not searched: they name
nothing on their own and are found in public papers by chance. A file is read as its words in
the order it holds them (`extract.py`: page text, metadata, bookmarks, every XML part, HTML
attributes …; and its path, read apart), and a needle (shingle or short text) found anywhere in
that run is a leak, unless the `allowed` texts hold it too. Allowed is what is published by
design: the public agenda's own words (`pack_texts`: an exempt item's title, purpose and Schedule
12A notice), the public papers' texts (`document_texts`) and public supplied PDFs' texts
(`supplied_texts`), which hold the house's phrasing and its contacts. Allowed texts are read as
one run, in the order given, as a page prints them (an item's title beside its purpose).

What it cannot see: restricted words rewritten (a summary in other words), one or two words or a
figure alone, a row whose cells a file holds in another order, text drawn as an image.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from councilpapers.build.extract import Unreadable, supplied_texts, texts
from councilpapers.core.model import (
    Appendix,
    Cell,
    Column,
    Document,
    FieldLines,
    FrontField,
    FrontSheet,
    Heading,
    ItemList,
    Link,
    ListItem,
    Paragraph,
    Quote,
    Row,
    Section,
    Table,
    plain,
    walk,
)
from councilpapers.core.pack import Pack, flatten

__all__ = ["Restricted", "document_texts", "find_leaks", "pack_texts", "supplied_texts", "words"]

# Six words. Runs of the house's phrasing are shared by one council's papers: of the Target
# Operating Model paper's runs, the other sample papers' files hold, beyond the agendas' words,
# 317 distinct runs of 3 words, 99 of 4, 36 of 5, 13 of 6, 5 of 7 and even one of 8 (the city's
# children and young people's plan by its name): the public papers' texts must be allowed. With them, each
# of the four sample papers taken in turn as restricted is still found in 8 of the others' files
# at 4 or 5 words (where a label meets a value: "Report to: Children and Young People …" reads "to
# children and young people"), at 6, 7 and 8 in none. Six, then, and no more: a sentence shorter
# than six words is searched whole anyway, while a longer run misses a clause quoted from a longer
# sentence and loses more runs round one word a format breaks differently.
SHINGLE = 6
SHORTEST = 3  # a text shorter than SHINGLE words is searched whole from this many words
QUOTED = 12  # the message quotes at most this many words of what matched

# A word: letters, or a figure with its thousands commas and its decimals, which reads as its
# digits without trailing decimal zeros ("£1,234.50" → "1234.5", as a workbook stores it).
_WORD = re.compile(r"\d+(?:,\d{3}(?!\d))*(?:\.\d+)?|[^\W\d_]+")

Words = tuple[str, ...]


@dataclass(frozen=True)
class Restricted:
    """One restricted item: how a message names it, and every text of it."""

    label: str  # "item 10a (staffing-review)"
    texts: tuple[str, ...]  # its sentences, cells, titles, metadata


def words(text: str) -> list[str]:
    """A text's words, normalised: what the check compares."""
    found = _WORD.findall(_clean(text))
    figures = [_figure(w) if w[0].isdigit() else w for w in found]
    return " ".join(figures).casefold().split(" ") if figures else []


def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("\u00ad", "")


def _figure(word: str) -> str:
    digits = word.replace(",", "")
    return digits.rstrip("0").rstrip(".") if "." in digits else digits


def find_leaks(
    restricted: Sequence[Restricted], public: Mapping[Path, bytes], allowed: Iterable[str] = ()
) -> list[str]:
    """One message per public file and restricted item whose words the file holds (see above)."""
    needles = _Needles(restricted)
    needles.allow(allowed)
    read: dict[tuple[str, bytes], set[Words] | Unreadable] = {}  # a file copied to several folders is read once
    problems = []
    for path in sorted(public, key=lambda p: p.as_posix()):
        key = (path.suffix.lower(), public[path])
        if key not in read:
            try:
                read[key] = needles.found(words(" ".join(texts(path.name, public[path]))))
            except Unreadable as error:
                read[key] = error
        found = read[key]
        if isinstance(found, Unreadable):
            problems.append(f"{path.as_posix()}: cannot be checked for restricted text: {found}")
            continue
        found = found | needles.found(words(path.as_posix()))
        problems.extend(f"{path.as_posix()}: contains text of {message}" for message in needles.messages(found))
    return problems


class _Needles:
    """What is searched: each restricted item's shingles and short distinctive texts, in order."""

    def __init__(self, restricted: Sequence[Restricted]) -> None:
        self.items = restricted
        self.words = [[words(text) for text in item.texts] for item in restricted]
        # (item, text, first word) of each needle, in the item's reading order
        self.places: dict[Words, list[tuple[int, int, int]]] = {}
        for item, texts_words in enumerate(self.words):
            for text, found in enumerate(texts_words):
                for start, needle in _needles(found):
                    self.places.setdefault(needle, []).append((item, text, start))
        self.by_length: dict[int, set[Words]] = {}
        for needle in self.places:
            self.by_length.setdefault(len(needle), set()).add(needle)

    def allow(self, allowed: Iterable[str]) -> None:
        """Drop every needle that the allowed texts hold, read as one run in the order given: a
        page prints them in that order, an item's title beside its purpose."""
        found = words(" ".join(allowed))
        for length, needles in self.by_length.items():
            for needle in needles.intersection(_runs(found, length)):
                needles.discard(needle)
                del self.places[needle]

    def found(self, run: list[str]) -> set[Words]:
        """The needles a file's words hold."""
        return {n for length, needles in self.by_length.items() for n in needles.intersection(_runs(run, length))}

    def messages(self, found: set[Words]) -> list[str]:
        """For each item with a needle found, in order: its label and the first words found."""
        by_item: dict[int, list[tuple[int, int]]] = {}
        for needle in found:
            for item, text, start in self.places[needle]:
                by_item.setdefault(item, []).append((text, start))
        out = []
        for item in sorted(by_item):
            text, start = min(by_item[item])
            texts_found = len({t for t, _ in by_item[item]})
            more = f" (and {texts_found - 1} more of its texts)" if texts_found > 1 else ""
            quote = self.quote(item, text, start, {s for t, s in by_item[item] if t == text})
            out.append(f'{self.items[item].label}, restricted: "{quote}"{more}')
        return out

    def quote(self, item: int, text: int, start: int, starts: set[int]) -> str:
        """The words found from `start` on (while the following shingles are found too), as the
        restricted text writes them, with … where the text goes on."""
        found = self.words[item][text]
        end = min(len(found), start + SHINGLE)
        while end < len(found) and end - SHINGLE + 1 in starts and end - start < QUOTED:
            end += 1
        original = _clean(self.items[item].texts[text])
        spans = [m.span() for m in _WORD.finditer(original)]
        if len(spans) != len(found):  # a text whose words do not map back: quote the words
            return " ".join(found[start:end])
        before = "…" if start > 0 else ""
        after = "…" if end < len(found) else ""
        return before + " ".join(original[spans[start][0] : spans[end - 1][1]].split()) + after


def _needles(found: list[str]) -> list[tuple[int, Words]]:
    """A text's needles with their first word: its shingles, or itself when short but distinctive."""
    if len(found) >= SHINGLE:
        return [(i, tuple(found[i : i + SHINGLE])) for i in range(len(found) - SHINGLE + 1)]
    return [(0, tuple(found))] if len(found) >= SHORTEST else []


def _runs(found: list[str], length: int) -> Iterable[Words]:
    """Every run of `length` words, in order."""
    return zip(*(found[i:] for i in range(length)))


# ---- the texts of a paper and of a pack ------------------------------------------------------


def document_texts(document: Document) -> tuple[str, ...]:
    """Every text of a composed paper, in reading order: its title, author and name (slug), each
    front-sheet field's, section's and appendix's text (titles, paragraphs, list items, headings,
    quotes, contact and other labelled lines' values), each table's caption, title, column
    headings and notes, each row (its cells in one text) and cell, link addresses, and accepted
    reconciliation notes. Not the house style's words: masthead, field labels, running header and
    footer, the draft and not-for-publication marks, which every paper of the house prints."""
    out = [document.title, document.author]
    for node in walk(document, inlines=False):
        out.extend(_own_texts(node))
    out.extend(check.accepted for check in document.checks if check.accepted)
    out.append(document.slug)
    return tuple(text for text in out if text)


def _own_texts(node: Any) -> list[str]:
    """The texts a node of the Document holds itself (what it holds inside is walked in turn)."""
    if isinstance(node, Section | Appendix):
        return [node.title]
    if isinstance(node, Paragraph | Heading | Quote | ListItem):
        return [plain(node.inlines), *_links(node.inlines)]
    if isinstance(node, FieldLines):  # one text, as printed: "Name: … Position: … Tel: …"
        links = [t for _, inlines in node.lines for t in _links(inlines)]
        return [" ".join(f"{label} {plain(inlines)}" for label, inlines in node.lines), *links]
    if isinstance(node, Table):
        headings = [_column_texts(c) for c in node.columns]
        return [node.caption, node.title or "", *(t for h in headings for t in h), *(plain(n) for n in node.notes)]
    if isinstance(node, Row):
        return [" ".join(plain(cell.inlines) for cell in node.cells)]
    if isinstance(node, Cell):
        return [plain(node.inlines), *_links(node.inlines)]
    if isinstance(node, Document | FrontSheet | FrontField | ItemList):
        return []
    raise TypeError(f"the leak check does not know the texts of a {type(node).__name__}: say so in leaks.py")


def _column_texts(column: Column) -> list[str]:
    return [column.header, column.group or "", column.subheader or "", column.unit or "", column.spelled or ""]


def _links(inlines: tuple[Any, ...]) -> list[str]:
    return [piece.target for piece in walk(inlines) if isinstance(piece, Link)]


def pack_texts(pack: Pack) -> tuple[str, ...]:
    """The words a pack and its agenda page print of their own, never its papers' text: the
    meeting, membership and clerk, the house style's labels, and each item's number, title,
    purpose, Schedule 12A notice, urgency reason, and each document's title and withheld text.
    A public pack's words are published by design: pass them as `allowed`."""
    out = [pack.title, pack.council, pack.committee, pack.date, pack.time, pack.venue, pack.published]
    out.extend(t for pair in (*pack.membership, *pack.clerk) for t in pair)
    out.extend(str(value) for value in vars(pack.labels).values() if isinstance(value, str))
    out.append(pack.intro or "")
    for item in flatten(pack.items):  # as the front sheet and the agenda page print them
        out.extend([item.number, item.title, item.purpose or "", item.urgent or "", item.exempt_notice or ""])
        for document in item.documents:
            out.extend([document.title, document.exempt_notice or "", document.withheld_text or ""])
        out.append(item.bookmark)
    return tuple(text for text in out if text)
