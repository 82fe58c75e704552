"""Finance files that are small on disk and unpack large: each is refused in seconds, in one located
line naming the file, the sheet and the cell (or the workbook's part), with exit 1; the build that
fails leaves the earlier output byte for byte as it was. Each build runs in a child with a
time-out and a 1 GiB address space (tests/bounded.py): a hang or a memory bomb fails the test.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from councilpapers.commands import main
from councilpapers.load.finance import limits
from councilpapers.load.finance.archive import declares_size, elements, tags

from ..bounded import build_bounded, files_of
from . import hostile_books as books

LOCATED = re.compile(r"^\S*body\.yaml:\d+:\d+: sections\[0\]\.blocks\[0\]\.table\.rows\[0\]\.rows_from: \S*finance\.")

# each case: the hostile folder, the file the good folder holds instead, and what the message says
CASES: dict[str, tuple[Callable[[Path], Path], Callable[[Path], Path], str]] = {
    "a value in column XFD on 20,000 rows": (
        books.far_column,
        books.good_book,
        "finance.xlsx: sheet Budget, cell XFD3: a value in column XFD; an imported sheet's values lie in "
        "columns A to ALL (the first 1,000)",
    ),
    "8 million shared strings": (
        books.many_strings,
        books.good_book,
        "finance.xlsx: the part holding its shared strings, the texts of its cells (xl/sharedStrings.xml), "
        "unpacks to 104,000,158 bytes; at most 20,000,000 are read",
    ),
    "a million shared strings in 30 KB": (
        lambda folder: books.many_strings(folder, 1_000_000),
        books.good_book,
        "finance.xlsx: the workbook holds 1,000,000 shared strings (distinct texts); at most 100,000 are read",
    ),
    "three million empty cells on one row": (
        books.wide_row,
        books.good_book,
        "finance.xlsx: sheet Budget holds 3,000,006 cells, empty (formatted) ones too; at most 500,000 are read",
    ),
    "a sheet of 90 MB of white space": (
        lambda folder: books.padded_sheet(folder, 90),
        books.good_book,
        "finance.xlsx: sheet Budget unpacks to 90,000,422 bytes; at most 50,000,000 are read",
    ),
    "a workbook of 110 MB": (
        lambda folder: books.padded_sheet(folder, 110),
        books.good_book,
        "finance.xlsx: the workbook unpacks to 110,",
    ),
    "300,000 cell formats": (
        books.many_styles,
        books.good_book,
        "finance.xlsx: its styles (xl/styles.xml) holds 300,003 XML elements; at most 100,000 are read",
    ),
    "900 sheets naming one part": (
        books.many_sheets,
        books.good_book,
        "finance.xlsx: its 900 sheets unpack to more than 100,000,000 bytes, each counted for every sheet that names it",
    ),
    "a value on the last row": (
        books.last_row,
        books.good_book,
        "finance.xlsx: sheet Budget, cell A1048576: a value on row 1,048,576; an imported sheet's values lie in "
        "its first 100,000 rows",
    ),
    "450,000 cells holding a value": (
        lambda folder: books.many_cells(folder, 45_000, 10),
        books.good_book,
        "finance.xlsx: sheet Budget, cell E25002: more than 250,000 cells hold a value; an imported file is read "
        "to at most 250,000",
    ),
    "300,000 cells in a sheet that does not declare its size": (
        lambda folder: books.many_cells(folder, 30_000, 10, declared=False),
        books.good_book,
        "finance.xlsx: its sheets that do not declare their size hold 300,006 cells together, empty ones too; "
        "at most 250,000 are read",
    ),
    "a CSV file of four million cells": (
        books.many_csv_cells,
        books.good_csv,
        "finance.csv: cell SA502: more than 250,000 cells hold a value",
    ),
    "full-width digits in a CSV file": (
        books.other_digits,
        books.good_csv,
        "finance.csv: cell C2 (net): expected a number, got '２５００' (it holds U+FF12 FULLWIDTH DIGIT TWO, "
        "a digit of another script or form: type the figure with the digits 0 to 9)",
    ),
    "Arabic-Indic digits in a CSV file": (
        lambda folder: books.other_digits(folder, "\u0662\u0665\u0660\u0660"),
        books.good_csv,
        "finance.csv: cell C2 (net): expected a number, got '٢٥٠٠' (it holds U+0662 ARABIC-INDIC DIGIT TWO",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_finance_file_that_unpacks_large_is_refused_in_one_located_line(tmp_path, case):
    hostile, good, message = CASES[case]
    content, output = tmp_path / "content", tmp_path / "output"
    good(content / "p")
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(["--content", str(content), "--output", str(output), "--format", "html"]) == 0  # in this process
    before = files_of(output)
    assert "p.print.html" in before
    shutil.rmtree(content / "p")
    hostile(content / "p")
    assert sum(f.stat().st_size for f in (content / "p").glob("finance.*")) < 10_000_000  # small on disk
    result = build_bounded(content, output)
    assert not result.timed_out, result.ended_in_time()
    assert result.code == 1, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and lines[1] == "content error: 1 problem; nothing was written", result.stderr
    assert LOCATED.match(lines[0]), lines[0]
    assert message in lines[0], lines[0]
    assert files_of(output) == before  # nothing written, nothing touched


def test_a_range_to_column_xfd_over_20000_rows_reads_only_the_cells_there(tmp_path):
    """The issue's `range: A1:XFD` over a 20,000-row CSV (35 s and 5.2 GB before): a correct build."""
    content, output = tmp_path / "content", tmp_path / "output"
    books.wide_csv_range(content / "p")
    result = build_bounded(content, output, timeout=120)
    assert not result.timed_out, result.ended_in_time()
    assert result.code == 0, result.output
    html = (output / "p.print.html").read_text(encoding="utf-8")
    assert "Row 19997" in html and ">Alpha<" in html
    total = 1000 + 2500 + sum(range(19_998))
    assert f"{total:,}" in html  # the total of every row read


