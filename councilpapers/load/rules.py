"""Loading stage, notice rules: each nation's rules as data (`templates/rules/notice.yaml`), each
with its legal source cited beside it, validated like any other file the toolkit reads.

A rule says how many clear days a notice needs before a meeting (`days`), whether they are
working days or calendar days (`count`), from when it applies (`since`) and to which meetings
(`applies_to: executive` for the notices of a private meeting of an executive). The house style
chooses the nation; composing (compose/notice.py) counts the days.
"""

from __future__ import annotations

import datetime
from functools import lru_cache
from typing import Literal

from pydantic import Field

from councilpapers.core.errors import ContentError, Problem
from councilpapers.core.paths import TEMPLATES
from councilpapers.load.schema.strict import Strict
from councilpapers.load.validate import read_validated

RULES = TEMPLATES / "rules" / "notice.yaml"

Nation = Literal["england", "wales", "scotland"]  # the nations the rules file covers (not Northern Ireland)
NoticeKind = Literal["agenda", "private-intention", "private-confirmed"]
AGENDA: NoticeKind = "agenda"
PRIVATE_INTENTION: NoticeKind = "private-intention"
PRIVATE_CONFIRMED: NoticeKind = "private-confirmed"


class Rule(Strict):
    notice: NoticeKind = Field(
        description="agenda: the agenda and reports; private-intention and private-confirmed: the notices "
        "of a private meeting."
    )
    days: int = Field(ge=1, le=60, description="Clear days between the publication and the meeting.")
    count: Literal["working", "calendar"] = Field(
        description="working: weekdays that are not bank holidays or closures; calendar: every day."
    )
    since: datetime.date | None = Field(None, description="The first meeting day the rule applies to.")
    applies_to: Literal["executive"] | None = Field(
        None, description="executive: meetings of an executive or its committees only."
    )
    source: str = Field(min_length=1, description="The provision, short, as a message cites it.")
    citation: str = Field(min_length=1, description="The provision in full, quoted where its words matter.")
    clear_days: str = Field(min_length=1, description="How clear days are counted, and on what authority.")
    confirmed: bool = Field(description="Whether the rule's wording and reading were confirmed against the text.")
    note: str | None = Field(None, description="What could not be confirmed.")


class NationRules(Strict):
    name: str
    holidays: Literal["ENG", "WLS", "SCT", "NIR"] = Field(description="The holidays package's GB subdivision.")
    holidays_name: str = Field(description='As a message names them: "bank holidays in England".')
    rules: list[Rule] = Field(min_length=1)

    def rule(self, notice: NoticeKind, meeting: datetime.date) -> Rule | None:
        """The rule of that notice in force on the meeting day: the latest begun by then."""
        begun = [r for r in self.rules if r.notice == notice and (r.since is None or r.since <= meeting)]
        return max(begun, key=lambda r: r.since or datetime.date.min, default=None)


class NoticeRules(Strict):
    nations: dict[Nation, NationRules]


@lru_cache(maxsize=1)
def notice_rules() -> NoticeRules:
    """The rules file, validated once; its problems located in the file."""
    problems: list[Problem] = []
    _, rules = read_validated(RULES, NoticeRules, problems)
    if problems or rules is None:
        raise ContentError(problems)
    return rules


def nation_rules(nation: Nation) -> NationRules:
    rules = notice_rules().nations.get(nation)
    if rules is None:
        raise ContentError([Problem(RULES, 1, 1, "nations", f"the notice rules have no nation '{nation}'")])
    return rules
