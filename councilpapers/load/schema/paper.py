"""Loading stage, the content format: paper.yaml (the front sheet, named figures and the paper's files)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union

from pydantic import Discriminator, Field, Tag

from councilpapers.load.schema.blocks import FRONT_BLOCK_KINDS, block_kind
from councilpapers.load.schema.placeholders import LABEL_TEMPLATES, ParagraphText, SectionText, pattern
from councilpapers.load.schema.strict import Id, Strict

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
    unit: Literal["£", "£,000", "£'000", "£m", "%", "count"] = Field(description="What the number counts.")
    decimals: int | None = Field(
        None, ge=0, le=6, description="Decimals printed; default: as typed (needed with formula)."
    )


class NumberingOverride(Strict):
    sections: SectionText | None = Field(None, description='Override the style: "{n}.0", "{n}." or "" for none.')
    paragraphs: ParagraphText | None = Field(None, description='Override the style: "{s}.{n}" or "" for none.')


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
    labels: dict[str, str] = Field(
        {},
        description="Override the style's labels for this paper, by label name.",
        json_schema_extra={
            "properties": {
                name: {"type": "string", "pattern": pattern(names)} for name, names in LABEL_TEMPLATES.items()
            }
        },
    )
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
    kind = block_kind(value)
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
