"""Finance files that are small on disk and unpack large, written by hand (raw zip writing), for
the hostile tests and the bench: each a paper folder whose table reads its rows from the file.

Each file is written as a stream (nothing large is held in memory here): a minimal workbook of
openpyxl's, with its sheet or its shared strings replaced by generated XML.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl

from ..helpers import MINIMAL_PAPER, changed, write_paper

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
STRINGS_RELATION = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
ROWS_FROM = """\
            - rows_from:
                file: FILE
                RANGE
                columns: {id: A, area: B, net: C}
                header: false
"""
BODY = """\
sections:
  - title: Budget
    blocks:
      - table:
          id: budget
          caption: Budget
          columns:
            - {id: area, header: Service Area, type: text}
            - {id: net, header: Net Budget, unit: "£,000"}
          rows:
ROWS            - {id: total, area: Total, sum: above}
"""
GOOD_ROWS = [("a", "Alpha", 1000), ("b", "Beta", 2500)]


def paper(folder: Path, file: str, cell_range: str | None = None) -> Path:
    """A paper whose table reads columns A to C of `file` (no header row), optionally a range."""
    spec = changed(ROWS_FROM, "FILE", file)
    spec = (
        changed(spec, "RANGE", f"range: {cell_range}") if cell_range else changed(spec, "                RANGE\n", "")
    )
    return write_paper(folder, MINIMAL_PAPER, body=changed(BODY, "ROWS", spec))


def _template() -> dict[str, bytes]:
    """The members of a one-sheet workbook saved by openpyxl, with a shared string table."""
    book = openpyxl.Workbook()
    book.active.title = "Budget"
    book.active["A1"] = "a"
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    # a shared string table, declared as Excel declares it (openpyxl wrote none for one string)
    members[STRINGS] = strings_xml(1)().__next__() + b"<si><t>a</t></si></sst>"
    types, rels = "[Content_Types].xml", "xl/_rels/workbook.xml.rels"
    override = f'<Override PartName="/{STRINGS}" ContentType="{STRINGS_TYPE}"/></Types>'
    members[types] = changed(members[types].decode(), "</Types>", override).encode()
    relation = f'<Relationship Type="{STRINGS_RELATION}" Target="sharedStrings.xml" Id="rId9"/></Relationships>'
    members[rels] = changed(members[rels].decode(), "</Relationships>", relation).encode()
    return members


def write_book(file: Path, replaced: dict[str, Callable[[], Iterator[bytes]]]) -> Path:
    """A workbook whose members `replaced` names are written from generators of bytes."""
    members = _template()
    file.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in members.items():
            if name in replaced:
                with archive.open(name, "w", force_zip64=True) as out:
                    for chunk in replaced[name]():
                        out.write(chunk)
            else:
                archive.writestr(name, data)
    return file


def sheet_xml(rows: Callable[[], Iterator[bytes]], size: str = "") -> Callable[[], Iterator[bytes]]:
    """A sheet of the rows generated, declaring its size (`size`, A1:J100) or not, as Excel always does."""
    declared = f'<dimension ref="{size}"/>' if size else ""

    def generate() -> Iterator[bytes]:
        yield f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{MAIN}">{declared}<sheetData>'.encode()
        yield from rows()
        yield b"</sheetData></worksheet>"

    return generate


def strings_xml(count: int) -> Callable[[], Iterator[bytes]]:
    def generate() -> Iterator[bytes]:
        yield f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="{MAIN}" count="{count}" uniqueCount="{count}">'.encode()
        yield b"<si><t>a</t></si>"
        for start in range(1, count, 10_000):
            yield b"<si><t/></si>" * min(10_000, count - start)
        yield b"</sst>"

    return generate


def _good_rows(first: int = 1) -> Iterator[bytes]:
    for n, (row_id, area, net) in enumerate(GOOD_ROWS, first):
        yield (
            f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{row_id}</t></is></c>'
            f'<c r="B{n}" t="inlineStr"><is><t>{area}</t></is></c><c r="C{n}"><v>{net}</v></c></row>'
        ).encode()


def far_column(folder: Path, rows: int = 20_000, column: str = "XFD") -> Path:
    """The issue's 232 KB workbook: the two rows a paper reads, then one cell in column XFD on
    each of `rows` rows."""

    def generate() -> Iterator[bytes]:
        yield from _good_rows()
        for n in range(3, rows + 3, 1000):
            yield b"".join(f'<row r="{r}"><c r="{column}{r}"><v>1</v></c></row>'.encode() for r in range(n, n + 1000))

    write_book(folder / "finance.xlsx", {SHEET: sheet_xml(generate)})
    return paper(folder, "finance.xlsx")


def many_strings(folder: Path, count: int = 8_000_000) -> Path:
    """The issue's 340 KB workbook: `count` shared strings (each empty but the first)."""
    write_book(folder / "finance.xlsx", {SHEET: sheet_xml(_good_rows), STRINGS: strings_xml(count)})
    return paper(folder, "finance.xlsx")


def many_cells(folder: Path, rows: int = 200_000, columns: int = 10, declared: bool = True) -> Path:
    """A sheet of `rows` × `columns` cells holding 1, after the two rows a paper reads, declaring
    its size as Excel does (or not)."""

    def generate() -> Iterator[bytes]:
        yield from _good_rows()
        cells = "".join(f'<c r="{chr(65 + c)}ROW"><v>1</v></c>' for c in range(columns))
        for n in range(3, rows + 3):
            yield f'<row r="{n}">{cells.replace("ROW", str(n))}</row>'.encode()

    size = f"A1:{chr(64 + columns)}{rows + 2}" if declared else ""
    write_book(folder / "finance.xlsx", {SHEET: sheet_xml(generate, size)})
    return paper(folder, "finance.xlsx")


