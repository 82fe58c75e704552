"""Composing stage, front sheet: the paper's fields in its house style's order and words.

Every field becomes a labelled `FrontField` of ordinary blocks (paragraphs, lists, a table,
labelled lines), so writers iterate the fields and know no council's front sheet.
"""

from __future__ import annotations

from collections.abc import Callable

from councilpapers.compose.blocks import Blocks, FrontFieldName
from councilpapers.compose.context import Context
from councilpapers.core import model as m
from councilpapers.core.dates import long_date
from councilpapers.core.placeholders import fill
from councilpapers.load.schema.paper import FinancialConsequences, Implication


def compose_front(c: Context, b: Blocks) -> m.FrontSheet:
    fields: list[m.FrontField] = []
    for spec in c.style.front_sheet:
        for label, blocks in BUILDERS[spec.field](c, b):
            if blocks:
                shown = (
                    label.upper()
                    if spec.display == "heading" and c.style.numbering.capitalise_front_headings
                    else label
                )
                fields.append(m.FrontField(spec.field, shown, spec.display, tuple(blocks)))
    logo = c.style.logo
    return m.FrontSheet(
        masthead(c), tuple(fields), m.Logo(f"styles/{logo.file}", logo.alt, logo.width_mm) if logo else None
    )


def masthead(c: Context) -> tuple[str, ...]:
    paper = c.loaded.paper
    lines = [c.council, paper.report_type, *paper.masthead]
    if c.loaded.exempt:
        lines.append(fill(c.labels.exempt_notice, {"paragraph": str(c.loaded.exempt)}))
    return tuple(line.upper() for line in lines) if c.style.masthead_capitals else tuple(lines)


Built = list[tuple[str, list[m.Block]]]  # (label, the field's blocks) of each field a builder makes


def _text(c: Context, b: Blocks, value: str, *path: str | int) -> m.Paragraph:
    return m.Paragraph(b.inlines(value, c.loaded.source, path))


def _plain(value: str) -> m.Paragraph:
    return m.Paragraph((m.Text(value),))


def _report_to(c: Context, b: Blocks) -> Built:
    dated = not c.style.shows("meeting_date")
    lines = [f"{r.body} – {long_date(r.date)}" if dated else r.body for r in c.loaded.paper.report_to]
    return [(c.labels.report_to, [_plain(line) for line in lines])]


def _meeting_date(c: Context, b: Blocks) -> Built:
    dates = [r.date for r in c.loaded.paper.report_to]
    return [(c.labels.meeting_date, [_plain(long_date(dates[0]))] if dates else [])]


def _single(key: str) -> Callable[[Context, Blocks], Built]:
    def build(c: Context, b: Blocks) -> Built:
        value = getattr(c.loaded.paper, key)
        return [(getattr(c.labels, key), [_text(c, b, value, key)] if value else [])]

    return build


def _blocks(key: FrontFieldName) -> Callable[[Context, Blocks], Built]:
    def build(c: Context, b: Blocks) -> Built:
        return [(getattr(c.labels, key), b.field(key))]

    return build


def _background(c: Context, b: Blocks) -> Built:
    blocks = b.field("background_documents")
    if blocks and c.labels.background_note:
        blocks.insert(0, _plain(c.labels.background_note))
    return [(c.labels.background_documents, blocks)]


def _outcomes(c: Context, b: Blocks) -> Built:
    outcomes = c.loaded.paper.strategy_outcomes
    if not outcomes:
        return []
    columns = (
        m.Column("outcome", c.labels.outcome_column, None, None, None, False, 0, False),
        m.Column("contribution", c.labels.contribution_column, None, None, None, False, 0, False),
    )
    rows = tuple(
        m.Row(
            f"outcome{i + 1}",
            "data",
            (
                m.Cell(b.inlines(o.outcome, c.loaded.source, ("strategy_outcomes", i, "outcome"))),
                m.Cell(b.inlines(o.contribution, c.loaded.source, ("strategy_outcomes", i, "contribution"))),
            ),
        )
        for i, o in enumerate(outcomes)
    )
    table = m.Table(
        "strategy_outcomes",
        c.labels.strategy_outcomes,
        None,
        columns,
        rows,
        anchor=c.anchor("strategy-outcomes"),
        variant="front",
    )
    return [("", [table])]


def _implications(c: Context, b: Blocks) -> Built:
    items = c.loaded.paper.implications
    if not items:
        return []
    pairs = [i for i in items if isinstance(i, Implication)]
    if len(pairs) == len(items):
        lines: tuple[tuple[str, m.Inlines], ...] = tuple((i.policy, (m.Text(i.answer),)) for i in pairs)
        return [(c.labels.implications, [m.FieldLines(lines)])]
    bullets = b.list_of(
        [i if isinstance(i, str) else f"{i.policy}: {i.answer}" for i in items],
        "bullet",
        1,
        c.loaded.source,
        ("implications",),
    )
    return [(c.labels.implications, [_plain(c.labels.implications_intro), bullets])]


def _money(c: Context, b: Blocks) -> Built:
    value = c.loaded.paper.financial_consequences
    if value is None:
        return []
    if isinstance(value, FinancialConsequences):
        return [
            (c.labels.revenue, _paragraphs(c, b, value.revenue, "financial_consequences", "revenue")),
            (c.labels.capital, _paragraphs(c, b, value.capital, "financial_consequences", "capital")),
        ]
    return [(c.labels.financial_consequences, _paragraphs(c, b, value, "financial_consequences"))]


def _paragraphs(c: Context, b: Blocks, value: str | list[str], *path: str | int) -> list[m.Block]:
    if isinstance(value, str):
        return [_text(c, b, value, *path)]
    return [_text(c, b, text, *path, i) for i, text in enumerate(value)]


def _contacts(c: Context, b: Blocks) -> Built:
    contacts, labels = c.loaded.paper.contact_officers, c.labels
    blocks: list[m.Block] = []
    for contact in contacts:
        email = (m.Link(contact.email, f"mailto:{contact.email}"),) if contact.email else None
        if c.style.contact_layout == "compact":
            first = ", ".join(filter(None, (contact.name, contact.position)))
            phone = f" {labels.telephone} {contact.telephone}" if contact.telephone else ""
            blocks.append(_plain(first + phone))
            if email:
                blocks.append(m.Paragraph((m.Text(f"{labels.email} "), *email)))
            continue
        pairs = (
            (labels.name, contact.name),
            (labels.position, contact.position),
            (labels.telephone, contact.telephone),
        )
        lines: list[tuple[str, m.Inlines]] = [(label, (m.Text(value),)) for label, value in pairs if value]
        if email:
            lines.append((labels.email, email))
        blocks.append(m.FieldLines(tuple(lines)))
    return [(labels.contact_officers, blocks)]


BUILDERS: dict[str, Callable[[Context, Blocks], Built]] = {
    "report_to": _report_to,
    "meeting_date": _meeting_date,
    "subject": _single("subject"),
    "report_of": _single("report_of"),
    "purpose": _blocks("purpose"),
    "summary": _blocks("summary"),
    "recommendations": _blocks("recommendations"),
    "wards_affected": _single("wards_affected"),
    "strategy_outcomes": _outcomes,
    "implications": _implications,
    "financial_consequences": _money,
    "contact_officers": _contacts,
    "background_documents": _background,
}
