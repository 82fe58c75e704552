"""Loading stage, part 2: the content format, declared once.

These models validate what authors write and are the source of the published JSON Schema
(`build.py schema`). Each field's description is the documentation editors show.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, StringConstraints, Tag

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
# A workbook sheet's name as Excel allows it: 1 to 31 characters, none of [ ] : * ? / \, no
# apostrophe first or last.
SHEET_NAME = r"^[^\[\]:*?/\\'\s]([^\[\]:*?/\\]{0,29}[^\[\]:*?/\\'\s])?$"
SheetName = Annotated[str, StringConstraints(pattern=SHEET_NAME)]
Orientation = Literal["portrait", "landscape"]


class Strict(BaseModel):
    """Unknown fields are errors; values are never coerced from one type to another."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# ---- tables ------------------------------------------------------------------------------


class Column(Strict):
    id: Id
    header: str
    group: str | None = Field(None, description="A spanning header over adjacent columns.")
    subheader: str | None = Field(None, description="A second header line.")
    unit: str | None = Field(None, description="The units row: £,000, FTE, % …")
    type: Literal["number", "text"] = "number"
    decimals: int = Field(0, ge=0, le=6)
    percent: bool = False
    formula: str | None = Field(None, description="Computed column, e.g. likelihood * impact.")
    spelled: str | None = Field(
        None, description="The header written out where the paper abbreviates it (L: Likelihood), for the workbook."
    )
    grouped: bool = Field(
        False, description="A label the paper prints once for the rows below it: the workbook repeats it on each row."
    )


class RowsFrom(Strict):
    """Rows read from a CSV file or a range of a workbook in the paper's folder."""

    file: str = Field(description="A .csv or .xlsx file in the paper's folder: finance.xlsx.")
    sheet: str | None = Field(None, description="The workbook's sheet; needed when it has more than one.")
    range: str | None = Field(
        None,
        description="The cells to read, A2:D5 (or A2:D, to the last row); default: the sheet's rows from its first.",
    )
    header: bool = Field(
        True, description="The range's first row holds column headers (false: name columns by letter)."
    )
    columns: dict[str, str] = Field(
        min_length=1,
        description="Which column feeds which field: {id: Code, area: Service Area, net: C} (header text or letter).",
    )
    optional: list[str] = Field(
        [], description="Fields whose cells may be blank (printed empty); others must hold a value."
    )


class RowsFromEntry(Strict):
    rows_from: RowsFrom = Field(description="Rows read from a file, printed here among the typed rows.")


def _table_row_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        return "rows_from" if "rows_from" in value else "row"
    return None


if TYPE_CHECKING:  # the table engine sees rows after the import has replaced each rows_from by its rows
    TableRow = dict[str, Any]
else:
    TableRow = Annotated[
        Annotated[RowsFromEntry, Tag("rows_from")] | Annotated[dict[str, Any], Tag("row")],
        Discriminator(
            _table_row_kind,
            custom_error_type="table_row",
            custom_error_message="a row is a mapping of column: value, or {rows_from: ...}",
        ),
    ]


class Table(Strict):
    id: Id
    title: str | None = Field(None, description='Printed above the table, as the paper has it: "Table 1: …".')
    caption: str | None = Field(
        None, description="What the table shows, for screen readers and the workbook; default: the title."
    )
    unavailable: str | None = Field(
        None, description="The figures are lost: printed instead of the table (no columns or rows)."
    )
    sheet: SheetName | None = Field(
        None,
        description="The table's sheet name in the workbook, at most 31 characters; default: its title or "
        "caption, cut at a word.",
    )
    tolerance: int | Decimal = Field(0, ge=0, description="Published totals within this are not reported.")
    orientation: Orientation = "portrait"
    zero: str | None = Field(None, description='How a zero figure is printed, e.g. "-".')
    columns: list[Column] = []
    rows: list[TableRow] = Field(
        [], description="One mapping per row, or {rows_from: ...} for rows read from a file; see the authoring guide."
    )
    notes: list[str] = []


# ---- blocks ------------------------------------------------------------------------------


class ListItemWithChildren(Strict):
    text: str
    bullets: list[ListItem] = Field([], description="Sub-points.")
    numbered: list[ListItem] = Field([], description="A numbered list under the item.")
    style: Literal["decimal", "roman", "alpha"] = Field("roman", description="The style of `numbered`.")
    blocks: list[Block] = Field([], description="Any blocks under the item, in order (after bullets/numbered).")


def _item_kind(value: Any) -> str | None:
    return "text" if isinstance(value, str) else "item" if isinstance(value, dict) else None


ListItem = Annotated[
    Annotated[str, Tag("text")] | Annotated[ListItemWithChildren, Tag("item")],
    Discriminator(
        _item_kind,
        custom_error_type="list_item",
        custom_error_message="a list item is text, or {text: ..., bullets: [...]}",
    ),
]