def test_the_count_of_elements_misses_none():
    xml = b'<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c><x:c r="B1"/><c\nr="C1"></c></row></sheetData>'
    assert tags(xml, b"c") == 3 and tags(xml, b"row") == 1 and tags(xml, b"v") == 1
    assert tags(b"<cols><col/></cols>", b"c") == 0  # <col> and <cols> are other elements
    assert elements(xml) == 7


def test_a_sheet_declares_its_size_before_its_cells_or_not_at_all():
    assert declares_size(b'<worksheet><dimension ref="A1:C3"/><sheetData></sheetData></worksheet>')
    assert not declares_size(b"<worksheet><sheetData></sheetData></worksheet>")
    assert not declares_size(b'<worksheet><sheetData></sheetData><dimension ref="A1"/></worksheet>')


def test_the_limits_are_the_ones_the_authoring_guide_lists():
    guide = (Path(__file__).resolve().parents[2] / "docs" / "authoring.md").read_text(encoding="utf-8")
    section = guide[guide.index("### What a finance file may hold") :]
    section = section[: section.index("\n## ")]
    for name in (
        "MAX_IMPORT_BYTES",
        "MAX_UNZIPPED_BYTES",
        "MAX_PARTS",
        "MAX_SHEETS",
        "MAX_SHEET_BYTES",
        "MAX_SHEET_ELEMENTS",
        "MAX_UNDECLARED",
        "MAX_STRINGS_BYTES",
        "MAX_STRINGS",
        "MAX_PART_BYTES",
        "MAX_PART_ELEMENTS",
        "MAX_CELLS",
        "MAX_ROWS",
        "MAX_COLUMNS",
        "MAX_FIELDS",
    ):
        assert f"{getattr(limits, name):,}" in section, name


def test_digits_of_other_scripts_typed_in_yaml_are_refused_named(tmp_path):
    from councilpapers.compose.document import compose
    from councilpapers.core.errors import ContentError
    from councilpapers.load.finance.failure import ImportFailure
    from councilpapers.load.finance.values import number_value
    from councilpapers.load.paper import load_paper

    from ..helpers import MINIMAL_BODY, MINIMAL_PAPER, changed, write_paper

    folder = write_paper(tmp_path / "p", body=changed(MINIMAL_BODY, "net: 1000", "net: ١٠٠٠"))
    with pytest.raises(ContentError) as caught:
        compose(load_paper(folder))
    (problem,) = caught.value.problems
    assert (problem.file.name, problem.line, problem.field) == (
        "body.yaml",
        13,
        "sections[0].blocks[1].table.rows[0].net",
    )
    # refused, the character named: as a figure in another script's digits, or as a glyph the
    # house font lacks (whichever check meets it first); never read as the number 1000
    assert "U+0661 ARABIC-INDIC DIGIT ONE" in problem.message, problem.message
    figure = write_paper(tmp_path / "f", MINIMAL_PAPER + "figures:\n  grant: {value: \uff11\uff10, unit: '£m'}\n")
    with pytest.raises(ContentError) as caught:
        compose(load_paper(figure))
    for problem in caught.value.problems:  # as a whole number and as a decimal: neither reads it
        assert (problem.file.name, problem.line, problem.field.split(".")[:2]) == (
            "paper.yaml",
            19,
            ["figures", "grant"],
        )
        assert "it holds U+FF11 FULLWIDTH DIGIT ONE, a digit of another script or form" in problem.message
    with pytest.raises(ImportFailure, match=r"U\+FF11 FULLWIDTH DIGIT ONE"):
        number_value("１,２３４", None, False)  # a workbook's text cell, read as CSV text is
    assert number_value("1,234", None, False) == 1234
