"""Loading stage, the content format: a body file (sections) or an appendix file (appendices)."""

from __future__ import annotations

from pydantic import Field

from councilpapers.load.schema.blocks import Block
from councilpapers.load.schema.strict import Id, Orientation, Strict


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


Appendix.model_rebuild()
