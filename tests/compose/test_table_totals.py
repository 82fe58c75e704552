"""Total rows: a column worked out by formula is recomputed on its total rows (a ratio of the
totals, never a sum of ratios), unless the table says the column is summed; a sum of a percentage
or a ratio is a located error naming the column; a total row may type its own figure or formula."""

from __future__ import annotations

from decimal import Decimal

import pytest

from councilpapers.compose.document import compose
from councilpapers.compose.totals import divides, is_percentage, is_ratio
from councilpapers.core.expressions import BinOp, CellRef, Num, SumOf, parse_expression
from councilpapers.load.paper import load_paper
from councilpapers.load.schema.tables import Column

from ..helpers import MINIMAL_BODY, changed, write_paper
from .test_tables import run, run_yaml, value

RATIO = [
    {"id": "area", "header": "Area", "type": "text"},
    {"id": "change", "header": "Change", "unit": "£,000"},
    {"id": "base", "header": "Base", "unit": "£,000"},
    {"id": "pct", "header": "Change %", "formula": "change / base * 100", "decimals": 2},
]
# Three services whose changes are 5%, 8% and 6% of their budgets: 25 of 400 in all, 6.25%; a sum
# of the rows' percentages would print 19.00 on the total row. The second group is 39 of 801.
ROWS = [
    {"id": "a", "area": "A", "change": 5, "base": 100},
    {"id": "b", "area": "B", "change": 8, "base": 100},
    {"id": "c", "area": "C", "change": 12, "base": 200},
    {"id": "first", "area": "Sub-total", "sum": "above"},
    {"id": "d", "area": "D", "change": 39, "base": 801},
    {"id": "second", "area": "Sub-total", "sum": "above"},
    {"id": "all", "area": "Total", "sum": ["first", "second"]},
    {"id": "net", "area": "Net", "formula": "all - d"},
]


def ratio_table(rows=ROWS, columns=RATIO, **extra):
    return {"id": "t", "caption": "T", "columns": columns, "rows": rows, **extra}


def test_a_ratio_column_is_recomputed_on_every_kind_of_total_row():
    engine, results = run(ratio_table())
    assert not engine.problems
    assert value(results, "t", "first", "pct") == Decimal("6.25")  # 25 / 400 * 100, not 5 + 8 + 6
    assert round(value(results, "t", "second", "pct"), 2) == Decimal("4.87")  # 39 / 801
    assert (value(results, "t", "all", "change"), value(results, "t", "all", "base")) == (64, 1201)
    assert round(value(results, "t", "all", "pct"), 2) == Decimal("5.33")  # 64 / 1201, not 6.25 + 4.87
    assert value(results, "t", "net", "pct") == Decimal("6.25")  # a row's formula too: 25 / 400
    # the total row's cell is the column's formula over the total row's own figures
    assert results["t"].cell("first", "pct").formula == BinOp(
        "*", BinOp("/", CellRef("t", "first", "change"), CellRef("t", "first", "base")), Num(100)
    )
    assert isinstance(results["t"].cell("first", "change").formula, SumOf)


def test_a_summed_column_adds_up_its_rows_on_total_rows():
    columns = [
        {"id": "x", "header": "X"},
        {"id": "y", "header": "Y"},
        {"id": "z", "header": "Z", "formula": "x * y", "summed": True},  # each row's product, then their sum
        {"id": "w", "header": "W", "formula": "x * y"},  # the product of the totals
    ]
    rows = [{"id": "a", "x": 2, "y": 3}, {"id": "b", "x": 4, "y": 5}, {"id": "s", "sum": "above"}]
    engine, results = run(ratio_table(rows, columns))
    assert not engine.problems
    assert value(results, "t", "s", "z") == 26  # 6 + 20
    assert value(results, "t", "s", "w") == 48  # 6 × 8
    assert results["t"].cell("s", "z").formula == SumOf((CellRef("t", "a", "z"), CellRef("t", "b", "z")))
    assert value(results, "t", "a", "z") == 6  # data rows still apply the formula


def test_a_total_row_may_type_its_figure_or_a_formula_of_its_own():
    rows = ROWS[:4] + [{"id": "typed", "area": "Typed", "sum": "above", "pct": 7}]
    rows[3] = {"id": "first", "area": "Sub-total", "sum": "above", "pct": "=first.change / first.base * 1000"}
    rows.append({"id": "blank", "area": "None", "sum": "all", "pct": None})
    engine, results = run(ratio_table(rows))
    assert [p.message for p in engine.problems] == [
        "sum: above has no data rows above it (since the table's start or its last total) to add up"
    ]
    assert value(results, "t", "first", "pct") == Decimal("62.5")
    assert value(results, "t", "typed", "pct") == 7 and results["t"].cell("typed", "pct").formula is None
    assert value(results, "t", "blank", "pct") is None and value(results, "t", "blank", "change") == 25


HEAD = """\
tables:
  - id: t
    caption: T
    columns:
      - {id: area, header: Area, type: text}
      - {id: change, header: Change, unit: "£,000"}
      - {id: base, header: Base, unit: "£,000"}
      - {id: pct, header: Change, formula: change / base * 100, decimals: 2, summed: true}
      - {id: rate, header: Rate, unit: "%"}
      - {id: share, header: Share, percent: true}
      - {id: per, header: Per cent, unit: "%", formula: rate - share, summed: true}
      - {id: kept, header: Kept, summed: true}
      - {id: thousands, header: In thousands, formula: change / 1000, summed: true}
    rows:
      - {id: a, area: A, change: 5, base: 100, rate: 2.5, share: 40}
      - {id: b, area: B, change: 8, base: 100, rate: 3.5, share: 60}
      - {id: total, area: Total, sum: above}
      - {id: typed, area: Typed, sum: all, rate: 3, share: '=a.share + b.share'}
      - {id: both, area: Both, formula: a + b}
"""


