"""Comparing stage: what a change of figures did to a paper since a git revision.

Both papers, the revision's and the working tree's, are loaded and composed by the same code;
their composed Documents are compared. A typed figure whose value changed reaches every
computed figure built from it (through table formulas and named figures), every sentence
restating one of them, the tables and workbook sheets holding them, and the agenda packs whose
items include the paper.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from councilpapers.compose.document import Composed, compose
from councilpapers.core import model as m
from councilpapers.core.errors import ContentError, PaperError
from councilpapers.core.expressions import cell_refs
from councilpapers.core.locations import table_locations
from councilpapers.core.numbers import Number, rounded, table_number, typed_decimals
from councilpapers.load.paper import load_paper
from councilpapers.load.revision import Revision


class DiffError(PaperError):
    """The comparison cannot be made (an earlier paper that does not load, one that did not exist)."""

    category = "diff"


# ---- the figures of one composed paper ---------------------------------------------------


@dataclass(frozen=True)
class Fig:
    """One figure of a paper: a table cell or a named figure, as the paper prints it."""

    key: str  # table.row.column, or the named figure's name
    label: str  # "Education, 2017/18 Net Budget (£,000)"
    value: Number
    shown: str  # as the paper prints it: 69,359, (503,475), 87.1%
    typed: bool  # typed by the author (else computed)
    uses: tuple[str, ...]  # the figures it is computed from
    table: str | None  # the table holding it
    where: str  # the title of its table, or "named figure"
    decimals: int
    percent: bool


def figures_of(composed: Composed) -> dict[str, Fig]:
    """Every figure of the paper with a value, in reading order (tables, then named figures)."""
    found: dict[str, Fig] = {}
    for table in composed.document.tables():
        label_column = next((i for i, c in enumerate(table.columns) if not c.numeric), None)
        for row in table.rows:
            name = plain_label(row, label_column)
            for column, cell in zip(table.columns, row.cells):
                if column.numeric and cell.value is not None:
                    key = f"{table.id}.{row.id}.{column.id}"
                    found[key] = Fig(
                        key,
                        f"{name}, {column_label(column)}",
                        cell.value,
                        m.plain(cell.inlines) or table_number(cell.value, column.decimals, column.percent),
                        cell.formula is None,
                        tuple(_cell_names(cell.formula)),
                        table.id,
                        table.title or table.caption,
                        column.decimals,
                        column.percent,
                    )
    for named in composed.named:
        figure = named.value
        unit = f" ({figure.unit})" if figure.unit and figure.unit != "%" else ""
        found[named.name] = Fig(
            named.name,
            f"{named.name.replace('_', ' ')}{unit}",
            figure.value,
            table_number(figure.value, figure.decimals, figure.percent),
            named.typed,
            named.uses,
            None,
            "named figure",
            figure.decimals,
            figure.percent,
        )
    return found


def plain_label(row: m.Row, label_column: int | None) -> str:
    text = m.plain(row.cells[label_column].inlines).strip() if label_column is not None else ""
    return text or row.id.replace("_", " ")


def column_label(column: m.Column) -> str:
    words = " ".join(w for w in (column.group, column.header or column.id, column.subheader) if w)
    return words + (f" ({column.unit})" if column.unit else "")


def _cell_names(formula) -> list[str]:
    return [str(ref) for ref in cell_refs(formula)]


# ---- the sentences that restate figures --------------------------------------------------


@dataclass(frozen=True)
class Mention:
    """A figure restated in a text: where, the words before it, and its printed wording."""

    where: str  # "paragraph 5.1", "front sheet: Financial Consequences – Revenue"
    before: str
    text: str
    source: str


def mentions(document: m.Document) -> list[Mention]:
    """Every figure restated in the paper's texts, in reading order."""
    out: list[Mention] = []
    for field in document.front.fields:
        _blocks(field.blocks, f"front sheet: {field.label}", out)
    for section in document.sections:
        name = f"section {' '.join(p for p in (section.number, section.title) if p)}"
        _blocks(section.blocks, name, out, section=True)
    for appendix in document.appendices:
        _appendix(appendix, out)
    return out


