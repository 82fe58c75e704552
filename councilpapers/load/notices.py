"""Loading stage, the notices of a private meeting: what the clerk records in the meeting file
(`private_notice:`, `executive:`) and the words the house style gives the notices (`notice_labels:`).

In England a meeting of an executive (or a committee of it) holds exempt business in private only
after a notice of its intention at least 28 clear days before and a further notice at least five
clear days before (regulation 5 of the 2012 Executive Arrangements regulations: see
templates/rules/notice.yaml). The build checks the dates and writes both notices from the meeting
file; every word of them comes from the house style.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, TypeAlias

from pydantic import Field

from councilpapers.load.schema.strict import Strict

if TYPE_CHECKING:  # to mypy each is text; pydantic reads the checked type
    MeetingText: TypeAlias = str
    ItemParagraphText: TypeAlias = str
    ByText: TypeAlias = str
    AgreedText: TypeAlias = str
    AgreedByText: TypeAlias = str
else:
    from councilpapers.load.schema.placeholders import placeholders

    MeetingText = placeholders("council", "committee", "date", "time", "venue")
    ItemParagraphText = placeholders("paragraph", "description")
    ByText = placeholders("by")
    AgreedText = placeholders("agreed_by", "agreed")
    AgreedByText = placeholders("agreed_by")

MEETING_PLACEHOLDERS = ("council", "committee", "date", "time", "venue")


class UrgentPrivate(Strict):
    """Regulation 5(6): the meeting is held in private without the 28 days' notice, with agreement
    that it is urgent and cannot reasonably be deferred."""

    agreed_by: str = Field(
        min_length=1,
        description='Who agreed: "Councillor A Jones, Chair of the Overview and Scrutiny Committee" '
        "(the chair of the relevant scrutiny committee, or else the chair or vice-chair of the council).",
    )
    agreed: datetime.date | None = Field(None, description="The day they agreed.")
    reasons: str = Field(min_length=1, description="Why the meeting is urgent and cannot reasonably be deferred.")
    published: datetime.date | None = Field(None, description="The day the notice of the reasons was published.")


class PrivateNotice(Strict):
    """When the notices of holding the meeting (or part of it) in private were published, and what
    the further notice reports."""

    intention: datetime.date | None = Field(
        None, description="The day the notice of intention was published: at least 28 clear days before the meeting."
    )
    confirmed: datetime.date | None = Field(
        None, description="The day the further notice was published: at least 5 clear working days before."
    )
    reasons: str | None = Field(
        None, description="Why the meeting is to be held in private, beyond the exempt items' Schedule 12A paragraphs."
    )
    representations_by: datetime.date | None = Field(
        None, description="The last day for representations that the meeting should be open, as the first notice says."
    )
    representations: list[str] = Field(
        [], description="Each representation received about why the meeting should be open to the public, in short."
    )
    response: str | None = Field(
        None, description="The response to the representations (the further notice prints it)."
    )
    urgent: UrgentPrivate | None = Field(
        None, description="Held in private without the notices' periods: the agreement that it is urgent."
    )


SCHEDULE_12A = [  # Part 1 of Schedule 12A to the Local Government Act 1972 (England), as substituted in 2006
    "Information relating to any individual.",
    "Information which is likely to reveal the identity of an individual.",
    "Information relating to the financial or business affairs of any particular person (including the "
    "authority holding that information).",
    "Information relating to any consultations or negotiations, or contemplated consultations or negotiations, "
    "in connection with any labour relations matter arising between the authority or a Minister of the Crown "
    "and employees of, or office holders under, the authority.",
    "Information in respect of which a claim to legal professional privilege could be maintained in legal proceedings.",
    "Information which reveals that the authority proposes (a) to give under any enactment a notice under or "
    "by virtue of which requirements are imposed on a person; or (b) to make an order or direction under any "
    "enactment.",
    "Information relating to any action taken or to be taken in connection with the prevention, investigation "
    "or prosecution of crime.",
]

_REGULATIONS = (
    "the Local Authorities (Executive Arrangements) (Meetings and Access to Information) (England) Regulations 2012"
)


class NoticeLabels(Strict):
    """The words of the notices of a private meeting; {council}, {committee}, {date}, {time} and
    {venue} are the meeting's."""

    intention_title: str = "Notice of intention to hold part of a meeting in private"
    confirmed_title: str = "Further notice of intention to hold part of a meeting in private"
    urgent_title: str = "Notice of an urgent meeting in private"
    intention_intro: MeetingText = Field(
        "{council} gives notice that the {committee} intends to hold part of its meeting on {date} in private, "
        "to consider the items listed below.",
        description="The first paragraph of the notice of intention (28 clear days before).",
    )
    confirmed_intro: MeetingText = Field(
        "{council} gives further notice that the {committee} intends to hold part of its meeting on {date} in "
        "private, to consider the items listed below.",
        description="The first paragraph of the further notice (5 clear days before).",
    )
    urgent_intro: MeetingText = Field(
        "{council} gives notice that the {committee} will hold part of its meeting on {date} in private without "
        "28 clear days' notice, because the meeting is urgent and cannot reasonably be deferred.",
        description="The first paragraph of the notice of an urgent private meeting.",
    )
    intention_regulation: str = f"This notice is given under regulation 5(2) of {_REGULATIONS}."
    confirmed_regulation: str = f"This notice is given under regulation 5(4) of {_REGULATIONS}."
    urgent_regulation: str = f"This notice is given under regulation 5(7) of {_REGULATIONS}."
    exempt_reason: str = Field(
        "The public are likely to be excluded while these items are considered, because they involve the likely "
        "disclosure of exempt information as defined in Part 1 of Schedule 12A to the Local Government Act 1972, "
        "in the paragraph shown against each.",
        description="The statement of reasons, before the items.",
    )
    items_heading: str = "Items to be considered in private"
    item_column: str = "Item"
    business_column: str = "Business"
    paragraph_column: str = "Exempt information"
    paragraph: ItemParagraphText = Field(
        "Paragraph {paragraph}: {description}",
        description="An item's exempt information; {description} is the paragraph's words (schedule_12a).",
    )
    schedule_12a: list[str] = Field(
        SCHEDULE_12A,
        min_length=7,
        max_length=7,
        description="The seven paragraphs of Part 1 of Schedule 12A, as the notices print them.",
    )
    reasons_heading: str = "Reasons for holding the meeting in private"
    invite: str = Field(
        "Anyone may make representations about why the meeting should be open to the public, to the contact below.",
        description="The notice of intention's invitation to make representations.",
    )
    invite_by: ByText = Field(
        "Anyone may make representations about why the meeting should be open to the public, to the contact "
        "below, by {by}.",
        description="The invitation when the meeting file gives representations_by; {by} is that day.",
    )
    representations_heading: str = "Representations received"
    no_representations: str = (
        "No representations have been received about why the meeting should be open to the public."
    )
    response_heading: str = "Response to the representations"
    urgent_heading: str = "Why the meeting is urgent"
    agreed: AgreedText = Field(
        "{agreed_by} agreed on {agreed} that the meeting is urgent and cannot reasonably be deferred.",
        description="{agreed_by} and {agreed} are the meeting file's urgent: agreed_by and agreed.",
    )
    agreed_undated: AgreedByText = Field(
        "{agreed_by} agreed that the meeting is urgent and cannot reasonably be deferred.",
        description="As agreed, where the meeting file gives no day.",
    )
    meeting: str = "Meeting:"
    date: str = "Date:"
    time: str = "Time:"
    venue: str = "Venue:"
    published: str = "Date of this notice:"
    contact: str = "Contact"
