"""Composing stage: validated content → Document (tables computed, numbering, figures in prose)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace
from pathlib import Path

from councilpapers.compose.figures import FigureValue, NamedFigures, names_in
from councilpapers.compose.front import compose_front, long_date
from councilpapers.compose.layout import compose_layout
from councilpapers.compose.listmarkers import marker
from councilpapers.compose.sheets import with_sheet_names
from councilpapers.compose.tables import Disagreement, TableEngine
from councilpapers.core import model as m
from councilpapers.core.errors import ContentError, Problem
from councilpapers.core.expressions import CellRef, Name, parse_expression, substitute
from councilpapers.core.inline import MarkupError, RefSpec, parse_inline
from councilpapers.core.numbers import FormatError, cites, prose_figure, table_number
from councilpapers.load.finance.imports import raise_problems, read_imports
from councilpapers.load.finance.reading import Origin
from councilpapers.load.messages import did_you_mean
from councilpapers.load.paper import LoadedPaper
from councilpapers.load.schema.parts import Appendix
from councilpapers.load.style import Labels
from councilpapers.load.yamlsource import Source


@dataclass(frozen=True)
class Mismatch:
    """Figures the paper says must agree, and do not."""

    file: str
    line: int
    figures: tuple[tuple[str, str], ...]  # (reference, value as printed)
    accepted: str | None
    lapsed: str | None = None  # an acceptance whose reason does not cite the figures as they are now

    def __str__(self) -> str:
        shown = " and ".join(f"{ref} = {value}" for ref, value in self.figures)
        reason = f" (accepted: {self.accepted})" if self.accepted else ""
        if self.lapsed:
            reason = f" (no longer accepted: the reason does not cite the figures as they are now: {self.lapsed})"
        return f"{self.file}:{self.line}: these figures should agree: {shown}{reason}"

    def as_data(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "figures": dict(self.figures),
            "accepted": self.accepted,
            "lapsed": self.lapsed,
        }


@dataclass(frozen=True)
class Composed:
    document: m.Document
    disagreements: tuple[Disagreement, ...]
    mismatches: tuple[Mismatch, ...] = ()
    named: tuple[NamedValue, ...] = ()  # every named figure of paper.yaml with its value
    origins: dict[str, Origin] = field(default_factory=dict)  # an imported figure's name → where it was read
    imported_files: tuple[Path, ...] = ()  # every CSV file and workbook the paper read


@dataclass(frozen=True)
class NamedValue:
    """A named figure as composed: its value, how the paper prints it plainly, and the figures
    its formula uses (names or table.row.column; none for a typed figure)."""

    name: str
    value: FigureValue
    uses: tuple[str, ...] = ()

    @property
    def typed(self) -> bool:
        return not self.uses


def compose(loaded: LoadedPaper) -> Composed:
    """Compute, number and resolve everything; every problem in the paper is reported together."""
    composer = Composer(loaded)
    document = composer.document()
    document = replace(document, checks=composer.reconcile())
    document = with_sheet_names(document)
    problems = list(loaded.problems) + composer.engine.problems + composer.figures.problems + composer.problems
    if problems:
        raise ContentError(problems)
    return Composed(
        document,
        tuple(composer.engine.disagreements()),
        tuple(composer.mismatches),
        composer.named_values(),
        composer.imported.origins,
        composer.imported.files,
    )


@dataclass(frozen=True)
class AppendixEntry:
    anchor: str
    title: str  # as printed: "Appendix 1: Summary …"
    short_name: str  # what {see:label} prints: "Appendix 1"
    appendix: Appendix
    source: Source
    path: tuple
    level: int


class Composer:
    def __init__(self, loaded: LoadedPaper):
        self.loaded, self.style = loaded, loaded.style
        paper = loaded.paper
        self.council = paper.council or self.style.council or ""
        self.labels = Labels.model_validate(
            {**self.style.labels.model_dump(), **{k: v for k, v in paper.labels.items() if k in Labels.model_fields}}
        )
        numbering = paper.numbering
        self.section_format = _override(numbering, "sections", self.style.numbering.sections)
        self.paragraph_format = _override(numbering, "paragraphs", self.style.numbering.paragraphs)
        self.imported = read_imports(loaded)  # figures from finance: rows and figures read from files
        raise_problems(loaded, self.imported)
        self.engine = TableEngine(list(self.imported.located))
        self.results = self.engine.run()
        self.figures = NamedFigures(self.imported.figures, loaded.source, self._cell_value)
        self.problems: list[Problem] = []
        self.targets: dict[str, tuple[str, str, str]] = {}
        self.sheets: set[str] = set()  # the sheet names authors chose, casefolded
        self._number_everything()

    def reconcile(self) -> tuple[m.Check, ...]:
        """Each declared reconciliation with its figures' values and their difference; those
        apart by more than the tolerance are also mismatches, for check."""
        from councilpapers.compose.tables import fmt
        from councilpapers.core.errors import display_path

        self.mismatches: list[Mismatch] = []
        checks: list[m.Check] = []
        source = self.loaded.source
        for index, rule in enumerate(self.loaded.paper.reconcile):
            values = []
            for position, ref in enumerate(rule.figures):
                found = self._lookup(RefSpec("figure", ref, (), ref))
                if isinstance(found, str):
                    self.problems.append(source.problem(("reconcile", index, "figures", position), f"{ref}: {found}"))
                else:
                    values.append((ref, found[0]))
            if len(values) < len(rule.figures):
                continue  # a figure that cannot be found is a problem already
            numbers = tuple(v for _, v in values)
            difference = numbers[0] - numbers[1] if len(numbers) == 2 else max(numbers) - min(numbers)
            holds = rule.accepted is None or all(cites(rule.accepted, n) for n in numbers)
            accepted = rule.accepted if holds else None
            check = m.Check(tuple(rule.figures), rule.tolerance, accepted, numbers, difference)
            checks.append(check)
            if not check.agrees:
                line, _ = source.locate(("reconcile", index))
                self.mismatches.append(
                    Mismatch(
                        display_path(source.file),
                        line,
                        tuple((ref, fmt(value)) for ref, value in values),
                        accepted,
                        None if holds else " ".join(str(rule.accepted).split()),
                    )
                )
        return tuple(checks)

    def named_values(self) -> tuple[NamedValue, ...]:
        """Every named figure that has a value, with the names its formula uses."""
        out = []
        for name, figure in self.loaded.paper.figures.items():
            found = self.figures.get(name)
            if isinstance(found, FigureValue):
                out.append(NamedValue(name, found, tuple(names_in(figure.formula)) if figure.formula else ()))
        return tuple(out)

    def anchor(self, name: str) -> str:
        """An id unique in any pack: the paper's slug, then the name."""
        return f"{self.loaded.slug}-{name}"

    def section_number(self, n: int) -> str:
        return self.section_format.format(n=n) if self.section_format else ""

    def paragraph_number(self, section: int, n: int) -> str | None:
        return self.paragraph_format.format(s=section, n=n) if self.paragraph_format else None

    # ---- numbering (first pass: so references may point forwards) --------------------------

    def _number_everything(self) -> None:
        for number, (section, source, path) in enumerate(self._sections(), start=1):
            self._label(
                section.label,
                self.section_number(number) or section.title,
                self.anchor(f"s{number}"),
                source,
                path,
                "section" if self.section_format else "title",
            )
            count = 0
            for index, block in enumerate(section.blocks):
                if hasattr(block, "para"):
                    count += 1
                    shown = (
                        self.paragraph_number(number, count) or f"{self.section_number(number)} {section.title}".strip()
                    )
                    self._label(
                        block.label,
                        shown,
                        self.anchor(f"p{number}-{count}"),
                        source,
                        path + ("blocks", index),
                        "paragraph" if self.paragraph_format else "title",
                    )
        for entry in self._appendices():
            self._label(entry.appendix.label, entry.short_name, entry.anchor, entry.source, entry.path, "appendix")

    def _label(self, label, text: str, anchor: str, source: Source, path: tuple, target: str) -> None:
        if label is None:
            return
        if label in self.targets:
            self.problems.append(source.problem(path + ("label",), f"label '{label}' is used twice"))
        self.targets[label] = (text, anchor, target)

    def _sections(self):
        for loaded in self.loaded.body:
            for index, section in enumerate(loaded.part.sections):
                yield section, loaded.source, ("sections", index)

    def _appendices(self) -> list[AppendixEntry]:
        """Every appendix and part in reading order, with its printed title and anchor."""
        entries: list[AppendixEntry] = []
        number, position = 0, 0
        for loaded in self.loaded.appendices:
            for index, appendix in enumerate(loaded.part.appendices):
                position += 1
                anchor = self.anchor(f"appendix-{position}")
                if appendix.numbered:
                    number = appendix.number if isinstance(appendix.number, int) else number + 1
                    name = self.labels.appendix.format(
                        number=appendix.number if isinstance(appendix.number, str) else number
                    )
                    title = f"{name}: {appendix.title}" if appendix.title else name
                else:
                    name = title = appendix.title
                self._add_entry(
                    entries, AppendixEntry(anchor, title, name, appendix, loaded.source, ("appendices", index), 2)
                )
        return entries

    def _add_entry(self, entries: list, entry: AppendixEntry) -> None:
        entries.append(entry)
        for index, part in enumerate(entry.appendix.parts):
            self._add_entry(
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

    # ---- the document ----------------------------------------------------------------------

    def document(self) -> m.Document:
        paper = self.loaded.paper
        date = min((r.date for r in paper.report_to), default=None)
        return m.Document(
            slug=self.loaded.slug,
            title=paper.subject,
            language=self.style.language,
            author=paper.report_of or self.council,
            date=date.isoformat() if date else "2000-01-01",
            council=self.council,
            report_type=paper.report_type,
            front=compose_front(self),
            sections=tuple(self._section(n, s, src, p) for n, (s, src, p) in enumerate(self._sections(), start=1)),
            appendices=self._appendix_tree(),
            layout=compose_layout(self),
            exempt=paper.exempt.paragraph if paper.exempt else None,
            draft=self.labels.draft.replace("{date}", long_date(datetime.date.today()))
            if paper.status == "draft"
            else None,
            figures=tuple(self._named_figures()),
        )

    def _named_figures(self):
        """Each named figure with its value and, for a computed one, its formula (cells resolved)."""
        for name, declared in self.loaded.paper.figures.items():
            found = self.figures.get(name)
            if isinstance(found, str):
                continue  # its problem is reported by NamedFigures
            formula = None
            if declared.formula is not None:
                formula = substitute(parse_expression(declared.formula), _cell_or_figure)
            yield m.NamedFigure(name, found.value, formula, found.unit, found.decimals, found.percent)

    def _section(self, number: int, section, source: Source, path: tuple) -> m.Section:
        blocks, count = [], 0
        for index, block in enumerate(section.blocks):
            where = path + ("blocks", index)
            if hasattr(block, "para"):
                count += 1
                blocks.append(
                    self._para(
                        block, self.paragraph_number(number, count), self.anchor(f"p{number}-{count}"), source, where, 3
                    )
                )
            else:
                blocks.extend(self._blocks_of(block, source, where, 3))
        title = section.title.upper() if self.style.numbering.capitalise_sections else section.title
        return m.Section(self.section_number(number), title, self.anchor(f"s{number}"), tuple(blocks))

    def _blocks_of(self, block, source: Source, path: tuple, level: int) -> list:
        """One written block as model blocks: `repeat:` gives the front-sheet field's blocks again."""
        if hasattr(block, "repeat"):
            from councilpapers.compose.front import front_blocks

            return front_blocks(self, block.repeat)
        return [self.block(block, source, path, level)]

    def _appendix_tree(self) -> tuple[m.Appendix, ...]:
        """Appendices with their parts; built from the last part up so each finds its children."""
        built: dict[str, m.Appendix] = {}
        entries = self._appendices()
        for e in reversed(entries):
            parts = tuple(built.pop(f"{e.anchor}-{i + 1}") for i in range(len(e.appendix.parts)))
            blocks = tuple(
                self.block(b, e.source, e.path + ("blocks", i), e.level + 1) for i, b in enumerate(e.appendix.blocks)
            )
            landscape = e.appendix.orientation == "landscape"
            if parts and not blocks and not landscape and not parts[0].landscape:
                parts = (replace(parts[0], new_page=False),) + parts[1:]  # the first part shares its title's page
            built[e.anchor] = m.Appendix(
                e.title,
                e.anchor,
                e.level,
                landscape,
                blocks,
                parts,
                name=e.short_name if e.title.startswith(e.short_name) else "",
            )
        return tuple(built[e.anchor] for e in entries if e.level == 2)

    # ---- blocks (one function per kind) ------------------------------------------------------

    def block(self, block, source: Source, path: tuple, heading_level: int):
        kind = next(
            k
            for k in ("para", "text", "heading", "bullets", "numbered", "quote", "table", "repeat")
            if hasattr(block, k)
        )
        return getattr(self, f"_block_{kind}")(
            block, source, path + (kind,) if kind != "table" else path, heading_level
        )

    def _para(self, block, number, anchor, source, path, level) -> m.Paragraph:
        children = []
        for index, child in enumerate(block.blocks):
            if hasattr(child, "para"):
                self.problems.append(
                    source.problem(
                        path + ("blocks", index), "a numbered paragraph cannot sit inside another: use text:"
                    )
                )
                continue
            children.extend(self._blocks_of(child, source, path + ("blocks", index), level))
        return m.Paragraph(self.inlines(block.para, source, path + ("para",)), number, anchor, tuple(children))

    def _block_para(self, block, source, path, level) -> m.Paragraph:
        return self._para(block, None, None, source, path[:-1], level)

    def _block_text(self, block, source, path, level) -> m.Paragraph:
        return m.Paragraph(self.inlines(block.text, source, path))

    def _block_heading(self, block, source, path, level) -> m.Heading:
        return m.Heading(self.inlines(block.heading, source, path), level)

    def _block_repeat(self, block, source, path, level):
        self.problems.append(source.problem(path, "repeat: sits directly in a section or paragraph"))
        return m.Paragraph(())

    def _block_bullets(self, block, source, path, level) -> m.ItemList:
        return self.list_of(block.bullets, "bullet", 1, source, path)

    def _block_numbered(self, block, source, path, level) -> m.ItemList:
        return self.list_of(block.numbered, block.style, block.start, source, path)

    def list_of(self, items, style: str, start: int, source: Source, path: tuple) -> m.ItemList:
        """A list; numbered items carry the marker the house style prints ("(iv)", "2.")."""
        pattern = "" if style == "bullet" else getattr(self.style.numbering, style)
        built = []
        for index, item in enumerate(items):
            shown = marker(pattern, style, start + index)
            if isinstance(item, str):
                built.append(m.ListItem(self.inlines(item, source, path + (index,)), (), shown))
                continue
            where = path + (index,)
            children = []
            if item.bullets:
                children.append(self.list_of(item.bullets, "bullet", 1, source, where + ("bullets",)))
            if item.numbered:
                children.append(self.list_of(item.numbered, item.style, 1, source, where + ("numbered",)))
            for i, child in enumerate(item.blocks):
                children.extend(self._blocks_of(child, source, where + ("blocks", i), 3))
            built.append(m.ListItem(self.inlines(item.text, source, where + ("text",)), tuple(children), shown))
        return m.ItemList(tuple(built), style, pattern, start)

    def _block_quote(self, block, source, path, level) -> m.Quote:
        return m.Quote(self.inlines(block.quote, source, path))

    def _block_table(self, block, source, path, level):
        table = block.table
        if table.unavailable is not None or not table.columns:
            return self._unavailable(table, source, path)
        result = self.results[table.id]
        columns = tuple(
            m.Column(
                c.id,
                c.header,
                c.group,
                c.subheader,
                c.unit,
                c.type == "number",
                c.decimals,
                c.percent,
                spelled=c.spelled,
                grouped=c.grouped,
            )
            for c in table.columns
        )
        located = self.engine.located.get(table.id)
        if located is not None and located.source.file == source.file and located.path == path + ("table",):
            source = located.source  # rows an import expanded are located where they are written
        rows = tuple(
            self._row(table, row, source, path + ("table", "rows", index)) for index, row in enumerate(result.rows)
        )
        notes = tuple(self.inlines(n, source, path + ("table", "notes", i)) for i, n in enumerate(table.notes))
        return m.Table(
            table.id,
            table.caption or table.title or table.id,
            table.title,
            columns,
            rows,
            self.anchor(f"t-{table.id}"),
            "figures",
            notes,
            table.orientation == "landscape",
            table.zero,
            self._sheet(table.sheet, source, path + ("table", "sheet")),
        )

    def _sheet(self, name: str | None, source: Source, path: tuple) -> str | None:
        """An author's sheet name for a table: not one of the workbook's own, and used once."""
        if name is None:
            return None
        if name.casefold() in {s.casefold() for s in m.WORKBOOK_SHEETS}:
            self.problems.append(
                source.problem(path, f"'{name}' is one of the workbook's own sheets ({', '.join(m.WORKBOOK_SHEETS)})")
            )
        elif name.casefold() in self.sheets:
            self.problems.append(source.problem(path, f"sheet '{name}' is used twice"))
        self.sheets.add(name.casefold())
        return name

    def _unavailable(self, table, source, path) -> m.Paragraph:
        """A table whose figures are lost: its title and a sentence saying so, never invented figures."""
        if table.columns or table.rows:
            self.problems.append(
                source.problem(path + ("table", "unavailable"), "a table marked unavailable has no columns or rows")
            )
        if table.unavailable is None:
            self.problems.append(
                source.problem(path + ("table", "columns"), "a table needs columns and rows (or unavailable: why not)")
            )
        title = (m.Strong((m.Text(table.title),)), m.Text(" ")) if table.title else ()
        text = self.inlines(table.unavailable or self.labels.not_available, source, path + ("table", "unavailable"))
        return m.Paragraph(title + text)

    def _row(self, table, row, source, path) -> m.Row:
        cells = []
        for column in table.columns:
            cell = row.cells[column.id]
            if cell.text is not None:
                text = (m.Text(cell.text),) if cell.verbatim else self.inlines(cell.text, source, path + (column.id,))
                cells.append(m.Cell(text))
                continue
            shown = table_number(cell.value, column.decimals, column.percent, table.zero)
            cells.append(
                m.Cell((m.Text(shown),) if shown else (), cell.value, cell.formula, cell.published, cell.differs)
            )
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
        if ref.target not in self.targets:
            self.problems.append(
                source.problem_at(
                    path,
                    ref.written,
                    f"{ref.written}: no paragraph, section or appendix has the label '{ref.target}'"
                    + did_you_mean(ref.target, sorted(self.targets)),
                )
            )
            return m.Text(ref.written)
        text, anchor, target = self.targets[ref.target]
        return m.Xref(text, anchor, target)

    def _figure(self, ref: RefSpec, source, path) -> m.Inline:
        found = self._lookup(ref)
        if isinstance(found, str):
            self.problems.append(source.problem_at(path, ref.written, f"{ref.written}: {found}"))
            return m.Text(ref.written)
        value, unit, decimals, percent = found
        try:
            return m.Figure(prose_figure(value, unit, list(ref.filters), decimals, percent), ref.target, value)
        except FormatError as exc:
            self.problems.append(source.problem_at(path, ref.written, f"{ref.written}: {exc}"))
            return m.Text(ref.written)

    def _lookup(self, ref: RefSpec):
        """(value, unit, decimals, percent) of a figure, or why there is none."""
        parts = ref.target.split(".")
        if len(parts) == 1:
            found = self.figures.get(ref.target)
            return found if isinstance(found, str) else (found.value, found.unit, found.decimals, found.percent)
        if len(parts) != 3:
            return "a figure is {table.row.column} or {name}"
        found = self._cell(*parts)
        return found if isinstance(found, str) else found

    def _cell_value(self, table_id: str, row_id: str, column_id: str):
        found = self._cell(table_id, row_id, column_id)
        return found if isinstance(found, str) else found[0]

    def _cell(self, table_id: str, row_id: str, column_id: str):
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
        if CellRef(table_id, row_id, column_id) in self.engine.unreadable:
            return "that cell's figure cannot be read (see its own problem)"
        if cell is None or cell.value is None:
            return "that cell is empty"
        return cell.value, column.unit, column.decimals, column.percent


def _cell_or_figure(name: Name):
    return CellRef(*name.parts) if len(name.parts) == 3 else name


def _override(numbering, field: str, default: str) -> str:
    value = getattr(numbering, field) if numbering is not None else None
    return default if value is None else value