def _appendix(appendix: m.Appendix, out: list[Mention]) -> None:
    _blocks(appendix.blocks, appendix.title, out)
    for part in appendix.parts:
        _appendix(part, out)


def _blocks(blocks, where: str, out: list[Mention], section: bool = False) -> None:
    last = None
    for block in blocks:
        if isinstance(block, m.Paragraph) and block.number:
            last = block.number
            here = f"paragraph {block.number}"
        else:
            here = where + (f", after paragraph {last}" if section and last else "")
        _block(block, here, out)


def _block(block, where: str, out: list[Mention]) -> None:
    if isinstance(block, (m.Paragraph, m.Heading, m.Quote)):
        _inlines(block.inlines, where, out)
        for child in getattr(block, "children", ()):
            _block(child, where, out)
    elif isinstance(block, m.ItemList):
        for item in block.items:
            _inlines(item.inlines, where, out)
            for child in item.children:
                _block(child, where, out)
    elif isinstance(block, m.FieldLines):
        for _, inlines in block.lines:
            _inlines(inlines, where, out)
    elif isinstance(block, m.Table):
        table = f"table '{block.title or block.caption}'"
        for row in block.rows:
            for cell in row.cells:
                if cell.value is None:
                    _inlines(cell.inlines, table, out)
        for note in block.notes:
            _inlines(note, f"note to {table}", out)


def _inlines(inlines: m.Inlines, where: str, out: list[Mention]) -> None:
    text = ""
    for piece in _flat(inlines):
        if isinstance(piece, m.Figure):
            out.append(Mention(where, _tail(text), piece.text, piece.source))
        text += piece.text


def _flat(inlines: m.Inlines) -> Iterator:
    for piece in inlines:
        if isinstance(piece, (m.Strong, m.Emph)):
            yield from _flat(piece.children)
        else:
            yield piece


def _tail(text: str, words: int = 7) -> str:
    kept = text.split()
    shown = " ".join(kept[-words:])
    return ("…" if len(kept) > words else "") + shown + (" " if text[-1:].isspace() else "")


# ---- what changed ------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    old: Fig
    new: Fig

    @property
    def difference(self) -> Number:
        return self.new.value - self.old.value

    @property
    def difference_text(self) -> str:
        return signed_difference(self.difference, self.new.decimals, self.new.percent)

    @property
    def difference_in_table(self) -> str:
        """As a table prints it: a fall in brackets, (2); a rise signed, +1,000."""
        return signed_difference(self.difference, self.new.decimals, self.new.percent, in_table=True)


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
class PackPlace:
    meeting: str
    committee: str
    date: str
    item: str
    files: tuple[str, ...]  # the packs' output files carrying the paper


@dataclass(frozen=True)
class TextChange:
    kind: str  # added, removed or reworded
    what: str  # "paragraph 5.3", "section 10. New plans"


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


# ---- changed text ------------------------------------------------------------------------


def text_units(document: m.Document) -> list[tuple[str, str]]:
    """(what, text) of every section title, appendix title, paragraph and other text, with
    each figure written as its reference, so that a changed figure is not a changed text."""
    units = [(f"front sheet: {f.label}", _words_of(f.blocks)) for f in document.front.fields]
    for section in document.sections:
        name = " ".join(p for p in (section.number, section.title) if p)
        units.append((f"section {name}", section.title))
        last = None
        for block in section.blocks:
            if isinstance(block, m.Paragraph) and block.number:
                last = block.number
            what = f"paragraph {last}" if last else f"text of section {name}"
            if isinstance(block, m.Paragraph) and block.number:
                units.append((what, _words_of([block])))
            else:
                units.append((what if not last else f"text after paragraph {last}", _words_of([block])))
    for appendix in document.appendices:
        _appendix_units(appendix, units)
    return units


def _appendix_units(appendix: m.Appendix, units: list) -> None:
    units.append((appendix.title, appendix.title))
    units.extend((f"text of {appendix.title}", _words_of([b])) for b in appendix.blocks)
    for part in appendix.parts:
        _appendix_units(part, units)


