"""Composing stage, a private meeting (England): the notices an executive gives before it takes
exempt business in private, checked against the meeting file and composed for the clerk to publish.

Regulation 5 of the Local Authorities (Executive Arrangements) (Meetings and Access to
Information) (England) Regulations 2012 (templates/rules/notice.yaml): a notice of intention at
least 28 clear days before the meeting, with the reasons; a further notice at least five clear
days before, with the representations received and the response; or, where the meeting is
urgent, the agreement that it cannot reasonably be deferred and a notice of why.

Which business is private is read from the meeting file: an item is exempt when it or a parent
item has `exempt:`, when one of its documents has, or when its paper's paper.yaml has `exempt:`;
the sub-items of an exempt item are covered by it.
"""

from __future__ import annotations

import contextlib
import datetime
from dataclasses import dataclass, replace
from pathlib import Path

from councilpapers.compose.cleardays import Notice, latest_publication, notice_of, on_day, shortfall
from councilpapers.core.errors import ContentError, Problem
from councilpapers.core.notices import FURTHER, INTENTION, URGENT, MeetingNotice, NoticeItem, NoticeSection
from councilpapers.core.page import Running
from councilpapers.core.placeholders import fill
from councilpapers.load.meeting import Item, LoadedMeeting, walk
from councilpapers.load.notices import NoticeLabels, PrivateNotice
from councilpapers.load.rules import PRIVATE_CONFIRMED, PRIVATE_INTENTION, Rule
from councilpapers.load.style import HouseStyle
from councilpapers.load.yamlsource import Path_, load_yaml


@dataclass(frozen=True)
class PrivateItem:
    """An item the meeting will take in private, its Schedule 12A paragraph, where it says so."""

    number: str
    title: str
    paragraph: int
    path: Path_


def content_of(loaded: LoadedMeeting) -> Path:
    """The content folder a meeting file belongs to (its files are content/meetings/*.yaml)."""
    return loaded.file.parent.parent


def private_items(loaded: LoadedMeeting) -> list[PrivateItem]:
    """The exempt business, each item once: an exempt item covers its sub-items."""
    papers = _PaperExemptions(content_of(loaded))
    found: list[PrivateItem] = []
    covered: dict[Path_, int | None] = {}  # an item's path → its own or inherited paragraph
    for item, path in walk(loaded.meeting.items):
        parent = path[:-2]
        if parent in covered and covered[parent] is not None:
            covered[path] = covered[parent]
            continue
        paragraph, where = _paragraph(item, papers)
        covered[path] = paragraph
        if paragraph is not None:
            found.append(PrivateItem(item.number, item.title, paragraph, loaded.located(path + where)))
    return found


def _paragraph(item: Item, papers: _PaperExemptions) -> tuple[int | None, Path_]:
    """The item's paragraph (its own, its paper's, or its first exempt document's), and where
    the meeting file says so, below the item."""
    if item.exempt:
        return item.exempt.paragraph, ("exempt",)
    if paragraph := papers.paragraph(item.paper):
        return paragraph, ("paper",)
    for index, document in enumerate(item.documents):
        if document.exempt:
            return document.exempt.paragraph, ("documents", index, "exempt")
        if paragraph := papers.paragraph(document.paper):
            return paragraph, ("documents", index, "paper")
    return None, ()


class _PaperExemptions:
    """A paper's `exempt:` paragraph, read from its paper.yaml once (the paper's own problems
    are reported where the paper is loaded)."""

    def __init__(self, content: Path) -> None:
        self.content = content
        self.seen: dict[str, int | None] = {}

    def paragraph(self, slug: str | None) -> int | None:
        if slug is None:
            return None
        if slug not in self.seen:
            self.seen[slug] = self._read(slug)
        return self.seen[slug]

    def _read(self, slug: str) -> int | None:
        file = self.content / slug / "paper.yaml"
        data = None
        with contextlib.suppress(ContentError, OSError):
            data = load_yaml(file).data if file.is_file() else None
        exempt = data.get("exempt") if isinstance(data, dict) else None
        paragraph = exempt.get("paragraph") if isinstance(exempt, dict) else None
        return paragraph if isinstance(paragraph, int) and 1 <= paragraph <= 7 else None