def test_a_sum_of_a_percentage_or_a_ratio_is_a_located_error_naming_the_column(tmp_path):
    engine, results = run_yaml(tmp_path, HEAD)
    found = [(p.line, p.field, p.message) for p in engine.problems]
    advice = "a sum of it is no figure; leave out summed, and its formula is applied on total rows"
    sum_advice = "a sum of it is no figure; type this row's figure, or a formula"
    assert found == [
        (8, "tables[0].columns[3].summed", f"column 'pct' is a ratio (its formula divides by a figure): {advice}"),
        (11, "tables[0].columns[6].summed", f"column 'per' is a percentage: {advice}"),
        (12, "tables[0].columns[7].summed", "summed is for a column with a formula"),
        (17, "tables[0].rows[2].sum", f"sum adds up column 'rate', a percentage: {sum_advice} (rate: '=…')"),
        (17, "tables[0].rows[2].sum", f"sum adds up column 'share', a percentage: {sum_advice} (share: '=…')"),
    ]
    # a typed figure or formula on a total row, and a row's formula, are the author's own arithmetic
    assert value(results, "t", "typed", "rate") == 3 and value(results, "t", "typed", "share") == 100
    assert value(results, "t", "both", "rate") == 6
    assert value(results, "t", "total", "rate") is None  # never a wrong total
    assert value(results, "t", "total", "thousands") == Decimal("0.013")  # a division by a number sums


@pytest.mark.parametrize(
    "formula, ratio",
    [
        ("change / base * 100", True),
        ("change / 1000", False),
        ("change / 1000 + base", False),
        ("-(change / base)", True),
        ("base + change / base", True),
        ("change / base + base", True),
        ("-change", False),
        ("change * base", False),
        ("(change + base) / (base - 1)", True),
    ],
)
def test_a_ratio_is_a_formula_that_divides_by_a_figure(formula, ratio):
    assert divides(parse_expression(formula)) is ratio
    assert is_ratio(Column(id="c", header="C", formula=formula)) is ratio


@pytest.mark.parametrize(
    "column, expected",
    [
        ({"unit": "%"}, True),
        ({"unit": " % "}, True),
        ({"percent": True}, True),
        ({"unit": "£,000"}, False),
        ({}, False),
        ({"formula": "x / +"}, False),  # unreadable: a problem where its cells use it
    ],
)
def test_what_counts_as_a_percentage_or_a_ratio(column, expected):
    made = Column(id="c", header="C", **column)
    assert is_ratio(made) is expected
    assert is_percentage(made) is (expected and "formula" not in column)


def test_the_problem_is_on_the_line_of_the_sum(tmp_path):
    text = HEAD.replace("      - {id: typed", "      - {id: late, sum: above}\n      - {id: typed")
    engine, _ = run_yaml(tmp_path, text)
    late = [p for p in engine.problems if p.field == "tables[0].rows[3].sum"]
    assert [p.line for p in late] == [18] * 3  # rate and share, and no rows above to add up
    assert late[0].message.startswith("sum: above has no data rows above it")


def test_a_paper_with_a_summed_ratio_is_refused_with_one_located_line(tmp_path):
    """Bad input: the command line says where, exits 1, writes nothing."""
    import subprocess
    import sys

    from ..helpers import ROOT

    body = changed(
        MINIMAL_BODY,
        '            - {id: net, header: Net Budget, unit: "£,000"}\n',
        '            - {id: net, header: Net Budget, unit: "£,000"}\n'
        "            - {id: share, header: Share, formula: net / net * 100, summed: true}\n",
    )
    write_paper(tmp_path / "content" / "p", body=body)
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--content", str(tmp_path / "content")]
        + ["--output", str(tmp_path / "out"), "--format", "html"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if "summed" in line]
    assert len(lines) == 1 and lines[0].endswith(
        "body.yaml:12:68: sections[0].blocks[1].table.columns[2].summed: column 'share' is a ratio "
        "(its formula divides by a figure): a sum of it is no figure; leave out summed, and its formula is "
        "applied on total rows"
    ), result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_the_seed_papers_totals_of_computed_columns_are_unchanged(composed):
    """The February paper's computed columns add up (a + b), so their totals are the same figures
    whether summed or recomputed: 11,945 and 5,745 make 17,690."""
    savings = next(t for t in composed.document.tables() if t.id == "savings")
    total = next(r for r in savings.rows if r.id == "total_savings")
    assert [c.value for c in total.cells[4:7]] == [-11945, -5745, -17690]
    assert total.cells[6].formula == BinOp(
        "+", CellRef("savings", "total_savings", "amount_1819"), CellRef("savings", "total_savings", "amount_1920")
    )


def test_a_ratio_column_in_a_built_paper_prints_the_ratio_of_the_totals(tmp_path):
    body = changed(
        MINIMAL_BODY,
        '            - {id: net, header: Net Budget, unit: "£,000"}\n',
        '            - {id: net, header: Net Budget, unit: "£,000"}\n'
        '            - {id: gross, header: Gross Budget, unit: "£,000"}\n'
        "            - {id: ratio, header: Net of gross, formula: net / gross * 100, decimals: 2}\n",
    )
    body = changed(body, "net: 1000}", "net: 1000, gross: 4000}")
    body = changed(body, "net: 2500}", "net: 2500, gross: 8000}")
    document = compose(load_paper(write_paper(tmp_path / "p", body=body))).document
    rows = {r.id: r for r in document.tables()[0].rows}
    shown = [rows[r].cells[3].inlines[0].text for r in ("a", "b", "total")]
    assert shown == ["25.00", "31.25", "29.17"]  # 3,500 of 12,000; the rows' sum would print 56.25
