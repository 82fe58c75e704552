"""Composing stage, total rows: what a column's total is. A column worked out by formula
(`change / base * 100`) applies its formula on total rows too, so a ratio is recomputed from the
totals, never summed; a column declared `summed` adds up its rows instead, which a percentage or
a ratio may not be, and a total row's `sum:` of a column of percentages is refused."""

from __future__ import annotations

from councilpapers.core.errors import Problem
from councilpapers.core.expressions import BinOp, ExpressionError, Neg, Num, Term, parse_expression
from councilpapers.load.located import Located
from councilpapers.load.schema.tables import Column
from councilpapers.load.yamlsource import Path_


def divides(expr: Term | None) -> bool:
    """Whether a formula divides by a figure (a ratio: `change / base * 100`), not by a number."""
    if isinstance(expr, BinOp):
        by_figure = expr.op == "/" and not isinstance(expr.right, Num)
        return by_figure or divides(expr.left) or divides(expr.right)
    return isinstance(expr, Neg) and divides(expr.operand)


def is_percentage(column: Column) -> bool:
    return column.percent or (column.unit or "").strip() == "%"


def is_ratio(column: Column) -> bool:
    """A column of percentages, or one whose formula divides by a figure: its total is no sum."""
    if is_percentage(column):
        return True
    try:
        return column.formula is not None and divides(parse_expression(column.formula))
    except ExpressionError:
        return False  # an unreadable formula is a problem where the column's cells use it


def check_summed(item: Located, index: int, column: Column, problems: list[Problem]) -> None:
    """`summed: true`: a computed column whose total rows add up its rows; never a ratio's."""
    if not column.summed:
        return
    where = item.path + ("columns", index, "summed")
    if not column.formula:
        problems.append(item.source.problem(where, "summed is for a column with a formula"))
    elif is_ratio(column):
        what = "a percentage" if is_percentage(column) else "a ratio (its formula divides by a figure)"
        problems.append(
            item.source.problem(
                where,
                f"column '{column.id}' is {what}: a sum of it is no figure; leave out summed, "
                "and its formula is applied on total rows",
            )
        )


def applies_formula(column: Column, total: bool) -> bool:
    """Whether the column's formula gives this cell: on every row, a total too, unless summed."""
    return bool(column.formula) and not (total and column.summed)


def summed_percentage(item: Located, path: Path_, column: Column, problems: list[Problem]) -> bool:
    """A total row's `sum:` over a column of percentages: refused, naming the column (a summed
    one is refused at its `summed`)."""
    if column.summed or not is_percentage(column):
        return False
    problems.append(
        item.source.problem(
            path + ("sum",),
            f"sum adds up column '{column.id}', a percentage: a sum of it is no figure; type this "
            f"row's figure, or a formula ({column.id}: '=…')",
        )
    )
    return True
