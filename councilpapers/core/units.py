"""Units in table formulas and named figures: money converts (£, £,000 = £'000, £m), other units
must agree, and a formula that mixes units it cannot convert is an error, never a silent figure.

A formula's unit is worked out from the units of the cells and figures it uses, before anything is
computed. Where money in one unit meets money in another (£m + £,000, £m / £'000), the conversion
(× 1000, / 1000) is written into the formula as a `Conversion`, so the paper and the workbook's
formula compute the same figure; a formula whose units agree comes back as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from councilpapers.core.expressions import BinOp, CellRef, Conversion, Name, Neg, Num, SumOf, Term
from councilpapers.core.numbers import MONEY_UNITS, PERCENT_UNITS


class UnitError(ValueError):
    """A formula whose units do not fit together, in an author's words."""


@dataclass(frozen=True)
class Unit:
    """What a figure counts: money (pounds per unit), another unit by name, or a plain number."""

    money: int | None = None  # pounds per unit: £ 1, £,000 1,000, £m 1,000,000
    name: str | None = None  # any other unit (FTE, count, %), casefolded; None: a plain number
    ratio: bool = False  # money divided by money
    mixed: bool = False  # money whose unit is the finer of two that met on the way (a conversion written in)
    text: str = field(default="", compare=False)  # as written, for messages

    def __str__(self) -> str:
        if self.money is not None:
            return self.text or _MONEY_NAMES[self.money]
        if self.ratio:
            return "a ratio of money to money"
        return self.text or self.name or "a plain number"


PLAIN = Unit()
_MONEY_NAMES = {1: "£", 1_000: "£,000", 1_000_000: "£m"}


def unit_of(text: str | None, percent: bool = False) -> Unit:
    """A column's or named figure's unit as written: "£'000", "£m", "FTE", "%" (or percent: true)."""
    if percent or (text is not None and text.strip() in PERCENT_UNITS):
        return Unit(name="%", text="%")
    if text is None or not text.strip():
        return PLAIN
    written = text.strip()
    if written in MONEY_UNITS:
        return Unit(money=MONEY_UNITS[written], text=written)
    return Unit(name=written.casefold(), text=written)


Leaf = Callable[[CellRef | Name], Unit]  # the unit of a cell or a named figure


def in_unit(formula: Term, target: Unit, leaf: Leaf) -> Term:
    """The formula giving its figure in `target`, with every conversion between money units
    written in; a UnitError where its units do not fit together or do not give `target`, or
    where it converts by hand (× 1000) what the units now convert."""
    term, unit = _walk(formula, leaf)
    result = _to(term, unit, target)
    if result != formula and (by_hand := _by_hand(formula)) is not None:
        raise UnitError(f"converts between money units, and so does its {by_hand}: leave that out, the units convert")
    return result


_FACTORS = {Decimal(1000), Decimal(1_000_000), Decimal("0.001"), Decimal("0.000001")}


def _by_hand(node: Term) -> str | None:
    """A × or / 1000 (or 1,000,000) the author typed to convert money: "× 1000"."""
    if isinstance(node, Neg):
        return _by_hand(node.operand)
    if not isinstance(node, BinOp):
        return None
    if node.op in "*/":
        for side in (node.left, node.right):
            if isinstance(side, Num) and Decimal(side.value) in _FACTORS:
                return f"{'×' if node.op == '*' else '/'} {side.value}"
    return _by_hand(node.left) or _by_hand(node.right)


def _walk(node: Term, leaf: Leaf) -> tuple[Term, Unit]:
    if isinstance(node, Num):
        return node, PLAIN
    if isinstance(node, (CellRef, Name)):
        return node, leaf(node)
    if isinstance(node, SumOf):
        units = [leaf(cell) for cell in node.cells]
        if any(unit != units[0] for unit in units):
            raise UnitError(f"adds up cells in {_listed(units)}: a total adds cells of one unit")
        return node, units[0] if units else PLAIN
    if isinstance(node, Neg):
        inner, unit = _walk(node.operand, leaf)
        return Neg(inner), unit
    assert isinstance(node, BinOp), node
    left, left_unit = _walk(node.left, leaf)
    right, right_unit = _walk(node.right, leaf)
    if node.op in "+-":
        return _add(node.op, left, left_unit, right, right_unit)
    if node.op == "*":
        return BinOp("*", left, right), _times(left_unit, right_unit)
    return _divide(left, left_unit, right, right_unit)


