"""Loading stage, meetings: `content/meetings/<meeting>.yaml` → a validated agenda.

A clerk describes the meeting (committee, date, time, venue, membership, clerk, publication
date) and its agenda items in order. An item is procedural (no pages), a paper from
`content/`, a PDF supplied in `content/meetings/`, or to follow; it may have sub-items and may
be exempt (a paragraph of Part 1 of Schedule 12A to the Local Government Act 1972).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints

from councilpapers.core.errors import ContentError, Problem
from councilpapers.load.messages import did_you_mean
from councilpapers.load.schema.paper import Exempt
from councilpapers.load.schema.strict import Strict
from councilpapers.load.validate import inside, outside_problem, read_validated
from councilpapers.load.yamlsource import Path_, Source

ItemNumber = Annotated[str, StringConstraints(pattern=r"^[0-9]{1,3}[a-z]?$")]
Clock = Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]


class Membership(Strict):
    chair: str | None = Field(None, description="The chair of the committee.")
    deputy: str | None = Field(None, description="The deputy chair.")
    members: list[str] = Field([], description="The other members, one per line.")


class Clerk(Strict):
    name: str
    telephone: str | None = Field(None, description="In quotes.")
    email: str | None = None


class Item(Strict):
    number: ItemNumber = Field(description='The item number as printed: "5", or "5a" for a sub-item.')
    title: str
    purpose: str | None = Field(None, description='A sentence under the title: "To receive the report of …".')
    procedural: bool = Field(False, description="Apologies, declarations of interest, urgent business: no pages.")
    paper: str | None = Field(None, description="A paper in content/, by its folder name.")
    document: str | None = Field(None, description="A PDF file supplied in content/meetings/, by its name.")
    to_follow: bool = Field(
        False, description="Listed as to follow; attach it later (paper or document) for the supplement."
    )
    exempt: Exempt | None = Field(None, description="Not for publication, with its Schedule 12A paragraph (1 to 7).")
    items: list[Item] = Field([], description="Sub-items (5a, 5b …).")


class Meeting(Strict):
    """content/meetings/<meeting>.yaml: one meeting and its agenda."""

    style: str | None = Field(None, description="The house style; default: content/defaults.yaml's style.")
    council: str | None = Field(None, description="The council, where the style names none.")
    committee: str
    date: datetime.date
    time: Clock = Field(description='The start time, "10:00" (in quotes).')
    venue: str
    membership: Membership | None = None
    clerk: Clerk | None = Field(None, description="Who to contact about the meeting.")
    published: datetime.date = Field(description="The date the agenda is published.")
    supplement_published: datetime.date | None = Field(
        None, description="The date the supplementary agenda is published."
    )
    closures: list[datetime.date] = Field([], description="Local closure days that are not working days.")
    items: list[Item] = Field(min_length=1)


Item.model_rebuild()


@dataclass(frozen=True)
class LoadedMeeting:
    slug: str
    file: Path
    source: Source
    meeting: Meeting


def meetings_folder(content: Path) -> Path:
    return content / "meetings"


def load_meeting(file: Path, content: Path) -> LoadedMeeting:
    """Read and validate a meeting file, and check every item against content/."""
    if not inside(file, content):
        raise ContentError([outside_problem(file, content)])
    problems: list[Problem] = []
    source, meeting = read_validated(file, Meeting, problems)
    if meeting is not None and source is not None:
        problems.extend(item_problems(source, meeting, content))
    if problems or meeting is None or source is None:
        raise ContentError(problems)
    return LoadedMeeting(file.stem, file, source, meeting)


def walk(items: list[Item], path: Path_ = ("items",)) -> Iterator[tuple[Item, Path_]]:
    """Every item and sub-item with its path in the file."""
    for index, item in enumerate(items):
        yield item, path + (index,)
        yield from walk(item.items, path + (index, "items"))


def item_problems(source: Source, meeting: Meeting, content: Path) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    papers = {p.parent.name for p in content.glob("*/paper.yaml")}
    for item, path in walk(meeting.items):
        if item.number in seen:
            problems.append(
                source.problem(
                    path + ("number",), f"item {item.number} is numbered twice (first on line {seen[item.number]})"
                )
            )
        seen.setdefault(item.number, source.locate(path + ("number",))[0])
        problems.extend(_kind_problems(source, item, path, papers, content))
    return problems


def _kind_problems(source: Source, item: Item, path: Path_, papers: set[str], content: Path) -> list[Problem]:
    attached = [k for k in ("paper", "document") if getattr(item, k)]
    if len(attached) > 1 or (item.procedural and (attached or item.to_follow)):
        return [source.problem(path, "an item is one of: procedural, a paper, a document, or to follow")]
    if not attached and not item.procedural and not item.to_follow and not item.items:
        return [
            source.problem(
                path, "say what the item is: procedural: true, paper: <folder>, document: <file>.pdf or to_follow: true"
            )
        ]
    if item.paper and item.paper not in papers:
        return [
            source.problem(
                path + ("paper",), f"no paper '{item.paper}' in content/" + did_you_mean(item.paper, sorted(papers))
            )
        ]
    if item.document:
        return _document_problems(source, item.document, path + ("document",), content)
    return []


def _document_problems(source: Source, name: str, path: Path_, content: Path) -> list[Problem]:
    folder = meetings_folder(content).resolve()
    file = (folder / name).resolve()
    if not file.is_relative_to(folder) or not file.is_file():
        return [source.problem(path, f"no file '{name}' in {meetings_folder(content).name}/")]
    with file.open("rb") as stream:
        if file.suffix.lower() != ".pdf" or stream.read(5) != b"%PDF-":
            return [source.problem(path, f"'{name}' is not a PDF file: supply the document as a PDF")]
    return []


def supplied_file(content: Path, name: str) -> Path:
    return (meetings_folder(content) / name).resolve()