class ParaBlock(Strict):
    para: str = Field(description="A numbered paragraph.")
    label: Id | None = Field(None, description="A name for {see:label} cross-references.")
    blocks: list[Block] = Field([], description="Bullets, follow-on text and tables of this paragraph.")


class TextBlock(Strict):
    text: str = Field(description="An unnumbered paragraph.")


class HeadingBlock(Strict):
    heading: str = Field(description="A sub-heading.")
    label: Id | None = None


class BulletsBlock(Strict):
    bullets: list[ListItem] = Field(min_length=1)


class NumberedBlock(Strict):
    numbered: list[ListItem] = Field(min_length=1)
    style: Literal["decimal", "roman", "alpha"] = "decimal"
    start: int = Field(1, ge=1, description="The first item's number, to continue a list.")


class RepeatBlock(Strict):
    repeat: Literal["recommendations"] = Field(description="Print a front-sheet field here again (no retyping).")


class QuoteBlock(Strict):
    quote: str


class TableBlock(Strict):
    table: Table


BLOCK_KINDS = {
    "para": ParaBlock,
    "text": TextBlock,
    "heading": HeadingBlock,
    "bullets": BulletsBlock,
    "numbered": NumberedBlock,
    "quote": QuoteBlock,
    "table": TableBlock,
    "repeat": RepeatBlock,
}
FRONT_BLOCK_KINDS = {k: v for k, v in BLOCK_KINDS.items() if k not in ("para", "repeat")}


def _block_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        return next((key for key in BLOCK_KINDS if key in value), None)
    return None


if TYPE_CHECKING:  # built from BLOCK_KINDS at run time, which a type checker cannot follow
    Block = Any
else:
    Block = Annotated[
        Union[tuple(Annotated[model, Tag(kind)] for kind, model in BLOCK_KINDS.items())],  # noqa: UP007
        Discriminator(
            _block_kind,
            custom_error_type="block_kind",
            custom_error_message="a block starts with one of: " + ", ".join(BLOCK_KINDS),
        ),
    ]


# ---- front sheet (paper.yaml) -------------------------------------------------------------------------

FRONT_FIELDS = [
    "report_to",
    "meeting_date",
    "subject",
    "report_of",
    "purpose",
    "summary",
    "recommendations",
    "wards_affected",
    "strategy_outcomes",
    "implications",
    "financial_consequences",
    "contact_officers",
    "background_documents",
]


class ReportTo(Strict):
    body: str = Field(description="The committee or body the report goes to.")
    date: datetime.date = Field(description="The meeting date, written 2018-02-07.")


class StrategyOutcome(Strict):
    outcome: str = Field(description="A strategy outcome of the council (the style names the table).")
    contribution: str = Field("", description="This paper's contribution to it; empty if none.")


class Implication(Strict):
    policy: str = Field(description='A key council policy: "Anti-Poverty".')
    answer: str = Field(description='Whether the paper bears on it: "Yes" (in quotes).')


class FinancialConsequences(Strict):
    revenue: str | list[str] = Field(description="Financial consequences for the revenue budget.")
    capital: str | list[str] = Field(description="Financial consequences for the capital budget.")


class ContactOfficer(Strict):
    name: str
    position: str | None = None
    telephone: str | None = Field(None, description="Written in quotes if it is all digits.")
    email: str | None = None


class ValueFrom(Strict):
    """One cell of a CSV file or a workbook in the paper's folder."""

    file: str = Field(description="A .csv or .xlsx file in the paper's folder: finance.xlsx.")
    sheet: str | None = Field(None, description="The workbook's sheet; needed with cell: when it has more than one.")
    cell: str | None = Field(None, description="The cell, as C7.")
    name: str | None = Field(None, description="Or the workbook's defined name of the cell.")


class NamedFigure(Strict):
    value: int | Decimal | None = Field(None, description="The figure, as a number (no commas, no £).")
    formula: str | None = Field(None, description="Or computed from other figures: `a + b`, `part / whole * 100`.")
    value_from: ValueFrom | None = Field(None, description="Or read from one cell of a CSV file or a workbook.")
    unit: Literal["£", "£,000", "£m", "%", "count"] = Field(description="What the number counts.")
    decimals: int | None = Field(
        None, ge=0, le=6, description="Decimals printed; default: as typed (needed with formula)."
    )


class NumberingOverride(Strict):
    sections: str | None = Field(None, description='Override the style: "{n}.0", "{n}." or "" for none.')
    paragraphs: str | None = Field(None, description='Override the style: "{s}.{n}" or "" for none.')


