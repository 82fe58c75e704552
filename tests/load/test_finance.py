"""Figures from finance: a table's rows and named figures read from CSV files and workbooks."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.defined_name import DefinedName
from pypdf import PdfReader

from councilpapers.commands import main
from councilpapers.compose.document import compose
from councilpapers.core.errors import ContentError
from councilpapers.load.finance.books import MAX_IMPORT_BYTES
from councilpapers.load.finance.failure import ImportFailure
from councilpapers.load.finance.values import number_value
from councilpapers.load.paper import load_paper
from councilpapers.writers.pdf import write_pdf

from ..helpers import MINIMAL_PAPER, ROOT, changed

TYPED_ROWS = """\
            - {id: safeguarding, area: Children's Safeguarding, net: 69359, fte: 701.5}
            - {id: education, area: Education, net: 30143, fte: 387}
            - {id: core, area: Directorate Core, net: 3823, fte: 93}
"""
BODY = """\
sections:
  - title: Budget
    blocks:
      - para: >-
          The net budget is {budget.total.net|£m}, of which safeguarding is
          {budget.safeguarding.net|£k}; the grant is {grant|£m}.
      - table:
          id: budget
          caption: Budget
          columns:
            - {id: area, header: Service Area, type: text}
            - {id: net, header: Net Budget, unit: "£,000"}
            - {id: fte, header: Posts, unit: FTE, decimals: 1}
          rows:
ROWS            - {id: total, area: Total, sum: above}
"""
ROWS_FROM = """\
            - rows_from:
                file: FILE
                SHEET
                columns: {id: Code, area: Service Area, net: 2017/18 Net, fte: E}
"""
FIGURE_TYPED = "figures:\n  grant: {value: 10.16, unit: '£m'}\n"
FIGURE_FROM = "figures:\n  grant: {value_from: {file: FILE, SHEETcell: C7}, unit: '£m'}\n"
HEADER = ["Code", "Service Area", "2017/18 Net", "Notes", "Posts"]
DATA = [
    ["safeguarding", "Children's Safeguarding", 69359, None, 701.5],
    ["education", "Education", 30143, "", 387],
    ["core", "Directorate Core", 3823, None, 93],
]


def write(folder: Path, body: str, paper: str = MINIMAL_PAPER) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "paper.yaml").write_text(paper, encoding="utf-8")
    (folder / "body.yaml").write_text(body, encoding="utf-8")
    return folder


def typed_paper(folder: Path) -> Path:
    return write(folder, changed(BODY, "ROWS", TYPED_ROWS), MINIMAL_PAPER + FIGURE_TYPED)


def workbook(file: Path, header=HEADER, data=DATA, names: dict[str, str] | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Budget"
    sheet.append(["Children's Services budget 2017/18"])  # a title row above the table
    sheet.append([])
    sheet.append(header)
    for row in data:
        sheet.append(row)
    grants = book.create_sheet("Grants")
    grants["C7"] = 10.16
    for name, target in (names or {}).items():
        book.defined_names[name] = DefinedName(name, attr_text=target)
    book.save(file)
    return file


def csv_file(file: Path, text: str | None = None) -> Path:
    if text is None:
        lines = [",".join(HEADER)] + [
            ",".join(f'"{v}"' if isinstance(v, str) and "'" in v else "" if v is None else str(v) for v in row)
            for row in DATA
        ]
        text = "\ufeff" + "\r\n".join(lines) + "\r\n"  # as Excel saves CSV UTF-8: a byte-order mark
    file.write_text(text, encoding="utf-8")
    return file


def imported_paper(folder: Path, kind: str, rows_from: str = ROWS_FROM) -> Path:
    """The typed paper with its table's rows and its named figure read from a file instead."""
    folder.mkdir(parents=True, exist_ok=True)
    if kind == "xlsx":
        workbook(folder / "finance.xlsx")
        # a template: a case may pass a spec that names no FILE or SHEET
        spec = rows_from.replace("FILE", "finance.xlsx").replace("SHEET", "sheet: Budget\n                range: A3:E6")
        figure = changed(changed(FIGURE_FROM, "FILE", "finance.xlsx"), "SHEET", "sheet: Grants, ")
    else:
        csv_file(folder / "finance.csv")
        (folder / "grants.csv").write_text(",,\n" * 6 + ",,10.16\n", encoding="utf-8")
        spec = rows_from.replace("FILE", "finance.csv").replace("                SHEET\n", "")
        figure = changed(changed(FIGURE_FROM, "FILE", "grants.csv"), "SHEET", "")
    return write(folder, changed(BODY, "ROWS", spec), MINIMAL_PAPER + figure)


def problems(folder: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        compose(load_paper(folder))
    return [f"{p.file.name}:{p.line}:{p.column}: {p.field}: {p.message}" for p in caught.value.problems]


def pdf_text(document) -> str:
    reader = PdfReader(io.BytesIO(write_pdf(document)))
    return "\n".join(page.extract_text() for page in reader.pages)


def figures(folder: Path) -> dict[str, str]:
    """Each figure as the paper prints it: the table's and the sentence's."""
    document = compose(load_paper(folder)).document
    table = next(iter(document.tables()))
    printed = {
        f"{row.id}.{column.id}": "".join(getattr(i, "text", "") for i in cell.inlines)
        for row in table.rows
        for column, cell in zip(table.columns, row.cells, strict=True)
    }
    sentence = document.sections[0].blocks[0].inlines
    printed["sentence"] = "".join(getattr(i, "text", "") for i in sentence)
    return printed


# ---- the same paper, typed or imported ----------------------------------------------------------


def test_csv_and_workbook_imports_print_what_the_typed_paper_prints(tmp_path):
    typed = pdf_text(compose(load_paper(typed_paper(tmp_path / "typed"))).document)
    assert "£103.325m" in typed and "£69,359k" in typed and "£10.16m" in typed and "701.5" in typed
    for kind in ("csv", "xlsx"):
        composed = compose(load_paper(imported_paper(tmp_path / kind, kind)))
        assert pdf_text(composed.document) == typed, kind
        assert str(composed.origins["budget.education.net"]).endswith(
            "finance.csv: cell C3" if kind == "csv" else "finance.xlsx: sheet Budget, cell C5"
        )
        assert composed.origins["figure.grant"].cell == "C7"
        assert composed.imported_files[0].name == f"finance.{kind}"


def test_imported_figures_are_exact_decimals_and_text_is_printed_as_written(tmp_path):
    folder = imported_paper(tmp_path / "p", "xlsx")
    data = [["safeguarding", "Safeguarding *all* {ages}", 69359.25, None, 701.5]] + DATA[1:]
    workbook(folder / "finance.xlsx", data=data)
    (folder / "body.yaml").write_text(
        changed((folder / "body.yaml").read_text(), 'unit: "£,000"}', 'unit: "£,000", decimals: 2}'), encoding="utf-8"
    )
    composed = compose(load_paper(folder))
    table = next(iter(composed.document.tables()))
    total = table.rows[-1].cells[1]
    assert total.value == Decimal("103325.25") and isinstance(total.value, Decimal)
    assert table.rows[0].cells[0].inlines[0].text == "Safeguarding *all* {ages}"  # no markup read into it


def test_editing_a_workbook_cell_changes_the_printed_figure_and_its_total(tmp_path):
    folder = imported_paper(tmp_path / "p", "xlsx")
    before = figures(folder)
    assert before["total.net"] == "103,325" and "£103.325m" in before["sentence"]
    book = openpyxl.load_workbook(folder / "finance.xlsx")
    book["Budget"]["C4"] = 70000  # safeguarding's net budget, revised by finance
    book["Grants"]["C7"] = 11.5
    book.save(folder / "finance.xlsx")
    after = figures(folder)
    assert after["safeguarding.net"] == "70,000"
    assert after["total.net"] == "103,966"
    assert "£103.966m" in after["sentence"] and "£70,000k" in after["sentence"] and "£11.50m" not in after["sentence"]
    assert "£11.5m" in after["sentence"]
    assert {k: v for k, v in after.items() if v != before[k]}.keys() == {"safeguarding.net", "total.net", "sentence"}


def test_typed_rows_follow_imported_ones_and_keep_their_lines(tmp_path):
    rows = ROWS_FROM + "            - {id: extra, area: Extra, net: '1,000'}\n"
    folder = imported_paper(tmp_path / "p", "csv", rows_from=rows)
    assert problems(folder) == [
        "body.yaml:18:40: sections[0].blocks[1].table.rows[1].net: expected a number, got '1,000' "
        "(write it without commas)"
    ]


def test_a_row_id_both_typed_and_imported_is_an_error(tmp_path):
    rows = "            - {id: core, area: Core, net: 1}\n" + ROWS_FROM
    folder = imported_paper(tmp_path / "p", "csv", rows_from=rows)
    assert problems(folder) == [
        "body.yaml:16:15: sections[0].blocks[1].table.rows[1].rows_from: "
        "row id 'core' is used twice in table budget (first typed on line 15)"
    ]


def test_imported_files_lists_what_the_paper_reads(tmp_path):
    folder = imported_paper(tmp_path / "p", "csv")
    assert sorted(compose(load_paper(folder)).imported_files) == [folder / "finance.csv", folder / "grants.csv"]
    assert compose(load_paper(typed_paper(tmp_path / "typed"))).imported_files == ()


# ---- numbers as files hold them -----------------------------------------------------------------


@pytest.mark.parametrize(
    "value,expected",
    [
        ("1,234", 1234),
        ("(220)", -220),
        ("-220", -220),
        ("10.160", Decimal("10.160")),
        (" 3 ", 3),
        (69359, 69359),
        (69359.0, 69359),
        (10.16, Decimal("10.16")),
        ("", None),
    ],
)
def test_numbers_read_exactly(value, expected):
    read = number_value(value, None, False)
    assert read == expected and type(read) is type(expected)


@pytest.mark.parametrize(
    "value,message",
    [
        ("n/a", "expected a number, got 'n/a'"),
        ("1,23", "thousands are separated by commas in threes"),
        ("(-220)", "a sign and brackets"),
        ("87.1%", "% only in a percentage column"),
        ("£1,234", "write it without £"),
        ("NaN", "'NaN', which is not a figure"),
        (float("nan"), "nan, which is not a figure"),
        (float("inf"), "inf, which is not a figure"),
        (0.1 + 0.2, "0.30000000000000004, which is not an exact figure (binary rounding noise)"),
        (True, "expected a number, got TRUE"),
        ("#DIV/0!", "the cell shows the error #DIV/0!"),
        (1e20, "too large to print exactly"),
    ],
)
def test_numbers_that_are_not_figures_are_refused(value, message):
    with pytest.raises(ImportFailure, match=re.escape(message)):
        number_value(value, None, False)


def test_a_percentage_column_reads_87_1_percent():
    assert number_value("87.1%", None, True) == Decimal("87.1")


# ---- every error: located, one line, exit 1 ---------------------------------------------------------


def spec_with(**changes: str) -> str:
    spec = ROWS_FROM
    for old, new in changes.items():
        spec = changed(spec, old, new)
    return spec


def build_fails(folder: Path, capsys) -> str:
    """The build's only problem line (exit 1, nothing written, no traceback)."""
    output = folder.parent / "out"
    assert main(["--content", str(folder.parent), "--output", str(output), "--format", "html", folder.name]) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert not output.exists()
    assert lines[-1] == "content error: 1 problem; nothing was written", lines
    assert "Traceback" not in "\n".join(lines)
    return lines[-2]


def xlsx_case(tmp_path: Path, rows_from: str = ROWS_FROM, **cells) -> Path:
    folder = imported_paper(tmp_path / "content" / "p", "xlsx", rows_from=rows_from)
    if cells:
        book = openpyxl.load_workbook(folder / "finance.xlsx")
        for where, value in cells.items():
            book["Budget"][where] = value
        book.save(folder / "finance.xlsx")
    return folder


LINE = r"content/p/body\.yaml:15:15: sections\[0\]\.blocks\[1\]\.table\.rows\[0\]\.rows_from: "


def test_missing_file(tmp_path, capsys):
    folder = xlsx_case(tmp_path, spec_with(FILE="budget.xlsx"))
    assert re.fullmatch(LINE + r"no file 'budget\.xlsx' in p/", build_fails_text(folder, capsys))


def build_fails_text(folder: Path, capsys) -> str:
    return build_fails(folder, capsys)


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    """Paths are shown from the working folder: tmp_path, which holds content/."""
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize(
    "case,expected",
    [
        (
            "missing_sheet",
            r"content/p/finance\.xlsx: no sheet 'Budgt' \(did you mean 'Budget'\?\); its sheets are Budget, Grants",
        ),
        ("bad_range", r"'A3-E6' is not a range: write it as A2:D5, or A2:D to read to the last row"),
        ("backwards_range", r"'E6:A3' runs backwards: write the top left cell first.*"),
        (
            "missing_header",
            r"content/p/finance\.xlsx: sheet Budget, row 3: no column headed 'Service Are' for 'area' "
            r"\(did you mean 'Service Area'\?\); the headers are: Code, Service Area, 2017/18 Net, Notes, Posts",
        ),
        ("text_in_number", r"content/p/finance\.xlsx: sheet Budget, cell C5 \(net\): expected a number, got 'n/a'"),
        (
            "empty_cell",
            r"content/p/finance\.xlsx: sheet Budget, cell C6 \(net\): the cell is empty "
            r"\(list 'net' under optional: if it may be\)",
        ),
        ("empty_id", r"content/p/finance\.xlsx: sheet Budget, cell A5 \(id\): the cell is empty: a row needs its id"),
        (
            "formula",
            r"content/p/finance\.xlsx: sheet Budget, cell C4 \(net\): the cell holds the formula =69000\+359 "
            r"with no saved value: open the workbook in Excel or LibreOffice and save it.*",
        ),
        (
            "noise",
            r"content/p/finance\.xlsx: sheet Budget, cell C4 \(net\): the cell holds 0\.6666666666666666, "
            r"which is not an exact figure.*",
        ),
        (
            "infinity",
            r"content/p/finance\.xlsx: sheet Budget, cell C4 \(net\): the cell holds inf, which is not a figure",
        ),
        ("outside", r"'\.\./finance\.xlsx': an imported file lies in the paper's folder.*"),
        ("absolute", r"'/etc/finance\.xlsx': an imported file lies in the paper's folder.*"),
        ("symlink", r"'finance\.xlsx' is a link to a file outside p/.*"),
        ("too_large", r"content/p/finance\.xlsx is 10,000,001 bytes; an imported file holds at most 10,000,000.*"),
        ("not_a_workbook", r"content/p/finance\.xlsx is not an \.xlsx workbook.*"),
        ("unknown_column", r"columns: no column 'nett' in table budget \(did you mean 'net'\?\)"),
        ("bad_id", r"content/p/finance\.xlsx: sheet Budget, cell A4 \(id\): 'Safe-01' is not a valid row id.*"),
    ],
)
def test_each_import_error_is_one_located_line(tmp_path, capsys, case, expected):
    cells = {
        "text_in_number": {"C5": "n/a"},
        "empty_cell": {"C6": None},
        "empty_id": {"A5": None},
        "formula": {"C4": "=69000+359"},
        "noise": {"C4": 2 / 3},
        "bad_id": {"A4": "Safe-01"},
    }.get(case, {})
    folder = xlsx_case(tmp_path, spec_of(case), **cells)
    spoil(folder / "finance.xlsx", case, tmp_path)
    line = build_fails_text(folder, capsys)
    assert re.fullmatch(LINE + expected, line), line


# The rows_from: each case writes, where it is not the usual one.
CASE_SPECS = {
    "missing_sheet": {"SHEET": "sheet: Budgt"},
    "bad_range": {"SHEET": "sheet: Budget\n                range: A3-E6"},
    "backwards_range": {"SHEET": "sheet: Budget\n                range: E6:A3"},
    "missing_header": {"area: Service Area": "area: Service Are"},
    "unknown_column": {"net: 2017/18": "nett: 2017/18"},
    "outside": {"FILE": "../finance.xlsx"},
    "absolute": {"FILE": "/etc/finance.xlsx"},
}


def spec_of(case: str) -> str:
    return spec_with(**CASE_SPECS[case]) if case in CASE_SPECS else ROWS_FROM


def spoil(file: Path, case: str, tmp_path: Path) -> None:
    """What a case does to the workbook once it is written: a value openpyxl will not write, a
    link to a file elsewhere, a file too large, or one that is not a workbook at all."""
    if case == "infinity":
        patch_cell(file, "C4", "1E400")
    elif case == "symlink":
        outside = tmp_path / "elsewhere.xlsx"
        file.rename(outside)
        file.symlink_to(outside)
    elif case == "too_large":
        with file.open("r+b") as f:
            f.truncate(MAX_IMPORT_BYTES + 1)
    elif case == "not_a_workbook":
        file.write_text("Code,Service Area\n", encoding="utf-8")


def patch_cell(file: Path, cell: str, written: str) -> None:
    """A value openpyxl will not write (1E400: infinity), put into the sheet's XML as Excel could."""
    import zipfile

    parts = {}
    with zipfile.ZipFile(file) as archive:
        for name in archive.namelist():
            parts[name] = archive.read(name)
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet, count = re.subn(rf'<c r="{cell}"( t="n")?><v>[^<]*</v>', f'<c r="{cell}" t="n"><v>{written}</v>', sheet)
    assert count == 1
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(file, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_named_figure_errors_are_located_at_its_value_from(tmp_path, capsys):
    folder = imported_paper(tmp_path / "content" / "p", "xlsx")
    paper = changed((folder / "paper.yaml").read_text(), "cell: C7", "cell: C8")
    (folder / "paper.yaml").write_text(paper, encoding="utf-8")
    line = build_fails_text(folder, capsys)
    assert re.fullmatch(
        r"content/p/paper\.yaml:19:11: figures\.grant\.value_from: "
        r"content/p/finance\.xlsx: sheet Grants, cell C8 \(grant\): the cell is empty",
        line,
    ), line


def test_csv_errors_name_the_cell(tmp_path, capsys):
    folder = imported_paper(tmp_path / "content" / "p", "csv")
    csv_file(
        folder / "finance.csv",
        'Code,Service Area,2017/18 Net,Notes,Posts\nsafeguarding,S,"69,359",,1\neducation,E,(30),,2\ncore,C,TBC,,3\n',
    )
    line = build_fails_text(folder, capsys)
    assert line.endswith("content/p/finance.csv: cell C4 (net): expected a number, got 'TBC'"), line


def test_build_py_reports_an_import_error_in_one_line(tmp_path):
    folder = imported_paper(tmp_path / "content" / "p", "csv")
    (folder / "finance.csv").unlink()
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "--content",
            str(folder.parent),
            "--output",
            str(tmp_path / "out"),
            "p",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "content/p/body.yaml:15:15: sections[0].blocks[1].table.rows[0].rows_from: no file 'finance.csv' in p/",
        "content error: 1 problem; nothing was written",
    ]


# ---- the round trip: the exported workbook's defined names -------------------------------------------


def round_trip(tmp_path: Path, names: dict[str, str], rows: str = TYPED_ROWS) -> Path:
    folder = write(
        tmp_path / "content" / "p",
        changed(BODY, "ROWS", rows),
        MINIMAL_PAPER + FIGURE_TYPED + "figures_from: finance.xlsx\n",
    )
    workbook(folder / "finance.xlsx", names=names)
    return folder


def test_figures_from_reads_the_workbook_by_its_defined_names(tmp_path):
    folder = round_trip(
        tmp_path,
        {"budget.safeguarding.net": "Budget!$C$4", "figure.grant": "Grants!$C$7", "Print_Area_x": "Budget!$A$1"},
    )
    book = openpyxl.load_workbook(folder / "finance.xlsx")
    book["Budget"]["C4"] = 70000
    book["Grants"]["C7"] = 12.25
    book.save(folder / "finance.xlsx")
    composed = compose(load_paper(folder))
    printed = figures(folder)
    assert printed["safeguarding.net"] == "70,000" and printed["total.net"] == "103,966"
    assert "£12.25m" in printed["sentence"]
    assert set(composed.origins) == {"budget.safeguarding.net", "figure.grant"}


@pytest.mark.parametrize(
    "name,target,expected",
    [
        (
            "budget.safegarding.net",
            "Budget!$C$4",
            "no row 'safegarding' in table budget (did you mean 'safeguarding'?)",
        ),
        ("budgets.core.net", "Budget!$C$6", "no table 'budgets' in the paper (did you mean 'budget'?)"),
        (
            "budget.total.net",
            "Budget!$C$6",
            "the cell is computed by the paper (a total, a heading or a formula); it cannot be read",
        ),
        ("budget.core.area", "Budget!$B$6", "'area' is a text column: figures_from reads figures only"),
        ("figure.grnt", "Grants!$C$7", "no named figure 'grnt' in paper.yaml (did you mean 'grant'?)"),
        ("budget.core.net", "Budget!$C$4:$C$6", "(Budget!$C$4:$C$6) does not name one cell"),
        ("budget.core.net", "Budget!$D$6", "the cell is empty, where the paper types 3823: type the figure in it"),
    ],
)
def test_a_defined_name_that_fits_no_typed_figure_is_a_located_error(tmp_path, name, target, expected):
    [problem] = problems(round_trip(tmp_path, {name: target}))
    assert problem.startswith("paper.yaml:20:1: figures_from: ")
    assert f"finance.xlsx: the name {name}" in problem and problem.endswith(expected)


def test_schema_documents_the_imports():
    import json

    paper = json.loads((ROOT / "schema" / "paper.schema.json").read_text())
    part = json.loads((ROOT / "schema" / "part.schema.json").read_text())
    assert "figures_from" in paper["properties"]
    assert "value_from" in paper["$defs"]["NamedFigure"]["properties"]
    assert {"file", "sheet", "range", "header", "columns", "optional"} <= set(part["$defs"]["RowsFrom"]["properties"])
    assert "RowsFrom" in textwrap.shorten(json.dumps(part["$defs"]["Table"]), 100000)


def test_the_documented_example_builds_from_its_csv_files():
    folder = ROOT / "docs" / "examples" / "figures-from-finance"
    composed = compose(load_paper(folder))
    table = next(iter(composed.document.tables()))
    assert [row.id for row in table.rows] == ["safeguarding", "education", "core", "total"]
    total = table.rows[-1].cells
    assert (total[1].value, total[2].value) == (103325, 100766)  # "69,359" and (120) read from the CSV
    summary = str(composed.document.front)
    assert "£100.766m" in summary and "£10.160m" in summary
    assert sorted(composed.imported_files) == [folder / "budget.csv", folder / "grants.csv"]


def test_check_lists_an_import_problem(tmp_path, capsys):
    folder = imported_paper(tmp_path / "content" / "p", "csv")
    csv_file(folder / "finance.csv", "Code,Service Area,2017/18 Net,Notes,Posts\nsafeguarding,S,n/a,,1\n")
    assert main(["check", "--content", str(folder.parent), "p"]) == 1
    assert "content/p/finance.csv: cell C2 (net): expected a number, got 'n/a'" in capsys.readouterr().out


def test_an_imported_figure_meets_the_same_size_rule_as_a_typed_one():
    from councilpapers.load.finance.values import fits
    from councilpapers.load.yamlsource import unprintable

    too_precise = Decimal("0.12345678901234567890123456789")
    assert unprintable(too_precise) is not None
    with pytest.raises(ImportFailure, match="too large to print exactly"):
        fits(too_precise)
    assert fits(Decimal("1234.5")) == Decimal("1234.5")
