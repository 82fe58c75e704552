"""The table engine: totals, formulas and running figures computed once; published figures checked."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from councilpapers.compose.document import compose
from councilpapers.compose.published import disagreements, fmt
from councilpapers.compose.tables import TableEngine
from councilpapers.core.expressions import CellRef, SumOf
from councilpapers.load.located import Located, tables_in
from councilpapers.load.paper import load_paper
from councilpapers.load.schema.tables import Table
from councilpapers.load.yamlsource import Source, load_yaml

from ..helpers import MINIMAL_PAPER, changed, write_paper


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
    found = [
        (d.row, d.column, d.published, d.computed, d.within_tolerance)
        for d in disagreements(engine.results, engine.located)
    ]
    assert found == [("total", "x", 4, 3, True), ("total", "y", 0, None, False)]  # x is within the tolerance
    engine, _ = run(table([{"id": "a", "x": 1}, {"id": "total", "sum": "above", "published": {"x": 3}}], tolerance=1))
    assert [(d.published, d.computed) for d in disagreements(engine.results, engine.located)] == [(3, 1)]


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
    from ..helpers import copy_real_paper

    folder = copy_real_paper(tmp_path)
    appendix = folder / "appendix-1.yaml"
    appendix.write_text(
        changed(appendix.read_text(encoding="utf-8"), "net_1718: 69359", "net_1718: 70359", 1), encoding="utf-8"
    )
    document = compose(load_paper(folder)).document
    text = __import__("councilpapers.core.model", fromlist=["plain"]).plain
    paragraph_51 = next(b for s in document.sections for b in s.blocks if getattr(b, "number", None) == "5.1")
    assert "£104.325m" in text(paragraph_51.inlines)
    service_budget = next(t for t in document.tables() if t.id == "service_budget")
    assert text(service_budget.rows[-1].cells[2].inlines) == "104,325"


def test_division_is_exact_and_rounds_half_away_from_zero_when_shown(tmp_path):
    from decimal import Decimal

    from councilpapers.compose.document import compose
    from councilpapers.load.paper import load_paper

    from ..helpers import MINIMAL_BODY, write_paper

    body = changed(
        MINIMAL_BODY,
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


# ---- what an author reads: each problem, on its line and field -------------------------------

HEAD = """\
tables:
  - id: t
    caption: T
    columns:
      - {id: label, header: Label, type: text}
      - {id: net, header: Net, unit: "£,000"}
      - {id: gross, header: Gross, decimals: 1}
    rows:
