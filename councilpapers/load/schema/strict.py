"""Loading stage, the content format: the rules every model keeps, and the kinds of value they share."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
# A workbook sheet's name as Excel allows it: 1 to 31 characters, none of [ ] : * ? / \, no
# apostrophe first or last.
SHEET_NAME = r"^[^\[\]:*?/\\'\s]([^\[\]:*?/\\]{0,29}[^\[\]:*?/\\'\s])?$"
SheetName = Annotated[str, StringConstraints(pattern=SHEET_NAME)]
Orientation = Literal["portrait", "landscape"]


class Strict(BaseModel):
    """Unknown fields are errors; values are never coerced from one type to another."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
