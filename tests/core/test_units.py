"""Units are arithmetic: money converts (£, £,000 = £'000, £m) with the conversion written into the
formula; other units must agree; what cannot meet is an error in an author's words."""

from __future__ import annotations

from decimal import Decimal

import pytest

from councilpapers.core.expressions import (
    BinOp,
    CellRef,
    Conversion,
    Name,
    Neg,
    Num,
    SumOf,
    parse_expression,
    substitute,
)
from councilpapers.core.units import PLAIN, Unit, UnitError, in_unit, unit_of

UNITS = {"m": "£m", "k": "£'000", "c": "£,000", "p": "£", "f": "FTE", "f2": "fte", "n": None, "pc": "%", "n2": "count"}


def leaf(node):
    name = node.parts[0] if isinstance(node, Name) else node.column
    return unit_of(UNITS[name])


def converted(text: str, target: str | None):
    return in_unit(parse_expression(text), unit_of(target), leaf)


def a(name):
    return Name((name,))


@pytest.mark.parametrize(
    "written, expected",
    [
        ("£m", Unit(money=1_000_000)),
        ("£'000", Unit(money=1_000)),
        ("£,000", Unit(money=1_000)),
        (" £000 ", Unit(money=1_000)),
        ("£k", Unit(money=1_000)),
        ("£", Unit(money=1)),
        ("FTE", Unit(name="fte")),
        ("%", Unit(name="%")),
        (None, PLAIN),
        ("  ", PLAIN),
    ],
)
def test_units_as_written(written, expected):
    assert unit_of(written) == expected


def test_a_percentage_column_is_in_per_cent_whatever_its_unit_says():
    assert unit_of(None, percent=True) == unit_of("%") == Unit(name="%")


def test_the_units_say_themselves_in_messages():
    assert str(unit_of("£'000")) == "£'000" and str(Unit(money=1_000_000)) == "£m" and str(PLAIN) == "a plain number"
    assert str(Unit(ratio=True)) == "a ratio of money to money" and str(unit_of("FTE")) == "FTE"
    assert str(Unit(name="fte")) == "fte"


def test_a_formula_whose_units_agree_is_unchanged():
    for text, target in [
        ("c + c", "£,000"),
        ("m - m * 2", "£m"),
        ("k / c * 100", "%"),
        ("f + f2", "FTE"),
        ("n * 3", None),
    ]:
        assert converted(text, target) == parse_expression(text), text


@pytest.mark.parametrize(
    "text, target, expected",
    [
        ("m + c", "£,000", BinOp("+", Conversion("*", a("m"), Num(1000)), a("c"))),
        ("c + m", "£,000", BinOp("+", a("c"), Conversion("*", a("m"), Num(1000)))),
        ("m - p", "£", BinOp("-", Conversion("*", a("m"), Num(1_000_000)), a("p"))),
        ("m + c", "£m", Conversion("/", BinOp("+", Conversion("*", a("m"), Num(1000)), a("c")), Num(1000))),
        ("c", "£m", Conversion("/", a("c"), Num(1000))),
        ("m", "£'000", Conversion("*", a("m"), Num(1000))),
        ("m / k", None, Conversion("*", BinOp("/", a("m"), a("k")), Num(1000))),
        ("k / m * 100", "%", BinOp("*", Conversion("/", BinOp("/", a("k"), a("m")), Num(1000)), Num(100))),
        ("m * 2", "£,000", Conversion("*", BinOp("*", a("m"), Num(2)), Num(1000))),
        ("2 * m / n", "£,000", Conversion("*", BinOp("/", BinOp("*", Num(2), a("m")), a("n")), Num(1000))),
        ("-m", "£,000", Conversion("*", Neg(a("m")), Num(1000))),
        ("m / k * c", "£,000", BinOp("*", Conversion("*", BinOp("/", a("m"), a("k")), Num(1000)), a("c"))),
    ],
)
def test_money_converts_where_units_differ(text, target, expected):
    assert converted(text, target) == expected


@pytest.mark.parametrize(
    "text, target, message",
    [
        ("m + f", "£m", "adds £m and FTE: a sum or difference needs figures of one unit"),
        ("f - m", "£m", "subtracts FTE and £m: a sum or difference needs figures of one unit"),
        ("f + n2", None, "adds FTE and count: a sum or difference needs figures of one unit"),
        ("m + pc", "£m", "adds £m and %: a sum or difference needs figures of one unit"),
        ("m / c + m", "£m", "adds a ratio of money to money and £m: a sum or difference needs figures of one unit"),
        ("m * c", "£m", "multiplies £m by £,000: money times money is not a figure"),
        ("n / m", None, "divides a plain number by £m: a figure divided by money is not a figure a paper prints"),
        ("m / c", "£m", "gives a ratio of money to money, but the figure is in £m"),
        ("f * 2", "£,000", "gives FTE, but the figure is in £,000"),
        ("c + c", "%", "gives money (£,000), but the figure is in %"),
        ("m + c", None, "mixes money units and gives £,000: say the unit of its figure (unit:)"),
        ("f * 2", "count", "gives FTE, but the figure is in count"),
    ],
)
def test_units_that_cannot_meet_are_an_error(text, target, message):
    with pytest.raises(UnitError) as caught:
        converted(text, target)
    assert str(caught.value) == message


