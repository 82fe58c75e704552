"""Loading stage, committees: `content/committees/<committee>.yaml`, what a committee's meetings
share (its name, membership with party, role and substitutes, usual time and venue, clerk and
standing items). A meeting names its committee file and overrides what differs."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from councilpapers.core.errors import ContentError, Problem
from councilpapers.load.meeting_schema import Clerk, Clock, Item, Meeting, Membership
from councilpapers.load.messages import did_you_mean
from councilpapers.load.schema.strict import Strict
from councilpapers.load.validate import inside, outside_problem, read_validated
from councilpapers.load.yamlsource import Source


class Committee(Strict):
    """content/committees/<committee>.yaml: what every meeting of a committee shares."""

    name: str = Field(min_length=1, description='The committee as its agendas name it: "Executive".')
    style: str | None = Field(None, description="Its meetings' house style.")
    council: str | None = None
    time: Clock | None = Field(None, description='Its usual start time, "10:00" (in quotes).')
    venue: str | None = Field(None, description="Its usual venue.")
    membership: Membership | None = None
    clerk: Clerk | None = None
    standing_items: list[Item] = Field(
        [],
        description="Items on every agenda (apologies, interests, minutes), first, unless a meeting leaves them out.",
    )


def committees_folder(content: Path) -> Path:
    return content / "committees"


def committee_names(content: Path) -> list[str]:
    return sorted(p.stem for p in committees_folder(content).glob("*.yaml"))


def load_committee(content: Path, name: str, meeting: Source) -> tuple[Source, Committee]:
    """The committee file a meeting names (problems located in the meeting or the committee file)."""
    file = committees_folder(content) / f"{name}.yaml"
    if "/" in name or "\\" in name or not file.is_file():
        hint = did_you_mean(name, committee_names(content))
        raise ContentError(
            [meeting.problem(("committee_file",), f"no committee file '{name}.yaml' in committees/{hint}")]
        )
    if not inside(file, content):
        raise ContentError([outside_problem(file, content)])
    problems: list[Problem] = []
    source, committee = read_validated(file, Committee, problems)
    if problems or source is None or committee is None:
        raise ContentError(problems)
    return source, committee


def with_committee(meeting: Meeting, committee: Committee) -> Meeting:
    """The meeting as its committee file completes it: the meeting's own values first."""
    standing = committee.standing_items if meeting.standing_items else []
    return meeting.model_copy(
        update={
            "style": meeting.style or committee.style,
            "council": meeting.council or committee.council,
            "committee": meeting.committee or committee.name,
            "time": meeting.time or committee.time,
            "venue": meeting.venue or committee.venue,
            "membership": meeting.membership or committee.membership,
            "clerk": meeting.clerk or committee.clerk,
            "items": [*standing, *meeting.items],
        }
    )
