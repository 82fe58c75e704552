"""Loading stage, meetings: `content/meetings/<meeting>.yaml` → a validated agenda.

A clerk describes the meeting (committee, date, time, venue, membership, clerk, publication
date) and its agenda items in order. An item is procedural (no pages), a paper from
`content/`, a PDF supplied in `content/meetings/`, or to follow; it may have sub-items and may
be exempt (a paragraph of Part 1 of Schedule 12A to the Local Government Act 1972).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from councilpapers.core.errors import ContentError, Problem
from councilpapers.load.fonts import font_problems
from councilpapers.load.meeting_schema import Clerk, Item, ItemDocument, Meeting, Member, Membership, Urgent
from councilpapers.load.messages import did_you_mean
from councilpapers.load.validate import inside, outside_problem, read_validated
from councilpapers.load.yamlsource import Path_, Source

if TYPE_CHECKING:
    from councilpapers.load.style import HouseStyle

__all__ = [
    "Clerk",
    "Item",
    "ItemDocument",
    "LoadedMeeting",
    "Meeting",
    "Member",
    "Membership",
    "Urgent",
    "load_meetings",
    "walk",
]


@dataclass(frozen=True)
class LoadedMeeting:
    slug: str
    file: Path
    source: Source
    meeting: Meeting  # completed by its committee file, standing items first
    committee: Path | None = None  # the committee file it names

    def located(self, path: Path_) -> Path_:
        """An item's path in the meeting file: its committee file's standing items come first in
        the loaded meeting, and are located at the meeting's `committee_file:`."""
        data = self.source.data
        written = data.get("items") if isinstance(data, dict) else None
        standing = len(self.meeting.items) - (len(written) if isinstance(written, list) else 0)
        if not standing or len(path) < 2 or path[0] != "items":
            return path
        return ("committee_file",) if path[1] < standing else ("items", path[1] - standing, *path[2:])


def meetings_folder(content: Path) -> Path:
    return content / "meetings"


def load_meeting(file: Path, content: Path) -> LoadedMeeting:
    """Read and validate a meeting file (completed by its committee file), and check every item
    against content/: the meeting's own items located in its file, the standing items in the
    committee file, and a number both use located at the meeting's item."""
    from councilpapers.load.committee import committees_folder, load_committee, with_committee

    if not inside(file, content):
        raise ContentError([outside_problem(file, content)])
    problems: list[Problem] = []
    source, meeting = read_validated(file, Meeting, problems)
    if meeting is None or source is None:
        raise ContentError(problems)
    committee_file = None
    standing: list[Item] = []
    sources = [source]  # the files whose words the packs print, checked against the house font
    if meeting.committee_file:
        committee_source, committee = load_committee(content, meeting.committee_file, source)
        sources.append(committee_source)
        committee_file = committees_folder(content) / f"{meeting.committee_file}.yaml"
        meeting = with_committee(meeting, committee)
        if meeting.standing_items:
            standing = _checked(
                committee_source, committee.standing_items, content, "standing_items", meeting, problems
            )
    own = _checked(source, meeting.items[len(standing) :], content, "items", meeting, problems)
    problems.extend(_completed_problems(source, meeting))
    problems.extend(_shared_numbers(source, standing, own))
    problems.extend(font_problems(sources, _style(meeting, content).fonts.family))
    if problems:
        raise ContentError(problems)
    return LoadedMeeting(file.stem, file, source, meeting.model_copy(update={"items": standing + own}), committee_file)


def _checked(
    source: Source, items: list[Item], content: Path, at: str, meeting: Meeting, problems: list[Problem]
) -> list[Item]:
    """Items of one file numbered (sub-items as the style says) and checked, located in that file."""
    unnumbered = _unnumbered_problems(source, items, at)
    problems.extend(unnumbered)
    if unnumbered:
        return items
    items = numbered(items, "", _sub_items(meeting, content))
    problems.extend(item_problems(source, items, content, (at,)))
    return items


def _shared_numbers(source: Source, standing: list[Item], own: list[Item]) -> list[Problem]:
    """A meeting's item numbered like one of its committee's standing items."""
    taken = {item.number for item, _ in walk(standing)}
    return [
        source.problem(path + ("number",), f"item {item.number} is numbered like a standing item of the committee file")
        for item, path in walk(own)
        if item.number in taken
    ]


def _sub_items(meeting: Meeting, content: Path) -> str:
    """How the meeting's house style numbers sub-items that give no number."""
    return _style(meeting, content).pack_numbering.sub_items


