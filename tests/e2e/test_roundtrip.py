"""The round trip with finance: the workbook the toolkit exports, edited by a finance officer,
feeds the paper again (figures_from: reads every defined name that is one of its figures)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from councilpapers.commands import main
from councilpapers.compose.document import compose
from councilpapers.core.errors import ContentError
from councilpapers.core.model import plain
from councilpapers.load.paper import load_paper

from ..helpers import CONTENT, ROOT


def exported(tmp_path):
    """A copy of the February paper and the workbook the toolkit exports for it."""
    folder = tmp_path / "content" / "budget-2018-20"
    shutil.copytree(CONTENT / "budget-2018-20", folder)
    command = ["budget-2018-20", "--content", str(tmp_path / "content"), "--output", str(tmp_path / "out")]
    assert main([*command, "--format", "xlsx"]) == 0
    return folder, load_workbook(tmp_path / "out" / "budget-2018-20.xlsx")


def read_back(folder) -> None:
    paper = folder / "paper.yaml"
    paper.write_text(paper.read_text(encoding="utf-8") + "figures_from: finance.xlsx\n", encoding="utf-8")


def test_an_exported_workbook_edited_in_a_cell_feeds_the_paper_back(tmp_path):
    folder, workbook = exported(tmp_path)
    names = workbook.defined_names
    assert "budget_summary.education.net_1718" in names
    ((sheet, cell),) = names["budget_summary.education.net_1718"].destinations
    assert workbook[sheet][cell.replace("$", "")].value == 30143
    workbook[sheet][cell.replace("$", "")].value = 31143  # finance revises one figure
    workbook.save(folder / "finance.xlsx")
    read_back(folder)

    composed = compose(load_paper(folder))
    tables = {t.id: t for t in composed.document.tables()}
    education = next(r for r in tables["budget_summary"].rows if r.id == "education")
    total = next(r for r in tables["budget_summary"].rows if r.id == "total")
    column = [c.id for c in tables["budget_summary"].columns].index("net_1718")
    assert plain(education.cells[column].inlines) == "31,143"
    assert plain(total.cells[column].inlines) == "104,325"
    text = " ".join(plain(p.inlines) for s in composed.document.sections for p in s.blocks if hasattr(p, "inlines"))
    assert "£104.325m" in text  # paragraph 5.1 restates the total
    assert composed.origins["budget_summary.education.net_1718"].sheet == sheet


def test_a_workbook_whose_rows_were_sorted_is_refused_not_read_into_the_wrong_rows(tmp_path):
    """Excel's sort moves the figures and leaves the defined names on their cells: read back,
    Children's Safeguarding would get another service's budget. The build names the cell."""
    folder, workbook = exported(tmp_path)
    ((sheet, cell),) = workbook.defined_names["budget_summary.safeguarding.net_1718"].destinations
    ws, first = workbook[sheet], int(cell.replace("$", "")[1:])
    rows = [[c.value for c in ws[first]], [c.value for c in ws[first + 2]]]
    for target, values in ((first, rows[1]), (first + 2, rows[0])):  # sorted: first and third rows swapped
        for column, value in enumerate(values, start=1):
            ws.cell(target, column).value = value
    workbook.save(folder / "finance.xlsx")
    read_back(folder)
    command = [sys.executable, str(ROOT / "build.py"), "check", "--content", str(tmp_path / "content")]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    moved = [line for line in result.stdout.splitlines() + result.stderr.splitlines() if "sorted or moved" in line]
    assert len(moved) == 2, moved  # one line for each row out of place, not one for each of its nine figures
    assert (
        f"finance.xlsx: the name budget_summary.safeguarding.gross_1718 (sheet {sheet}, cell B{first}): "
        "this row reads 'Directorate Core & Back Office', not 'Children's Safeguarding': the rows have been "
        "sorted or moved, and the names stay with their cells" in moved[1]
    )


def test_a_workbook_edited_without_moving_rows_is_read_back_whatever_its_labels_look_like(tmp_path):
    """The row check compares labels without note markers, spacing or case: a row the finance
    officer only edited, or whose label cell gained a note marker, still reads back."""
    folder, workbook = exported(tmp_path)
    ((sheet, cell),) = workbook.defined_names["budget_summary.education.net_1718"].destinations
    ws, row = workbook[sheet], int(cell.replace("$", "")[1:])
    label = next(c for c in ws[row] if isinstance(c.value, str) and "Education" in c.value)
    label.value = "  EDUCATION [note 9] "
    ws[cell.replace("$", "")].value = 30200
    workbook.save(folder / "finance.xlsx")
    read_back(folder)
    tables = {t.id: t for t in compose(load_paper(folder)).document.tables()}
    education = next(r for r in tables["budget_summary"].rows if r.id == "education")
    assert "30,200" in [plain(c.inlines) for c in education.cells]


def test_a_deleted_row_is_named_once_as_deleted(tmp_path):
    """Deleting a row in Excel turns the names of its cells into #REF!: the build says so, once."""
    folder, workbook = exported(tmp_path)
    education = [name for name in workbook.defined_names if name.startswith("budget_summary.education.")]
    assert len(education) == 9
    for name in education:
        sheet = next(iter(workbook.defined_names[name].destinations))[0]
        workbook.defined_names[name].attr_text = f"'{sheet}'!#REF!"
    workbook.save(folder / "finance.xlsx")
    read_back(folder)
    command = [sys.executable, str(ROOT / "build.py"), "check", "--content", str(tmp_path / "content")]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    said = [line for line in (result.stdout + result.stderr).splitlines() if "#REF!" in line]
    assert len(said) == 1, said
    assert (
        "points at a deleted cell ('Summary budget position 2017-20'!#REF!): its row, column or sheet was deleted"
        in said[0]
    )


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # two risks of one category, "People": their descriptions tell them apart
        ("risk_register.risk_1.likelihood", "risk_register.risk_11.likelihood"),
        # two savings whose descriptions quote figures ({placements…}) the workbook prints
        ("savings.ext_fostering.amount_1819", "savings.int_fostering.amount_1819"),
    ],
)
def test_every_word_of_a_row_is_compared_not_only_its_first(tmp_path, first, second):
    folder, workbook = exported(tmp_path)
    ((sheet, one),) = workbook.defined_names[first].destinations
    ((_, other),) = workbook.defined_names[second].destinations
    ws, rows = workbook[sheet], (int(one.replace("$", "")[1:]), int(other.replace("$", "")[1:]))
    values = [[c.value for c in ws[row]] for row in rows]
    for row, cells in zip(rows, reversed(values)):  # the two rows swapped, as a sort would
        for column, value in enumerate(cells, start=1):
            ws.cell(row, column).value = value
    workbook.save(folder / "finance.xlsx")
    read_back(folder)
    with pytest.raises(ContentError) as caught:
        compose(load_paper(folder))
    moved = [p.message for p in caught.value.problems if "sorted or moved" in p.message]
    assert len(moved) == 2 and all(f"(sheet {sheet}, cell " in m for m in moved), moved
