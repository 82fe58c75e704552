"""The Document's one walk (core/model.py's `walk`): everything in reading order, each node
before what it holds, and an error, not a skip, for a kind of block or inline it does not know."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest

from councilpapers.core import model as m
from councilpapers.core.page import Layout, Page, Running

A4 = Page(210, 297, (20, 20, 20, 20))
LAYOUT = Layout(A4, A4, "Arial", 11, 9, 9, (("text", "#000000"),), Running(), Running())


def run(name: str) -> m.Inlines:
    return (m.Text(f"{name} "), m.Strong((m.Figure(f"£{name}", f"{name}_figure", 1),)))


def small_document() -> m.Document:
    """A paper holding one of everything the walk goes into, each named for its place."""
    table = m.Table(
        "t",
        "Table t",
        rows=(m.Row("r", "data", (m.Cell(run("cell"), 1), m.Cell(run("label")))),),
        notes=(run("note"),),
    )
    listed = m.ItemList((m.ListItem(run("item1"), (m.Quote(run("quote")),)), m.ListItem(run("item2"))))
    section = m.Section(
        "1.", "One", "s1", (m.Heading(run("heading"), 2), m.Paragraph(run("para"), "1.1", None, (listed,)))
    )
    part = m.Appendix("Appendix 1a", "a1a", 3, True, (table,))
    appendix = m.Appendix("Appendix 1", "a1", 2, False, (m.FieldLines((("Name:", run("line")),)),), (part,))
    front = m.FrontSheet(("Council",), (m.FrontField("purpose", "Purpose", "heading", (m.Paragraph(run("front")),)),))
    return m.Document(
        "p", "Paper", "en-GB", "", "2024-01-01", "Council", "Report", front, (section,), (appendix,), LAYOUT
    )


def label(node) -> str:
    """What a visit is, in a word: the node's type, a run by its first words, a text by its text."""
    if isinstance(node, tuple):
        return f"run {node[0].text.strip()}"
    if isinstance(node, (m.Text, m.Figure)):
        return f"{type(node).__name__} {node.text.strip()}"
    return type(node).__name__


def test_the_walk_visits_everything_in_reading_order_each_node_before_what_it_holds():
    visits = [label(n) for n in m.walk(small_document())]
    pieces = ["Text {0}", "Strong", "Figure £{0}"]

    def run_of(name: str) -> list[str]:
        return [f"run {name}"] + [p.format(name) for p in pieces]

    assert visits == [
        "Document",
        "FrontSheet",
        "FrontField",
        "Paragraph",
        *run_of("front"),
        "Section",
        "Heading",
        *run_of("heading"),
        "Paragraph",
        *run_of("para"),
        "ItemList",
        "ListItem",
        *run_of("item1"),
        "Quote",
        *run_of("quote"),
        "ListItem",
        *run_of("item2"),
        "Appendix",
        "FieldLines",
        *run_of("line"),
        "Appendix",
        "Table",
        "Row",
        "Cell",
        *run_of("cell"),
        "Cell",
        *run_of("label"),
        *run_of("note"),
    ]


def test_without_inlines_the_walk_stays_out_of_runs_of_pieces():
    assert [label(n) for n in m.walk(small_document(), inlines=False)] == [
        "Document",
        "FrontSheet",
        "FrontField",
        "Paragraph",
        "Section",
        "Heading",
        "Paragraph",
        "ItemList",
        "ListItem",
        "Quote",
        "ListItem",
        "Appendix",
        "FieldLines",
        "Appendix",
        "Table",
        "Row",
        "Cell",
        "Cell",
    ]


def test_queries_built_on_the_walk():
    document = small_document()
    section = document.sections[0]
    assert [f.source for f in m.figures_in(run("x"))] == ["x_figure"]
    assert m.tables_of(section.blocks) == []
    assert [(t.id, landscape) for t, landscape in document.tables_on_pages()] == [("t", True)]  # its part's page


@dataclass(frozen=True)
class Chart:
    """A kind of block the walk has not been told of."""

    inlines: m.Inlines
    kind = "chart"


@dataclass(frozen=True)
class Footnote:
    text: str
    kind = "footnote"


def test_a_kind_of_block_the_walk_does_not_know_is_an_error_naming_it():
    document = small_document()
    section = replace(document.sections[0], blocks=(*document.sections[0].blocks, Chart(run("chart"))))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="does not know a Chart"):
        list(m.walk(replace(document, sections=(section,))))
    with pytest.raises(TypeError, match="does not know a Chart"):
        replace(document, sections=(section,)).tables()  # the table lists use the walk too


def test_a_kind_of_inline_the_walk_does_not_know_is_an_error_naming_it():
    with pytest.raises(TypeError, match="does not know a Footnote"):
        m.figures_in((m.Text("see "), Footnote("1")))  # type: ignore[arg-type]
