"""Loading stage, the content format: every field an author may write, by name (to suggest one)."""

from __future__ import annotations

from typing import Any

from councilpapers.load.schema.blocks import BLOCK_KINDS, ListItemWithChildren
from councilpapers.load.schema.paper import (
    ContactOfficer,
    Exempt,
    FinancialConsequences,
    Implication,
    NamedFigure,
    NumberingOverride,
    Paper,
    Reconciliation,
    ReportTo,
    StrategyOutcome,
    ValueFrom,
)
from councilpapers.load.schema.parts import Appendix, Part, Section
from councilpapers.load.schema.tables import Column, RowsFrom, RowsFromEntry, Table

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
