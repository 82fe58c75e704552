"""Comparing stage, the note of changes: the comparison as text for the terminal, and as a
short Document ("Changes since the published version") that the build writes as PDF and Word."""

from __future__ import annotations

from dataclasses import replace

from councilpapers.compare.figures import Fig
from councilpapers.compare.packs import PackPlace
from councilpapers.compare.report import Change, Reach, Report, Sentence
from councilpapers.core import model as m
from councilpapers.core import page

TITLE = "Changes since the published version"


# ---- the terminal ------------------------------------------------------------------------


def report_text(report: Report) -> str:
    since = report.revision
    lines = [f"{report.paper}: {report.subject}", f"compared with {since}: {since.subject}", ""]
    if not report.changed:
        lines.append(f"no figure changed since {since.asked}")
    else:
        count = len(report.reaches)
        lines.append(f"{count} typed figure{'s' if count != 1 else ''} changed since {since.asked}")
    for reach in report.reaches:
        lines += [""] + reach_lines(reach, report)
    if report.others:
        lines += ["", "computed figures that changed for another reason (a formula, or the rows it adds up):"]
        lines += [f"  {change_line(c)}" for c in report.others]
    for heading, figures in (("figures added", report.added), ("figures removed", report.removed)):
        if figures:
            lines += ["", f"{heading}:"] + [f"  {f.label} [{f.key}]: {f.shown}" for f in figures]
    lines += [""] + text_lines(report)
    if report.lapsed:
        lines += [
            "",
            "accepted differences to review: the figures their reasons cite have moved (check fails on them):",
        ]
        lines += [f"  {line}" for line in report.lapsed]
    return "\n".join(lines).rstrip()


def change_line(change: Change) -> str:
    new = change.new
    return f"{new.label} [{new.key}]: {change.old.shown} → {new.shown} ({change.difference_text})"


def reach_lines(reach: Reach, report: Report) -> list[str]:
    change = reach.change
    lines = [
        f"{change.new.label} [{change.new.key}]",
        f"  {change.old.shown} → {change.new.shown} ({change.difference_text})",
    ]
    if reach.moved:
        lines.append("  computed figures that moved:")
        lines += [f"    {change_line(c)}" for c in reach.moved]
    if reach.sentences:
        lines.append("  sentences:")
        lines += [f"    {s.where}: {sentence_text(s)}" for s in reach.sentences]
    if reach.tables:
        lines.append("  tables:")
        lines += [f"    {t.title} [{t.id}]: {t.location}" for t in reach.tables]
        lines.append(f"  workbook sheets: {', '.join(t.sheet for t in reach.tables)}")
    lines.append("  agenda packs: " + ("; ".join(pack_text(p) for p in report.packs) or "none includes the paper"))
    return lines


def sentence_text(sentence: Sentence) -> str:
    """'"…budget for 2017/18 is £104.325m" (was £103.325m)': the reference's new and old wording."""
    if sentence.old is None:
        was = "a new reference"
    elif sentence.old == sentence.new:
        was = "printed the same as before"
    else:
        was = f"was {sentence.old}"
    return f"“{sentence.before}{sentence.new}” ({was})"


def pack_text(pack: PackPlace) -> str:
    return f"{pack.committee} {pack.date}, item {pack.item} ({', '.join(pack.files)})"


def text_lines(report: Report) -> list[str]:
    if not report.text:
        return [f"text: unchanged since {report.revision.asked}"]
    lines = [f"text changed since {report.revision.asked}:"]
    for kind in ("reworded", "added", "removed"):
        found = [t.what for t in report.text if t.kind == kind]
        if found:
            lines.append(f"  {kind}: {'; '.join(found)}")
    return lines


# ---- the page ----------------------------------------------------------------------------


def _p(text: str) -> m.Paragraph:
    return m.Paragraph((m.Text(text),))


def _bullets(items: list[str]) -> m.ItemList:
    return m.ItemList(tuple(m.ListItem((m.Text(i),)) for i in items))


