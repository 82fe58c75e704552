"""Loading stage, the content format: text with placeholders ("Appendix {number}"), checked as it is read.

A field of this kind takes only the placeholders it names; anything else in braces is a located
problem when the file is read (core/placeholders.py says what a template may hold). The JSON
Schema carries the same rule as a pattern, so an editor flags it as the author types.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Any, TypeAlias

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from councilpapers.core.placeholders import PlaceholderError, parse

APPENDIX = ("number",)
EXEMPT_NOTICE = ("paragraph",)
DRAFT = ("date",)
SUPPLEMENT_INTRO = ("published",)
SECTION = ("n",)
PARAGRAPH = ("s", "n")
MARKER = ("n",)
RUNNING = ("council", "subject", "committee", "date", "report_type", "page", "pages", "item", "item_page")
DIFFERENCE = ("where", "published", "computed", "reason")  # a table's note of an accepted published difference
RESTRICTED = ("paragraph",)  # the mark on every page of a paper not for publication
EXCLUSION = ("paragraphs",)  # the exclusion resolution under the Part B heading
URGENT = ("reason",)  # the sentence under an urgent item
WITHHELD = ("title", "paragraph")  # the page standing in the public pack for an exempt document


def pattern(names: tuple[str, ...]) -> str:
    """The JSON Schema's pattern of a template taking these placeholders."""
    fields = "|".join(re.escape(name) for name in names)
    return r"^(?:[^{}]|\{\{|\}\}|\{(?:" + fields + r")\})*$"


def placeholders(*names: str) -> Any:
    """A text field whose `{name}` placeholders are among `names` (`{{` and `}}` for braces)."""

    def check(text: str) -> str:
        try:
            parse(text, names)
        except PlaceholderError as exc:
            raise PydanticCustomError("placeholder", str(exc)) from None
        return text

    return Annotated[str, AfterValidator(check), Field(json_schema_extra={"pattern": pattern(names)})]


if TYPE_CHECKING:  # to mypy each is text; pydantic reads the checked type
    AppendixText: TypeAlias = str
    ExemptText: TypeAlias = str
    DraftText: TypeAlias = str
    SupplementText: TypeAlias = str
    SectionText: TypeAlias = str
    ParagraphText: TypeAlias = str
    MarkerText: TypeAlias = str
    RunningText: TypeAlias = str
    DifferenceText: TypeAlias = str
    RestrictedText: TypeAlias = str
    ExclusionText: TypeAlias = str
    UrgentText: TypeAlias = str
    WithheldText: TypeAlias = str
else:
    AppendixText = placeholders(*APPENDIX)
    ExemptText = placeholders(*EXEMPT_NOTICE)
    DraftText = placeholders(*DRAFT)
    SupplementText = placeholders(*SUPPLEMENT_INTRO)
    SectionText = placeholders(*SECTION)
    ParagraphText = placeholders(*PARAGRAPH)
    MarkerText = placeholders(*MARKER)
    RunningText = placeholders(*RUNNING)
    DifferenceText = placeholders(*DIFFERENCE)
    RestrictedText = placeholders(*RESTRICTED)
    ExclusionText = placeholders(*EXCLUSION)
    UrgentText = placeholders(*URGENT)
    WithheldText = placeholders(*WITHHELD)

# The templates among the house style's labels and the placeholders each takes, for the JSON Schema of a
# paper's labels: (a paper's labels are checked by the Labels model itself, load/paper.py).
LABEL_TEMPLATES = {
    "appendix": APPENDIX,
    "exempt_notice": EXEMPT_NOTICE,
    "draft": DRAFT,
    "published_differs": DIFFERENCE,
    "restricted_mark": RESTRICTED,
}
