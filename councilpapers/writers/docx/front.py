"""Word writer, front sheet: masthead, report-to lines, subject (Title), summary to background papers."""

from __future__ import annotations

from ...model import Document, Inlines, ItemList, ListItem, Text
from .blocks import gap, write_blocks
from .inlines import runs
from .layout import State
from .ooxml import paragraph, run, tab, w
from .styles import TEXT_WIDTH
from .tables import HEADER_FILL, cell, grid, properties, row


def write_front(state: State, document: Document) -> None:
    """The front sheet in the PDF's reading order; the page after it starts with section 1."""
    front, labels = document.front, document.front.labels
    _masthead(state, document)
    _summary_and_recommendations(state, front)
    state.add(paragraph("Heading1", run(labels.wards_affected + " "), run(front.wards_affected, bold=False)))
    if front.strategy_outcomes:
        state.add(outcomes_table(front.strategy_outcomes, labels.outcomes))
        state.after_table = True
    if front.implications:
        state.add(paragraph("Normal", run(labels.implications_intro), **gap(state)))
        write_blocks(state, [items(tuple((Text(i),) for i in front.implications), "bullet")])
    for heading, text in front.financial_consequences:
        _section(state, heading, [text])
    _contacts(state, front.contacts, labels)
    if front.background_documents:
        _section(state, labels.background_documents, front.background_documents)


def _masthead(state: State, document: Document) -> None:
    """Council and report type, then the meetings, the subject (Word's Title) and the author."""
    front, labels = document.front, document.front.labels
    state.add(paragraph("Masthead", run(front.council), tab(), run(front.report_type)))
    state.add(labelled(labels.report_to, "\n".join(f"{body} – {date}" for body, date in front.report_to)))
    state.add(paragraph("Title", run(labels.subject), tab(), run(document.title)))
    state.add(labelled(labels.report_of, front.report_of))


def items(pieces: tuple[Inlines, ...], style: str) -> ItemList:
    """The front sheet's own lists, as the model's lists."""
    return ItemList(tuple(ListItem(inlines) for inlines in pieces), style)


def labelled(label: str, value: str):
    return paragraph("FrontSheetField", run(label, bold=True), tab(), run(value))


def _summary_and_recommendations(state: State, front) -> None:
    _section(state, front.labels.summary, front.summary)
    if len(front.recommendations) > 1:
        state.add(paragraph("Heading1", run(front.labels.recommendations)))
        write_blocks(state, [items(front.recommendations, "decimal")])
    else:
        _section(state, front.labels.recommendations, front.recommendations)


def _section(state: State, heading: str, paragraphs) -> None:
    state.add(paragraph("Heading1", run(heading), **gap(state)))
    for inlines in paragraphs:
        state.add(paragraph("Normal", *runs(inlines)))


def _contacts(state: State, contacts, labels) -> None:
    state.add(paragraph("Heading1", run(labels.contact_officers), **gap(state)))
    for contact in contacts:
        values = (contact.name, contact.position, contact.telephone, contact.email)
        text = "\n".join(f"{label}\t{value}" for label, value in zip(labels.contact_fields, values) if value)
        state.add(paragraph("ContactDetails", run(text)))


def outcomes_table(outcomes, headers: tuple[str, str]):
    """The strategy-outcomes table: outcome, and the paper's contribution to it."""
    width = TEXT_WIDTH[False]
    widths = [round(width * 0.4), width - round(width * 0.4)]
    head = row([cell(size, paragraph("TableHeading", run(label)), fill=HEADER_FILL)
                for size, label in zip(widths, headers)], header=True)
    body = [row([cell(widths[0], paragraph("TableText", *runs(outcome))),
                 cell(widths[1], paragraph("TableText", *runs(contribution)))])
            for outcome, contribution in outcomes]
    return w("tbl", properties("Manchester Strategy outcomes and this report's contribution", width, 0),
             grid(widths), head, *body)
