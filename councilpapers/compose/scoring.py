"""Composing stage, scoring matrices: a table's words on a scale read as numbers (Low 1, Medium 2,
High 3), so that a column formula (`likelihood * impact`) computes a score, and scores read back
as the words and fills of their bands ("High", on red), checked against the published band."""

from __future__ import annotations

from councilpapers.compose.evaluate import Definition
from councilpapers.compose.results import CellResult
from councilpapers.core.errors import Problem
from councilpapers.core.expressions import CellRef
from councilpapers.core.numbers import Number, exact, grouped, typed_decimals
from councilpapers.load.located import Located
from councilpapers.load.messages import describe, did_you_mean
from councilpapers.load.schema.tables import Band, Column, TableRow
from councilpapers.load.yamlsource import Path_


class Scales:
    """One table's scoring matrix, checked once: the columns on a scale, the band columns and
    the bands; then each word read as its number and each score as its band."""

    def __init__(self, item: Located, problems: list[Problem]):
        self.item, self.problems = item, problems
        scoring = item.table.scoring
        self.scales = {name: dict(words) for name, words in scoring.scales.items()} if scoring else {}
        self.bands = list(scoring.bands) if scoring else []
        self._folded = {name: {w.casefold(): n for w, n in words.items()} for name, words in self.scales.items()}
        self._check_scales()
        self._check_bands()
        for index, column in enumerate(item.table.columns):
            self._check_column(index, column)

    def _problem(self, path: Path_, message: str) -> None:
        self.problems.append(self.item.source.problem(self.item.path + path, message))

    def _check_scales(self) -> None:
        for name, words in self.scales.items():
            seen: dict[str, str] = {}
            for word in words:
                if not word.strip():
                    self._problem(("scoring", "scales", name), "a scale's word is not empty")
                elif word.casefold() in seen:
                    self._problem(
                        ("scoring", "scales", name, word), f"'{word}' and '{seen[word.casefold()]}' are one word"
                    )
                seen.setdefault(word.casefold(), word)

    def _check_bands(self) -> None:
        words: dict[str, int] = {}
        for index, band in enumerate(self.bands):
            if index and band.up_to <= self.bands[index - 1].up_to:
                self._problem(
                    ("scoring", "bands", index, "up_to"),
                    f"bands go from the lowest score up: {_shown(band.up_to)} is not above "
                    f"{_shown(self.bands[index - 1].up_to)}, the band before",
                )
            if band.word.casefold() in words:
                self._problem(("scoring", "bands", index, "word"), f"the band '{band.word}' is named twice")
            words.setdefault(band.word.casefold(), index)

    def _check_column(self, index: int, column: Column) -> None:
        columns = {c.id: c for c in self.item.table.columns}
        if column.scale is not None:
            if column.scale not in self.scales:
                known = sorted(self.scales)
                hint = did_you_mean(column.scale, known) if known else " (the table has no scoring: scales)"
                self._problem(("columns", index, "scale"), f"no scale '{column.scale}'{hint}")
            if column.type == "text" or column.formula or column.band:
                self._problem(
                    ("columns", index, "scale"),
                    "a column on a scale holds its words (no type: text, formula or band)",
                )
        if column.band is not None:
            target = columns.get(column.band)
            if not self.bands:
                self._problem(("columns", index, "band"), "band needs the table's scoring: bands")
            elif target is None:
                hint = did_you_mean(column.band, list(columns))
                self._problem(
                    ("columns", index, "band"), f"no column '{column.band}' in table {self.item.table.id}{hint}"
                )
            elif target.type == "text" or target.band or target.scale:
                self._problem(("columns", index, "band"), f"column '{column.band}' holds no score to band")
            if column.formula:
                self._problem(("columns", index, "formula"), "a band column prints its score's band: no formula")

    def cell(
        self, path: Path_, row: TableRow, column: Column, ref: CellRef, defs: dict[CellRef, Definition]
    ) -> CellResult:
        """A cell of a band column (its band is found once its score is computed), or of a column
        on a scale: its word printed, its number declared (nothing on a row that gives none)."""
        written = row.get(column.id)
        if column.band is not None:
            if written is not None:
                self.problems.append(
                    self.item.source.problem(
                        path, "a band is computed from its score: write the paper's as published: {column: word}"
                    )
                )
            return CellResult()
        defs[ref] = (None if written is None else self.word(path, column, written), self.item.source, path)
        return CellResult(text=None if written is None else str(written))

    def word(self, path: Path_, column: Column, written: object) -> Number | None:
        """The number of a word on the column's scale; a word not on it is a problem."""
        scale = self._folded.get(column.scale or "")
        if scale is None:
            return None  # an unknown scale is a problem of its own
        if isinstance(written, str) and written.strip().casefold() in scale:
            return scale[written.strip().casefold()]
        words = list(self.scales[column.scale or ""])
        hint = did_you_mean(written, words) if isinstance(written, str) else ""
        self.problems.append(
            self.item.source.problem(
                path,
                f"{describe(written)} is not a word of the {column.scale} scale ({_either(words)}){hint}",
            )
        )
        return None

    def band(self, score: Number | None, path: Path_) -> Band | None:
        """The band a score falls in; a score above the highest band is a problem."""
        if score is None or not self.bands:
            return None
        for band in self.bands:
            if score <= band.up_to:
                return band
        top = self.bands[-1]
        self.problems.append(
            self.item.source.problem(
                path,
                f"the score {_shown(score)} is above the highest band ({top.word}, up to {_shown(top.up_to)}): "
                "add a band or check the scale",
            )
        )
        return None


def _shown(value: Number) -> str:
    places = min(typed_decimals(exact(value).normalize()), 6)
    return ("-" if value < 0 else "") + grouped(value, places)


def _either(words: list[str]) -> str:
    return ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else "".join(words)
