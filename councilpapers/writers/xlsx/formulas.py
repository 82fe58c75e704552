"""XLSX writer, formula stage: formula trees as spreadsheet formulas, figures as number formats."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from councilpapers.core.errors import RenderError
from councilpapers.core.expressions import BinOp, CellRef, Name, Neg, Num, SumOf, Term
from councilpapers.core.model import Column

# How tightly each operator binds; a child that binds less tightly is bracketed.
_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}
_ATOM = 9

Address = Callable[[CellRef | Name], tuple[str, int, int]]  # ref → (sheet, row, column), 1-based
Place = tuple[str, int, int]


@dataclass(frozen=True)
class _Writing:
    sheet: str
    address: Address
    blank: Callable[[Place], bool] | None  # a cell holding [x] or [z], read as 0 by N()
    name: Callable[[CellRef | Name], str] | None  # write references by name instead of place
    percent: Callable[[Place], bool] | None  # a cell holding a percentage as a fraction (0.871 for 87.1)


def formula_text(
    formula: Term,
    sheet: str,
    address: Address,
    blank: Callable[[Place], bool] | None = None,
    name: Callable[[CellRef | Name], str] | None = None,
    percent: Callable[[Place], bool] | None = None,
) -> str:
    """The spreadsheet formula (without "=") for a formula tree, written on `sheet`. A named
    figure (Name) is found by `address` too. A single reference to a cell that `blank` says
    holds a symbol ([x], [z]) is read as N(B5), so arithmetic on it counts it as nothing; one
    to a cell that `percent` says holds a fraction is read as B5*100, the paper's 87.1."""
    return _expression(formula, _Writing(sheet, address, blank, name, percent))[0]


def _expression(node: Term, how: _Writing) -> tuple[str, int]:
    if isinstance(node, Num):
        return _number(node.value), _ATOM
    if isinstance(node, (CellRef, Name)):
        if how.name is not None:
            return how.name(node), _ATOM
        place = how.address(node)
        text = reference(place, how.sheet)
        if how.blank is not None and how.blank(place):
            return f"N({text})", _ATOM
        if how.percent is not None and how.percent(place):
            return f"{text}*100", _PRECEDENCE["*"]
        return text, _ATOM
    if isinstance(node, SumOf):
        text = _sum(node, how)
        return text, (_PRECEDENCE["*"] if text.endswith("*100") else _ATOM)
    if isinstance(node, Neg):
        return "-" + _bracketed(_expression(node.operand, how), _ATOM), _ATOM - 1
    if isinstance(node, BinOp) and node.op in _PRECEDENCE:
        return _binop(node, how), _PRECEDENCE[node.op]
    raise RenderError(f"the workbook has no way to write a formula part of kind '{type(node).__name__}'")


def _binop(node: BinOp, how: _Writing) -> str:
    precedence = _PRECEDENCE[node.op]
    left = _bracketed(_expression(node.left, how), precedence)
    right_text, right_precedence = _expression(node.right, how)
    if node.op in "-/" and right_precedence == precedence or isinstance(node.right, Neg):
        right_precedence = -1  # a-(b-c), a/(b*c), a-(-b)
    return f"{left}{node.op}{_bracketed((right_text, right_precedence), precedence)}"


def _bracketed(expression: tuple[str, int], precedence: int) -> str:
    text, own = expression
    return f"({text})" if own < precedence else text


def _number(value: float | Decimal) -> str:
    text = str(int(value)) if float(value).is_integer() else repr(float(value))
    return f"({text})" if value < 0 else text


def _sum(node: SumOf, how: _Writing) -> str:
    """SUM(B2:B4) for a run of cells in one column, SUM(B2,B4,…) otherwise (SUM skips [x] and [z])."""
    if how.name is not None:
        return "SUM(" + ",".join(how.name(ref) for ref in node.cells) + ")"
    places = [how.address(ref) for ref in node.cells]
    if not places:
        return "0"
    rows = [row for _, row, _ in places]
    one_column = len({(where, column) for where, _, column in places}) == 1
    scale = "*100" if how.percent is not None and any(how.percent(place) for place in places) else ""
    if len(places) > 1 and one_column and rows == list(range(rows[0], rows[0] + len(rows))):
        first, last = reference(places[0], how.sheet), cell_name(rows[-1], places[0][2])
        return f"SUM({first}:{last}){scale}"
    return "SUM(" + ",".join(reference(place, how.sheet) for place in places) + f"){scale}"


def reference(place: tuple[str, int, int], sheet: str) -> str:
    """B5 on the same sheet, 'Other sheet'!B5 on another."""
    where, row, column = place
    name = cell_name(row, column)
    return name if where == sheet else f"{quoted(where)}!{name}"


def quoted(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def cell_name(row: int, column: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(column)}{row}"


# ---- number formats ---------------------------------------------------------------------


def number_format(column: Column, zero: str | None) -> str:
    """'[>=0.5]#,##0;[>-0.5]#,##0;(#,##0)': separators, negatives in brackets, and a figure
    that rounds to zero shown as the paper shows it (zero, or the table's "-"), never "(0)":
    the conditions sit half a unit of the last digit shown either side of zero. A percentage
    column holds fractions shown as percentages ('0.0%')."""
    return figure_format(column.decimals, column.percent, zero)


def figure_format(decimals: int, percent: bool, zero: str | None = None) -> str:
    """The number format of a figure shown to `decimals` places (see number_format)."""
    shown = ("0" if percent else "#,##0") + ("." + "0" * decimals if decimals else "") + ("%" if percent else "")
    zero_section = '"' + zero.replace('"', "") + '"' if zero else shown
    half = Decimal(5) * Decimal(10) ** -(decimals + 1 + (2 if percent else 0))
    return f"[>={half:f}]{shown};[>-{half:f}]{zero_section};({shown})"
