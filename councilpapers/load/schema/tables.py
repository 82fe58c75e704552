"""Loading stage, the content format: a table, its columns and rows (typed, or read from a file)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Discriminator, Field, StringConstraints, Tag

from councilpapers.load.schema.strict import Id, Orientation, SheetName, Strict

Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]


class Column(Strict):
    id: Id
    header: str
    group: str | None = Field(None, description="A spanning header over adjacent columns.")
    subheader: str | None = Field(None, description="A second header line.")
    unit: str | None = Field(None, description="The units row: £,000, FTE, % …")
    type: Literal["number", "text"] = "number"
    decimals: int = Field(0, ge=0, le=6)
    percent: bool = False
    formula: str | None = Field(
        None, description="Computed column, e.g. likelihood * impact; applied on total rows too, unless summed."
    )
    summed: bool = Field(
        False,
        description="A computed column whose total rows add up its rows (their sum: or formula:) instead of "
        "applying its formula; refused for a percentage or a ratio (a formula that divides by a figure).",
    )
    scale: str | None = Field(
        None, description="Its cells are words of this scale of the table's scoring (Low, Medium, High)."
    )
    band: str | None = Field(
        None, description="Prints the band of the score in this column (a column id), in the band's fill."
    )
    spelled: str | None = Field(
        None, description="The header written out where the paper abbreviates it (L: Likelihood), for the workbook."
    )
    grouped: bool = Field(
        False, description="A label the paper prints once for the rows below it: the workbook repeats it on each row."
    )


class Band(Strict):
    """A band of scores: every score above the band before, up to `up_to`, takes its word and fill."""

    word: str = Field(min_length=1, description="What a score in the band is called: High.")
    up_to: int | Decimal = Field(description="The highest score in the band.")
    fill: Colour | None = Field(
        None, description="The band's cell fill, #rrggbb: text on it needs a contrast of 4.5:1 at least."
    )


class Scoring(Strict):
    """A scoring matrix: words of each scale as numbers, and scores back to words and colours."""

    scales: dict[str, dict[str, int | Decimal]] = Field(
        min_length=1,
        description="Each scale's words as numbers: {likelihood: {Low: 1, Medium: 2, High: 3}}; a column "
        "takes one with scale:.",
    )
    bands: list[Band] = Field(
        [], description="Score bands from the lowest up, each up to a score: [{word: Low, up_to: 3}, …]."
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
    scoring: Scoring | None = Field(
        None, description="A scoring matrix: scales of words (scale: on a column) and bands (band: on a column)."
    )
    columns: list[Column] = []
    rows: list[TableRow] = Field(
        [], description="One mapping per row, or {rows_from: ...} for rows read from a file; see the authoring guide."
    )
    notes: list[str] = []
