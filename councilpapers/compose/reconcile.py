"""Composing stage, reconciliation: the figures `reconcile:` says must agree, their difference,
and whether an acceptance's reason still cites them."""

from __future__ import annotations

from dataclasses import dataclass

from councilpapers.compose.lookup import Lookup
from councilpapers.compose.published import fmt
from councilpapers.core import model as m
from councilpapers.core.errors import Problem, display_path
from councilpapers.core.numbers import Number, cites
from councilpapers.load.paper import LoadedPaper
from councilpapers.load.schema.paper import Reconciliation
from councilpapers.load.yamlsource import Source


@dataclass(frozen=True)
class Mismatch:
    """Figures the paper says must agree, and do not."""

    file: str
    line: int
    figures: tuple[tuple[str, str], ...]  # (reference, value as printed)
    accepted: str | None
    lapsed: str | None = None  # an acceptance whose reason does not cite the figures as they are now

    def __str__(self) -> str:
        shown = " and ".join(f"{ref} = {value}" for ref, value in self.figures)
        reason = f" (accepted: {self.accepted})" if self.accepted else ""
        if self.lapsed:
            reason = f" (no longer accepted: the reason does not cite the figures as they are now: {self.lapsed})"
        return f"{self.file}:{self.line}: these figures should agree: {shown}{reason}"

    def as_data(self) -> dict[str, str | int | dict[str, str] | None]:
        return {
            "file": self.file,
            "line": self.line,
            "figures": dict(self.figures),
            "accepted": self.accepted,
            "lapsed": self.lapsed,
        }


def reconcile(
    loaded: LoadedPaper, lookup: Lookup, problems: list[Problem]
) -> tuple[tuple[m.Check, ...], tuple[Mismatch, ...]]:
    """Each declared reconciliation with its figures' values and their difference; those
    apart by more than the tolerance are also mismatches, for check."""
    checks: list[m.Check] = []
    mismatches: list[Mismatch] = []
    for index, rule in enumerate(loaded.paper.reconcile):
        values = _values(rule, index, lookup, loaded.source, problems)
        if len(values) < len(rule.figures):
            continue  # a figure that cannot be found is a problem already
        numbers = tuple(v for _, v in values)
        holds = rule.accepted is None or all(cites(rule.accepted, n) for n in numbers)
        check = m.Check(
            tuple(rule.figures), rule.tolerance, rule.accepted if holds else None, numbers, _difference(numbers)
        )
        checks.append(check)
        if not check.agrees:
            lapsed = None if holds else " ".join(str(rule.accepted).split())
            mismatches.append(_mismatch(loaded.source, index, values, check.accepted, lapsed))
    return tuple(checks), tuple(mismatches)


def _values(
    rule: Reconciliation, index: int, lookup: Lookup, source: Source, problems: list[Problem]
) -> list[tuple[str, Number]]:
    """(reference, value) of each of the rule's figures found; one not found is a problem."""
    values = []
    for position, ref in enumerate(rule.figures):
        found = lookup.figure(ref)
        if isinstance(found, str):
            problems.append(source.problem(("reconcile", index, "figures", position), f"{ref}: {found}"))
        else:
            values.append((ref, found[0]))
    return values


def _difference(numbers: tuple[Number, ...]) -> Number:
    """The first less the second of two figures; the widest gap between more."""
    return numbers[0] - numbers[1] if len(numbers) == 2 else max(numbers) - min(numbers)


def _mismatch(
    source: Source, index: int, values: list[tuple[str, Number]], accepted: str | None, lapsed: str | None
) -> Mismatch:
    line, _ = source.locate(("reconcile", index))
    figures = tuple((ref, fmt(value)) for ref, value in values)
    return Mismatch(display_path(source.file), line, figures, accepted, lapsed)
