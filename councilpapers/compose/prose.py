"""Composing stage, prose: inline markup with the figures written in it ({name}, {table.row.column})
and its cross-references ({see:label}), each resolved or reported where it is written."""

from __future__ import annotations

from councilpapers.compose.lookup import Lookup
from councilpapers.compose.numbering import Target
from councilpapers.core import model as m
from councilpapers.core.errors import Problem
from councilpapers.core.inline import MarkupError, Piece, RefSpec, parse_inline
from councilpapers.core.numbers import FormatError, prose_figure
from councilpapers.load.messages import did_you_mean
from councilpapers.load.yamlsource import Path_, Source


class Prose:
    """Inline text as the model's inlines: figures printed as the paper prints them, references linked."""

    def __init__(self, targets: dict[str, Target], lookup: Lookup, problems: list[Problem]):
        self.targets, self.lookup, self.problems = targets, lookup, problems

    def inlines(self, text: str, source: Source, path: Path_) -> m.Inlines:
        try:
            pieces = parse_inline(text)
        except MarkupError as exc:
            self.problems.append(source.problem(path, str(exc)))
            return (m.Text(text),)
        return tuple(self._piece(p, source, path) for p in pieces)

    def _piece(self, piece: Piece, source: Source, path: Path_) -> m.Inline:
        if isinstance(piece, str):
            return m.Text(piece)
        if isinstance(piece, RefSpec):
            return self._see(piece, source, path) if piece.kind == "see" else self._figure(piece, source, path)
        children = tuple(self._piece(p, source, path) for p in piece[1])
        return m.Strong(children) if piece[0] == "strong" else m.Emph(children)

    def _see(self, ref: RefSpec, source: Source, path: Path_) -> m.Inline:
        if ref.target not in self.targets:
            self.problems.append(
                source.problem_at(
                    path,
                    ref.written,
                    f"{ref.written}: no paragraph, section or appendix has the label '{ref.target}'"
                    + did_you_mean(ref.target, sorted(self.targets)),
                )
            )
            return m.Text(ref.written)
        text, anchor, target = self.targets[ref.target]
        return m.Xref(text, anchor, target)

    def _figure(self, ref: RefSpec, source: Source, path: Path_) -> m.Inline:
        found = self.lookup.figure(ref.target)
        if isinstance(found, str):
            self.problems.append(source.problem_at(path, ref.written, f"{ref.written}: {found}"))
            return m.Text(ref.written)
        value, unit, decimals, percent = found
        try:
            return m.Figure(prose_figure(value, unit, list(ref.filters), decimals, percent), ref.target, value)
        except FormatError as exc:
            self.problems.append(source.problem_at(path, ref.written, f"{ref.written}: {exc}"))
            return m.Text(ref.written)
