"""Errors: every problem an author sees carries a file, a line and a field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, where it is, in an author's words."""

    file: Path
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{display_path(self.file)}:{self.line}:{self.column}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {one_line(self.message)}"


def one_line(text: str) -> str:
    """Control characters (a new line in a quoted value) escaped: one problem, one line."""
    return "".join(c if c.isprintable() or c == " " else c.encode("unicode_escape").decode("ascii") for c in text)


def display_path(path: Path) -> str:
    """A path relative to the working folder when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class PaperError(Exception):
    """Base of every error the command line reports without a traceback."""

    category = "error"


class ContentError(PaperError):
    """The content has problems; all of them are listed."""

    category = "content error"

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (str(p.file), p.line, p.column, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


class RenderError(PaperError):
    """A writer could not produce its output."""

    category = "render error"


class UsageError(PaperError):
    """The command line was asked for something that does not exist."""

    category = "usage error"