def _words_of(blocks) -> str:
    """A block's words, figures as {references}, tables as their titles and row labels."""
    words: list[str] = []
    for block in blocks:
        if isinstance(block, m.Table):
            words.append(block.title or block.caption)
            words.extend(_referenced(c.inlines) for r in block.rows for c in r.cells if c.value is None)
            continue
        texts = [getattr(block, "inlines", ())] + [i.inlines for i in getattr(block, "items", ())]
        texts += [inlines for _, inlines in getattr(block, "lines", ())]
        words.extend(_referenced(t) for t in texts)
        words.append(_words_of(getattr(block, "children", ())))
        words.extend(_words_of(i.children) for i in getattr(block, "items", ()))
    return " ".join(w for w in words if w)


def _referenced(inlines) -> str:
    """Text with each figure written as its {reference}: a changed figure is not changed words."""
    return "".join(f"{{{p.source}}}" if isinstance(p, m.Figure) else p.text for p in _flat(inlines))


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


# ---- the command -------------------------------------------------------------------------


def diff_paper(content: Path, paper: str, since: str) -> Report:
    """Compare a paper in `content` with the same paper at a git revision."""
    from councilpapers.load.content import select_papers
    from councilpapers.load.revision import content_at, repository, resolve

    repo = repository(content)
    revision = resolve(repo, since)
    folder = select_papers(content, [paper])[0]
    new = compose(load_paper(folder))
    with content_at(repo, revision, paper) as earlier:
        if earlier is None or not (earlier / paper / "paper.yaml").is_file():
            raise DiffError(f"{paper} is new since {revision.asked}: nothing to compare")
        old = _compose_earlier(earlier / paper, content, revision)
    return compare(paper, old, new, revision, tuple(packs_with(content, paper, new.document)))


def _compose_earlier(folder: Path, content: Path, revision: Revision) -> Composed:
    try:
        return compose(load_paper(folder))
    except ContentError as exc:
        first = exc.problems[0]
        where = content / first.file.resolve().relative_to(folder.parent.resolve())  # as the repository has it
        more = len(exc.problems) - 1
        raise DiffError(
            f"{folder.name} at {revision.asked} ({revision.short}) does not load, so there is nothing to compare "
            f"with: {replace(first, file=where)}"
            + (f" (and {more} more problem{'s' if more != 1 else ''})" if more else "")
        ) from None


def _other_papers(content: Path, loaded, paper: str) -> dict:
    """The other papers of a meeting as written (their paper.yaml says whether they are exempt)."""
    from councilpapers.load.meeting import walk
    from councilpapers.load.paper import load_paper

    found = {}
    for item, _ in walk(loaded.meeting.items):
        if item.paper and item.paper != paper:
            try:
                found[item.paper] = load_paper(content / item.paper).paper
            except ContentError:
                pass  # its problems are build.py check's to report
    return found


def packs_with(content: Path, paper: str, document: m.Document) -> Iterator[PackPlace]:
    """The agenda packs of content/meetings/ whose items include the paper."""
    from councilpapers.compose.pack import has_exempt, pack_slug
    from councilpapers.core.dates import long_date
    from councilpapers.core.pack import MEMBERS, PUBLIC
    from councilpapers.load.content import find_meetings
    from councilpapers.load.meeting import load_meeting, walk

    for file in find_meetings(content):
        try:
            loaded = load_meeting(file, content)
        except ContentError:
            continue  # a meeting with problems has no packs until it is mended (build.py check)
        meeting = loaded.meeting
        members = has_exempt(loaded, {paper: document, **_other_papers(content, loaded, paper)})
        for item, _ in walk(meeting.items):
            if item.paper == paper:
                exempt = item.exempt is not None or document.exempt is not None
                kinds = ([] if exempt else [PUBLIC]) + ([MEMBERS] if members or exempt else [])
                files = [f"{pack_slug(loaded.slug, kind)}.pdf" for kind in kinds]
                yield PackPlace(
                    loaded.slug,
                    meeting.committee,
                    long_date(meeting.date),
                    item.number,
                    tuple(f"output/packs/{f}" for f in files),
                )
