"""Units are arithmetic, not magic constants: a named figure or a table column whose formula meets
money in £m and £'000 converts it (no × 1000 typed in by hand), in the paper and in the workbook's
formula alike; a formula mixing units it cannot convert is a located error."""

from __future__ import annotations

from decimal import Decimal

import pytest

from councilpapers.compose.document import compose
from councilpapers.core import model as m
from councilpapers.core.errors import ContentError
from councilpapers.core.expressions import BinOp, CellRef, Conversion, Name, Num
from councilpapers.load.paper import load_paper

from ..helpers import MINIMAL_BODY, MINIMAL_PAPER, changed, write_paper
from .test_tables import run_yaml

# The minimal paper's budget: Alpha 1,000 and Beta 2,500, in £,000 (3,500 in all).
FIGURES = """\
figures:
  grant: {value: 1.75, unit: "£m"}
  share: {formula: grant / budget.total.net * 100, unit: "%", decimals: 1}
  together: {formula: grant + budget.a.net, unit: "£m", decimals: 3}
  in_thousands: {formula: grant, unit: "£'000", decimals: 0}
  posts: {value: 12, unit: count}
"""


def built(tmp_path, figures: str = FIGURES, body: str = MINIMAL_BODY):
    return compose(load_paper(write_paper(tmp_path / "p", MINIMAL_PAPER + figures, body=body)))


def named(result, name: str) -> m.NamedFigure:
    return next(f for f in result.document.figures if f.id == name)


def test_a_named_figure_divides_pounds_million_by_thousands_without_a_hand_typed_thousand(tmp_path):
    result = built(tmp_path)
    assert named(result, "share").value == Decimal(50)  # £1.75m of £3,500k, not 0.05
    assert named(result, "together").value == Decimal("2.750")  # £1.75m + £1,000k
    assert named(result, "in_thousands").value == Decimal("1750.00")
    # the workbook's formula converts as the paper does
    assert named(result, "share").formula == BinOp(
        "*", Conversion("*", BinOp("/", Name(("grant",)), CellRef("budget", "total", "net")), Num(1000)), Num(100)
    )
    assert named(result, "together").formula == Conversion(
        "/", BinOp("+", Conversion("*", Name(("grant",)), Num(1000)), CellRef("budget", "a", "net")), Num(1000)
    )


def test_a_sentence_prints_a_figure_in_thousands_written_with_an_apostrophe(tmp_path):
    body = changed(
        MINIMAL_BODY, "The net budget is {budget.total.net|£m}.", "The grant is {in_thousands|£m}, {in_thousands}."
    )
    sentence = built(tmp_path, body=body).document.sections[0].blocks[0]
    assert m.plain(sentence.inlines) == "The grant is £1.750m, 1,750."


@pytest.mark.parametrize(
    "formula, unit, message",
    [
        ("grant + posts", "£m", "the formula adds £m and count: a sum or difference needs figures of one unit"),
        ("grant * budget.a.net", "£m", "the formula multiplies £m by £,000: money times money is not a figure"),
        ("grant / budget.a.net", "£m", "the formula gives a ratio of money to money, but the figure is in £m"),
        ("grant * 2", "count", "the formula gives money (£m), but the figure is in count"),
    ],
)
def test_a_named_figure_mixing_units_is_located_at_its_formula(tmp_path, formula, unit, message):
    figures = FIGURES + f"  wrong: {{formula: {formula}, unit: {unit!r}, decimals: 1}}\n".replace("'", '"')
    with pytest.raises(ContentError) as caught:
        built(tmp_path, figures)
    (problem,) = [p for p in caught.value.problems if "wrong" in p.field]
    assert (problem.line, problem.field, problem.message) == (24, "figures.wrong.formula", message)