# ---- the checks -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rules:
    intention: Rule
    confirmed: Rule


def _rules(loaded: LoadedMeeting, notice: Notice) -> _Rules | None:
    """The private-meeting rules this meeting keeps: its nation has them on its day, and it is
    not said to be other than an executive's."""
    day = loaded.meeting.date
    intention = notice.rules.rule(PRIVATE_INTENTION, day)
    confirmed = notice.rules.rule(PRIVATE_CONFIRMED, day)
    if intention is None or confirmed is None or loaded.meeting.executive is False:
        return None
    return _Rules(intention, confirmed)


def private_findings(loaded: LoadedMeeting, notice: Notice) -> list[Problem]:
    """Where the notices of the meeting's private business are missing, late or incomplete."""
    rules = _rules(loaded, notice)
    items = private_items(loaded) if rules else []
    if rules is None or not items:
        return []
    recorded = loaded.meeting.private_notice
    if recorded is not None and recorded.urgent is not None:
        return []
    if recorded is None or (recorded.intention is None and recorded.confirmed is None):
        return [_missing(loaded, notice, rules, items)]
    findings = [
        _dated(loaded, notice, rule, day, field, name)
        for rule, day, field, name in (
            (rules.intention, recorded.intention, "intention", "notice of intention"),
            (rules.confirmed, recorded.confirmed, "confirmed", "further notice"),
        )
    ]
    if recorded.representations and not recorded.response:
        findings.append(
            loaded.source.problem(
                ("private_notice", "representations"),
                "representations were received: the further notice states the response to them "
                "(reg. 5(5)(c)); write it as private_notice: response:",
            )
        )
    return [f for f in findings if f is not None]


def _missing(loaded: LoadedMeeting, notice: Notice, rules: _Rules, items: list[PrivateItem]) -> Problem:
    day = loaded.meeting.date
    numbers = [i.number for i in items]
    named = f"item {numbers[0]} is" if len(numbers) == 1 else f"items {', '.join(numbers[:-1])} and {numbers[-1]} are"
    first = latest_publication(day, rules.intention.days, notice.calendar, rules.intention.count)
    further = latest_publication(day, rules.confirmed.days, notice.calendar, rules.confirmed.count)
    unsure = (
        "; or say executive: false if the meeting is not of the executive, a committee of it or a joint committee"
        if loaded.meeting.executive is None
        else ""
    )
    return loaded.source.problem(
        items[0].path,
        f"{named} exempt (Schedule 12A): an executive takes exempt business in private only after a notice of "
        f"intention at least {rules.intention.days} clear days before the meeting ({rules.intention.source}) and "
        f"a further notice at least {rules.confirmed.days} clear working days before (reg. 5(4)): publish them by "
        f"{on_day(first)} and {on_day(further)} at the latest and record the days as private_notice: "
        f"{{intention: YYYY-MM-DD, confirmed: YYYY-MM-DD}}{unsure}",
    )


def _dated(
    loaded: LoadedMeeting, notice: Notice, rule: Rule, day: datetime.date | None, field: str, name: str
) -> Problem | None:
    meeting = loaded.meeting.date
    if day is None:
        latest = latest_publication(meeting, rule.days, notice.calendar, rule.count)
        return loaded.source.problem(
            ("private_notice",),
            f"no date of the {name} ({rule.source}): publish it by {on_day(latest)} at the latest and record "
            f"the day as private_notice: {field}: YYYY-MM-DD",
        )
    message = shortfall(day, meeting, rule, notice, subject=f"the {name} of ")
    return loaded.source.problem(("private_notice", field), message) if message else None


# ---- the notices composed --------------------------------------------------------------------


def compose_private_notices(loaded: LoadedMeeting, style: HouseStyle) -> tuple[MeetingNotice, ...]:
    """The notices the clerk publishes for the meeting's private business: of intention and the
    further notice, or the notice of an urgent private meeting; none when it has no private
    business or its nation has no such rule."""
    notice = notice_of(style, loaded.meeting.closures)
    items = private_items(loaded) if _rules(loaded, notice) else []
    if not items:
        return ()
    recorded = loaded.meeting.private_notice or PrivateNotice()
    page = _Page(loaded, style, items)
    if recorded.urgent is not None:
        return (page.urgent(recorded),)
    return page.intention(recorded), page.further(recorded)


