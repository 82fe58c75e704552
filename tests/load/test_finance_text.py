"""Text read from a finance file is checked as YAML text is: a character the house font lacks, a
word too long to lay out, a character no document can hold: each a one-line error at its cell."""

from __future__ import annotations

import time
from pathlib import Path

import openpyxl
import pytest

from .test_finance import DATA, HEADER, build_fails, csv_file, imported_paper

EMOJI = "Smile \U0001f600"
FONT = (
    "the house font Liberation Sans has no U+1F600 GRINNING FACE: the PDF cannot print it; "
    "write it in words or leave it out"
)


def _long_message(length: int) -> str:
    return (
        f"a word of {length:,} characters ('xxxxxxxxxxxxxxxxxxxx…'): break it or shorten it "
        "(a word holds at most 500 characters, so that a line can break)"
    )


DELETE = "Al\x7fpha"
DELETE_MESSAGE = "the text holds the character U+007F, which documents cannot hold: delete it (U+007F DELETE)"
# A word of 100,000 characters in a CSV cell (a workbook's cell holds at most 32,767; 30,000 there):
# laid out, it would take the PDF minutes (load/text.py).
CSV_CASES = {
    "emoji": (EMOJI, FONT),
    "long word": ("x" * 100_000, _long_message(100_000)),
    "delete": (DELETE, DELETE_MESSAGE),
}
XLSX_CASES = {**CSV_CASES, "long word": ("x" * 30_000, _long_message(30_000))}
LINE = "content/p/body.yaml:15:15: sections[0].blocks[1].table.rows[0].rows_from: "


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # paths are shown from the working folder, which holds content/


def _xlsx_paper(tmp_path: Path, area: str) -> Path:
    folder = imported_paper(tmp_path / "content" / "p", "xlsx")
    book = openpyxl.load_workbook(folder / "finance.xlsx")
    book["Budget"]["B5"] = area  # the education row's Service Area
    book.save(folder / "finance.xlsx")
    return folder


def _csv_paper(tmp_path: Path, area: str) -> Path:
    folder = imported_paper(tmp_path / "content" / "p", "csv")
    rows = [HEADER, *([*r[:1], area, *r[2:]] if r[0] == "education" else r for r in DATA)]
    lines = [",".join(f'"{v}"' if isinstance(v, str) else "" if v is None else str(v) for v in r) for r in rows]
    csv_file(folder / "finance.csv", "\r\n".join(lines) + "\r\n")
    return folder


def _timed_failure(folder: Path, capsys: pytest.CaptureFixture[str]) -> str:
    start = time.monotonic()
    line = build_fails(folder, capsys)
    assert time.monotonic() - start < 30, "the build took too long to refuse the cell"
    return line


@pytest.mark.parametrize("case", sorted(XLSX_CASES))
def test_workbook_text_is_refused_at_its_cell(tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str) -> None:
    text, message = XLSX_CASES[case]
    line = _timed_failure(_xlsx_paper(tmp_path, text), capsys)
    assert line == f"{LINE}content/p/finance.xlsx: sheet Budget, cell B5 (area): {message}"


@pytest.mark.parametrize("case", sorted(CSV_CASES))
def test_csv_text_is_refused_at_its_cell(tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str) -> None:
    text, message = CSV_CASES[case]
    line = _timed_failure(_csv_paper(tmp_path, text), capsys)
    assert line == f"{LINE}content/p/finance.csv: cell B3 (area): {message}"


def test_text_the_font_has_is_read_as_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The checks refuse only what cannot be printed: accents, dashes and a 500-character word pass."""
    from councilpapers.commands import main

    area = "Éducation – " + "y" * 500
    folder = _csv_paper(tmp_path, area)
    output = tmp_path / "out"
    assert main(["--content", str(folder.parent), "--output", str(output), "--format", "html", "p"]) == 0
    page = next(output.rglob("*.html")).read_text(encoding="utf-8")
    assert "Éducation – " in page
    assert "y" * 500 in page  # in one piece (the page wraps a long word in a span)
