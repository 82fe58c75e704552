"""XLSX writer, the Figures and Checks sheets: the named figures, and the figures the paper says must agree."""

from __future__ import annotations

from decimal import Decimal

from openpyxl.formatting.rule import CellIsRule
from openpyxl.worksheet.worksheet import Worksheet

from councilpapers.core.errors import RenderError
from councilpapers.core.model import plain
from councilpapers.writers.xlsx.formulas import cell_name, figure_format
from councilpapers.writers.xlsx.names import header_text, unit_words
from councilpapers.writers.xlsx.package import Figure
from councilpapers.writers.xlsx.placed import CHECKS, FIGURES, FIGURES_HEADER, NOT_APPLICABLE
from councilpapers.writers.xlsx.plan import Plan, fraction
from councilpapers.writers.xlsx.styling import (
    AGREES,
    DIFFERS,
    DIFFERS_FONT,
    FIGURE,
    FONT,
    TEXT,
    finish,
    header_cell,
    mark_table,
    preamble,
    put_text,
    set_widths,
)

# openpyxl ships no type information (no stubs, no py.typed): mypy reads its Workbook, Worksheet and Cell as Any.


def figures_sheet(ws: Worksheet, plan: Plan) -> dict[str, Figure | str]:
    """The named figures of the paper: a typed one as a number with its defined name, a computed
    one as the formula the paper gives it, over the tables' cells and other figures."""
    intro = (
        "This worksheet contains one table. Typed figures have a defined name (figure.name); "
        "computed figures are formulas.",
    )
    header = preamble(ws, "Named figures of the paper", intro)
    if header != FIGURES_HEADER:
        raise RenderError(f"the Figures sheet was laid out from row {FIGURES_HEADER}, written from row {header}")
    names = ("Figure name", "Value", "Unit", "How it is found")
    for column, text in enumerate(names, start=1):
        header_cell(ws.cell(header, column), text)
    cached: dict[str, Figure | str] = {}
    for figure in plan.document.figures:
        _, number, _ = plan.figures[figure.id]
        put_text(ws.cell(number, 1), figure.id).font = FONT
        value = ws.cell(number, 2)
        if figure.formula is not None:
            value.value = plan.formula(figure.formula, FIGURES, figure.percent)
            if figure.value is not None:
                cached[value.coordinate] = fraction(figure.value, figure.percent)
        else:
            value.value = fraction(figure.value, figure.percent)
        value.number_format = figure_format(figure.decimals, figure.percent)
        value.font, value.alignment = FONT, FIGURE
        put_text(ws.cell(number, 3), unit_words(figure.unit) if figure.unit else NOT_APPLICABLE).font = FONT
        how = "computed by the formula" if figure.formula is not None else "typed in the paper"
        put_text(ws.cell(number, 4), how).font = FONT
    last = header + len(plan.document.figures)
    mark_table(ws, "figures", header, last, len(names))
    set_widths(ws, (36, 16, 18, 26))
    finish(ws, last, landscape=False, titles=header)
    return cached


ACCEPTED_APART = "differs as accepted"  # a check apart by the difference its reason cites


def checks_sheet(ws: Worksheet, plan: Plan) -> dict[str, Figure | str]:
    """One row per reconciliation: each figure as a live reference, their difference, the
    tolerance and a status that follows any edit, coloured: "agrees", "differs", or "differs
    as accepted" while the difference is the one the paper's reason accepts."""
    checks = plan.document.checks
    most = max(len(check.figures) for check in checks)
    intro = (
        "This worksheet contains one table. Each row is a set of figures in different tables that the "
        "paper says must agree; the figures are formulas, so the status follows any edit.",
    )
    header = preamble(ws, "Checks: figures that must agree", intro)
    names = ["Check"]
    for n in range(1, most + 1):
        names += [f"Figure {n}", f"Figure {n} value"]
    names += ["Difference", "Tolerance", "Status", "Why the paper may print them apart"]
    for column, text in enumerate(names, start=1):
        header_cell(ws.cell(header, column), text)
    cached: dict[str, Figure | str] = {}
    width = len(names)
    difference, tolerance, status = 2 + 2 * most, 3 + 2 * most, 4 + 2 * most
    for number, check in enumerate(checks, start=header + 1):
        put_text(ws.cell(number, 1), f"Check {number - header}").alignment = TEXT
        cells: list[str] = []
        for n, target in enumerate(check.figures):
            put_text(ws.cell(number, 2 + 2 * n), _describe(plan, target)).alignment = TEXT
            value = ws.cell(number, 3 + 2 * n, "=" + plan.reference(target, CHECKS))
            value.number_format, value.alignment = "#,##0;(#,##0)", FIGURE
            cells.append(value.coordinate)
        for n in range(len(check.figures), most):
            put_text(ws.cell(number, 2 + 2 * n), NOT_APPLICABLE)
            put_text(ws.cell(number, 3 + 2 * n), NOT_APPLICABLE).alignment = FIGURE
        gap = ws.cell(number, difference)
        joined = ",".join(cells)
        gap.value = f"={cells[0]}-{cells[1]}" if len(cells) == 2 else f"=MAX({joined})-MIN({joined})"
        gap.number_format, gap.alignment = "#,##0;(#,##0);0", FIGURE
        ws.cell(number, tolerance, check.tolerance).alignment = FIGURE
        apart = '"differs"'
        if check.accepted and not check.agrees:  # accepted for this difference, and no other
            apart = f'IF({gap.coordinate}={Decimal(check.difference):f},"{ACCEPTED_APART}","differs")'
        state = ws.cell(
            number, status, f'=IF(ABS({gap.coordinate})<={ws.cell(number, tolerance).coordinate},"agrees",{apart})'
        )
        state.alignment = TEXT
        put_text(ws.cell(number, width), check.accepted or NOT_APPLICABLE).alignment = TEXT
        for column in range(1, width + 1):
            ws.cell(number, column).font = FONT
        for coordinate, composed in zip(cells, check.values):
            cached[coordinate] = composed
        cached[gap.coordinate] = check.difference
        cached[state.coordinate] = "agrees" if check.agrees else ACCEPTED_APART if check.accepted else "differs"
    last = header + len(checks)
    statuses = f"{cell_name(header + 1, status)}:{cell_name(last, status)}"
    ws.conditional_formatting.add(
        statuses, CellIsRule(operator="equal", formula=['"differs"'], fill=DIFFERS, font=DIFFERS_FONT)
    )
    ws.conditional_formatting.add(statuses, CellIsRule(operator="equal", formula=['"agrees"'], fill=AGREES))
    mark_table(ws, "checks", header, last, width)
    set_widths(ws, [10] + [40, 14] * most + [13, 11, 10, 60])
    finish(ws, last, landscape=True, titles=header)
    return cached


def _describe(plan: Plan, target: str) -> str:
    """'Budget summary 2017-18: Education, 2017/18 Net Budget (£ thousands) (table.row.column)'
    for a cell, 'Figures: name' for a named figure."""
    parts = target.split(".")
    if len(parts) != 3:
        return f"{FIGURES}: {target}"
    placed = next(p for p in plan.tables if p.table.id == parts[0])
    row = next(r for r in placed.table.rows if r.id == parts[1])
    index = next(i for i, c in enumerate(placed.table.columns) if c.id == parts[2])
    label = plain(row.cells[0].inlines) or row.id
    return f"{placed.sheet}: {label}, {header_text(placed.table.columns[index])} ({target})"
