"""The round trip with finance: the workbook the toolkit exports, edited by a finance officer,
feeds the paper again (figures_from: reads every defined name that is one of its figures)."""

from __future__ import annotations

import shutil

from openpyxl import load_workbook

from councilpapers.cli import main
from councilpapers.compose import compose
from councilpapers.load import load_paper
from councilpapers.model import plain

from .helpers import CONTENT


def test_an_exported_workbook_edited_in_a_cell_feeds_the_paper_back(tmp_path):
    folder = tmp_path / "content" / "budget-2018-20"
    shutil.copytree(CONTENT / "budget-2018-20", folder)
    assert (
        main(
            [
                "budget-2018-20",
                "--content",
                str(tmp_path / "content"),
                "--output",
                str(tmp_path / "out"),
                "--format",
                "xlsx",
            ]
        )
        == 0
    )
    workbook = load_workbook(tmp_path / "out" / "budget-2018-20.xlsx")
    names = workbook.defined_names
    assert "budget_summary.education.net_1718" in names
    ((sheet, cell),) = names["budget_summary.education.net_1718"].destinations
    assert workbook[sheet][cell.replace("$", "")].value == 30143
    workbook[sheet][cell.replace("$", "")].value = 31143  # finance revises one figure
    workbook.save(folder / "finance.xlsx")
    paper = folder / "paper.yaml"
    paper.write_text(paper.read_text(encoding="utf-8") + "figures_from: finance.xlsx\n", encoding="utf-8")

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