"""  # the first row is on line 9
FIRST = 9


def run_yaml(tmp_path, text: str):
    """Tables as an author writes them, loaded with the line of every value."""
    file = tmp_path / "tables.yaml"
    file.write_text(textwrap.dedent(text), encoding="utf-8")
    source = load_yaml(file)
    located = [Located(Table.model_validate(t), source, ("tables", i)) for i, t in enumerate(source.data["tables"])]
    engine = TableEngine(located)
    return engine, engine.run()


def rows_of(*rows: str) -> str:
    return HEAD + "".join(f"      - {r}\n" for r in rows)


def problems(engine) -> list[tuple[int, str, str]]:
    return [(p.line, p.field, p.message) for p in engine.problems]


def at(row: int, field: str, message: str) -> tuple[int, str, str]:
    return (FIRST + row, f"tables[0].rows[{row}].{field}", message)


NOT_VALID = "is not a valid id: use lowercase letters, digits and _"
SAY_WHY = "say why the published figure is not printed (a sentence that cites it)"


@pytest.mark.parametrize(
    "rows, expected",
    [
        (["{id: a, lable: Alpha}"], [at(0, "lable", "unknown column 'lable' in table t (did you mean 'label'?)")]),
        (["{id: a, headng: true}"], [at(0, "headng", "unknown column 'headng' in table t (did you mean 'heading'?)")]),
        (["{id: a, zzz: 1}"], [at(0, "zzz", "unknown column 'zzz' in table t")]),
        (["{id: Ab, net: 1}"], [at(0, "id", f"'Ab' {NOT_VALID}")]),
        (["{id: 1a, net: 1}"], [at(0, "id", f"'1a' {NOT_VALID}")]),
        (["{id: a-b, net: 1}"], [at(0, "id", f"'a-b' {NOT_VALID}")]),
        (["{id: 5, net: 1}"], [at(0, "id", f"'5' {NOT_VALID}")]),
        (["{id: a, net: 1, style: bold}"], [at(0, "style", "style is 'total' or 'normal', got 'bold'")]),
        (
            ["{id: a, net: 1}", "{id: s, sum: above, formula: a}", "{id: all, sum: all}"],
            [at(1, "formula", "a row has either sum or formula, not both")],  # once, on its own row
        ),
        (
            ["{id: h, heading: true, label: Group}", "{id: s, sum: above}"],
            [
                at(
                    1,
                    "sum",
                    "sum: above has no data rows above it (since the table's start or its last total) to add up",
                )
            ],
        ),
        (["{id: a, net: 1}", "{id: s, sum: [a, nope]}"], [at(1, "sum", "no row 'nope' in table t")]),
        (
            ["{id: total, net: 1}", "{id: s, sum: [totl]}"],
            [at(1, "sum", "no row 'totl' in table t (did you mean 'total'?)")],
        ),
        (["{id: s, sum: 5}"], [at(0, "sum", "sum is 'above', 'all' or a list of row ids, got 5")]),
        (["{id: s, sum: bogus}"], [at(0, "sum", "sum is 'above', 'all' or a list of row ids, got 'bogus'")]),
        (["{id: s, sum: [a, 1]}"], [at(0, "sum", "sum is 'above', 'all' or a list of row ids, got ['a', 1]")]),
        (["{id: s, formula: 5}"], [at(0, "formula", "expected an expression, got the number 5")]),
        (["{id: s, formula: a %}"], [at(0, "formula", "cannot read the expression 'a %'")]),
        (["{id: a, net: 1}", "{id: s, formula: a + nope}"], [at(1, "formula", "no row 'nope' in table t")]),
        (
            ["{id: a, net: 1, gross: '=a.nett'}"],
            [at(0, "gross", "no number column 'nett' in table t (did you mean 'net'?)")],
        ),
        (["{id: a, net: '=a.label'}"], [at(0, "net", "no number column 'label' in table t")]),
        (
            ["{id: a, net: '=totl.net'}", "{id: total, net: 1}"],
            [at(0, "net", "no row 'totl' in table t (did you mean 'total'?)")],
        ),
        (["{id: a, net: '=u.a.net'}"], [at(0, "net", "no table 'u'")]),
        (["{id: a, net: '= a +'}"], [at(0, "net", "cannot read the expression ' a +'")]),
        (["{id: a, net: yes}"], [at(0, "net", "expected a number, got true")]),
        (["{id: a, net: '1,000'}"], [at(0, "net", "expected a number, got '1,000' (write it without commas)")]),
        (["{id: a, net: about 5}"], [at(0, "net", "expected a number, got 'about 5'")]),
        (["{id: a, net: {text: 5}}"], [at(0, "net", "expected a number, got a mapping of fields")]),
        (["{id: a, net: {text: n/a, b: 1}}"], [at(0, "net", "expected a number, got a mapping of fields")]),
        (["{id: a, net: [1]}"], [at(0, "net", "expected a number, got a list")]),
        (
            ["{id: a, label: yes}"],
            [at(0, "label", "expected text, got yes, which YAML reads as true or false: put it in quotes ('yes')")],
        ),
        (
            ["{id: a, label: 2018-04-01}"],
            [
                at(
                    0,
                    "label",
                    "expected text, got 2018-04-01, which YAML reads as a date: put it in quotes ('2018-04-01')",
                )
            ],
        ),
        (["{id: a, label: [x]}"], [at(0, "label", "expected text, got a list")]),
        (
            ["{id: a, net: 1}", "{id: s, sum: above, published: 5}"],
            [at(1, "published", "published is a mapping of column: figure")],
        ),
        (
            ["{id: a, net: 1}", "{id: s, sum: above, published: {nett: 5}}"],
            [at(1, "published.nett", "no column 'nett' in table t")],
        ),
        (
            ["{id: a, net: 1}", "{id: s, sum: above, published: {net: yes}}"],
            [at(1, "published.net", "expected a number, got true")],
        ),
        (
            ["{id: a, net: 1}", "{id: s, sum: above, published: {net: x}}"],
            [at(1, "published.net", "expected a number, got 'x'")],
        ),
        (
            ["{id: a, net: 1, published: {net: 1}}"],
            [at(0, "published.net", "published is for computed figures; this figure is typed")],
        ),
        (
            ["{id: a, net: 1}", "{id: s, sum: above, accepted: yes}"],
            [at(1, "accepted", "accepted is a mapping of column: reason")],
        ),
        (
            ["{id: a, net: 1}", "{id: s, sum: above, published: {net: 2}, accepted: {gross: The paper printed 2.}}"],
            [at(1, "accepted.gross", "nothing to accept: no published figure for 'gross'")],
        ),
        (
            ["{id: a, net: 1}", "{id: s, sum: above, published: {net: 2}, accepted: {net: '  Too short '}}"],
            [at(1, "accepted.net", SAY_WHY)],
        ),
        (
            ["{id: a, net: 1}", "{id: s, sum: above, published: {net: 2}, accepted: {net: 5}}"],
            [at(1, "accepted.net", SAY_WHY)],
        ),
        (
            ["{id: a, net: 1}", "{id: s, sum: above, published: {nett: 2}, accepted: {nett: It was printed wrongly.}}"],
            [at(1, "published.nett", "no column 'nett' in table t")],  # one problem, and no crash
        ),
        (
            ["{id: a, net: '=b.net'}", "{id: b, net: '=c.net + 1'}", "{id: c, net: '=-a.net'}"],
            [at(0, "net", "circular reference: t.a.net → t.b.net → t.c.net → t.a.net")],
        ),
        (["{id: a, net: 1}", "{id: z, net: 0}", "{id: r, formula: -(a / z)}"], [at(2, "net", "division by zero")]),
        (
            ["{id: a, net: 1}", "{id: z, net: 0}", "{id: r, formula: (a / z) + 1}"],
            [at(2, "net", "division by zero")],
        ),
        (["{id: a, net: 1}", "{id: z, net: 0}", "{id: r, formula: 1 - a / z}"], [at(2, "net", "division by zero")]),
        (["{id: a, net: 1, gross: 0}", "{id: r, net: '=2 * (a.net / a.gross)'}"], [at(1, "net", "division by zero")]),
    ],
)
def test_each_problem_is_located_and_worded(tmp_path, rows, expected):
    engine, _ = run_yaml(tmp_path, rows_of(*rows))
    assert problems(engine) == expected


def test_an_unreadable_figure_is_remembered_so_that_prose_can_say_so(tmp_path):
    engine, results = run_yaml(tmp_path, rows_of("{id: a, net: yes, gross: '1,5'}", "{id: b, net: 2}"))
    assert engine.unreadable == {CellRef("t", "a", "net"), CellRef("t", "a", "gross")}
    assert value(results, "t", "a", "net") is None and value(results, "t", "b", "net") == 2


def test_duplicate_ids_name_the_line_of_the_first(tmp_path):
    text = """\
    tables:
      - id: t
        caption: T
        columns:
          - {id: net, header: Net}
          - {id: gross, header: Gross}
          - {id: net, header: Net again}
          - {id: sum, header: Sum}
        rows:
          - net: 1
            id: a
          - {id: b, net: 2}
          - {id: a, net: 3}
      - id: t
        caption: The same id
      - id: u
        caption: U
        columns: [{id: x, header: X}]
        rows: [{id: r, x: '=t.b.net'}]
    """
    engine, results = run_yaml(tmp_path, text)
    fields = "accepted, formula, heading, id, published, rows_from, style, sum"
    assert problems(engine) == [
        (14, "tables[1].id", "a table with id 't' already exists"),
        (7, "tables[0].columns[2].id", "column id 'net' is used twice (first on line 5)"),
        (8, "tables[0].columns[3].id", f"'sum' names a row field ({fields}): choose another column id"),
        (13, "tables[0].rows[2].id", "row id 'a' is used twice (first on line 11)"),  # where its id is
    ]
    assert value(results, "u", "r", "x") == 2  # the table after the duplicate is still computed


def test_rows_without_an_id_are_numbered_and_counted_by_sum_all():
    engine, results = run(
        table(
            [
                {"x": 1},
                {"id": "Bad", "x": 2},
                {"id": "c", "x": 4},
                {"id": "h", "label": "Group", "heading": True},
                {"id": "total", "sum": "all"},
            ]
        )
    )
    assert [p.message for p in engine.problems] == [f"'Bad' {NOT_VALID}"]
    assert [r.id for r in results["t"].rows] == ["row1", "row2", "c", "h", "total"]
    assert value(results, "t", "total", "x") == 7


def test_kinds_bold_rows_and_text_cells():
    engine, results = run(
        table(
            [
                {"id": "h", "label": "Group", "heading": True, "x": 5},
                {"id": "a", "label": 2018, "x": 1},
                {"id": "b", "label": Decimal("2.50"), "x": 2, "y": {"text": "n/a"}, "style": "total"},
                {"id": "c", "x": 3, "style": "normal", "heading": False},
                {"id": "s", "sum": "above"},
                {"id": "f", "formula": "s - a", "style": "normal"},
            ]
        )
    )
    assert not engine.problems
    rows = results["t"].rows
    assert [(r.id, r.kind, r.bold) for r in rows] == [
        ("h", "heading", False),
        ("a", "data", False),
        ("b", "data", True),
        ("c", "data", False),
        ("s", "total", True),
        ("f", "total", True),
    ]
    assert results["t"].cell("h", "x").text == "5" and results["t"].cell("h", "label").text == "Group"
    assert results["t"].cell("a", "label").text == "2018" and results["t"].cell("b", "label").text == "2.50"
    assert results["t"].cell("b", "y").text == "n/a" and value(results, "t", "b", "y") is None  # a total leaves it out
    assert results["t"].cell("c", "label").text is None
    assert value(results, "t", "s", "x") == 6 and value(results, "t", "f", "x") == 5
    assert results["t"].cell("s", "label").value is None  # a text column of a total row stays empty
    assert results["t"].cell("nope", "x") is None and results["t"].column("nope") is None
    assert results["t"].column("x").unit == "£,000"


def test_a_formula_names_a_column_of_its_own_row_or_a_row_of_its_own_column():
    columns = [{"id": "x", "header": "X"}, {"id": "y", "header": "Y"}, {"id": "z", "header": "Z", "formula": "x + y"}]
    engine, results = run(
        table(
            [
                {"id": "a", "x": 2, "y": "=x * 3"},
                {"id": "b", "x": 1, "y": 1, "z": "=a.z - x"},
                {"id": "d", "formula": "a - b"},
            ],
            columns,
        )
    )
    assert not engine.problems
    # the column's formula applies on the total row too: d.z is d.x + d.y, not a.z - b.z
    assert [value(results, "t", r, c) for r in ("a", "b", "d") for c in ("x", "y", "z")] == [2, 6, 8, 1, 1, 7, 1, 5, 6]


@pytest.mark.parametrize(
    "formula, message, shown",
    [("x %", "cannot read the expression 'x %'", None), ("x + nope", "no number column 'nope' in table t", 2)],
)
def test_a_broken_column_formula_is_located_at_the_column_once(formula, message, shown):
    columns = [{"id": "x", "header": "X"}, {"id": "z", "header": "Z", "formula": formula}]
    engine, results = run(table([{"id": "a", "x": 2}, {"id": "b", "x": 3}, {"id": "s", "sum": "above"}], columns))
    assert [(p.field, p.message) for p in engine.problems] == [("t[0].columns[1].formula", message)]
    assert value(results, "t", "a", "z") == shown and value(results, "t", "s", "x") == 5


def test_accepted_reasons_are_kept_in_one_line(tmp_path):
    engine, results = run_yaml(
        tmp_path,
        rows_of(
            "{id: a, net: 1, gross: 1.04}",
            '{id: s, sum: above, published: {net: 3, gross: 1}, accepted: {net: "  The paper\\n printed   3. "}}',
            "{id: t2, sum: [a], published: {net: 9}, accepted: {net: 12345678901}}",
        ),
    )
    assert results["t"].cell("s", "net").accepted == "The paper printed 3."
    assert problems(engine) == [at(2, "accepted.net", SAY_WHY)]  # a number is not a reason
    assert results["t"].cell("t2", "net").accepted is None
    assert results["t"].cell("s", "gross").accepted is None


def test_a_ten_character_reason_is_enough_and_nine_is_not(tmp_path):
    engine, results = run_yaml(
        tmp_path,
        rows_of(
            "{id: a, net: 1}",
            "{id: s, sum: above, published: {net: 3}, accepted: {net: ' 123456789 '}}",
            "{id: u, sum: [a], published: {net: 3}, accepted: {net: ' 1234567890 '}}",
        ),
    )
    assert problems(engine) == [at(1, "accepted.net", SAY_WHY)]
    assert results["t"].cell("u", "net").accepted == "1234567890"


def test_disagreements_name_the_line_of_the_published_figure_and_round_at_the_columns_decimals(tmp_path):
    engine, _ = run_yaml(
        tmp_path,
        rows_of(
            "{id: a, net: 1000, gross: 1.24}",
            "{id: b, net: 2, gross: '=a.gross / 4'}",
            '{id: s, sum: [a], published: {net: 1001, gross: 1.2}, accepted: {net: "The paper printed 1,001; the rows add up to 1,000."}}',
            "{id: u, sum: [a], published:\n          {net: 1000, gross: 1.3}}",
            "{id: v, formula: b, published: {gross: 0.3}}",
        ),
    )
    assert not engine.problems
    found = disagreements(engine.results, engine.located)
    assert [(d.line, d.row, d.column, d.published, d.computed, d.accepted, d.within_tolerance) for d in found] == [
        (11, "s", "net", 1001, 1000, "The paper printed 1,001; the rows add up to 1,000.", False),
        (13, "u", "gross", Decimal("1.3"), Decimal("1.24"), None, False),
    ]  # 1.24 prints as 1.2 at one decimal (as published), 0.31 as 0.3; 1.3 does not
    assert found[0].file.endswith("tables.yaml")
    assert str(found[0]).endswith(
        "tables.yaml:11: table t, row s, column net: published 1,001, computed 1,000 (accepted: The paper printed 1,001; the rows add up to 1,000.)"
    )
    assert str(found[1]).endswith(":13: table t, row u, column gross: published 1.3, computed 1.24")
    assert found[1].as_data() == {
        "file": found[1].file,
        "line": 13,
        "table": "t",
        "row": "u",
        "column": "gross",
        "published": "1.3",
        "computed": "1.24",
        "accepted": None,
        "within_tolerance": False,
        "lapsed": None,
    }


def test_a_reference_to_a_table_that_does_not_exist_suggests_the_nearest():
    engine, _ = run(table([{"id": "a", "x": 1}], id="budget"), table([{"id": "r", "x": "=budgt.a.x"}], id="other"))
    assert [(p.field, p.message) for p in engine.problems] == [
        ("t[1].rows[0].x", "no table 'budgt' (did you mean 'budget'?)")
    ]


def test_a_published_figure_with_nothing_computed_is_listed_as_nothing():
    engine, _ = run(table([{"id": "s", "sum": ["nope"], "published": {"x": 5}}]))
    (found,) = disagreements(engine.results, engine.located)
    assert str(found) == "t.yaml:1: table t, row s, column x: published 5, computed nothing"
    assert found.as_data()["computed"] == "nothing" and found.within_tolerance is False


@pytest.mark.parametrize(
    "value_, shown",
    [
        (None, "nothing"),
        (10, "10"),
        (-1234567, "-1,234,567"),
        (Decimal("0.5"), "0.5"),
        (Decimal("1000.100"), "1,000.1"),
        (Decimal("2.0000004"), "2"),
        (Decimal("0.0000005"), "0.000001"),
    ],
)
def test_figures_in_check_messages(value_, shown):
    assert fmt(value_) == shown


# ---- where the tables are ----------------------------------------------------------------------

NESTED_BODY = """\
sections:
  - title: One
    blocks:
      - table: {id: top, caption: Top, columns: [{id: x, header: X}], rows: [{id: a, x: 1}]}
      - para: A paragraph.
        blocks:
          - table: {id: in_para, caption: P, columns: [{id: x, header: X}], rows: [{id: a, x: 2}]}
      - numbered:
          - text: A numbered item
            blocks:
              - table: {id: in_numbered, caption: N, columns: [{id: x, header: X}], rows: [{id: a, x: 4}]}
      - bullets:
          - plain
          - text: An item
            blocks:
              - table: {id: in_item, caption: I, columns: [{id: x, header: X}], rows: [{id: a, x: 3}]}
            numbered:
              - text: A sub-point
                blocks:
                  - table: {id: deep, caption: D, columns: [{id: x, header: X}], rows: [{id: a, x: '=in_item.a.x'}]}
