"""Expressions authors write in tables: parsed into a small tree, never executed; each refusal says why."""

from decimal import Decimal as D

import pytest

from councilpapers.core.expressions import (
    MAX_LENGTH,
    BinOp,
    CellRef,
    ExpressionError,
    Name,
    Neg,
    Num,
    apply,
    parse_expression,
    substitute,
)

A, B = Name(("a",)), Name(("b",))


@pytest.mark.parametrize(
    "text, tree",
    [
        ("a + b", BinOp("+", A, B)),
        ("a - b", BinOp("-", A, B)),
        ("a * b", BinOp("*", A, B)),
        ("a / b", BinOp("/", A, B)),
        ("-a", Neg(A)),
        ("+a", A),  # a plus sign changes nothing
        ("- (a + 2)", Neg(BinOp("+", A, Num(2)))),
        ("a - b * 2", BinOp("-", A, BinOp("*", B, Num(2)))),
        ("  total_sgo.mar_18 ", Name(("total_sgo", "mar_18"))),
        ("budget.total.net", Name(("budget", "total", "net"))),
        ("12", Num(12)),
    ],
)
def test_what_authors_may_write(text, tree):
    assert parse_expression(text) == tree


def test_a_whole_number_stays_an_integer():
    (number,) = [parse_expression("7")]
    assert type(number.value) is int


@pytest.mark.parametrize(
    "text, value",
    [
        ("2.50", "2.50"),  # the decimals as typed
        (" 0.30000000000000001 ", "0.30000000000000001"),  # as written, not as the float 0.3
        ("1e-7", "1E-7"),
    ],
)
def test_a_decimal_number_is_read_exactly_as_written(text, value):
    number = parse_expression(text)
    assert isinstance(number, Num) and isinstance(number.value, D) and str(number.value) == value


def test_decimals_inside_a_formula_are_exact():
    tree = parse_expression(" 1.25 * a + (b - 0.1)")
    assert tree == BinOp("+", BinOp("*", Num(D("1.25")), A), BinOp("-", B, Num(D("0.1"))))
    assert str(tree.left.left.value) == "1.25"  # type: ignore[union-attr]


REFUSED = "may use only numbers, names, brackets and + - * /"


@pytest.mark.parametrize(
    "text, message",
    [
        ("a % b", f"'a % b' {REFUSED}"),
        ("a ** 2", f"'a ** 2' {REFUSED}"),
        ("f(x)", f"'f(x)' {REFUSED}"),
        ("a + f(b)", f"'a + f(b)' {REFUSED}"),  # found on the right, the whole expression is quoted
        ("f(b) - a", f"'f(b) - a' {REFUSED}"),
        ("-f(b)", f"'-f(b)' {REFUSED}"),
        ("not a", f"'not a' {REFUSED}"),
        ("~a", f"'~a' {REFUSED}"),
        ("a and b", f"'a and b' {REFUSED}"),
        ("'text'", f"''text'' {REFUSED}"),
        ("True", f"'True' {REFUSED}"),
        ("2j", f"'2j' {REFUSED}"),
        ("x[0].y", f"'x[0].y' {REFUSED}"),  # a dotted name must start with a name
        ("(1).real", f"'(1).real' {REFUSED}"),
        ("a.b.c.d", "'a.b.c.d' has too many parts: write table.row.column at most"),
        ("a +", "cannot read the expression 'a +'"),
        ("a b", "cannot read the expression 'a b'"),
        ("(" * 300 + "a" + ")" * 300, "cannot read the expression '" + "(" * 80 + "'"),
        ("-" * 990 + "a", "the expression nests too deeply: use fewer brackets"),
    ],
)
def test_what_authors_may_not_write_and_why(text, message):
    with pytest.raises(ExpressionError) as caught:
        parse_expression(text)
    assert str(caught.value) == message


def test_an_expression_is_at_most_a_thousand_characters():
    longest = "a" * MAX_LENGTH  # one long name: flat, so that no nesting limit is reached first
    assert MAX_LENGTH == 1000
    assert parse_expression(longest) == Name((longest,))
    with pytest.raises(ExpressionError) as caught:
        parse_expression(longest + "b")
    assert str(caught.value) == (
        "the expression is 1,001 characters long; at most 1,000: "
        "total a long list of rows with sum: [row, row, …] instead"
    )


@pytest.mark.parametrize(
    "op, left, right, result",
    [
        ("+", 7, 2, 9),
        ("-", 7, 2, 5),
        ("*", 7, 2, 14),
        ("/", 7, 2, D("3.5")),
        ("/", 7, 1, D(7)),
        ("/", D("1.5"), D("-0.5"), D(-3)),
    ],
)
def test_apply_is_exact(op, left, right, result):
    value = apply(op, left, right)
    assert value == result and type(value) is type(result)


@pytest.mark.parametrize("zero", [0, D(0), D("0.00")])
def test_division_by_zero_is_an_error_the_engine_reports(zero):
    with pytest.raises(ZeroDivisionError):
        apply("/", 5, zero)
    with pytest.raises(ZeroDivisionError):
        apply("/", 0, zero)


def test_substitute_replaces_every_name_at_every_depth():
    tree = parse_expression("-(a + t.r.c) * 2 / b")
    refs = substitute(tree, lambda name: CellRef(*(("t", "row") + name.parts)[-3:]))
    assert refs == BinOp(
        "/",
        BinOp("*", Neg(BinOp("+", CellRef("t", "row", "a"), CellRef("t", "r", "c"))), Num(2)),
        CellRef("t", "row", "b"),
    )
    assert substitute(Num(3), lambda name: Num(0)) == Num(3)
    assert str(CellRef("budget", "total", "net")) == "budget.total.net"


def test_the_cells_a_formula_uses_in_order():
    from councilpapers.core.expressions import BinOp, CellRef, Name, Neg, Num, SumOf, cell_refs

    a, b, c = CellRef("t", "a", "x"), CellRef("t", "b", "x"), CellRef("u", "c", "y")
    formula = BinOp("-", SumOf((a, b)), Neg(BinOp("*", c, Num(2))))
    assert cell_refs(formula) == [a, b, c]
    assert cell_refs(c) == [c]
    assert cell_refs(Num(1)) == [] and cell_refs(Name(("grant",))) == []
