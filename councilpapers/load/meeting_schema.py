"""Loading stage, the meeting file's schema: a meeting, its committee's membership and clerk,
and its agenda items with their documents (see meeting.py for loading and checking)."""

from __future__ import annotations

import datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from councilpapers.load.notices import PrivateNotice
from councilpapers.load.schema.paper import Exempt
from councilpapers.load.schema.strict import Strict

ItemNumber = Annotated[str, StringConstraints(pattern=r"^$|^[0-9]{1,3}([a-z]|\([ivx]{1,5}\))?$|^[ivx]{1,5}\.$")]
Clock = Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]


class Member(Strict):
    name: str
    party: str | None = Field(None, description="Printed after the name, in brackets.")
    role: str | None = Field(None, description='"Executive Member for Finance"; printed after the name.')


Person = str | Member


class Membership(Strict):
    chair: Person | None = Field(None, description="The chair of the committee.")
    deputy: Person | None = Field(None, description="The deputy chair.")
    members: list[Person] = Field([], description="The other members, one per line: a name, or name, party and role.")
    substitutes: list[Person] = Field([], description="The committee's substitute members.")


class Clerk(Strict):
    name: str
    telephone: str | None = Field(None, description="In quotes.")
    email: str | None = None


class ItemDocument(Strict):
    """Another document of an item: an appendix, additional documents, a presentation."""

    title: str = Field(min_length=1, description='As listed under the item: "Appendix 1 – Site plan".')
    paper: str | None = Field(None, description="A paper in content/, by its folder name.")
    document: str | None = Field(None, description="A PDF file supplied in content/meetings/, by its path there.")
    exempt: Exempt | None = Field(
        None, description="Not for publication while its item is public (the public pack carries a page naming why)."
    )


class Urgent(Strict):
    reason: str = Field(
        min_length=1, description="The chair's reason for taking the item as urgent (s.100B(4)(b) LGA 1972)."
    )


class Item(Strict):
    number: ItemNumber = Field(
        "",
        description='The item number as printed: "5"; a sub-item "5a", "5(i)" or "i.", or none to be numbered as '
        "the house style numbers sub-items (pack_numbering.sub_items).",
    )
    title: str = Field(min_length=1)
    purpose: str | None = Field(None, description='A sentence under the title: "To receive the report of …".')
    procedural: bool = Field(False, description="Apologies, declarations of interest, urgent business: no pages.")
    paper: str | None = Field(None, description="A paper in content/, by its folder name: the item's report.")
    document: str | None = Field(
        None, description="A PDF file supplied in content/meetings/, by its path there: the item's report."
    )
    documents: list[ItemDocument] = Field(
        [], description="Its other documents after the report: appendices, additional documents, a presentation."
    )
    to_follow: bool = Field(
        False, description="Listed as to follow; attach it later (paper or document) for the supplement."
    )
    urgent: Urgent | None = Field(None, description="An urgent item, with the chair's reason, printed on the agenda.")
    exempt: Exempt | None = Field(
        None,
        description="Not for publication, with its Schedule 12A paragraph (1 to 7): its sub-items and documents too.",
    )
    items: list[Item] = Field([], description="Sub-items (5a, 5b …).")


class Meeting(Strict):
    """content/meetings/<meeting>.yaml: one meeting and its agenda."""

    style: str | None = Field(None, description="The house style; default: content/defaults.yaml's style.")
    council: str | None = Field(None, description="The council, where the style names none.")
    committee_file: str | None = Field(
        None,
        description="A committee in content/committees/, by its file name: its name, membership, venue, clerk "
        "and standing items, which this file overrides where it differs.",
    )
    committee: str | None = Field(None, description="The committee's name (default: its committee file's).")
    date: datetime.date
    time: Clock | None = Field(None, description='The start time, "10:00" (in quotes); default: the committee\'s.')
    venue: str | None = Field(None, description="Default: the committee's.")
    standing_items: bool = Field(True, description="false: leave out the committee file's standing items.")
    membership: Membership | None = None
    clerk: Clerk | None = Field(None, description="Who to contact about the meeting.")
    published: datetime.date = Field(description="The date the agenda is published.")
    supplement_published: datetime.date | None = Field(
        None, description="The date the supplementary agenda is published."
    )
    closures: list[datetime.date] = Field([], description="Local closure days that are not working days.")
    items: list[Item] = Field(min_length=1)
    executive: bool | None = Field(
        None,
        description="A meeting of the executive (cabinet), a committee of it or a joint committee of executive "
        "members: in England its exempt business needs the notices of private_notice. false: another committee.",
    )
    private_notice: PrivateNotice | None = Field(
        None, description="When the notices of holding part of the meeting in private were published (England)."
    )


Item.model_rebuild()
