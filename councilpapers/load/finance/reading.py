"""Loading stage, figures from finance: one paper's imports as they are read, and what they read."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from councilpapers.core.errors import Problem, display_path
from councilpapers.load.finance.books import Books
from councilpapers.load.located import Located
from councilpapers.load.paper import LoadedPaper
from councilpapers.load.schema.paper import NamedFigure
from councilpapers.load.yamlsource import Path_, Source


@dataclass(frozen=True)
class Origin:
    """Where an imported figure was read: a file, its sheet (none for CSV) and a cell."""

    file: Path
    sheet: str | None
    cell: str

    def __str__(self) -> str:
        return f"{display_path(self.file)}: {self.sheet_and_cell()}"

    def sheet_and_cell(self) -> str:
        return f"sheet {self.sheet}, cell {self.cell}" if self.sheet is not None else f"cell {self.cell}"


@dataclass(frozen=True)
class Imported:
    """The paper's tables and named figures with every import read into them."""

    located: tuple[Located, ...]
    figures: dict[str, NamedFigure]
    origins: dict[str, Origin]  # a cell's or figure's name (cellnames) → where its value was read
    files: tuple[Path, ...]  # every file read
    problems: tuple[Problem, ...] = ()


@dataclass
class Reading:
    """The paper being read, the files it opened, where each figure was read and what went wrong."""

    loaded: LoadedPaper
    books: Books
    origins: dict[str, Origin] = field(default_factory=dict)  # a cell's or figure's name → where it was read
    problems: list[Problem] = field(default_factory=list)

    def fail(self, source: Source, path: Path_, message: str) -> None:
        if message:  # empty: a file that cannot be read, reported where it was first named
            self.problems.append(source.problem(path, message))
