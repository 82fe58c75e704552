"""Composing stage, table blocks: a computed table as the model's Table (its cells printed, its
words in prose, its sheet name checked, a note for each figure it prints where the published paper
shows another, as accepted), or a sentence saying why its figures are not available."""

from __future__ import annotations

from councilpapers.compose.context import Context, Inlines
from councilpapers.compose.published import uncited
from councilpapers.compose.results import CellResult, RowResult, TableResult
from councilpapers.core import model as m
from councilpapers.core.colours import AA_TEXT, contrast
from councilpapers.core.errors import Problem
from councilpapers.core.expressions import Formula, cell_refs
from councilpapers.core.numbers import table_number
from councilpapers.core.placeholders import fill
from councilpapers.load.located import Located
from councilpapers.load.schema.blocks import TableBlock
from councilpapers.load.schema.tables import Table
from councilpapers.load.yamlsource import Path_, Source


class TableBlocks:
    """Tables as printed, from the table engine's results; each sheet name an author chose used once."""

    def __init__(
        self,
        c: Context,
        results: dict[str, TableResult],
        located: dict[str, Located],
        inlines: Inlines,
        problems: list[Problem],
    ):
        self.c, self.results, self.located, self.inlines, self.problems = c, results, located, inlines, problems
        self.sheets: set[str] = set()  # the sheet names authors chose, casefolded

    def table(self, block: TableBlock, source: Source, path: Path_) -> m.Table | m.Paragraph:
        table = block.table
        if table.unavailable is not None or not table.columns:
            return self._unavailable(table, source, path)
        result = self.results[table.id]
        located = self.located.get(table.id)
        if located is not None and located.source.file == source.file and located.path == path + ("table",):
            source = located.source  # rows an import expanded are located where they are written
        rows = tuple(
            self._row(table, row, source, path + ("table", "rows", index)) for index, row in enumerate(result.rows)
        )
        notes = tuple(self.inlines(n, source, path + ("table", "notes", i)) for i, n in enumerate(table.notes))
        self._check_fills(table, source, path + ("table", "scoring", "bands"))
        return m.Table(
            table.id,
            table.caption or table.title or table.id,
            table.title,
            _columns(table),
            rows,
            self.c.anchor(f"t-{table.id}"),
            "figures",
            notes,
            table.orientation == "landscape",
            table.zero,
            self._sheet(table.sheet, source, path + ("table", "sheet")),
            self._differences(table, result, rows),
        )

    def _reads_words(self, formula: Formula | None) -> bool:
        """Whether a formula reads words on a scale (a score, `likelihood * impact`): a spreadsheet
        cannot multiply words, so the workbook holds the score as the figure it is."""
        for ref in cell_refs(formula) if formula is not None else ():
            result = self.results.get(ref.table)
            column = result.column(ref.column) if result is not None else None
            if column is not None and column.scale is not None:
                return True
        return False

    def _check_fills(self, table: Table, source: Source, path: Path_) -> None:
        """A band's fill must let the text on it read: WCAG AA's 4.5:1 with the style's text colour."""
        text = self.c.style.colours.text
        for index, band in enumerate(table.scoring.bands if table.scoring else ()):
            if band.fill is not None and (ratio := contrast(text, band.fill)) < AA_TEXT:
                self.problems.append(
                    source.problem(
                        path + (index, "fill"),
                        f"text ({text}) on {band.fill} has a contrast of {ratio:.2f}:1; at least {AA_TEXT}:1 is "
                        "needed: choose a lighter fill",
                    )
                )

    def _differences(self, table: Table, result: TableResult, rows: tuple[m.Row, ...]) -> tuple[m.Inlines, ...]:
        """A note, in the style's words, for each figure the table prints where the published paper
        shows another and the content accepts it with a reason that still cites both."""
        notes: list[m.Inlines] = []
        labels = next((i for i, c in enumerate(table.columns) if c.type == "text"), None)
        for row, printed in zip(result.rows, rows):
            for index, column in enumerate(table.columns):
                cell = row.cells[column.id]
                if not (cell.differs and cell.accepted) or uncited(cell, column.decimals):
                    continue
                name = m.plain(printed.cells[labels].inlines).strip() if labels is not None else ""
                heading = " ".join(w for w in (column.group, column.header, column.subheader) if w)
                values = {
                    "where": f"{name or row.id}, {heading}",
                    "published": _published(cell, column.decimals, column.percent, table.zero),
                    "computed": m.plain(printed.cells[index].inlines) or "nothing",
                    "reason": cell.accepted or "",
                }
                notes.append((m.Text(fill(self.c.labels.published_differs, values)),))
        return tuple(notes)

    def _sheet(self, name: str | None, source: Source, path: Path_) -> str | None:
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

    def _unavailable(self, table: Table, source: Source, path: Path_) -> m.Paragraph:
        """A table whose figures are lost: its title and a sentence saying so, never invented figures."""
        if table.columns or table.rows:
            self.problems.append(
                source.problem(path + ("table", "unavailable"), "a table marked unavailable has no columns or rows")
            )
        if table.unavailable is None:
            self.problems.append(
                source.problem(path + ("table", "columns"), "a table needs columns and rows (or unavailable: why not)")
            )
        title: m.Inlines = (m.Strong((m.Text(table.title),)), m.Text(" ")) if table.title else ()
        text = self.inlines(table.unavailable or self.c.labels.not_available, source, path + ("table", "unavailable"))
        return m.Paragraph(title + text)

    def _row(self, table: Table, row: RowResult, source: Source, path: Path_) -> m.Row:
        cells = []
        for column in table.columns:
            cell = row.cells[column.id]
            if column.band is not None:  # a score's band: its word, in its fill
                cells.append(
                    m.Cell(
                        (m.Text(cell.text),) if cell.text else (), None, None, cell.published, cell.differs, cell.fill
                    )
                )
                continue
            if cell.text is not None:
                text = (m.Text(cell.text),) if cell.verbatim else self.inlines(cell.text, source, path + (column.id,))
                cells.append(m.Cell(text))
                continue
            shown = table_number(cell.value, column.decimals, column.percent, table.zero)
            formula = None if self._reads_words(cell.formula) else cell.formula  # a score: a figure to writers
            cells.append(m.Cell((m.Text(shown),) if shown else (), cell.value, formula, cell.published, cell.differs))
        return m.Row(row.id, "total" if row.bold and row.kind != "heading" else row.kind, tuple(cells))


def _columns(table: Table) -> tuple[m.Column, ...]:
    return tuple(
        m.Column(
            c.id,
            c.header,
            c.group,
            c.subheader,
            c.unit,
            c.type == "number" and c.scale is None and c.band is None,  # words on a scale, and bands, are words
            c.decimals,
            c.percent,
            spelled=c.spelled,
            grouped=c.grouped,
        )
        for c in table.columns
    )


def _published(cell: CellResult, decimals: int, percent: bool, zero: str | None) -> str:
    """The published figure as the table would print it (a band's word as it is)."""
    if isinstance(cell.published, str):
        return cell.published
    return table_number(cell.published, decimals, percent, zero)
