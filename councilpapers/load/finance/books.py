"""Loading stage, figures from finance: the files a paper imports, each checked and opened once."""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath

from councilpapers.core.errors import display_path
from councilpapers.load.finance.failure import ImportFailure
from councilpapers.load.finance.files import Book, CsvFile, Workbook
from councilpapers.load.finance.limits import MAX_IMPORT_BYTES
from councilpapers.load.validate import inside

__all__ = ["MAX_IMPORT_BYTES", "Books"]
SUFFIXES = (".csv", ".xlsx")


def _safe_name(name: str) -> bool:
    """A relative path with no `..`: the file is then looked for inside the paper's folder."""
    posix, windows = PurePosixPath(name), PureWindowsPath(name)
    return (
        bool(name) and not (posix.is_absolute() or windows.is_absolute() or windows.drive) and ".." not in posix.parts
    )


class Books:
    """The files of one paper's folder that its imports name, in the order they were opened."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.opened: dict[Path, Book] = {}
        self.unreadable: set[str] = set()  # files named before that could not be read: reported once

    def close(self) -> None:
        for book in self.opened.values():
            book.close()

    def book(self, name: str) -> Book:
        """The file, checked (inside the folder, a .csv or .xlsx, not too large) and opened once;
        one that cannot be read is reported where it is first named, not again."""
        if name in self.unreadable:
            raise ImportFailure("")
        try:
            return self._open(name)
        except ImportFailure:
            self.unreadable.add(name)
            raise

    def _open(self, name: str) -> Book:
        if not isinstance(name, str) or not _safe_name(name):
            raise ImportFailure(
                f"'{name}': an imported file lies in the paper's folder: write its name, "
                f"such as finance.xlsx (no .. and no absolute path)"
            )
        file = self.folder / name
        if file in self.opened:
            return self.opened[file]
        self._check(name, file)
        book = CsvFile(file) if file.suffix.lower() == ".csv" else Workbook(file)
        self.opened[file] = book
        return book

    def _check(self, name: str, file: Path) -> None:
        """A .csv or .xlsx file, inside the folder, not too large."""
        suffix = file.suffix.lower()
        if suffix not in SUFFIXES:
            hint = (
                " (save the workbook as an Excel Workbook, .xlsx)"
                if suffix in (".xls", ".xlsm", ".xlsb", ".ods")
                else ""
            )
            raise ImportFailure(f"'{name}': the toolkit reads .csv and .xlsx files{hint}")
        if file.is_symlink() and not inside(file, self.folder) or file.exists() and not inside(file, self.folder):
            raise ImportFailure(
                f"'{name}' is a link to a file outside {self.folder.name}/: the toolkit reads only files "
                f"inside the paper's folder; copy the file in instead"
            )
        if not file.is_file():
            raise ImportFailure(f"no file '{name}' in {self.folder.name}/")
        size = file.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise ImportFailure(
                f"{display_path(file)} is {size:,} bytes; an imported file holds at most {MAX_IMPORT_BYTES:,}: "
                "keep only the figures the paper needs in it"
            )