def test_only_a_money_result_of_two_units_needs_a_unit_of_its_own():
    with pytest.raises(UnitError):
        converted("(m + c) * 2", None)  # £,000, chosen as the finer of the two: say so
    with pytest.raises(UnitError):
        converted("-(m - c) / n", None)
    assert converted("m / k * c", None) == BinOp("*", Conversion("*", BinOp("/", a("m"), a("k")), Num(1000)), a("c"))
    assert converted("(m + c) / c * 100", "%") == BinOp(
        "*", BinOp("/", BinOp("+", Conversion("*", a("m"), Num(1000)), a("c")), a("c")), Num(100)
    )
    assert converted("f / f2 * c", None) == parse_expression("f / f2 * c")


@pytest.mark.parametrize(
    "text, target, by_hand",
    [
        ("m / k * 1000", None, "× 1000"),  # today's hand-typed conversion: the units now convert it
        ("c / 1000", "£m", "/ 1000"),
        ("-(1000000 * m)", "£", "× 1000000"),
        ("m * 0.001 + c", "£,000", "× 0.001"),
    ],
)
def test_a_conversion_by_hand_where_the_units_convert_is_an_error(text, target, by_hand):
    with pytest.raises(UnitError) as caught:
        converted(text, target)
    assert (
        str(caught.value)
        == f"converts between money units, and so does its {by_hand}: leave that out, the units convert"
    )


def test_a_thousand_is_only_a_conversion_where_the_units_convert():
    assert converted("c / 1000", "£,000") == parse_expression("c / 1000")  # the same unit: the author's arithmetic
    assert converted("n * 1000 + c", "£,000") == parse_expression("n * 1000 + c")
    assert converted("c / 100 + m", "£,000") == BinOp(
        "+", BinOp("/", a("c"), Num(100)), Conversion("*", a("m"), Num(1000))
    )


def test_plain_numbers_take_the_unit_they_meet():
    assert converted("m + 5", "£m") == parse_expression("m + 5")  # the 5 is in £m, as written beside it
    assert converted("n + c", "£,000") == parse_expression("n + c")
    assert converted("pc * n", "%") == parse_expression("pc * n")
    assert converted("f / f2", None) == parse_expression("f / f2")  # FTE / FTE: a plain ratio
    assert converted("c / c * 100", None) == parse_expression("c / c * 100")
    assert converted("f / n", "FTE") == parse_expression("f / n")
    assert converted("f * n", "FTE") == parse_expression("f * n")


def test_a_product_or_quotient_of_two_named_units_is_a_plain_number():
    assert converted("f * pc", "count") == parse_expression("f * pc")  # no unit left to disagree with count
    assert converted("f / pc + f", "FTE") == parse_expression("f / pc + f")
    assert converted("f * f2", "count") == parse_expression("f * f2")


def test_a_total_of_cells_of_one_unit_is_unchanged_and_of_two_is_an_error():
    cells = SumOf((CellRef("t", "a", "c"), CellRef("t", "b", "c")))
    assert in_unit(cells, unit_of("£,000"), leaf) == cells
    assert in_unit(SumOf(()), unit_of("£m"), leaf) == SumOf(())
    with pytest.raises(UnitError) as caught:
        in_unit(SumOf((CellRef("t", "a", "c"), CellRef("t", "b", "m"))), unit_of("£m"), leaf)
    assert str(caught.value) == "adds up cells in £,000 and £m: a total adds cells of one unit"


def test_a_conversion_stays_a_conversion_when_its_names_become_cells():
    formula = converted("m + c", "£,000")
    cells = substitute(formula, lambda name: CellRef("t", "r", name.parts[0]))
    assert cells == BinOp("+", Conversion("*", CellRef("t", "r", "m"), Num(1000)), CellRef("t", "r", "c"))
    assert type(cells.left) is Conversion and type(cells) is BinOp


def test_a_conversion_is_exact():
    from councilpapers.compose.evaluate import Evaluator
    from councilpapers.load.yamlsource import Source

    source = Source.__new__(Source)
    m, c, empty = CellRef("t", "r", "m"), CellRef("t", "r", "c"), CellRef("t", "r", "e")
    defs = {
        m: (Decimal("10.160"), source, ()),
        c: (Decimal("250.5"), source, ()),
        empty: (None, source, ()),
        CellRef("t", "r", "sum"): (BinOp("+", Conversion("*", m, Num(1000)), c), source, ()),
        CellRef("t", "r", "down"): (Conversion("/", c, Num(1000)), source, ()),
        CellRef("t", "r", "none"): (Conversion("*", empty, Num(1000)), source, ()),
        CellRef("t", "r", "zero"): (BinOp("*", empty, Num(1000)), source, ()),
    }
    evaluator = Evaluator(defs, [])
    assert evaluator.value(CellRef("t", "r", "sum")) == Decimal("10410.5")
    assert evaluator.value(CellRef("t", "r", "down")) == Decimal("0.2505")
    assert evaluator.value(CellRef("t", "r", "none")) is None  # nothing, converted, is still nothing
    assert evaluator.value(CellRef("t", "r", "zero")) == 0  # an author's own × counts an empty cell as 0