def _style(meeting: Meeting, content: Path) -> HouseStyle:
    from councilpapers.load.defaults import default_style
    from councilpapers.load.style import load_style

    return load_style(meeting.style or default_style(content))


def _unnumbered_problems(source: Source, items: list[Item], at: str = "items") -> list[Problem]:
    """An item (not a sub-item) must give its number."""
    return [
        source.problem((at, index), 'give the item its number: number: "5" (only sub-items may leave it out)')
        for index, item in enumerate(items)
        if not item.number
    ]


ROMAN = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def roman(n: int) -> str:
    out = ""
    for value, letters in ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def sub_item_number(parent: str, index: int, scheme: str) -> str:
    """The number a sub-item is given by the house style: 5a, 5(i) or i."""
    if scheme == "letters":
        return f"{parent}{chr(ord('a') + index)}"
    if scheme == "bracketed-roman":
        return f"{parent}({roman(index + 1)})"
    return f"{roman(index + 1)}."


def numbered(items: list[Item], parent: str, scheme: str) -> list[Item]:
    """The items with every sub-item that gives no number numbered as the style says."""
    out = []
    for index, item in enumerate(items):
        number = item.number or sub_item_number(parent, index, scheme)
        children = numbered(item.items, number, scheme)
        out.append(item.model_copy(update={"number": number, "items": children}))
    return out


def _completed_problems(source: Source, meeting: Meeting) -> list[Problem]:
    """What a meeting needs from itself or its committee file."""
    missing = [key for key in ("committee", "time", "venue") if not getattr(meeting, key)]
    return [
        source.problem((), f"the meeting has no `{key}:`: give it here or in its committee file (committee_file:)")
        for key in missing
    ]


def load_meetings(files: list[Path], content: Path) -> list[LoadedMeeting]:
    """Every meeting file loaded and checked; all problems of all meetings raised together."""
    loaded: list[LoadedMeeting] = []
    problems: list[Problem] = []
    for file in files:
        try:
            loaded.append(load_meeting(file, content))
        except ContentError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ContentError(problems)
    return loaded


def walk(items: list[Item], path: Path_ = ("items",)) -> Iterator[tuple[Item, Path_]]:
    """Every item and sub-item with its path in the file."""
    for index, item in enumerate(items):
        yield item, path + (index,)
        yield from walk(item.items, path + (index, "items"))


def item_problems(source: Source, items: list[Item], content: Path, at: Path_ = ("items",)) -> list[Problem]:
    """Each item checked: numbered once, one kind, its paper or documents there. A meeting's
    items after its committee's standing items: a number both use is numbered twice."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    papers = {p.parent.name for p in content.glob("*/paper.yaml")}
    for item, path in walk(items, at):
        if item.number in seen:
            problems.append(
                source.problem(
                    path + ("number",), f"item {item.number} is numbered twice (first on line {seen[item.number]})"
                )
            )
        seen.setdefault(item.number, source.locate(path + ("number",))[0])
        problems.extend(_kind_problems(source, item, path, papers, content))
        for index, extra in enumerate(item.documents):
            problems.extend(_document_of_problems(source, extra, path + ("documents", index), papers, content))
    return problems


def _document_of_problems(
    source: Source, extra: ItemDocument, path: Path_, papers: set[str], content: Path
) -> list[Problem]:
    if bool(extra.paper) == bool(extra.document):
        return [source.problem(path, "a document is either paper: <folder> or document: <file>.pdf")]
    if extra.paper and extra.paper not in papers:
        return [
            source.problem(
                path + ("paper",), f"no paper '{extra.paper}' in content/" + did_you_mean(extra.paper, sorted(papers))
            )
        ]
    return _document_problems(source, extra.document, path + ("document",), content) if extra.document else []


def _kind_problems(source: Source, item: Item, path: Path_, papers: set[str], content: Path) -> list[Problem]:
    attached = [k for k in ("paper", "document") if getattr(item, k)]
    if len(attached) > 1 or (item.procedural and (attached or item.to_follow)):
        return [source.problem(path, "an item is one of: procedural, a paper, a document, or to follow")]
    if not (attached or item.procedural or item.to_follow or item.items or item.documents):
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
    from councilpapers.load.supplied import supplied_problem  # pikepdf, only where a meeting supplies a PDF

    why = supplied_problem(file)
    return [source.problem(path, f"'{name}' {why}")] if why else []


def supplied_file(content: Path, name: str) -> Path:
    return (meetings_folder(content) / name).resolve()