TABLE = """\
tables:
  - id: t
    caption: T
    columns:
      - {id: area, header: Area, type: text}
      - {id: grant, header: Grant, unit: "£m", decimals: 3}
      - {id: spend, header: Spend, unit: "£'000"}
      - {id: left, header: Left, unit: "£,000", formula: grant - spend}
      - {id: left_m, header: Left, unit: "£m", formula: grant - spend, decimals: 3}
      - {id: used, header: Used, unit: "%", formula: spend / grant * 100, decimals: 1}
      - {id: fte, header: Staff, unit: FTE}
      - {id: cost, header: Cost per post, unit: "£", formula: spend / fte}
    rows:
      - {id: a, area: A, grant: 1.5, spend: 600, fte: 12}
      - {id: b, area: B, grant: 0.25, spend: 200, fte: 4}
      - {id: copy, area: Copy, grant: '=a.spend', spend: '=b.grant', fte: 1}
      - {id: total, area: Total, sum: [a, b]}
"""


def test_a_table_column_converts_money_to_its_own_unit(tmp_path):
    engine, results = run_yaml(tmp_path, TABLE)
    assert not engine.problems
    cell = results["t"].cell
    assert (cell("a", "left").value, cell("b", "left").value) == (900, 50)  # £1.5m less £600k, in £,000
    assert (cell("a", "left_m").value, cell("b", "left_m").value) == (Decimal("0.9"), Decimal("0.05"))
    assert cell("a", "used").value == 40  # £600k of £1.5m: 40%, where dividing the figures as typed gives 40,000
    assert cell("a", "cost").value == 50_000  # £600k among 12 posts, in £
    assert (cell("copy", "grant").value, cell("copy", "spend").value) == (Decimal("0.6"), 250)
    assert (cell("total", "left").value, cell("total", "left_m").value) == (950, Decimal("0.95"))
    assert cell("a", "left").formula == BinOp(
        "-", Conversion("*", CellRef("t", "a", "grant"), Num(1000)), CellRef("t", "a", "spend")
    )


def test_a_table_formula_mixing_units_is_located_at_the_column(tmp_path):
    text = TABLE.replace("formula: spend / fte}", "formula: spend + fte}")
    engine, _ = run_yaml(tmp_path, text)
    assert [(p.line, p.field, p.message) for p in engine.problems] == [
        (
            12,
            "tables[0].columns[7].formula",
            "the formula adds £'000 and FTE: a sum or difference needs figures of one unit",
        )
    ]  # once, however many rows use it
    text = TABLE.replace("spend: '=b.grant', fte: 1}", "spend: '=b.fte', fte: 1}")
    engine, _ = run_yaml(tmp_path, text)
    assert [(p.line, p.field, p.message) for p in engine.problems] == [
        (16, "tables[0].rows[2].spend", "the formula gives FTE, but the figure is in £'000")
    ]


def test_a_column_without_a_unit_keeps_its_figures_as_they_are(tmp_path):
    """As the seed papers' tables: no unit, no conversion (the June 2016 projections)."""
    text = TABLE.replace(
        '{id: left, header: Left, unit: "£,000", formula: grant - spend}',
        "{id: left, header: Left, formula: spend - spend}",
    )
    engine, results = run_yaml(tmp_path, text)
    assert not engine.problems and results["t"].cell("a", "left").value == 0
    text = TABLE.replace(
        '{id: left, header: Left, unit: "£,000", formula: grant - spend}',
        "{id: left, header: Left, formula: grant - spend}",
    )
    engine, _ = run_yaml(tmp_path, text)
    assert [p.message for p in engine.problems] == [
        "the formula mixes money units and gives £'000: say the unit of its figure (unit:)"
    ]


def test_the_seed_papers_named_figures_are_unchanged(composed):
    """The February paper's named figure adds cells in £,000 into a figure in £,000: nothing converts."""
    (figure,) = [f for f in composed.document.figures if f.id == "education_changes_1718"]
    assert figure.value == 30142
    assert "Conversion" not in repr(figure.formula)
