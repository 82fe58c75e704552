"""Comparing stage, two composed papers: the figures that changed between them, and every
place each typed figure's change reaches (the computed figures built from it, through table
formulas and named figures; the sentences restating them; the tables and workbook sheets
holding them), with the changed text and the agenda packs carrying the paper."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from councilpapers.compare.figures import Fig, Mention, figures_of, mentions
from councilpapers.compare.packs import PackPlace
from councilpapers.compare.text import TextChange, text_changes
from councilpapers.compose.document import Composed
from councilpapers.core import model as m
from councilpapers.core.locations import table_locations
from councilpapers.core.numbers import Number, rounded, table_number, typed_decimals
from councilpapers.load.revision import Revision


@dataclass(frozen=True)
class Change:
    old: Fig
    new: Fig

    @property
    def _printed(self) -> Number:
        return rounded(self.new.value, self.new.decimals) - rounded(self.old.value, self.old.decimals)

    @property
    def difference(self) -> Number:
        """The difference of the figures as the paper prints them (4.82 → 4.87 is +0.05, not the
        +0.04 of the unrounded figures); where both print alike, the change itself, to show it."""
        printed = self._printed
        return printed if printed != 0 else self.new.value - self.old.value

    @property
    def _places(self) -> int:
        """The new figure's decimals; more where both print alike (2.5 → 3.4 both print 3: +0.9)."""
        if self._printed != 0:
            return self.new.decimals
        change = Decimal(self.new.value) - Decimal(self.old.value)
        return min(6, max(self.new.decimals, typed_decimals(change.normalize())))

    @property
    def difference_text(self) -> str:
        return signed_difference(self.difference, self._places, self.new.percent)

    @property
    def difference_in_table(self) -> str:
        """As a table prints it: a fall in brackets, (2); a rise signed, +1,000."""
        return signed_difference(self.difference, self._places, self.new.percent, in_table=True)


def signed_difference(value: Number, decimals: int, percent: bool, in_table: bool = False) -> str:
    """+1,000 or −1,000 (a minus sign: words print it in brackets, "50 → 48 (−2)"; a table
    brackets a fall itself, (2)), shown to more places when the paper's places would round it away."""
    places = decimals if rounded(value, decimals) != 0 else min(6, max(decimals, typed_decimals(value)))
    if rounded(value, places) == 0:
        return "0"  # a change too small to show at six places
    if value < 0:
        return table_number(value, places, percent) if in_table else f"\u2212{table_number(-value, places, percent)}"
    return f"+{table_number(value, places, percent)}"


@dataclass(frozen=True)
class Sentence:
    where: str
    before: str
    old: str | None  # the wording at the revision (None: the reference is new)
    new: str
    source: str


@dataclass(frozen=True)
class TablePlace:
    id: str
    title: str
    location: str  # where the paper has it
    sheet: str  # the workbook sheet holding it


@dataclass(frozen=True)
class Reach:
    """One changed typed figure and every place it reaches."""

    change: Change
    moved: tuple[Change, ...]  # computed figures that moved with it
    sentences: tuple[Sentence, ...]
    tables: tuple[TablePlace, ...]


@dataclass(frozen=True)
class Report:
    paper: str
    subject: str
    revision: Revision
    document: m.Document  # the paper as it is now
    reaches: tuple[Reach, ...]
    others: tuple[Change, ...]  # computed figures that moved with no typed figure behind them
    added: tuple[Fig, ...]
    removed: tuple[Fig, ...]
    packs: tuple[PackPlace, ...]
    text: tuple[TextChange, ...]
    lapsed: tuple[str, ...] = ()  # accepted differences whose reasons cite figures that have moved

    @property
    def changed(self) -> bool:
        return bool(self.reaches or self.others or self.added or self.removed)


def compare(paper: str, old: Composed, new: Composed, revision: Revision, packs: tuple[PackPlace, ...]) -> Report:
    """What changed between the composed paper at the revision and the one of today."""
    before, after = figures_of(old), figures_of(new)
    changed = [Change(before[k], f) for k, f in after.items() if k in before and before[k].value != f.value]
    typed = [c for c in changed if c.new.typed and c.old.typed]
    places = Places(old.document, new.document, after)
    reaches = tuple(places.reach(c, changed) for c in typed)
    explained = {c.new.key for r in reaches for c in r.moved}
    others = tuple(c for c in changed if c not in typed and c.new.key not in explained)
    return Report(
        paper,
        new.document.title,
        revision,
        new.document,
        reaches,
        others,
        tuple(f for k, f in after.items() if k not in before and f.typed),
        tuple(f for k, f in before.items() if k not in after and f.typed),
        packs,
        tuple(text_changes(old.document, new.document)),
        tuple(str(d) for d in new.disagreements if d.lapsed) + tuple(str(m) for m in new.mismatches if m.lapsed),
    )


class Places:
    """Where the figures of the paper of today are: dependents, sentences, tables, sheets."""

    def __init__(self, old: m.Document, new: m.Document, figures: dict[str, Fig]):
        self.figures = figures
        self.dependents: dict[str, list[str]] = {}
        for fig in figures.values():
            for used in fig.uses:
                self.dependents.setdefault(used, []).append(fig.key)
        self.old_mentions, self.new_mentions = mentions(old), mentions(new)
        locations = table_locations(new)
        self.tables = {
            t.id: TablePlace(t.id, t.title or t.caption, locations.get(t.id, ""), t.sheet or "") for t in new.tables()
        }

    def reach(self, change: Change, changed: list[Change]) -> Reach:
        moved_keys = self._downstream(change.new.key)
        moved = tuple(c for c in changed if c.new.key in moved_keys)
        keys = [change.new.key] + [c.new.key for c in moved]
        tables = [self.figures[k].table for k in keys if self.figures[k].table]
        return Reach(
            change,
            moved,
            tuple(self._sentences(set(keys))),
            tuple(self.tables[t] for t in dict.fromkeys(tables) if t in self.tables),
        )

    def _downstream(self, key: str) -> set[str]:
        seen: set[str] = set()
        todo = [key]
        while todo:
            for dependent in self.dependents.get(todo.pop(), ()):
                if dependent not in seen:
                    seen.add(dependent)
                    todo.append(dependent)
        return seen

    def _sentences(self, keys: set[str]) -> Iterator[Sentence]:
        earlier: dict[str, list[Mention]] = {}
        for mention in self.old_mentions:
            earlier.setdefault(mention.source, []).append(mention)
        seen: dict[str, int] = {}
        for mention in self.new_mentions:
            if mention.source not in keys:
                continue
            index = seen[mention.source] = seen.get(mention.source, -1) + 1
            then = earlier.get(mention.source, [])
            old = then[index].text if index < len(then) else None
            yield Sentence(mention.where, mention.before, old, mention.text, mention.source)