def changes_document(report: Report) -> m.Document:
    """The short document an author attaches to a revised paper: what changed, and where.
    Everything sits on its front sheet (labelled fields, in the paper's house style), so a
    short report is a single page."""
    paper = report.document
    fields = [
        m.FrontField("subject", "Paper:", "title", (_p(paper.title),)),
        m.FrontField("report_to", "Compared with:", "line", (_p(compared_with(report)),)),
        m.FrontField("summary", "Summary", "heading", (_p(summary(report)),)),
    ]
    changes = [r.change for r in report.reaches] + list(report.others)
    if changes:
        fields.append(
            m.FrontField("changed_figures", "Figures that changed", "heading", (changes_table(changes, paper.slug),))
        )
    if report.reaches:
        blocks = tuple(b for r in report.reaches for b in reach_blocks(r, report))
        fields.append(m.FrontField("reach", "Where each change reaches", "heading", blocks))
    others = others_blocks(report)
    if others:
        fields.append(m.FrontField("other_changes", "Other changes", "heading", tuple(others)))
    return replace(
        paper,
        slug=f"{report.paper}-changes",
        title=f"{TITLE}: {paper.title}",
        report_type=TITLE,
        date=report.revision.date or paper.date,
        front=m.FrontSheet((paper.council, TITLE), tuple(fields)),
        sections=(),
        appendices=(),
        exempt=paper.exempt,  # the note of a paper not for publication is not for publication either
        layout=replace(paper.layout, header=page.Running(), pack_header=page.Running(), pack_footer=page.Running()),
    )


def compared_with(report: Report) -> str:
    """The earlier version, for the note a reader gets: its date and revision (the commit's
    message, which speaks to the authors, stays in the terminal)."""
    since = report.revision
    return f"the version of {long_date(since.date)} (revision {since.asked}, commit {since.short})"


def long_date(iso: str) -> str:
    import datetime

    from councilpapers.core.dates import long_date as shown

    try:
        return shown(datetime.date.fromisoformat(iso))
    except ValueError:
        return iso


def summary(report: Report) -> str:
    if not report.changed:
        return f"No figure has changed since the version of {long_date(report.revision.date)}."
    count = len(report.reaches)
    moved = len({c.new.key for r in report.reaches for c in r.moved})
    sentences = sum(len(r.sentences) for r in report.reaches)
    return (
        f"{count} figure{'s' if count != 1 else ''} typed in the paper changed, moving {moved} computed "
        f"figure{'s' if moved != 1 else ''} and the wording of {sentences} reference{'s' if sentences != 1 else ''} "
        "in the text. The table gives each figure that changed as the paper prints it; "
        "every place each change reaches is listed after it."
    )


def changes_table(changes: list[Change], slug: str) -> m.Table:
    columns = (
        m.Column("figure", "Figure", None, None, None, False, 0, False),
        m.Column("table", "Table", None, None, None, False, 0, False),
        m.Column("old", "Previous", None, None, None, True, 0, False),
        m.Column("new", "Revised", None, None, None, True, 0, False),
        m.Column("difference", "Difference", None, None, None, True, 0, False),
    )
    rows = tuple(
        m.Row(
            f"change{index}",
            "data",
            (
                m.Cell((m.Text(c.new.label),)),
                m.Cell((m.Text(c.new.where),)),
                m.Cell((m.Text(c.old.shown),), c.old.value),
                m.Cell((m.Text(c.new.shown),), c.new.value),
                m.Cell((m.Text(c.difference_in_table),), c.difference),
            ),
        )
        for index, c in enumerate(changes, start=1)
    )
    return m.Table(
        "changes",
        "Previous and revised figures, as the paper prints them",
        None,
        columns,
        rows,
        f"{slug}-changes-table",
    )


def reach_blocks(reach: Reach, report: Report) -> list[m.Block]:
    change = reach.change
    head = m.Paragraph(
        (
            m.Strong((m.Text(f"{change.new.label}, {_in(change.new)}"),)),
            m.Text(f": {change.old.shown} to {change.new.shown} ({change.difference_text})."),
        )
    )
    groups = (
        (
            "Computed figures that moved with it",
            [f"{c.new.label}, {_in(c.new)}: {c.old.shown} to {c.new.shown} ({c.difference_text})" for c in reach.moved],
        ),
        ("Sentences that restate it", [f"{s.where}: {sentence_text(s)}" for s in reach.sentences]),
        ("Tables", [f"{t.title} ({t.location}; workbook sheet {t.sheet})" for t in reach.tables]),
        ("Agenda packs", [f"{p.committee} {p.date}, item {p.item}" for p in report.packs]),
    )
    items = tuple(m.ListItem((m.Text(f"{heading}:"),), (_bullets(found),)) for heading, found in groups if found)
    return [head, m.ItemList(items)]


def _in(fig: Fig) -> str:
    return f"table '{fig.where}'" if fig.table else fig.where


def others_blocks(report: Report) -> list[m.Block]:
    blocks: list[m.Block] = []
    for heading, figures in (("Figures added", report.added), ("Figures removed", report.removed)):
        if figures:
            blocks += [_p(f"{heading}:"), _bullets([f"{f.label}, {_in(f)}: {f.shown}" for f in figures])]
    for kind in ("reworded", "added", "removed"):
        found = [t.what for t in report.text if t.kind == kind]
        if found:
            blocks += [_p(f"Text {kind}:"), _bullets(found)]
    return blocks
