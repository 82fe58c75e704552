"""Composing stage, evaluating tables: the value of every declared cell, computed once from the
cells it depends on (totals, formulas, running figures); a circle of references is a problem, and
so is arithmetic that meets a cell of words ("Medium" × "High"): a total leaves such cells out."""

from __future__ import annotations

from typing import Any

from councilpapers.compose.results import NUMBER
from councilpapers.core.errors import Problem
from councilpapers.core.expressions import BinOp, CellRef, Conversion, Formula, Neg, Num, SumOf, Term, apply
from councilpapers.core.numbers import Number
from councilpapers.load.yamlsource import Path_, Source

# A cell as declared: a typed figure, a formula, {text: ...} (words in a number column) or nothing.
Declared = Number | Formula | dict[str, Any] | None
Definition = tuple[Declared, Source, Path_]  # with where it is written


class Evaluator:
    """Values of the cells a table engine declared: a number, a formula or nothing, each with where it is written."""

    def __init__(self, defs: dict[CellRef, Definition], problems: list[Problem]):
        self.defs, self.problems = defs, problems
        self._values: dict[CellRef, Number | None] = {}
        self._stack: list[CellRef] = []

    def value(self, ref: CellRef) -> Number | None:
        """The value of a cell, computing it (and what it depends on) the first time."""
        if ref in self._values:
            return self._values[ref]
        if ref not in self.defs:
            return None  # a text cell, or a cell a reference names that does not exist (a problem of its own)
        declared, source, path = self.defs[ref]
        if ref in self._stack:
            cycle = " → ".join(str(r) for r in self._stack[self._stack.index(ref) :] + [ref])
            self.problems.append(source.problem(path, f"circular reference: {cycle}"))
            return None
        words = self._words(declared)
        if words:
            listed = ", ".join(f"{r} is {_quoted(self.defs[r][0])}" for r in words)
            self.problems.append(source.problem(path, f"arithmetic meets words: {listed}; a formula needs figures"))
            return None  # reported once however often it is asked for: run() drops repeats
        self._stack.append(ref)
        try:
            result = self._eval(declared, source, path)
        finally:
            self._stack.pop()
        self._values[ref] = result
        return result

    def _words(self, node: Declared | Term) -> list[CellRef]:
        """The cells of words ({text: …}) a formula does arithmetic on or copies; a total (SumOf)
        adds the figures it has and leaves words out, as a paper's total of "TBC" and figures does."""
        if isinstance(node, CellRef):
            found = self.defs.get(node)
            return [node] if found is not None and isinstance(found[0], dict) else []
        if isinstance(node, Neg):
            return self._words(node.operand)
        if isinstance(node, BinOp):
            return list(dict.fromkeys(self._words(node.left) + self._words(node.right)))
        return []

    def _eval(self, node: Declared | Term, source: Source, path: Path_) -> Number | None:
        if node is None or isinstance(node, dict):
            return None
        if isinstance(node, NUMBER):
            return node
        if isinstance(node, Num):
            return node.value
        if isinstance(node, CellRef):
            return self.value(node)
        if isinstance(node, SumOf):
            values = [v for v in (self.value(c) for c in node.cells) if v is not None]
            return sum(values) if values else None
        if isinstance(node, Neg):
            inner = self._eval(node.operand, source, path)
            return None if inner is None else -inner
        assert isinstance(node, BinOp), node  # every name was resolved to a cell (TableEngine._resolve)
        return self._binop(node, source, path)

    def _binop(self, node: BinOp, source: Source, path: Path_) -> Number | None:
        left, right = self._eval(node.left, source, path), self._eval(node.right, source, path)
        if (left is None and right is None) or (left is None and isinstance(node, Conversion)):
            return None  # nothing, converted, is still nothing
        try:
            return apply(node.op, left or 0, right or 0)
        except ZeroDivisionError:
            self.problems.append(source.problem(path, "division by zero"))
            return None


def _quoted(declared: Declared) -> str:
    words = declared.get("text", "") if isinstance(declared, dict) else declared
    return f"'{words}'"
