"""Composing stage: validated content → Document (tables computed, numbering, figures in prose)."""

from __future__ import annotations

from dataclasses import dataclass

from . import model as m
from .errors import ContentError, Problem
from .inline import MarkupError, RefSpec, parse_inline
from .load import LoadedPaper, did_you_mean
from .numbers import FormatError, prose_figure, table_number
from .schema import Appendix, NamedFigure
from .tables import Disagreement, TableEngine, tables_in
from .yamlsource import Source


@dataclass(frozen=True)
class Composed:
    document: m.Document
    disagreements: tuple[Disagreement, ...]


def compose(loaded: LoadedPaper) -> Composed:
    """Compute, number and resolve everything; every problem in the paper is reported together."""
    composer = Composer(loaded)
    document = composer.document()
    problems = list(loaded.problems) + composer.engine.problems + composer.problems
    if problems:
        raise ContentError(problems)
    return Composed(document, tuple(composer.engine.disagreements()))


@dataclass(frozen=True)
class AppendixEntry:
    anchor: str
    title: str              # as printed: "Appendix 1: Summary …"
    short_name: str         # what {see:label} prints: "Appendix 1"
    appendix: Appendix
    source: Source
    path: tuple
    level: int


def long_date(value) -> str:
    return f"{value.day} {value:%B %Y}"