class Reconciliation(Strict):
    figures: list[str] = Field(min_length=2, description="Figures that must agree: table.row.column or a named figure.")
    tolerance: int | Decimal = Field(0, ge=0, description="How far apart they may be.")
    accepted: str | None = Field(None, description="Why the paper may print them apart (cite both figures).")


class Exempt(Strict):
    paragraph: int = Field(ge=1, le=7, description="The paragraph of Part 1 of Schedule 12A (1 to 7).")


class Paper(Strict):
    """paper.yaml: the front sheet, named figures and the files of the paper in order."""

    style: str | None = Field(
        None, description="The house style (templates/styles/<name>.yaml); default: content/defaults.yaml's style."
    )
    council: str | None = Field(None, description="The council, where the style does not name one.")
    report_type: str = Field(description='One of the style\'s report types: "Report for Resolution".')
    masthead: list[str] = Field([], description='Further masthead lines: an item number, "For general release".')
    numbering: NumberingOverride | None = None
    labels: dict[str, str] = Field({}, description="Override the style's labels for this paper, by label name.")
    exempt: Exempt | None = Field(None, description="A paper not for publication, with its Schedule 12A paragraph.")
    status: Literal["draft", "final"] = Field(
        "final", description="draft: every page of every format carries the draft mark and the day it was built."
    )
    report_to: list[ReportTo] = []
    subject: str = Field(description="The paper's subject: also the PDF and Word title.")
    report_of: str | None = None
    purpose: list[FrontBlock] = Field([], description="Purpose of the report: paragraphs or blocks.")
    summary: list[FrontBlock] = Field([], description="Summary: paragraphs or blocks.")
    recommendations: list[FrontBlock] = Field(
        [], description="Recommendations: paragraphs (numbered for you if several) or blocks."
    )
    wards_affected: str | None = None
    strategy_outcomes: list[StrategyOutcome] = []
    implications: list[str | Implication] = Field(
        [], description="Policies the body covers, or {policy, answer} pairs."
    )
    financial_consequences: str | list[str] | FinancialConsequences | None = None
    contact_officers: list[ContactOfficer] = []
    background_documents: list[FrontBlock] = []
    figures: dict[Id, NamedFigure] = Field({}, description="Named figures for {name} in text.")
    figures_from: str | None = Field(
        None,
        description="A workbook (.xlsx) in the paper's folder whose defined names table.row.column and "
        "figure.<name> give typed figures their values (the workbook's figure replaces the typed one).",
    )
    reconcile: list[Reconciliation] = Field([], description="Figures in different tables that must agree.")
    body: list[str] = Field(min_length=1, description="Body files (sections), in order.")
    appendices: list[str] = Field([], description="Appendix files, in order.")


def _front_kind(value: Any) -> str | None:
    if isinstance(value, str):
        return "plain"
    kind = _block_kind(value)
    return kind if kind in FRONT_BLOCK_KINDS else None


if TYPE_CHECKING:
    FrontBlock = Any
else:
    FrontBlock = Annotated[
        Union[Annotated[str, Tag("plain")], *(Annotated[m, Tag(k)] for k, m in FRONT_BLOCK_KINDS.items())],
        Discriminator(
            _front_kind,
            custom_error_type="front_block",
            custom_error_message="a paragraph (text) or a block: " + ", ".join(FRONT_BLOCK_KINDS),
        ),
    ]


# ---- body and appendix files -------------------------------------------------------------


class Section(Strict):
    title: str = Field(description='Printed "5.0 Title"; numbered for you.')
    label: Id | None = None
    blocks: list[Block] = Field(min_length=1)


class Appendix(Strict):
    title: str
    label: Id | None = None
    numbered: bool = Field(True, description='Print "Appendix N: " before the title.')
    number: int | str | None = Field(None, description='Its own number, where not its position: 2, "one", "A".')
    orientation: Orientation = "portrait"
    blocks: list[Block] = []
    parts: list[Appendix] = Field([], description="Sub-parts, each on a new page.")


class Part(Strict):
    """A body file (sections) or an appendix file (appendices)."""

    sections: list[Section] = []
    appendices: list[Appendix] = []


for _model in (ListItemWithChildren, ParaBlock, Appendix):
    _model.model_rebuild()

FIELD_MODELS: tuple[Any, ...] = (
    Paper,
    ReportTo,
    StrategyOutcome,
    FinancialConsequences,
    ContactOfficer,
    NamedFigure,
    ValueFrom,
    RowsFrom,
    RowsFromEntry,
    Implication,
    Exempt,
    NumberingOverride,
    Reconciliation,
    Column,
    Table,
    Section,
    Appendix,
    Part,
    ListItemWithChildren,
    *BLOCK_KINDS.values(),
)
ALL_FIELD_NAMES = sorted({name for model in FIELD_MODELS for name in model.model_fields})
