"""Loading stage, figures from finance: a table with each `rows_from:` replaced by the rows it reads."""

from __future__ import annotations

from dataclasses import dataclass

from councilpapers.core.cellnames import cell_name
from councilpapers.core.errors import Problem
from councilpapers.load.finance.failure import ImportFailure
from councilpapers.load.finance.range import read_rows
from councilpapers.load.finance.reading import Origin, Reading
from councilpapers.load.located import Located
from councilpapers.load.schema.tables import RowsFrom, TableRow
from councilpapers.load.yamlsource import Path_, Source, field_name


@dataclass
class RowsSource(Source):
    """The source of one table whose rows an import expanded: a problem of the table's n-th row
    is placed where that row is written, or at the `rows_from:` that read it."""

    rows_path: Path_ = ()
    written: tuple[tuple[int, bool], ...] = ()  # each row: (its index as written, whether imported)

    def original(self, path: Path_) -> Path_:
        n = len(self.rows_path)
        path = tuple(path)
        if path[:n] == self.rows_path and len(path) > n and isinstance(path[n], int) and path[n] < len(self.written):
            index, imported = self.written[path[n]]
            return self.rows_path + (index,) + (("rows_from",) if imported else path[n + 1 :])
        return path

    def locate(self, path: Path_) -> tuple[int, int]:
        return Source.locate(self, self.original(path))

    def problem(self, path: Path_, message: str) -> Problem:
        path = self.original(path)
        line, column = Source.locate(self, path)
        return Problem(self.file, line, column, field_name(path), message)


def with_rows_read(reading: Reading, item: Located) -> Located:
    """The table with each rows_from replaced by the rows it reads."""
    rows: list[TableRow] = []
    written: list[tuple[int, bool]] = []
    origins: list[dict[str, Origin]] = []
    expanded = False
    for index, row in enumerate(item.table.rows):
        spec = getattr(row, "rows_from", None)
        if not isinstance(spec, RowsFrom):
            rows.append(row)
            written.append((index, False))
            origins.append({})
            continue
        expanded = True
        path = item.path + ("rows", index, "rows_from")
        try:
            read = read_rows(reading.books, item, spec, reading.loaded.style.fonts.family)
        except ImportFailure as exc:
            reading.fail(item.source, path, str(exc))
            continue
        rows.extend(r for r, _ in read)
        origins.extend(o for _, o in read)
        written.extend((index, True) for _ in read)
    if not expanded:
        return item
    _check_ids(reading, item, rows, written, origins)
    base = item.source
    rows_path = item.path + ("rows",)
    source = RowsSource(
        base.file,
        base.data,
        base.marks,
        base.problems,
        moved_raw(base.raw, rows_path, written),
        base.lines,
        rows_path=rows_path,
        written=tuple(written),
    )
    return Located(item.table.model_copy(update={"rows": rows}), source, item.path)


def _check_ids(
    reading: Reading,
    item: Located,
    rows: list[TableRow],
    written: list[tuple[int, bool]],
    origins: list[dict[str, Origin]],
) -> None:
    """Every id once in the table, imported or typed; and where each imported figure came from."""
    seen: dict[str, tuple[int, bool]] = {}
    for row, (index, imported), read in zip(rows, written, origins, strict=True):
        row_id = row.get("id")
        if not isinstance(row_id, str):
            continue
        if row_id in seen and (imported or seen[row_id][1]):
            first, first_imported = seen[row_id]
            how = "read by the rows_from" if first_imported else "typed"
            line, _ = item.source.locate(item.path + ("rows", first))
            reading.fail(
                item.source,
                item.path + ("rows", index, "rows_from" if imported else "id"),
                f"row id '{row_id}' is used twice in table {item.table.id} (first {how} on line {line})",
            )
        seen.setdefault(row_id, (index, imported))
        for name, origin in read.items():
            reading.origins[cell_name(item.table.id, row_id, name)] = origin


def moved_raw(raw: dict[Path_, str], rows_path: Path_, written: list[tuple[int, bool]]) -> dict[Path_, str]:
    """A file's words-as-written, with each typed row of one table at its expanded position."""
    n = len(rows_path)
    moved = {path: value for path, value in raw.items() if path[:n] != rows_path}
    position = {index: expanded for expanded, (index, imported) in enumerate(written) if not imported}
    for path, value in raw.items():
        if path[:n] == rows_path and len(path) > n and path[n] in position:
            moved[rows_path + (position[path[n]],) + path[n + 1 :]] = value
    return moved