class _Page:
    """What every notice of one meeting shares: its words, its details, its items, its layout."""

    def __init__(self, loaded: LoadedMeeting, style: HouseStyle, items: list[PrivateItem]) -> None:
        from councilpapers.compose.layout import layout_of

        meeting = loaded.meeting
        self.loaded, self.style, self.words = loaded, style, style.notice_labels
        self.values = {
            "council": meeting.council or style.council or "",
            "committee": meeting.committee or "",
            "date": on_day(meeting.date),
            "time": meeting.time or "",
            "venue": meeting.venue or "",
        }
        running = {"subject": self.values["committee"], "report_type": "", **self.values}
        self.layout = replace(layout_of(style, running), header=Running(), footer=Running())
        self.items = tuple(NoticeItem(i.number, i.title, _exempt_words(self.words, i.paragraph)) for i in items)

    def notice(
        self, kind: str, title: str, day: datetime.date | None, intro: tuple[str, ...], *sections: NoticeSection
    ) -> MeetingNotice:
        w, v = self.words, self.values
        fields = [(w.meeting, v["committee"]), (w.date, v["date"]), (w.time, v["time"]), (w.venue, v["venue"])]
        fields += [(w.published, on_day(day))] if day else []
        suffix = {INTENTION: "", FURTHER: "-further", URGENT: "-urgent"}[kind]
        return MeetingNotice(
            f"{self.loaded.slug}-private-notice{suffix}",
            kind,
            title,
            v["council"],
            tuple((label, value) for label, value in fields if value),
            intro,
            w.items_heading,
            (w.item_column, w.business_column, w.paragraph_column),
            self.items,
            tuple(s for s in sections if s.paragraphs),
            self.style.pack_labels.contact,
            self._contact(),
            self.style.language,
            self.layout,
        )

    def reasons(self, recorded: PrivateNotice, *more: str) -> NoticeSection:
        extra = (recorded.reasons,) if recorded.reasons else ()
        return NoticeSection(self.words.reasons_heading, (self.words.exempt_reason, *extra, *more))

    def intention(self, recorded: PrivateNotice) -> MeetingNotice:
        w = self.words
        by = recorded.representations_by
        invite = fill(w.invite_by, {"by": on_day(by)}) if by else w.invite
        intro = (fill(w.intention_intro, self.values), w.intention_regulation)
        return self.notice(INTENTION, w.intention_title, recorded.intention, intro, self.reasons(recorded, invite))

    def further(self, recorded: PrivateNotice) -> MeetingNotice:
        w = self.words
        received = tuple(recorded.representations) or (w.no_representations,)
        response = (recorded.response,) if recorded.response else ()
        return self.notice(
            FURTHER,
            w.confirmed_title,
            recorded.confirmed,
            (fill(w.confirmed_intro, self.values), w.confirmed_regulation),
            self.reasons(recorded),
            NoticeSection(w.representations_heading, received),
            NoticeSection(w.response_heading, response),
        )

    def urgent(self, recorded: PrivateNotice) -> MeetingNotice:
        w, urgent = self.words, recorded.urgent
        assert urgent is not None  # compose_private_notices asks only when it is given
        agreed = (
            fill(w.agreed, {"agreed_by": urgent.agreed_by, "agreed": on_day(urgent.agreed)})
            if urgent.agreed
            else fill(w.agreed_undated, {"agreed_by": urgent.agreed_by})
        )
        return self.notice(
            URGENT,
            w.urgent_title,
            urgent.published,
            (fill(w.urgent_intro, self.values), w.urgent_regulation),
            NoticeSection(w.urgent_heading, (agreed, urgent.reasons)),
            self.reasons(recorded),
        )

    def _contact(self) -> tuple[tuple[str, str], ...]:
        clerk, labels = self.loaded.meeting.clerk, self.style.labels
        if clerk is None:
            return ()
        lines = [(labels.name, clerk.name), (labels.telephone, clerk.telephone), (labels.email, clerk.email)]
        return tuple((label, value) for label, value in lines if value)


def _exempt_words(words: NoticeLabels, paragraph: int) -> str:
    return fill(words.paragraph, {"paragraph": str(paragraph), "description": words.schedule_12a[paragraph - 1]})
