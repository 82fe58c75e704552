"""The same digits in every format: for random tables, halfway cases among them, the figures the
paper prints (the table engine, rounding half away from zero) are the figures LibreOffice shows
for the exported workbook after it recalculates every formula itself."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from councilpapers.compose.document import compose
from councilpapers.core.model import plain
from councilpapers.load.paper import load_paper
from councilpapers.writers.xlsx import write_xlsx
from councilpapers.writers.xlsx.plan import plan

from ..helpers import MINIMAL_PAPER, write_paper
from .test_xlsx import RECALCULATE_ON_LOAD, _cached_values_as_zero

TABLES = 8


@st.composite
def table(draw, number: int) -> str:
    """A table whose typed figures have one decimal more than it prints, often a 5: halfway."""
    decimals = draw(st.integers(0, 2))
    scale = Decimal(10) ** -(decimals + 1)

    def figure() -> str:
        whole = draw(st.integers(-99_999, 99_999))
        last = draw(st.sampled_from([5, 5, 5, 0, 4, 6]))
        return str((Decimal(whole) * 10 + (last if whole >= 0 else -last)) * scale)

    rows = draw(st.integers(2, 5))
    lines = [
        "      - table:",
        f"          id: t{number}",
        f"          caption: Table {number}",
        "          columns:",
        "            - {id: area, header: Area, type: text}",
        f"            - {{id: a, header: A, unit: '£,000', decimals: {decimals}}}",
        f"            - {{id: b, header: B, unit: '£,000', decimals: {decimals}}}",
        f"            - {{id: d, header: Difference, unit: '£,000', decimals: {decimals}, formula: a - b}}",
        "            - {id: r, header: Ratio, decimals: 2, formula: a / b}",
        "          rows:",
    ]
    for row in range(rows):
        a, b = figure(), figure()
        b = b if Decimal(b) != 0 else "1"
        lines.append(f"            - {{id: r{row}, area: Row {row}, a: {a}, b: {b}}}")
    lines.append("            - {id: total, area: Total, sum: above, r: null}")
    return "\n".join(lines) + "\n"


def shown_by_libreoffice(folder, xlsx: bytes) -> dict[str, list[list[str]]]:
    """Every sheet of the workbook as LibreOffice shows it, after recalculating every formula
    (the cached values zeroed first, so nothing of ours survives)."""
    (folder / "paper.xlsx").write_bytes(_cached_values_as_zero(xlsx))
    (folder / "profile" / "user").mkdir(parents=True, exist_ok=True)
    (folder / "profile" / "user" / "registrymodifications.xcu").write_text(RECALCULATE_ON_LOAD, encoding="utf-8")
    # comma, double quote, UTF-8, from line 1, …, cell contents as shown, every sheet (-1)
    options = "44,34,76,1,,0,false,true,true,false,false,-1"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            f"csv:Text - txt - csv (StarCalc):{options}",
            "--outdir",
            str(folder / "out"),
            str(folder / "paper.xlsx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    sheets = {}
    for file in (folder / "out").glob("paper-*.csv"):
        sheets[file.stem.removeprefix("paper-")] = list(csv.reader(io.StringIO(file.read_text(encoding="utf-8"))))
    return sheets


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@settings(max_examples=3, deadline=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck))
@given(st.tuples(*(table(n) for n in range(TABLES))))
def test_the_paper_and_libreoffice_show_the_same_digits(tmp_path_factory, tables):
    folder = tmp_path_factory.mktemp("digits")
    body = "sections:\n  - title: Figures\n    blocks:\n" + "".join(tables)
    document = compose(load_paper(write_paper(folder / "content" / "p", MINIMAL_PAPER, body=body))).document
    shown = shown_by_libreoffice(folder, write_xlsx(document))
    places = plan(document).places
    compared = 0
    for t in document.tables():
        for row in t.rows:
            for column, cell in zip(t.columns, row.cells):
                if not column.numeric or (t.id, row.id, column.id) not in places:
                    continue
                sheet, r, c = places[(t.id, row.id, column.id)]
                printed = plain(cell.inlines)
                in_libreoffice = shown[sheet.replace("/", "_")][r - 1][c - 1]
                if not printed:  # a cell the paper leaves empty holds [z] (not applicable) in the workbook
                    assert in_libreoffice in ("[z]", "[x]"), (t.id, row.id, column.id, in_libreoffice)
                    continue
                assert in_libreoffice == printed, (t.id, row.id, column.id, printed, in_libreoffice)
                compared += 1
    assert compared >= TABLES * 2 * 5  # rows and totals, typed and computed