"""

APPENDIX = """\
appendices:
  - title: Figures
    blocks:
      - table: {id: app, caption: A, columns: [{id: x, header: X}], rows: [{id: a, x: 5}]}
    parts:
      - title: Part
        blocks:
          - table: {id: part, caption: Q, columns: [{id: x, header: X}], rows: [{id: a, x: 6}]}
"""


FRONT_TABLE = """\
  - table: {id: front, caption: F, columns: [{id: x, header: X}], rows: [{id: a, x: 7}]}
"""


def test_every_table_is_found_wherever_it_is_written(tmp_path):
    paper = changed(MINIMAL_PAPER, "  - A summary.\n", "  - A summary.\n" + FRONT_TABLE)
    paper += "appendices: [appendix.yaml]\n"
    folder = write_paper(tmp_path / "p", paper, body=NESTED_BODY, appendix=APPENDIX)
    found = [(t.table.id, t.source.file.name, t.path) for t in tables_in(load_paper(folder))]
    assert found == [
        ("front", "paper.yaml", ("summary", 1, "table")),
        ("top", "body.yaml", ("sections", 0, "blocks", 0, "table")),
        ("in_para", "body.yaml", ("sections", 0, "blocks", 1, "blocks", 0, "table")),
        ("in_numbered", "body.yaml", ("sections", 0, "blocks", 2, "numbered", 0, "blocks", 0, "table")),
        ("in_item", "body.yaml", ("sections", 0, "blocks", 3, "bullets", 1, "blocks", 0, "table")),
        ("deep", "body.yaml", ("sections", 0, "blocks", 3, "bullets", 1, "numbered", 0, "blocks", 0, "table")),
        ("app", "appendix.yaml", ("appendices", 0, "blocks", 0, "table")),
        ("part", "appendix.yaml", ("appendices", 0, "parts", 0, "blocks", 0, "table")),
    ]
    composed = compose(load_paper(folder))  # a table under a list item is computed and printed
    deep = next(t for t in composed.document.tables() if t.id == "deep")
    assert deep.rows[0].cells[0].value == 3


def test_text_read_from_a_file_is_printed_as_it_is(tmp_path):
    """A text cell imported from a finance file is verbatim: its * and { } are not markup."""
    from councilpapers.core.inline import Verbatim

    engine, results = run_yaml(tmp_path, rows_of("{id: a, label: Alpha, net: 1}"))
    assert results["t"].cell("a", "label").verbatim is False
    table = engine.located["t"]
    rows = [dict(table.table.rows[0], label=Verbatim("*Alpha {x}*"))]
    engine = TableEngine([Located(table.table.model_copy(update={"rows": rows}), table.source, table.path)])
    cell = engine.run()["t"].cell("a", "label")
    assert (cell.text, cell.verbatim) == ("*Alpha {x}*", True)
