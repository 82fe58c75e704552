"""Loading stage, the content format: the blocks of the body (paragraphs, lists, quotes, tables)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal, Union

from pydantic import Discriminator, Field, Tag

from councilpapers.load.schema.strict import Id, Strict
from councilpapers.load.schema.tables import Table


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


BLOCK_KINDS: dict[str, type[Strict]] = {
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


def block_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        return next((key for key in BLOCK_KINDS if key in value), None)
    return None


if TYPE_CHECKING:  # built from BLOCK_KINDS at run time, which a type checker cannot follow: the same union
    Block = ParaBlock | TextBlock | HeadingBlock | BulletsBlock | NumberedBlock | QuoteBlock | TableBlock | RepeatBlock
else:
    Block = Annotated[
        Union[tuple(Annotated[model, Tag(kind)] for kind, model in BLOCK_KINDS.items())],  # noqa: UP007
        Discriminator(
            block_kind,
            custom_error_type="block_kind",
            custom_error_message="a block starts with one of: " + ", ".join(BLOCK_KINDS),
        ),
    ]

for _model in (ListItemWithChildren, ParaBlock):
    _model.model_rebuild()