def _add(op: str, left: Term, lu: Unit, right: Term, ru: Unit) -> tuple[Term, Unit]:
    """+ or -: money converts to the smaller of its units; other units must be the same."""
    verb = "adds" if op == "+" else "subtracts"
    if lu.money is not None and ru.money is not None:
        if lu.money == ru.money:
            return BinOp(op, left, right), _joined(lu, ru, lu)
        finer = lu if lu.money < ru.money else ru
        left, right = _scaled(left, lu.money, finer.money or 1), _scaled(right, ru.money, finer.money or 1)
        return BinOp(op, left, right), Unit(money=finer.money, mixed=True, text=finer.text)
    if (lu.money is not None and _counts(ru)) or (ru.money is not None and _counts(lu)):
        raise UnitError(f"{verb} {lu} and {ru}: a sum or difference needs figures of one unit")
    if lu.name is not None and ru.name is not None and lu.name != ru.name:
        raise UnitError(f"{verb} {lu} and {ru}: a sum or difference needs figures of one unit")
    kept = lu if lu.money is not None or lu.name is not None else ru
    return BinOp(op, left, right), _joined(lu, ru, kept, ratio=lu.ratio or ru.ratio)


def _times(lu: Unit, ru: Unit) -> Unit:
    if lu.money is not None and ru.money is not None:
        raise UnitError(f"multiplies {lu} by {ru}: money times money is not a figure")
    if lu.money is not None or ru.money is not None:
        return _joined(lu, ru, lu if lu.money is not None else ru)
    return _other(lu, ru)


def _divide(left: Term, lu: Unit, right: Term, ru: Unit) -> tuple[Term, Unit]:
    """Money by money is a ratio (converted where the units differ); money by a number is money."""
    if lu.money is not None and ru.money is not None:
        quotient: Term = BinOp("/", left, right)
        if lu.money > ru.money:
            quotient = Conversion("*", quotient, Num(lu.money // ru.money))
        elif lu.money < ru.money:
            quotient = Conversion("/", quotient, Num(ru.money // lu.money))
        return quotient, Unit(ratio=True)  # converted inside: a ratio has no unit to be unsure of
    if ru.money is not None:
        raise UnitError(f"divides {lu} by {ru}: a figure divided by money is not a figure a paper prints")
    if lu.money is not None:
        return BinOp("/", left, right), _joined(lu, ru, lu)
    if lu.name is not None and lu.name == ru.name:
        return BinOp("/", left, right), Unit(ratio=lu.ratio or ru.ratio)
    return BinOp("/", left, right), _other(lu, ru)


def _to(term: Term, unit: Unit, target: Unit) -> Term:
    """The formula's figure in the unit of the cell or figure it gives."""
    if target.money is not None:
        if unit.money is not None:
            return _scaled(term, unit.money, target.money)
        if unit.ratio or unit.name is not None:
            raise UnitError(f"gives {unit}, but the figure is in {target}")
        return term
    if unit.money is not None:
        if target.name is not None:
            raise UnitError(f"gives money ({unit}), but the figure is in {target}")
        if unit.mixed:
            raise UnitError(f"mixes money units and gives {unit}: say the unit of its figure (unit:)")
        return term
    if target.name is not None and unit.name is not None and unit.name != target.name:
        raise UnitError(f"gives {unit}, but the figure is in {target}")
    return term


def _scaled(term: Term, have: int, want: int) -> Term:
    """A figure in `have` pounds per unit as one in `want`: × or / the ratio of the two."""
    if have == want:
        return term
    return Conversion("*", term, Num(have // want)) if have > want else Conversion("/", term, Num(want // have))


def _counts(unit: Unit) -> bool:
    """A unit that is not money and not a plain number: FTE, a count, a percentage, a ratio."""
    return unit.name is not None or unit.ratio


def _joined(lu: Unit, ru: Unit, kept: Unit, ratio: bool = False) -> Unit:
    """The unit kept of two that met (only money is ever mixed: so is a result that holds it)."""
    return Unit(kept.money, kept.name, ratio or kept.ratio, lu.mixed or ru.mixed, kept.text)


def _other(lu: Unit, ru: Unit) -> Unit:
    """The product or quotient of two figures that are not money: the one unit named, if only one is."""
    if lu.name is None or ru.name is None:
        kept = lu if lu.name is not None else ru
        return _joined(lu, ru, kept, ratio=lu.ratio or ru.ratio)
    return Unit(ratio=lu.ratio or ru.ratio)


def _listed(units: list[Unit]) -> str:
    shown = list(dict.fromkeys(str(u) for u in units))
    return ", ".join(shown[:-1]) + " and " + shown[-1] if len(shown) > 1 else shown[0]