class Composer:
    def __init__(self, loaded: LoadedPaper):
        self.loaded = loaded
        self.engine = TableEngine(list(tables_in(loaded)))
        self.results = self.engine.run()
        self.problems: list[Problem] = []
        self.labels: dict[str, tuple[str, str]] = {}
        self._number_everything()

    # ---- numbering (first pass: so references may point forwards) --------------------------

    def _number_everything(self) -> None:
        for number, (section, source, path) in enumerate(self._sections(), start=1):
            self._label(section.label, f"{number}.0", f"s{number}", source, path)
            count = 0
            for index, block in enumerate(section.blocks):
                if hasattr(block, "para"):
                    count += 1
                    self._label(block.label, f"{number}.{count}", f"p{number}-{count}", source, path + ("blocks", index))
        for entry in self._appendices():
            self._label(entry.appendix.label, entry.short_name, entry.anchor, entry.source, entry.path)

    def _label(self, label, text: str, anchor: str, source: Source, path: tuple) -> None:
        if label is None:
            return
        if label in self.labels:
            self.problems.append(source.problem(path + ("label",), f"label '{label}' is used twice"))
        self.labels[label] = (text, anchor)

    def _sections(self):
        for loaded in self.loaded.body:
            for index, section in enumerate(loaded.part.sections):
                yield section, loaded.source, ("sections", index)

    def _appendices(self) -> list[AppendixEntry]:
        """Every appendix and part in reading order, with its printed title and anchor."""
        entries, number = [], 0
        for loaded in self.loaded.appendices:
            for index, appendix in enumerate(loaded.part.appendices):
                if appendix.numbered:
                    number += 1
                    name, anchor = f"Appendix {number}", f"appendix-{number}"
                    title = f"{name}: {appendix.title}"
                else:
                    name = title = appendix.title
                    anchor = f"annex-{loaded.source.file.stem}-{index + 1}"
                self._add_entry(entries, AppendixEntry(anchor, title, name, appendix, loaded.source, ("appendices", index), 2))
        return entries

    def _add_entry(self, entries: list, entry: AppendixEntry) -> None:
        entries.append(entry)
        for index, part in enumerate(entry.appendix.parts):
            self._add_entry(entries, AppendixEntry(f"{entry.anchor}-{index + 1}", part.title, part.title, part,
                                                   entry.source, entry.path + ("parts", index), entry.level + 1))

    # ---- the document ----------------------------------------------------------------------

    def document(self) -> m.Document:
        paper = self.loaded.paper
        return m.Document(
            slug=self.loaded.slug, title=paper.subject, language="en-GB", author=paper.report_of,
            date=min(r.date for r in paper.report_to).isoformat(), front=self._front(),
            sections=tuple(self._section(n, s, src, p) for n, (s, src, p) in enumerate(self._sections(), start=1)),
            appendices=self._appendix_tree())

    def _front(self) -> m.FrontSheet:
        paper, source = self.loaded.paper, self.loaded.source
        text = lambda value, *path: self.inlines(value, source, path)  # noqa: E731
        money = paper.financial_consequences
        if isinstance(money, str):
            consequences = (("Financial Consequences for the Capital and Revenue Budgets", text(money, "financial_consequences")),)
        else:
            consequences = (("Financial Consequences – Revenue", text(money.revenue, "financial_consequences", "revenue")),
                            ("Financial Consequences – Capital", text(money.capital, "financial_consequences", "capital")))
        return m.FrontSheet(
            council=paper.council, report_type=paper.report_type,
            report_to=tuple((r.body, long_date(r.date)) for r in paper.report_to), report_of=paper.report_of,
            summary=tuple(text(p, "summary", i) for i, p in enumerate(paper.summary)),
            recommendations=tuple(text(p, "recommendations", i) for i, p in enumerate(paper.recommendations)),
            wards_affected=paper.wards_affected,
            strategy_outcomes=tuple((text(o.outcome, "strategy_outcomes", i, "outcome"),
                                     text(o.contribution, "strategy_outcomes", i, "contribution"))
                                    for i, o in enumerate(paper.strategy_outcomes)),
            implications=tuple(paper.implications), financial_consequences=consequences,
            contacts=tuple(m.Contact(c.name, c.position, c.telephone, c.email) for c in paper.contact_officers),
            background_documents=tuple(text(d, "background_documents", i) for i, d in enumerate(paper.background_documents)))

    def _section(self, number: int, section, source: Source, path: tuple) -> m.Section:
        blocks, count = [], 0
        for index, block in enumerate(section.blocks):
            where = path + ("blocks", index)
            if hasattr(block, "para"):
                count += 1
                blocks.append(self._para(block, f"{number}.{count}", f"p{number}-{count}", source, where, 3))
            else:
                blocks.append(self.block(block, source, where, 3))
        return m.Section(f"{number}.0", section.title, f"s{number}", tuple(blocks))

    def _appendix_tree(self) -> tuple[m.Appendix, ...]:
        """Appendices with their parts; built from the last part up so each finds its children."""
        built: dict[str, m.Appendix] = {}
        entries = self._appendices()
        for e in reversed(entries):
            parts = tuple(built.pop(f"{e.anchor}-{i + 1}") for i in range(len(e.appendix.parts)))
            blocks = tuple(self.block(b, e.source, e.path + ("blocks", i), e.level + 1) for i, b in enumerate(e.appendix.blocks))
            built[e.anchor] = m.Appendix(e.title, e.anchor, e.level, e.appendix.orientation == "landscape", blocks, parts)
        return tuple(built[e.anchor] for e in entries if e.level == 2)

    # ---- blocks (one function per kind) ------------------------------------------------------

    def block(self, block, source: Source, path: tuple, heading_level: int):
        kind = next(k for k in ("para", "text", "heading", "bullets", "numbered", "quote", "table") if hasattr(block, k))
        return getattr(self, f"_block_{kind}")(block, source, path + (kind,) if kind != "table" else path, heading_level)

    def _para(self, block, number, anchor, source, path, level) -> m.Paragraph:
        children = []
        for index, child in enumerate(block.blocks):
            if hasattr(child, "para"):
                self.problems.append(source.problem(path + ("blocks", index), "a numbered paragraph cannot sit inside another: use text:"))
                continue
            children.append(self.block(child, source, path + ("blocks", index), level))
        return m.Paragraph(self.inlines(block.para, source, path + ("para",)), number, anchor, tuple(children))

    def _block_para(self, block, source, path, level) -> m.Paragraph:
        return self._para(block, None, None, source, path[:-1], level)

    def _block_text(self, block, source, path, level) -> m.Paragraph:
        return m.Paragraph(self.inlines(block.text, source, path))

    def _block_heading(self, block, source, path, level) -> m.Heading:
        return m.Heading(self.inlines(block.heading, source, path), level)

    def _block_bullets(self, block, source, path, level) -> m.ItemList:
        return self._list(block.bullets, "bullet", source, path)

    def _block_numbered(self, block, source, path, level) -> m.ItemList:
        return self._list(block.numbered, block.style, source, path)

    def _list(self, items, style, source, path) -> m.ItemList:
        built = []
        for index, item in enumerate(items):
            if isinstance(item, str):
                built.append(m.ListItem(self.inlines(item, source, path + (index,))))
            else:
                nested = (self._list(item.bullets, "bullet", source, path + (index, "bullets")),) if item.bullets else ()
                built.append(m.ListItem(self.inlines(item.text, source, path + (index, "text")), nested))
        return m.ItemList(tuple(built), style)

    def _block_quote(self, block, source, path, level) -> m.Quote:
        return m.Quote(self.inlines(block.quote, source, path))

    def _block_table(self, block, source, path, level) -> m.Table:
        table, result = block.table, self.results[block.table.id]
        columns = tuple(m.Column(c.id, c.header, c.group, c.subheader, c.unit, c.type == "number", c.decimals, c.percent)
                        for c in table.columns)
        rows = tuple(self._row(table, row, source, path + ("table", "rows", index)) for index, row in enumerate(result.rows))
        notes = tuple(self.inlines(n, source, path + ("table", "notes", i)) for i, n in enumerate(table.notes))
        return m.Table(table.id, table.caption, columns, rows, notes, table.orientation == "landscape", table.zero)

    def _row(self, table, row, source, path) -> m.Row:
        cells = []
        for column in table.columns:
            cell = row.cells[column.id]
            if cell.text is not None:
                cells.append(m.Cell(self.inlines(cell.text, source, path + (column.id,))))
                continue
            shown = table_number(cell.value, column.decimals, column.percent, table.zero)
            cells.append(m.Cell((m.Text(shown),) if shown else (), cell.value, cell.formula, cell.published, cell.differs))
        return m.Row(row.id, "total" if row.bold and row.kind != "heading" else row.kind, tuple(cells))

    # ---- inline --------------------------------------------------------------------------

    def inlines(self, text: str, source: Source, path: tuple) -> m.Inlines:
        try:
            pieces = parse_inline(text)
        except MarkupError as exc:
            self.problems.append(source.problem(path, str(exc)))
            return (m.Text(text),)
        return tuple(self._piece(p, source, path) for p in pieces)

    def _piece(self, piece, source, path) -> m.Inline:
        if isinstance(piece, str):
            return m.Text(piece)
        if isinstance(piece, RefSpec):
            return self._see(piece, source, path) if piece.kind == "see" else self._figure(piece, source, path)
        children = tuple(self._piece(p, source, path) for p in piece[1])
        return m.Strong(children) if piece[0] == "strong" else m.Emph(children)

    def _see(self, ref: RefSpec, source, path) -> m.Inline:
        if ref.target not in self.labels:
            self.problems.append(source.problem(path, f"{ref.written}: no paragraph, section or appendix has the label '{ref.target}'"
                                                + did_you_mean(ref.target, sorted(self.labels))))
            return m.Text(ref.written)
        text, anchor = self.labels[ref.target]
        return m.Xref(text, anchor)

    def _figure(self, ref: RefSpec, source, path) -> m.Inline:
        found = self._lookup(ref)
        if isinstance(found, str):
            self.problems.append(source.problem(path, f"{ref.written}: {found}"))
            return m.Text(ref.written)
        value, unit, decimals, percent = found
        try:
            return m.Figure(prose_figure(value, unit, list(ref.filters), decimals, percent), ref.target, value)
        except FormatError as exc:
            self.problems.append(source.problem(path, f"{ref.written}: {exc}"))
            return m.Text(ref.written)

    def _lookup(self, ref: RefSpec):
        """(value, unit, decimals, percent) of a figure, or why there is none."""
        parts = ref.target.split(".")
        if len(parts) == 1:
            figures: dict[str, NamedFigure] = self.loaded.paper.figures
            if ref.target not in figures:
                return f"no named figure '{ref.target}' in paper.yaml{did_you_mean(ref.target, sorted(figures))}"
            figure = figures[ref.target]
            return figure.value, figure.unit, 0, figure.unit == "%"
        if len(parts) != 3:
            return "a figure is {table.row.column} or {name}"
        table_id, row_id, column_id = parts
        result = self.results.get(table_id)
        if result is None:
            return f"no table '{table_id}'{did_you_mean(table_id, sorted(self.results))}"
        column = result.column(column_id)
        if not any(r.id == row_id for r in result.rows):
            return f"no row '{row_id}' in table {table_id}{did_you_mean(row_id, [r.id for r in result.rows])}"
        if column is None or column.type != "number":
            names = [c.id for c in result.table.columns if c.type == "number"]
            return f"no number column '{column_id}' in table {table_id}{did_you_mean(column_id, names)}"
        cell = result.cell(row_id, column_id)
        if cell is None or cell.value is None:
            return "that cell is empty"
        return cell.value, column.unit, column.decimals, column.percent