def wide_row(folder: Path, cells: int = 3_000_000) -> Path:
    """One row of `cells` empty cells with no reference (openpyxl counts their columns on)."""

    def generate() -> Iterator[bytes]:
        yield from _good_rows()
        yield b'<row r="3">'
        for start in range(0, cells, 10_000):
            yield b"<c/>" * min(10_000, cells - start)
        yield b"</row>"

    write_book(folder / "finance.xlsx", {SHEET: sheet_xml(generate)})
    return paper(folder, "finance.xlsx")


def padded_sheet(folder: Path, megabytes: int = 300) -> Path:
    """A sheet of the two rows a paper reads and then `megabytes` of white space."""

    def generate() -> Iterator[bytes]:
        yield from _good_rows()
        for _ in range(megabytes):
            yield b" " * 1_000_000

    write_book(folder / "finance.xlsx", {SHEET: sheet_xml(generate)})
    return paper(folder, "finance.xlsx")


def last_row(folder: Path, row: int = 1_048_576) -> Path:
    """The two rows a paper reads, and one cell on a sheet's last row."""

    def generate() -> Iterator[bytes]:
        yield from _good_rows()
        yield f'<row r="{row}"><c r="A{row}"><v>1</v></c></row>'.encode()

    write_book(folder / "finance.xlsx", {SHEET: sheet_xml(generate)})
    return paper(folder, "finance.xlsx")


def wide_csv_range(folder: Path, rows: int = 20_000) -> Path:
    """The issue's CSV case: 20,000 rows read with `range: A1:XFD`."""
    lines = [f"{row_id},{area},{net}" for row_id, area, net in GOOD_ROWS]
    lines += [f"r{n},Row {n},{n}" for n in range(rows - len(lines))]
    (folder / "finance.csv").parent.mkdir(parents=True, exist_ok=True)
    (folder / "finance.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return paper(folder, "finance.csv", "A1:XFD")


def many_csv_cells(folder: Path, megabytes: int = 9) -> Path:
    """A CSV file under the size limit that holds millions of one-character cells."""
    folder.mkdir(parents=True, exist_ok=True)
    line = ",".join(["1"] * 500) + "\n"
    with (folder / "finance.csv").open("w", encoding="utf-8") as out:
        out.write("".join(f"{r},{a},{n}\n" for r, a, n in GOOD_ROWS))
        for _ in range(megabytes * 1_000_000 // len(line)):
            out.write(line)
    return paper(folder, "finance.csv")


def many_styles(folder: Path, count: int = 300_000) -> Path:
    """Styles of `count` cell formats (Excel allows 64,000), 8.7 MB unpacked from a few kilobytes."""

    def generate() -> Iterator[bytes]:
        yield f'<?xml version="1.0" encoding="UTF-8"?>\n<styleSheet xmlns="{MAIN}"><cellXfs count="{count}">'.encode()
        for start in range(0, count, 10_000):
            yield b'<xf numFmtId="0" fontId="0"/>' * min(10_000, count - start)
        yield b"</cellXfs></styleSheet>"

    write_book(folder / "finance.xlsx", {SHEET: sheet_xml(_good_rows), "xl/styles.xml": generate})
    return paper(folder, "finance.xlsx")


def many_sheets(folder: Path, sheets: int = 900, megabytes: int = 1) -> Path:
    """`sheets` sheets that all name one part of `megabytes` (no declared size): openpyxl would
    scan that part once for each as it opens the workbook."""

    def padded() -> Iterator[bytes]:
        yield from _good_rows()
        for _ in range(megabytes):
            yield b" " * 1_000_000

    def book() -> Iterator[bytes]:
        listed = "".join(f'<sheet name="S{n}" sheetId="{n + 1}" r:id="rId1"/>' for n in range(1, sheets))
        yield (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<workbook xmlns="{MAIN}" xmlns:r="{RELATIONS}"><sheets>'
            f'<sheet name="Budget" sheetId="1" r:id="rId1"/>{listed}</sheets></workbook>'
        ).encode()

    write_book(folder / "finance.xlsx", {SHEET: sheet_xml(padded), "xl/workbook.xml": book})
    return paper(folder, "finance.xlsx")


def other_digits(folder: Path, figure: str = "\uff12\uff15\uff10\uff10") -> Path:
    """A CSV file whose second figure is written with other digits (full-width ２５００ by default)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "finance.csv").write_text(f"a,Alpha,1000\nb,Beta,{figure}\n", encoding="utf-8")
    return paper(folder, "finance.csv")


def good_csv(folder: Path) -> Path:
    """The paper with the finance file it should have: the rows Alpha and Beta."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "finance.csv").write_text("a,Alpha,1000\nb,Beta,2500\n", encoding="utf-8")
    return paper(folder, "finance.csv")


def good_book(folder: Path) -> Path:
    """The paper with a workbook it can read: the rows Alpha and Beta."""
    write_book(folder / "finance.xlsx", {SHEET: sheet_xml(_good_rows)})
    return paper(folder, "finance.xlsx")
