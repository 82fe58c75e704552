"""Arithmetic that authors write in tables (`likelihood * impact`), parsed, never executed.

An expression is parsed with Python's `ast` and only numbers, names, dotted names,
brackets and + - * / are accepted; anything else is an error. The result is a small tree
that the table engine evaluates and that writers can turn into spreadsheet formulas.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from councilpapers.core.numbers import Number


@dataclass(frozen=True)
class Num:
    value: Decimal | int


@dataclass(frozen=True)
class Name:
    parts: tuple[str, ...]  # ('likelihood',), ('total_sgo', 'mar_18') or (table, row, column)


@dataclass(frozen=True)
class BinOp:
    op: str  # one of + - * /
    left: Term
    right: Term


@dataclass(frozen=True)
class Conversion(BinOp):
    """A conversion between money units that a formula's units call for (× 1000 from £m to
    £,000), written in by core/units.py: of an empty cell it gives nothing, not 0."""


@dataclass(frozen=True)
class Neg:
    operand: Term


Expr = Num | Name | BinOp | Neg  # as parsed: names not yet resolved

_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}


def apply(op: str, left: Number, right: Number) -> Number:
    """`left op right`, exactly: a division gives a Decimal, never a float.
    A division by zero raises ZeroDivisionError."""
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    if right == 0:
        raise ZeroDivisionError
    return Decimal(left) / Decimal(right)


class ExpressionError(ValueError):
    """The text is not an expression authors may write."""


MAX_LENGTH = 1_000  # characters: a table formula is a line, not a program


def parse_expression(text: str) -> Expr:
    """Parse `text`; raise ExpressionError with an author's explanation if it is not allowed."""
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            f"the expression is {len(text):,} characters long; at most {MAX_LENGTH:,}: "
            "total a long list of rows with sum: [row, row, …] instead"
        )
    try:
        tree = ast.parse(text.strip(), mode="eval")
        return _convert(tree.body, text)
    except ExpressionError:
        raise
    except (SyntaxError, ValueError):
        raise ExpressionError(f"cannot read the expression '{text[:80]}'") from None
    except RecursionError:
        raise ExpressionError("the expression nests too deeply: use fewer brackets") from None


def _convert(node: ast.AST, text: str) -> Expr:
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return Num(node.value)
    if isinstance(node, ast.Constant) and type(node.value) is float:
        # as written (0.30000000000000001 is not the float 0.3); the parser always records where
        return Num(Decimal(str(ast.get_source_segment(text.strip(), node))))
    if isinstance(node, (ast.Name, ast.Attribute)):
        return Name(_dotted(node, text))
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        return BinOp(_OPS[type(node.op)], _convert(node.left, text), _convert(node.right, text))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        inner = _convert(node.operand, text)
        return Neg(inner) if isinstance(node.op, ast.USub) else inner
    raise ExpressionError(f"'{text}' may use only numbers, names, brackets and + - * /")


def _dotted(node: ast.AST, text: str) -> tuple[str, ...]:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.insert(0, node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        raise ExpressionError(f"'{text}' may use only numbers, names, brackets and + - * /")
    parts.insert(0, node.id)
    if len(parts) > 3:
        raise ExpressionError(f"'{'.'.join(parts)}' has too many parts: write table.row.column at most")
    return tuple(parts)


def substitute(expr: Term, mapping: Callable[[Name], Term]) -> Term:
    """The expression with each Name replaced by mapping(name) (another term: a cell, a figure)."""
    if isinstance(expr, Name):
        return mapping(expr)
    if isinstance(expr, BinOp):  # a Conversion stays one
        return type(expr)(expr.op, substitute(expr.left, mapping), substitute(expr.right, mapping))
    if isinstance(expr, Neg):
        return Neg(substitute(expr.operand, mapping))
    return expr


@dataclass(frozen=True)
class CellRef:
    """A resolved reference to one cell of one table."""

    table: str
    row: str
    column: str

    def __str__(self) -> str:
        return f"{self.table}.{self.row}.{self.column}"


@dataclass(frozen=True)
class SumOf:
    """The total of some cells (a SUM in a spreadsheet)."""

    cells: tuple[CellRef, ...]


Formula = Num | CellRef | BinOp | Neg | SumOf  # as resolved: names become cells
# An operand of + - * / (and what substitute maps): a parsed term, a resolved one, or one half resolved
# (a named figure's formula keeps the names of other figures beside its cells).
Term = Num | Name | CellRef | SumOf | BinOp | Neg


def cell_refs(formula: Term) -> list[CellRef]:
    """The cells a formula uses, in order (named figures and numbers are not cells)."""
    if isinstance(formula, CellRef):
        return [formula]
    if isinstance(formula, SumOf):
        return list(formula.cells)
    if isinstance(formula, BinOp):
        return cell_refs(formula.left) + cell_refs(formula.right)
    if isinstance(formula, Neg):
        return cell_refs(formula.operand)
    return []
