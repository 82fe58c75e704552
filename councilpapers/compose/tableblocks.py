"""Composing stage, table blocks: a computed table as the model's Table (its cells printed, its
words in prose, its sheet name checked), or a sentence saying why its figures are not available."""

from __future__ import annotations

from councilpapers.compose.context import Context, Inlines
from councilpapers.compose.results import RowResult, TableResult
from councilpapers.core import model as m
from councilpapers.core.errors import Problem
from councilpapers.core.numbers import table_number
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
        )

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
            if cell.text is not None:
                text = (m.Text(cell.text),) if cell.verbatim else self.inlines(cell.text, source, path + (column.id,))
                cells.append(m.Cell(text))
                continue
            shown = table_number(cell.value, column.decimals, column.percent, table.zero)
            cells.append(
                m.Cell((m.Text(shown),) if shown else (), cell.value, cell.formula, cell.published, cell.differs)
            )
        return m.Row(row.id, "total" if row.bold and row.kind != "heading" else row.kind, tuple(cells))


def _columns(table: Table) -> tuple[m.Column, ...]:
    return tuple(
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
