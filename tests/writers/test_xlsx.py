"""The appendix workbook as a finance officer and a screen reader see it: live formulas with
their values, the Analysis Function's accessibility checks, and LibreOffice's recalculation."""

from __future__ import annotations

import io
import math
import re
import shutil
import subprocess
import zipfile

import openpyxl
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from councilpapers.compose.document import compose
from councilpapers.core.errors import RenderError
from councilpapers.core.expressions import BinOp, CellRef, Name, Neg, Num, SumOf
from councilpapers.core.model import plain
from councilpapers.core.numbers import table_number
from councilpapers.load.paper import load_paper
from councilpapers.writers.registry import WRITERS
from councilpapers.writers.xlsx import write_xlsx
from councilpapers.writers.xlsx.formulas import formula_text
from councilpapers.writers.xlsx.plan import plan

from ..helpers import MINIMAL_BODY, changed, write_paper

FIXED_SHEETS = ["Cover", "Contents", "Notes"]
# LibreOffice keeps the cached results of an xlsx file by default (OOXMLRecalcMode 1, "never
# recalculate"); 0 makes it recalculate every formula on load. Set in a private profile.
RECALCULATE_ON_LOAD = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


@pytest.fixture(scope="module")
def xlsx_bytes(document):
    return write_xlsx(document)


