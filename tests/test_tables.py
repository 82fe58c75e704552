"""The table engine: totals, formulas and running figures computed once; published figures checked."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from councilpapers.compose import compose
from councilpapers.expressions import CellRef, SumOf
from councilpapers.load import load_paper
from councilpapers.schema import Table
from councilpapers.tables import Located, TableEngine
from councilpapers.yamlsource import Source


def run(*tables: dict):
    located = [Located(Table.model_validate(t), Source(Path("t.yaml"), t), ("t", i)) for i, t in enumerate(tables)]
    engine = TableEngine(located)
    results = engine.run()
    return engine, results


def table(rows, columns=None, **extra):
    columns = columns or [
        {"id": "label", "header": "Label", "type": "text"},
        {"id": "x", "header": "X", "unit": "£,000"},
        {"id": "y", "header": "Y"},
    ]
    return {"id": extra.pop("id", "t"), "caption": "T", "columns": columns, "rows": rows, **extra}


def value(results, table_id, row, column):
    return results[table_id].cell(row, column).value


def test_sum_above_stops_at_the_previous_total_and_skips_headings():
    engine, results = run(
        table(
            [
                {"id": "h", "label": "Group", "heading": True},
                {"id": "a", "x": 1, "y": 10},
                {"id": "b", "x": 2, "y": 20},
                {"id": "s1", "sum": "above"},
                {"id": "c", "x": 4},
                {"id": "s2", "sum": "above"},
                {"id": "all", "sum": "all"},
                {"id": "both", "formula": "s1 + s2"},
            ]
        )
    )
    assert not engine.problems
    assert (value(results, "t", "s1", "x"), value(results, "t", "s1", "y")) == (3, 30)
    assert (value(results, "t", "s2", "x"), value(results, "t", "s2", "y")) == (4, None)
    assert value(results, "t", "all", "x") == 7
    assert value(results, "t", "both", "x") == 7
    assert results["t"].cell("s1", "x").formula == SumOf((CellRef("t", "a", "x"), CellRef("t", "b", "x")))


def test_column_formula_product_and_explicit_blank():
    columns = [
        {"id": "l", "header": "L"},
        {"id": "i", "header": "I"},
        {"id": "risk", "header": "Risk", "formula": "l * i"},
    ]
    engine, results = run(table([{"id": "r1", "l": 3, "i": 4}, {"id": "r2", "l": 2, "i": 4, "risk": None}], columns))
    assert value(results, "t", "r1", "risk") == 12
    assert value(results, "t", "r2", "risk") is None


def test_running_figure_and_cross_table_reference():
    engine, results = run(
        table(
            [
                {"id": "start", "x": 425},
                {"id": "shift", "x": 16, "y": 4},
                {"id": "running", "x": "=start.x + shift.x", "y": "=running.x + shift.y"},
            ]
        ),
        table([{"id": "copy", "x": "=t.running.y"}], id="u"),
    )
    assert not engine.problems
    assert value(results, "t", "running", "x") == 441
    assert value(results, "t", "running", "y") == 445
    assert value(results, "u", "copy", "x") == 445


def test_published_figures_outside_tolerance_are_reported():
    engine, _ = run(
        table(
            [{"id": "a", "x": 1}, {"id": "b", "x": 2}, {"id": "total", "sum": "above", "published": {"x": 4, "y": 0}}],
            tolerance=1,
        )
    )
    assert not engine.problems
    found = [(d.row, d.column, d.published, d.computed, d.within_tolerance) for d in engine.disagreements()]
    assert found == [("total", "x", 4, 3, True), ("total", "y", 0, None, False)]  # x is within the tolerance
    engine, _ = run(table([{"id": "a", "x": 1}, {"id": "total", "sum": "above", "published": {"x": 3}}], tolerance=1))
    assert [(d.published, d.computed) for d in engine.disagreements()] == [(3, 1)]


def test_published_on_a_typed_figure_is_a_problem():
    engine, _ = run(table([{"id": "a", "x": 1, "published": {"x": 1}}]))
    assert [p.message for p in engine.problems] == ["published is for computed figures; this figure is typed"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-(10**7), 10**7), min_size=1, max_size=12), st.integers(0, 11))
def test_sum_rows_always_equal_the_sum_of_their_parts(values, split):
    split = min(split, len(values))
    rows = [{"id": f"r{i}", "x": v} for i, v in enumerate(values[:split])] + [{"id": "s1", "sum": "above"}]
    rows += [{"id": f"q{i}", "x": v} for i, v in enumerate(values[split:])] + [{"id": "s2", "sum": "above"}]
    rows += [{"id": "total", "formula": "s1 + s2"}, {"id": "check", "sum": "all"}]
    engine, results = run(table(rows))
    empty = [n for n, part in (("s1", values[:split]), ("s2", values[split:])) if not part]
    assert [p.message.startswith("sum: above has no data rows above it") for p in engine.problems] == [True] * len(
        empty
    )
    assert value(results, "t", "total", "x") == sum(values)
    assert value(results, "t", "check", "x") == sum(values)
    assert value(results, "t", "s1", "x") == (sum(values[:split]) if split else None)


def test_february_paper_totals(composed):
    """The paper's own arithmetic: what agrees and what the published paper got wrong."""
    found = {(d.table, d.row, d.column): (d.published, d.computed) for d in composed.disagreements}
    assert found[("savings", "total_savings", "amount_1819")] == (-10463, -11945)
    assert ("budget_summary", "total", "net_1718") not in found
    assert ("placements", "total_lac", "mar_19") not in found


