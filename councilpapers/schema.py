"""Loading stage, part 2: the content format, declared once.

These models validate what authors write and are the source of the published JSON Schema
(`build.py schema`). Each field's description is the documentation editors show.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, StringConstraints, Tag

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Orientation = Literal["portrait", "landscape"]


class Strict(BaseModel):
    """Unknown fields are errors; values are never coerced from one type to another."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# ---- front sheet -------------------------------------------------------------------------

class ReportTo(Strict):
    body: str = Field(description="The committee or body the report goes to.")
    date: datetime.date = Field(description="The meeting date, written 2018-02-07.")


class StrategyOutcome(Strict):
    outcome: str = Field(description="The Our Manchester strategy outcome.")
    contribution: str = Field("", description="This paper's contribution to it; empty if none.")


class FinancialConsequences(Strict):
    revenue: str = Field(description="Financial consequences for the revenue budget.")
    capital: str = Field(description="Financial consequences for the capital budget.")


class ContactOfficer(Strict):
    name: str
    position: str
    telephone: str | None = Field(None, description="Written in quotes if it is all digits.")
    email: str | None = None


class NamedFigure(Strict):
    value: int | float = Field(description="The figure, as a number (no commas, no £).")
    unit: Literal["£", "£,000", "£m", "%", "count"] = Field(description="What the number counts.")


class Paper(Strict):
    """paper.yaml: the front sheet, named figures and the files of the paper in order."""

    council: str
    report_type: Literal["Report for Resolution", "Report for Information"]
    report_to: list[ReportTo] = Field(min_length=1)
    subject: str = Field(description="The paper's subject: also the PDF and Word title.")
    report_of: str
    summary: list[str] = Field(min_length=1, description="Summary paragraphs.")
    recommendations: list[str] = Field(min_length=1, description="Recommendations, one per item.")
    wards_affected: str
    strategy_outcomes: list[StrategyOutcome] = []
    implications: list[str] = Field([], description="Implications the body covers (Equal Opportunities …).")
    financial_consequences: str | FinancialConsequences
    contact_officers: list[ContactOfficer] = Field(min_length=1)
    background_documents: list[str] = []
    figures: dict[Id, NamedFigure] = Field({}, description="Named figures for {name} in text.")
    body: list[str] = Field(min_length=1, description="Body files (sections), in order.")
    appendices: list[str] = Field([], description="Appendix files, in order.")


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


class Table(Strict):
    id: Id
    caption: str = Field(description="What the table shows, for screen readers and the workbook.")
    tolerance: int | float = Field(0, ge=0, description="Published totals within this are not reported.")
    orientation: Orientation = "portrait"
    zero: str | None = Field(None, description='How a zero figure is printed, e.g. "-".')
    columns: list[Column] = Field(min_length=1)
    rows: list[dict[str, Any]] = Field(min_length=1, description="One mapping per row; see the authoring guide.")
    notes: list[str] = []


# ---- blocks ------------------------------------------------------------------------------

class ListItemWithChildren(Strict):
    text: str
    bullets: list[ListItem] = []


def _item_kind(value: Any) -> str | None:
    return "text" if isinstance(value, str) else "item" if isinstance(value, dict) else None


ListItem = Annotated[
    Union[Annotated[str, Tag("text")], Annotated[ListItemWithChildren, Tag("item")]],
    Discriminator(_item_kind, custom_error_type="list_item",
                  custom_error_message="a list item is text, or {text: ..., bullets: [...]}"),
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


class QuoteBlock(Strict):
    quote: str


class TableBlock(Strict):
    table: Table


BLOCK_KINDS = {"para": ParaBlock, "text": TextBlock, "heading": HeadingBlock, "bullets": BulletsBlock,
               "numbered": NumberedBlock, "quote": QuoteBlock, "table": TableBlock}


def _block_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        return next((key for key in BLOCK_KINDS if key in value), None)
    return None


Block = Annotated[
    Union[tuple(Annotated[model, Tag(kind)] for kind, model in BLOCK_KINDS.items())],
    Discriminator(_block_kind, custom_error_type="block_kind",
                  custom_error_message="a block starts with one of: " + ", ".join(BLOCK_KINDS)),
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
    orientation: Orientation = "portrait"
    blocks: list[Block] = []
    parts: list[Appendix] = Field([], description="Sub-parts, each on a new page.")


class Part(Strict):
    """A body file (sections) or an appendix file (appendices)."""

    sections: list[Section] = []
    appendices: list[Appendix] = []


for _model in (ListItemWithChildren, ParaBlock, Appendix):
    _model.model_rebuild()

ALL_FIELD_NAMES = sorted({name for model in (Paper, ReportTo, StrategyOutcome, FinancialConsequences,
                                             ContactOfficer, NamedFigure, Column, Table, Section,
                                             Appendix, Part, ListItemWithChildren, *BLOCK_KINDS.values())
                          for name in model.model_fields})