@pytest.fixture(scope="module")
def xlsx_path(xlsx_bytes, tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "budget-2018-20.xlsx"
    path.write_bytes(xlsx_bytes)
    return path


@pytest.fixture(scope="module")
def formulas(xlsx_path):
    return openpyxl.load_workbook(xlsx_path)


@pytest.fixture(scope="module")
def values(xlsx_path):
    return openpyxl.load_workbook(xlsx_path, data_only=True)


def table_cells(document, workbook):
    """(model table, model row, model cell, worksheet cell) for every body cell of every table."""
    layout = plan(document)
    for table in document.tables():
        for row in table.rows:
            if row.role == "heading":
                continue
            for column, cell in zip(table.columns, row.cells):
                sheet, number, letter = layout.places[(table.id, row.id, column.id)]
                yield table, row, cell, workbook[sheet].cell(number, letter)


def sheet_of(workbook, table_id: str):
    """The worksheet holding the table (its Excel table is named by the table's id)."""
    return next(ws for ws in workbook.worksheets if table_id in ws.tables)


def excel_rows(ws, name: str | None = None) -> list[tuple]:
    """The values of the rows of one Excel table of the sheet (its data table by default), header first."""
    ref = ws.tables[name or next(iter(ws.tables))].ref
    return [tuple(c.value for c in row) for row in ws[ref]]


def body(ws, name: str | None = None) -> list[tuple]:
    """The values of the rows of the sheet's (data) table, without its header row."""
    return excel_rows(ws, name)[1:]


def header_row(ws, name: str | None = None) -> int:
    ref = ws.tables[name or next(iter(ws.tables))].ref
    return int(re.match(r"[A-Z]+(\d+):", ref).group(1))


def sheet_row(ws, label, column: str = "A") -> int:
    """The row whose cell in `column` reads `label`."""
    return next(cell.row for cell in ws[column] if cell.value == label)


# ---- figures: formulas and their values --------------------------------------------------


def test_writer_is_registered_for_xlsx():
    assert WRITERS["xlsx"].suffix == ".xlsx" and WRITERS["xlsx"].render is write_xlsx


def test_every_computed_cell_is_a_live_formula_and_every_typed_figure_a_number(document, formulas):
    computed = typed = 0
    for table, row, cell, target in table_cells(document, formulas):
        if cell.formula is not None:
            assert isinstance(target.value, str) and target.value.startswith("="), target.coordinate
            computed += 1
        elif cell.value is not None:
            assert target.value == cell.value and target.data_type == "n"
            typed += 1
        elif plain(cell.inlines):
            assert target.value == plain(cell.inlines).replace("*", " [note 1]") or target.data_type == "n"
        else:
            above = target.parent.cell(target.row - 1, target.column).value  # a grouped label, repeated
            assert target.value in ("[x]", "[z]", above), (table.id, row.id, target.coordinate)
    assert computed > 100 and typed > 150


def test_every_figure_carries_the_value_the_pdf_shows(document, values):
    """Read without calculating (as viewers and pandas do), every cell has the model's figure."""
    checked = 0
    for table, row, cell, target in table_cells(document, values):
        if cell.value is not None:
            assert target.value == pytest.approx(cell.value, abs=1e-9), (table.id, row.id, target.coordinate)
            checked += 1
    assert checked == sum(1 for t in document.tables() for r in t.rows for c in r.cells if c.value is not None)


def test_formulas_are_what_a_finance_officer_would_write(formulas):
    summary, service = sheet_of(formulas, "budget_summary"), sheet_of(formulas, "service_budget")
    savings, risks = sheet_of(formulas, "savings"), sheet_of(formulas, "risk_register")
    first, total = header_row(summary) + 1, sheet_row(summary, "Total")
    assert summary.cell(total, 2).value == f"=SUM(B{first}:B{first + 2})"
    row, source = sheet_row(service, "Children's Safeguarding"), sheet_row(summary, "Children's Safeguarding")
    assert service.cell(row, 3).value == f"='Summary budget position 2017-20'!C{source}"
    row = sheet_row(savings, "Recommission MST", "B")
    assert savings.cell(row, 7).value == f"=E{row}+F{row}"
    assert all(risks.cell(r, 8).value == f"=F{r}*G{r}" for r in range(sheet_row(risks, 1), risks.max_row + 1))


def test_number_formats_show_the_figures_as_the_paper_does(formulas):
    savings = sheet_of(formulas, "savings")
    row = sheet_row(savings, "Review of Fostering Service", "B")
    assert savings.cell(row, 6).number_format == '[>=0.5]#,##0;[>-0.5]"-";(#,##0)'  # zero shown as "-"
    assert savings.cell(row, 8).number_format == '[>=0.05]#,##0.0;[>-0.05]"-";(#,##0.0)'  # FTE to one decimal
    summary = sheet_of(formulas, "budget_summary")
    assert summary.cell(sheet_row(summary, "Total"), 2).number_format == "[>=0.5]#,##0;[>-0.5]#,##0;(#,##0)"


def test_formula_brackets_follow_precedence():
    def place(ref):
        return (ref.table, int(ref.row), {"a": 2, "b": 3}[ref.column])

    a, b, c = (CellRef("t", str(n), "a") for n in (2, 3, 4))
    assert formula_text(BinOp("-", a, BinOp("-", b, c)), "t", place) == "B2-(B3-B4)"
    assert formula_text(BinOp("*", Neg(BinOp("+", a, b)), Num(1.5)), "t", place) == "-(B2+B3)*1.5"
    assert formula_text(SumOf((a, b, c)), "t", place) == "SUM(B2:B4)"
    assert formula_text(SumOf((a, c, CellRef("t", "2", "b"))), "t", place) == "SUM(B2,B4,C2)"
    assert (
        formula_text(BinOp("+", a, CellRef("u", "9", "a")), "t", lambda r: ("Bob's sheet",) + place(r)[1:])
        == "'Bob''s sheet'!B2+'Bob''s sheet'!B9"
    )
    assert (
        formula_text(BinOp("+", a, Name(("x",))), "t", lambda r: ("t", 5, 2) if isinstance(r, Name) else place(r))
        == "B2+B5"
    )
    assert formula_text(BinOp("+", a, b), "t", place, blank=lambda where: where[1] == 3) == "B2+N(B3)"
    with pytest.raises(RenderError, match="formula part of kind 'str'"):
        formula_text("x", "t", place)


LEAVES = st.builds(lambda n: CellRef("t", str(n), "a"), st.integers(1, 5)) | st.builds(Num, st.integers(1, 9))
TREES = st.recursive(
    LEAVES, lambda inner: st.builds(BinOp, st.sampled_from("+-*/"), inner, inner) | st.builds(Neg, inner), max_leaves=8
)


def _evaluate(node, cells):
    if isinstance(node, Num):
        return node.value
    if isinstance(node, CellRef):
        return cells[int(node.row)]
    if isinstance(node, Neg):
        return -_evaluate(node.operand, cells)
    left, right = _evaluate(node.left, cells), _evaluate(node.right, cells)
    return {"+": left + right, "-": left - right, "*": left * right}[node.op] if node.op != "/" else left / right


@given(TREES)
def test_formula_text_computes_what_the_tree_computes(tree):
    cells = {1: 2.0, 2: -3.0, 3: 5.0, 4: 7.0, 5: 11.0}
    try:
        expected = _evaluate(tree, cells)
    except ZeroDivisionError:
        assume(False)
    text = formula_text(tree, "t", lambda ref: ("t", int(ref.row), 1))
    # + - * / and unary minus bind the same way in Python as in a spreadsheet
    python = re.sub(r"A(\d)", lambda m: f"({cells[int(m.group(1))]})", text)
    assert math.isclose(eval(python, {"__builtins__": {}}), expected, rel_tol=1e-9, abs_tol=1e-9)


def test_the_same_paper_gives_the_same_bytes(document, xlsx_bytes):
    assert write_xlsx(document) == xlsx_bytes


# ---- the Analysis Function's checks, sheet by sheet -------------------------------------


def test_sheets_cover_contents_notes_then_one_table_per_sheet(document, formulas):
    tables = document.tables()
    assert formulas.sheetnames[:3] == FIXED_SHEETS and formulas.sheetnames[-2:] == ["Figures", "Checks"]
    assert len(formulas.sheetnames) == len(tables) + 5
    for table, ws in zip(tables, formulas.worksheets[3:]):
        assert list(ws.tables) in ([table.id], [table.id, f"{table.id}_totals"])
        assert ws["A1"].value.startswith(table.caption) and ws["A1"].font.b


def test_sheet_names_are_readable_unique_and_within_excels_limit(document, formulas):
    names = formulas.sheetnames[3:-2]
    # the author's short names (sheet:), else the title or caption cut at a word
    assert names[:3] == ["Service budget 2017-18", "Net budgets 2017-18 to 2019-20", "Placement projections 2018-20"]
    assert "Summary budget position 2017-20" in names and "Savings and recovery options" in names
    assert "Other government grants funding" in names and "Strategic risk register" in names
    assert all(len(name) <= 31 and "_" not in name for name in names)
    assert len({name.casefold() for name in names}) == len(names)


def test_cover_names_the_paper_its_meetings_and_contacts(document, formulas):
    cover = formulas["Cover"]
    lines = [cell.value for cell in cover["A"] if cell.value]
    assert lines[0] == document.title
    assert f"Report for Resolution: {document.title}" in lines
    assert "Report of: Strategic Director Children's Services and the Director of Education" in lines
    assert "Manchester City Council" in lines
    assert "Report to: Executive – 7 February 2018" in lines
    assert "Report to: Children and Young People Scrutiny Committee – 30 January 2018" in lines
    for name, phone, email in (
        ("Paul Marshall", "0161 234 3952", "p.marshall1@manchester.gov.uk"),
        ("Rachel Rosewell", "0161 234 1070", "r.rosewell@manchester.gov.uk"),
    ):
        assert f"Name: {name}" in lines and f"Telephone: {phone}" in lines
        cell = next(cell for cell in cover["A"] if cell.value == f"E-mail: {email}")
        assert cell.hyperlink.target == f"mailto:{email}"


def test_cover_prints_no_stray_comma_for_a_contact_without_position(tmp_path):
    from councilpapers.compose.document import compose
    from councilpapers.load.paper import load_paper
    from councilpapers.writers.xlsx.cover import front_lines

    from ..helpers import MINIMAL_PAPER, write_paper

    folder = write_paper(tmp_path / "p", changed(MINIMAL_PAPER, "    position: Treasurer\n", ""))
    lines = [text for text, _ in front_lines(compose(load_paper(folder)).document)]
    assert "Name: A Officer" in lines and not any(text.endswith(",") or ", ," in text for text in lines)


def test_contents_links_to_every_table_sheet_with_its_title(document, formulas):
    contents = formulas["Contents"]
    assert list(contents.tables) == ["contents"]
    links = {
        cell.value: (cell.hyperlink.location, contents.cell(cell.row, 2).value)
        for cell in contents["A"]
        if cell.hyperlink
    }
    for table in document.tables():
        ws = sheet_of(formulas, table.id)
        assert links[ws.title] == ("'" + ws.title.replace("'", "''") + "'!A1", ws["A1"].value)
    assert links["Notes"][0] == "'Notes'!A1" and links["Checks"][0] == "'Checks'!A1"
    assert links["Figures"][0] == "'Figures'!A1"
    assert links["Summary budget position 2017-20"][1] == (
        "Summary budget position 2017/18 to 2019/20 by service area [note 2]"
    )


def test_excel_tables_cover_the_header_and_every_row(document, formulas):
    for table in document.tables():
        ws = sheet_of(formulas, table.id)
        counts = [
            sum(r.role == "data" for r in table.rows) or sum(r.role == "total" for r in table.rows),
            sum(r.role == "total" for r in table.rows) if any(r.role == "data" for r in table.rows) else 0,
        ]
        assert len(ws.tables) == 1 + bool(counts[1])
        for excel, count in zip(ws.tables.values(), counts):
            low, high = excel.ref.split(":")
            header, last = int(low[1:]), int(re.sub(r"\D", "", high))
            assert low.startswith("A") and last - header == count
            width = openpyxl.utils.column_index_from_string(re.sub(r"\d", "", high))
            has_notes = any(c.differs for r in table.rows for c in r.cells)
            has_groups = any(r.role == "heading" for r in table.rows)
            assert width == has_groups + len(table.columns) + has_notes
            assert [c.value for c in ws[header][:width]] == [col.name for col in excel.tableColumns]


def test_no_merged_cells_and_no_blank_rows_or_columns_in_a_table(document, formulas):
    for ws in formulas.worksheets:
        assert not ws.merged_cells.ranges, ws.title
    for table in document.tables():
        ws = sheet_of(formulas, table.id)
        for name in ws.tables:
            headers, *rows = excel_rows(ws, name)
            for row in rows:  # every cell holds something; only the Notes column may be empty
                assert all(v not in (None, "") for h, v in zip(headers, row) if h != "Notes"), (table.id, row)


def test_headers_are_one_row_with_groups_subheaders_and_units_in_words(document, formulas):
    words = {"£,000": "£ thousands", "£m": "£ millions", "FTE": "full-time equivalent", "fte": "full-time equivalent"}
    for table in document.tables():
        ws = sheet_of(formulas, table.id)
        groups = any(r.role == "heading" for r in table.rows)
        for index, column in enumerate(table.columns, start=1 + groups):
            text = ws.cell(header_row(ws), index).value
            assert column.header.rstrip("*") in text or column.spelled in text
            assert not column.unit or text.endswith(f"({words.get(column.unit, column.unit)})")
            assert not column.group or column.group in text
            assert not column.subheader or column.subheader in text
    summary = sheet_of(formulas, "budget_summary")
    assert [c.value for c in summary[header_row(summary)]][1:4] == [
        "2017/18 Gross Budget (£ thousands)",
        "2017/18 Net Budget (£ thousands)",
        "2017/18 Budgeted Posts (full-time equivalent)",
    ]
    risks = sheet_of(formulas, "risk_register")
    assert [c.value for c in risks[header_row(risks)]][5:8] == [
        "Likelihood (L)",
        "Impact (I)",
        "Risk score (likelihood × impact)",
    ]


def test_workbook_title_language_and_creator(document, formulas):
    props = formulas.properties
    assert (props.title, props.language, props.creator) == (document.title, "en-GB", document.author)


def test_each_disagreeing_published_total_has_a_note(document, formulas):
    notes = {row[0]: row[1] for row in body(formulas["Notes"])}
    differs = 0
    for table, row, cell, target in table_cells(document, formulas):
        if not cell.differs:
            continue
        differs += 1
        ws = target.parent
        markers = ws.cell(target.row, ws.max_column).value
        header = ws.cell(header_row(ws), target.column).value
        texts = [notes[m] for m in re.findall(r"\[note \d+\]", markers)]
        column = table.columns[next(i for i, c in enumerate(row.cells) if c is cell)]
        published = table_number(cell.published, column.decimals, column.percent)
        assert any(header in t and f"shows {published}" in t and plain(cell.inlines) in t for t in texts)
    assert differs == 5


def test_table_notes_are_marked_in_the_title_or_where_the_paper_puts_its_asterisk(document, formulas):
    notes = {row[1]: row[0] for row in body(formulas["Notes"])}
    assert list(formulas["Notes"].tables) == ["notes"]
    budget = sheet_of(formulas, "budget_summary")
    assert budget["A1"].value.endswith(notes[plain(document.tables()[5].notes[0])])
    placements = sheet_of(formulas, "placements")
    marker = notes["Includes unaccompanied Asylum Seeker Children"]
    assert "[note" not in placements["A1"].value
    labels = [row[1] for row in body(placements)]
    assert labels[0] == f"External Fostering inc MTFC {marker}" and f"Ext. Residential {marker}" in labels
    assert [row[0] for row in body(placements)][-1] == f"Care Leavers {marker}"  # a heading's asterisk
    for ws in formulas.worksheets:  # no asterisk footnotes left anywhere
        assert not any(isinstance(c.value, str) and c.value.endswith("*") for row in ws.iter_rows() for c in row)


def test_text_is_data_not_formulas(tmp_path):
    body = changed(MINIMAL_BODY, "area: Alpha", 'area: "=HYPERLINK(\\"http://x\\",\\"y\\")"')
    document = compose(load_paper(write_paper(tmp_path / "p", body=body))).document
    ws = openpyxl.load_workbook(io.BytesIO(write_xlsx(document)))["Budget"]
    cell = next(c for c in ws["A"] if c.value and c.value.startswith("=HYPERLINK"))
    assert cell.data_type == "s"
    first = header_row(ws) + 1
    assert ws.cell(sheet_row(ws, "Total"), 2).value == f"=SUM(B{first}:B{first + 1})"


# ---- LibreOffice recalculates every formula on load --------------------------------------


def _cached_values_as_zero(package: bytes) -> bytes:
    """The workbook with every cached formula result replaced by 0: only a real recalculation recovers them."""
    source, out = zipfile.ZipFile(io.BytesIO(package)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"(</f>)<v>[^<]*</v>", rb"\1<v>0</v>", data)
            target.writestr(info, data)
    return out.getvalue()


def libreoffice(folder, *names: str) -> dict:
    """The workbooks folder/<name>.xlsx opened and saved again by LibreOffice, set to recalculate
    every formula on load, read back with their values."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    (folder / "profile" / "user").mkdir(parents=True, exist_ok=True)
    (folder / "profile" / "user" / "registrymodifications.xcu").write_text(RECALCULATE_ON_LOAD, encoding="utf-8")
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(folder / "out"),
            *(str(folder / f"{name}.xlsx") for name in names),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return {name: openpyxl.load_workbook(folder / "out" / f"{name}.xlsx", data_only=True) for name in names}


@pytest.fixture(scope="module")
def recalculated(xlsx_bytes, tmp_path_factory):
    """The workbook and a zeroed copy, opened and saved again by LibreOffice set to recalculate on load."""
    folder = tmp_path_factory.mktemp("libreoffice")
    (folder / "paper.xlsx").write_bytes(xlsx_bytes)
    (folder / "zeroed.xlsx").write_bytes(_cached_values_as_zero(xlsx_bytes))
    return libreoffice(folder, "paper", "zeroed")


@pytest.mark.parametrize("copy", ["paper", "zeroed"])
def test_libreoffice_recalculates_every_formula_to_the_cached_value(formulas, values, recalculated, copy):
    checked = 0
    for ws in formulas.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    got, cached = (
                        recalculated[copy][ws.title][cell.coordinate].value,
                        values[ws.title][cell.coordinate].value,
                    )
                    expected = cached if isinstance(cached, str) else pytest.approx(cached, abs=1e-6)
                    assert got == expected, (
                        ws.title,
                        cell.coordinate,
                        cell.value,
                    )
                    checked += 1
    assert checked > 100


# ---- tidy tables: each row stands on its own ----------------------------------------------


def test_heading_rows_become_a_group_column_and_totals_sit_below_the_data(formulas):
    changes = sheet_of(formulas, "budget_changes")
    headers, *rows = excel_rows(changes)
    assert headers[:2] == ("Group", "Service Area")
    assert [row[:2] for row in rows[:4]] == [
        ("Children's Safeguarding", "LAC Placements"),
        ("Children's Safeguarding", "Permanence & Leaving Care"),
        ("Children's Safeguarding", "Children's Safeguarding"),
        ("Education", "Education Service"),
    ]
    assert not any(row[1] in ("Total", "Education") and row[0] != "Education" for row in rows)  # no heading rows
    totals_headers, total = excel_rows(changes, "budget_changes_totals")
    assert totals_headers == headers and total[:2] == ("[z]", "Total")
    first, last = header_row(changes) + 1, header_row(changes) + len(rows)
    assert total[2] == f"=SUM(C{first}:C{last})"  # a live formula over the data rows above
    assert changes.cell(header_row(changes, "budget_changes_totals") - 1, 1).value.startswith(
        "Totals of the table above"
    )
    subjective = sheet_of(formulas, "subjective_summary")
    groups = {row[0] for row in body(subjective)}
    assert groups == {"Expenditure", "Less", "Income"}  # "Less:" and "Income:" as groups, not rows
    labels = [row[1] for row in body(subjective, "subjective_summary_totals")]
    assert labels == ["Total Subjective Expenditure", "Gross Expenditure", "Total Net Budget"]


def test_a_label_the_paper_prints_once_is_repeated_on_every_row_of_its_group(formulas):
    savings = sheet_of(formulas, "savings")
    areas = [row[0] for row in body(savings)]
    assert areas[:12] == ["Children's Social Care"] * 12 and areas[12:] == [
        "Budget Pressures",
        "Net Investment requirement",
    ]
    plan_rows = body(sheet_of(formulas, "performance_plan"))
    assert [row[0] for row in plan_rows[:3]] == ["A thriving and sustainable city"] * 2 + ["A highly skilled city"]
    ks2 = next(row for row in plan_rows if row[3].startswith("KS2"))
    assert ks2[2].startswith("Securing improved outcomes")  # the objective it shares with KS4
    liveable = next(row for row in plan_rows if row[0] == "A liveable and low carbon city")
    assert liveable[2] == "[x]"  # a new outcome: the objective above does not carry over


def test_empty_cells_carry_x_or_z_and_the_cover_explains_both(formulas):
    cover = [c.value for c in formulas["Cover"]["A"] if c.value]
    assert any(line.startswith("[x] means not available") for line in cover)
    assert any(line.startswith("[z] means not applicable") for line in cover)
    placements = {row[1]: row for row in body(sheet_of(formulas, "placements"))}
    assert placements["Reduction in fostercare"][2] == "[x]"  # a typed figure the paper does not give
    savings = sheet_of(formulas, "savings")
    pressures = next(row for row in body(savings) if row[0] == "Budget Pressures")
    assert pressures[6] == "[z]" and pressures[1] == "[x]"  # the computed Total column, left empty on purpose
    (total,) = body(savings, "savings_totals")
    assert total[1:4] == ("[z]", "[z]", "[z]")  # a total row has no description or RAG rating
    changes = sheet_of(formulas, "budget_changes")
    row = sheet_row(changes, "Permanence & Leaving Care", "B")
    assert changes.cell(row, 4).value == "[x]"
    assert changes.cell(row, 6).value == f"=C{row}+N(D{row})+N(E{row})"  # [x] counts as nothing, not #VALUE!
    explained = [
        any(str(c.value).startswith("[x] marks") for c in sheet_of(formulas, t)["A"])
        for t in ("budget_changes", "grants", "timeline")
    ]
    assert explained == [True, True, False]  # said on the sheets that use a symbol


def test_numbers_are_numbers_and_percentages_have_a_percent_format(formulas, values):
    ws = sheet_of(formulas, "performance_plan")
    actual = {row[3]: row[4] for row in body(ws)}
    assert actual["Rate of referrals (per 10,000)"] == 981 and actual["Average Social Work Caseload"] == pytest.approx(
        19.2
    )
    assert actual["% aged 16 to 18 EET"] == pytest.approx(0.871) and actual[
        "KS2 - % achieving expected standard in RWM"
    ] == pytest.approx(0.6)
    eet = ws.cell(sheet_row(ws, "% aged 16 to 18 EET", "D"), 5)
    assert eet.data_type == "n" and eet.number_format == "0.0%"
    assert ws.cell(sheet_row(ws, "KS2 - % achieving expected standard in RWM", "D"), 5).number_format == "0%"
    for sheet in values.worksheets[3:]:  # no figure anywhere is text
        for row in sheet.iter_rows(min_row=3):
            for cell in row:
                assert not (isinstance(cell.value, str) and re.fullmatch(r"-?[\d,]+(\.\d+)?%?", cell.value)), cell


# ---- names, links and checks: the round trip ---------------------------------------------


def test_every_typed_figure_has_its_stable_defined_name(document, formulas):
    from councilpapers.core.cellnames import cell_name as stable_name

    names = formulas.defined_names
    typed = 0
    for table, row, cell, target in table_cells(document, formulas):
        column = next(c for c, candidate in zip(table.columns, row.cells) if candidate is cell)
        name = stable_name(table.id, row.id, column.id)
        if column.numeric and cell.value is not None and cell.formula is None:
            ((sheet, coordinate),) = names[name].destinations
            assert (sheet.replace("''", "'"), coordinate.replace("$", "")) == (target.parent.title, target.coordinate)
            assert target.value == cell.value
            typed += 1
        else:
            assert name not in names  # computed cells and text are not sources of the round trip
    assert typed == len(names) > 150
    ((sheet, coordinate),) = names["budget_summary.education.net_1718"].destinations
    assert formulas[sheet][coordinate.replace("$", "")].value == 30143


def test_typed_named_figures_are_named_on_the_figures_sheet():
    from councilpapers.core.cellnames import figure_name

    from ..helpers import CONTENT

    document = compose(load_paper(CONTENT / "demand-capacity-2016")).document
    workbook = openpyxl.load_workbook(io.BytesIO(write_xlsx(document)))
    figures = {row[0]: row for row in body(workbook["Figures"])}
    assert figures["lac_investment_original"][1:] == (14.094, "£ millions", "typed in the paper")
    ((sheet, coordinate),) = workbook.defined_names[figure_name("lac_investment_original")].destinations
    assert (sheet, workbook[sheet][coordinate.replace("$", "")].value) == ("Figures", 14.094)
    assert figures["it_fm_total"][1].startswith("=") and figure_name("it_fm_total") not in workbook.defined_names


def test_a_figure_typed_in_another_table_is_a_cross_sheet_formula(document, formulas):
    linked = 0
    for table, _row, cell, target in table_cells(document, formulas):
        refs = [cell.formula] if isinstance(cell.formula, CellRef) else []
        for ref in refs:
            if ref.table != table.id:
                other = sheet_of(formulas, ref.table)
                assert target.value.startswith(f"='{other.title.replace(chr(39), chr(39) * 2)}'!"), target.coordinate
                linked += 1
    assert linked == 18  # the service budget's 9 figures and the net budgets' 9, from the budget summary


def test_checks_sheet_has_each_reconciliation_as_live_formulas_with_a_status(formulas, values):
    checks = formulas["Checks"]
    headers, row, *years = excel_rows(checks)
    assert headers == (
        "Check", "Figure 1", "Figure 1 value", "Figure 2", "Figure 2 value",
        "Difference", "Tolerance", "Status", "Why the paper may print them apart",
    )  # fmt: skip
    summary = sheet_of(formulas, "budget_summary")
    education = sheet_row(summary, "Education")
    assert row[1].endswith("(budget_summary.education.net_1718)")
    assert row[2] == f"='Summary budget position 2017-20'!C{education}" and row[4] == "='Figures'!B4"
    number = header_row(checks) + 1
    assert row[5] == f"=C{number}-E{number}" and row[6] == 0
    # accepted for a difference of 1, and for no other
    assert row[7] == f'=IF(ABS(F{number})<=G{number},"agrees",IF(F{number}=1,"differs as accepted","differs"))'
    assert row[8].startswith("As published")
    cached = [c.value for c in values["Checks"][number]]
    assert cached[2] == 30143 and cached[4] == 30142 and cached[5] == 1 and cached[7] == "differs as accepted"
    # the subjective summary and the service areas are one budget, each year: they agree, with no reason
    assert [r[1].split(" (")[-1] for r in years] == [
        f"subjective_summary.total_net_budget.budget_{year})" for year in ("1718", "1819", "1920")
    ]
    assert all(r[7].endswith('"agrees","differs")') and r[8] == "[z]" for r in years)
    assert [c.value for c in values["Checks"][number + 1]][7] == "agrees"
    rules = [rule for ranges in checks.conditional_formatting for rule in ranges.rules]
    assert sorted(rule.formula[0] for rule in rules) == ['"agrees"', '"differs"']
    figure = formulas["Figures"]["B4"].value
    changes = sheet_of(formulas, "budget_changes").title
    assert figure.startswith(f"='{changes}'!C") and figure.count("+") == 5


def _destinations(workbook) -> dict[str, tuple[str, str]]:
    found = {}
    for name, defined in workbook.defined_names.items():
        ((sheet, coordinate),) = defined.destinations
        found[name] = (sheet.replace("''", "'"), coordinate.replace("$", ""))
    return found


def test_defined_names_survive_libreoffice(formulas, recalculated):
    before, after = _destinations(formulas), _destinations(recalculated["paper"])
    assert after == before and len(before) > 150
    sheet, coordinate = after["budget_summary.education.net_1718"]
    assert recalculated["paper"][sheet][coordinate].value == 30143


def test_editing_a_figure_moves_its_linked_cells_and_the_check(formulas, xlsx_path, tmp_path):
    """A finance officer changes Education's 2017/18 net budget in the budget summary: the tables
    that show it, their totals and the reconciliation with the budget changes table follow."""
    sheet, coordinate = _destinations(formulas)["budget_summary.education.net_1718"]
    for name, figure in (("agrees", 30142), ("differs", 30200), ("accepted", 30143)):
        workbook = openpyxl.load_workbook(xlsx_path)
        workbook[sheet][coordinate] = figure
        workbook.save(tmp_path / f"{name}.xlsx")
    edited = libreoffice(tmp_path, "agrees", "differs", "accepted")
    service = sheet_of(formulas, "service_budget").title
    row, total = sheet_row(formulas[service], "Education"), sheet_row(formulas[service], "Total")
    checks_row = header_row(formulas["Checks"]) + 1
    for name, figure in (("agrees", 30142), ("differs", 30200)):
        workbook = edited[name]
        assert workbook[service].cell(row, 3).value == figure
        assert workbook[service].cell(total, 3).value == 103325 - 30143 + figure
        summary_total = sheet_row(formulas[sheet], "Total")
        assert workbook[sheet].cell(summary_total, 3).value == 103325 - 30143 + figure
        check = [c.value for c in workbook["Checks"][checks_row]]
        assert check[2] == figure and check[4] == 30142
        assert check[5] == figure - 30142 and check[7] == name  # a new gap is not the accepted one
    assert [c.value for c in edited["accepted"]["Checks"][checks_row]][7] == "differs as accepted"


PERCENT_BODY = """\
sections:
  - title: Performance
    blocks:
      - para: The share is {rates.b.share}.
      - table:
          id: rates
          caption: Rates
          columns:
            - {id: area, header: Area, type: text}
            - {id: part, header: Part}
            - {id: whole, header: Whole}
            - {id: share, header: Share, percent: true, decimals: 1, formula: part / whole * 100}
            - {id: target, header: Target, percent: true, decimals: 1}
            - {id: gap, header: Gap (points), decimals: 1, formula: share - target}
          rows:
            - {id: a, area: Alpha, part: 871, whole: 1000, target: 90}
            - {id: b, area: Beta, part: 3, whole: 8, target: 37.5}
"""


def test_percentages_are_fractions_with_a_percent_format_and_formulas_still_agree(tmp_path):
    document = compose(load_paper(write_paper(tmp_path / "p", body=PERCENT_BODY))).document
    (tmp_path / "rates.xlsx").write_bytes(write_xlsx(document))
    ws = openpyxl.load_workbook(tmp_path / "rates.xlsx")["Rates"]
    cached = openpyxl.load_workbook(tmp_path / "rates.xlsx", data_only=True)["Rates"]
    row = sheet_row(ws, "Alpha")
    assert ws.cell(row, 4).value == f"=(ROUND(B{row}/C{row}*100,9))/100"  # a division: rounded to 9 decimals
    assert ws.cell(row, 4).number_format == "[>=0.0005]0.0%;[>-0.0005]0.0%;(0.0%)"
    assert ws.cell(row, 5).value == pytest.approx(0.9) and "]0.0%;" in ws.cell(row, 5).number_format
    assert ws.cell(row, 6).value == f"=ROUND(D{row}*100-E{row}*100,9)"  # figures with decimals: rounded
    assert ws.cell(row, 6).number_format.startswith("[>=0.05]#,##0.0;")
    assert [cached.cell(row, c).value for c in (4, 6)] == [pytest.approx(0.871), pytest.approx(-2.9)]
    again = libreoffice(tmp_path, "rates")["rates"]["Rates"]
    for number in (row, row + 1):
        for column in (4, 6):
            assert again.cell(number, column).value == pytest.approx(cached.cell(number, column).value, abs=1e-9)
    assert again.cell(row + 1, 4).value == pytest.approx(0.375) and again.cell(row + 1, 6).value == pytest.approx(0)


def test_a_paper_without_tables_still_exports_its_typed_named_figures():
    from councilpapers.core.cellnames import figure_name

    from ..helpers import CONTENT

    document = compose(load_paper(CONTENT / "target-operating-model-2010")).document
    assert not document.tables() and WRITERS["xlsx"].applies(document)
    workbook = openpyxl.load_workbook(io.BytesIO(write_xlsx(document)))
    assert workbook.sheetnames == FIXED_SHEETS + ["Figures"]
    figures = {row[0]: row[1] for row in body(workbook["Figures"])}
    assert figures["saving_support"] == 1.8 and figures["saving_total"] == "=ROUND(B4+B5,9)"
    ((sheet, coordinate),) = workbook.defined_names[figure_name("salary_new_post")].destinations
    assert workbook[sheet][coordinate.replace("$", "")].value == 65000
    ((sheet, coordinate),) = workbook.defined_names[figure_name("saving_support")].destinations
    # 1.8 shown to one decimal; a figure that rounds to zero would show as 0.0, never (0.0)
    assert workbook[sheet][coordinate.replace("$", "")].number_format == "[>=0.05]#,##0.0;[>-0.05]#,##0.0;(#,##0.0)"
    assert "Figures" in [c.value for c in workbook["Contents"]["A"]]


def test_a_sheet_warns_before_a_sort_when_its_totals_pick_rows_by_place(formulas):
    def warns(table_id: str) -> bool:
        return any("add up particular rows" in str(cell.value) for cell in sheet_of(formulas, table_id)["A"])

    assert warns("placements") and warns("subjective_summary") and warns("savings")  # sub-totals, running figures
    assert not warns("budget_changes") and not warns("budget_summary")  # totals of every data row: sort-proof


def test_a_long_caption_is_cut_at_a_word_and_not_left_hanging_on_and_or_of():
    from councilpapers.compose.sheets import sheet_title
    from councilpapers.core.model import Table

    def named(caption: str, sheet: str | None = None) -> str:
        return sheet_title(Table("t", caption, sheet=sheet))

    assert named("Children's Services and Education net budgets 2017/18 to 2019/20") == "Children's Services"
    assert named("Proposals requiring an equality impact assessment") == "Proposals requiring an equality"
    assert named("Savings and recovery options schedule 2018/19") == "Savings and recovery options"
    assert named("Budget 2017/18: by service [draft]") == "Budget 2017-18 by service draft"
    assert named("Anything at all, however long it may be", sheet="Short") == "Short"


def test_an_authors_sheet_name_names_the_sheet_and_its_contents_line(tmp_path):
    from openpyxl import load_workbook

    from councilpapers.compose.document import compose
    from councilpapers.load.paper import load_paper
    from councilpapers.writers.xlsx import write_xlsx

    from ..helpers import MINIMAL_BODY, write_paper

    body = changed(
        MINIMAL_BODY, "          caption: Budget\n", "          caption: Budget\n          sheet: Net budget 2018-19\n"
    )
    document = compose(load_paper(write_paper(tmp_path / "p", body=body))).document
    workbook = load_workbook(io.BytesIO(write_xlsx(document)))
    assert "Net budget 2018-19" in workbook.sheetnames
    contents = workbook["Contents"]
    link = next(cell for cell in contents["A"] if cell.value == "Net budget 2018-19")
    assert link.hyperlink.location == "'Net budget 2018-19'!A1"


def test_each_sheet_says_truly_which_rows_its_tables_take(document, formulas):
    """The line above a table with totals names the rows of its two Excel tables, as a screen
    reader user navigating by row number needs them."""
    from openpyxl.utils.cell import range_boundaries

    checked = 0
    for table in document.tables():
        ws = sheet_of(formulas, table.id)
        said = re.search(
            r"the data \(rows (\d+) to (\d+)\) and, below it, its totals \(rows (\d+) to (\d+)\)", ws["A2"].value
        )
        if len(ws.tables) == 1:
            assert said is None and ws["A2"].value.startswith("This worksheet contains one table")
            continue
        data, totals = (range_boundaries(t.ref) for t in ws.tables.values())
        assert said and [int(n) for n in said.groups()] == [data[1], data[3], totals[1], totals[3]], ws.title
        checked += 1
    assert checked >= 5


def test_an_authors_sheet_name_keeps_its_name_when_a_caption_would_give_the_same(tmp_path):
    """The table whose name is chosen keeps it; the one named from its caption is numbered."""
    from openpyxl import load_workbook

    from councilpapers.compose.document import compose
    from councilpapers.load.paper import load_paper

    from ..helpers import MINIMAL_BODY, write_paper

    second = MINIMAL_BODY.split("      - table:\n", 1)[1].replace("id: budget", "id: later")
    second = changed(second, "caption: Budget\n", "caption: Budget\n          sheet: Budget\n")
    body = MINIMAL_BODY + "      - table:\n" + second
    document = compose(load_paper(write_paper(tmp_path / "p", body=body))).document
    assert [table.sheet for table in document.tables()] == ["Budget (2)", "Budget"]  # named in the Document
    sheets = load_workbook(io.BytesIO(write_xlsx(document))).sheetnames
    assert sheets[3:5] == ["Budget (2)", "Budget"]