def test_changing_one_figure_moves_every_total_and_sentence(tmp_path):
    from .helpers import copy_real_paper

    folder = copy_real_paper(tmp_path)
    appendix = folder / "appendix-1.yaml"
    appendix.write_text(
        appendix.read_text(encoding="utf-8").replace("net_1718: 69359", "net_1718: 70359", 1), encoding="utf-8"
    )
    document = compose(load_paper(folder)).document
    text = __import__("councilpapers.model", fromlist=["plain"]).plain
    paragraph_51 = next(b for s in document.sections for b in s.blocks if getattr(b, "number", None) == "5.1")
    assert "£104.325m" in text(paragraph_51.inlines)
    service_budget = next(t for t in document.tables() if t.id == "service_budget")
    assert text(service_budget.rows[-1].cells[2].inlines) == "104,325"


def test_division_is_exact_and_rounds_half_away_from_zero_when_shown(tmp_path):
    from decimal import Decimal

    from councilpapers.compose import compose
    from councilpapers.load import load_paper

    from .helpers import MINIMAL_BODY, write_paper

    body = MINIMAL_BODY.replace(
        "            - {id: total, area: Total, sum: above, published: {net: 3500}}",
        "            - {id: total, area: Total, sum: above, published: {net: 3500}}\n"
        "            - {id: share, area: Share, formula: a / total}",
    )
    document = compose(load_paper(write_paper(tmp_path / "p", body=body))).document
    share = next(r for r in document.tables()[0].rows if r.id == "share").cells[1]
    assert isinstance(share.value, Decimal) and share.value == Decimal(1000) / Decimal(3500)


def test_a_duplicate_row_id_names_the_line_of_the_first():
    engine, _ = run(table([{"id": "a", "x": 1}, {"x": 5}, {"id": "a", "x": 2}]))
    (problem,) = engine.problems
    assert problem.field.endswith("rows[2].id") and problem.message == "row id 'a' is used twice (first on line 1)"


# ---- every operator, directly ----------------------------------------------------------------


@pytest.mark.parametrize(
    "formula, expected",
    [
        ("a - b", Decimal(7)),  # subtraction is not addition
        ("b - a", Decimal(-7)),
        ("a + b", Decimal(13)),
        ("a * b", Decimal(30)),
        ("a / b", Decimal(10) / Decimal(3)),  # division is not multiplication, and exact
        ("-a", Decimal(-10)),  # unary minus is kept
        ("-(a - b)", Decimal(-7)),
        ("a - -b", Decimal(13)),
        ("(a + b) / 2", Decimal("6.5")),
        ("a - b * 2", Decimal(4)),  # precedence
        ("(a - b) * 2", Decimal(14)),
        ("a / b * b", Decimal(10) / Decimal(3) * 3),
        ("2.5 * a", Decimal(25)),
    ],
)
def test_every_operator_of_a_row_formula(formula, expected):
    engine, results = run(table([{"id": "a", "x": 10}, {"id": "b", "x": 3}, {"id": "r", "formula": formula}]))
    assert not engine.problems
    assert value(results, "t", "r", "x") == expected
    assert isinstance(value(results, "t", "r", "x"), (int, Decimal))


@pytest.mark.parametrize("formula, expected", [("x - y", -10), ("y / x", Decimal(6)), ("-x", -2), ("x * y - 1", 23)])
def test_every_operator_of_a_column_formula(formula, expected):
    columns = [{"id": "x", "header": "X"}, {"id": "y", "header": "Y"}, {"id": "z", "header": "Z", "formula": formula}]
    engine, results = run(table([{"id": "a", "x": 2, "y": 12}], columns=columns))
    assert not engine.problems and value(results, "t", "a", "z") == expected


def test_a_negative_cell_formula_and_division_by_zero():
    engine, results = run(
        table([{"id": "a", "x": 10}, {"id": "b", "x": "=-a.x"}, {"id": "z", "x": 0}, {"id": "r", "formula": "a / z"}])
    )
    assert value(results, "t", "b", "x") == -10
    assert [p.message for p in engine.problems] == ["division by zero"]
    assert value(results, "t", "r", "x") is None


def test_a_total_with_an_empty_cell_counts_it_as_nothing():
    engine, results = run(table([{"id": "a", "x": 10}, {"id": "b", "y": 1}, {"id": "r", "formula": "a - b"}]))
    assert value(results, "t", "r", "x") == 10 and value(results, "t", "r", "y") == -1
