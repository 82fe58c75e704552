"""The composed document model of the February paper, as golden data and as a reader sees it."""

from __future__ import annotations

import difflib

import pytest

from councilpapers.core.model import Paragraph, Table, plain

from ..goldens import PAPERS, current_outline, golden_outline
from ..helpers import changed


def numbered(document):
    return {b.number: b for s in document.sections for b in s.blocks if isinstance(b, Paragraph) and b.number}


@pytest.mark.parametrize("slug", PAPERS)
def test_each_papers_outline_matches_its_golden(slug):
    """The outline (front sheet, numbering, totals, figures in prose) of every paper in content/."""
    expected, actual = golden_outline(slug).read_text(encoding="utf-8"), current_outline(slug)
    diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), "golden", "now", n=1))
    assert actual == expected, f"{slug}'s outline changed (run `make goldens` if intended):\n{diff[:4000]}"


def test_sections_and_paragraph_numbers_follow_the_published_paper(document):
    assert [f"{s.number} {s.title}" for s in document.sections][:2] == [
        "1.0 About the Children's Services and Education Directorate",
        "2.0 Budget Consultation",
    ]
    assert len(document.sections) == 9
    counts = {s.number: sum(1 for b in s.blocks if isinstance(b, Paragraph) and b.number) for s in document.sections}
    assert counts == {"1.0": 8, "2.0": 2, "3.0": 3, "4.0": 10, "5.0": 51, "6.0": 2, "7.0": 3, "8.0": 8, "9.0": 0}


def test_prose_restates_table_figures(document):
    paragraphs = numbered(document)
    assert "net annual budget for 2017/18 is £103.325m" in plain(paragraphs["5.1"].inlines)
    assert "savings of £300k could be achieved" in plain(paragraphs["5.13"].inlines)
    assert "from 68 (inc. 1 grant funded" in plain(paragraphs["5.22"].inlines)


def test_cross_reference_follows_the_numbering(document):
    paragraph = numbered(document)["5.35"]
    xrefs = [p for p in paragraph.inlines if p.kind == "xref"]
    assert ("5.22", "budget-2018-20-p5-22") in [(x.text, x.anchor) for x in xrefs]


def test_computed_totals_are_shown(document):
    tables = {t.id: t for t in document.tables()}
    total = tables["service_budget"].rows[-1]
    assert [plain(c.inlines) for c in total.cells] == ["Total", "617,603", "103,325", "1,181"]
    risk = tables["risk_register"]
    column = [c.id for c in risk.columns].index("risk")
    assert [r.cells[column].value for r in risk.rows] == [12, 8, 8, 8, 16, 16, 8, 9, 12, 9, 9]
    income = next(r for r in tables["subjective_summary"].rows if r.id == "government_grants")
    assert plain(income.cells[1].inlines) == "(503,475)"


def test_appendices_and_delivery_plans(document):
    assert [a.title for a in document.appendices] == [
        "Appendix 1: Summary Budget Position and Savings Schedule",
        "Children's Services Delivery Plans 2018/19 – 2019/20",
    ]
    plans = document.appendices[1].parts
    assert [p.title.split(" – ")[0] for p in plans] == [f"Delivery Plan {n}" for n in range(1, 6)]

    def ids(appendix):
        found = [b.id for b in appendix.blocks if isinstance(b, Table)]
        return found + [i for part in appendix.parts for i in ids(part)]

    assert ids(document.appendices[0]) == ["budget_summary", "budget_changes", "savings"]
    assert ids(document.appendices[1]) == [
        "subjective_summary",
        "performance_plan",
        "equality_assessments",
        "risk_register",
    ]
    assert len(document.tables()) == 12  # with the five in the body


def test_adding_a_paragraph_renumbers_and_cross_references_follow(tmp_path):
    from councilpapers.compose.document import compose
    from councilpapers.load.paper import load_paper

    from ..helpers import copy_real_paper

    folder = copy_real_paper(tmp_path)
    section = folder / "section-05.yaml"
    text = section.read_text(encoding="utf-8")
    anchor = "      - heading: Residential\n"
    assert anchor in text
    section.write_text(changed(text, anchor, anchor + "      - para: A new paragraph.\n", 1), encoding="utf-8")
    document = compose(load_paper(folder)).document
    paragraphs = numbered(document)
    assert plain(paragraphs["5.19"].inlines) == "A new paragraph."
    assert plain(paragraphs["5.23"].inlines).startswith("A decrease in external residential placements from 68")
    assert "As referenced in 5.23 the estimated cost reduction" in plain(paragraphs["5.36"].inlines)


def test_a_table_on_the_front_sheet_is_computed_and_can_be_referenced(tmp_path):
    from councilpapers.compose.document import compose
    from councilpapers.core.model import plain
    from councilpapers.load.paper import load_paper

    from ..helpers import MINIMAL_PAPER, write_paper

    table = """\
  - table:
      id: headline
      caption: Headline figures
      columns:
        - {id: area, header: Area, type: text}
        - {id: net, header: Net, unit: "£,000"}
      rows:
        - {id: a, area: Alpha, net: 10}
        - {id: total, area: Total, sum: above}
  - The total is {headline.total.net}."""
    folder = write_paper(tmp_path / "front", changed(MINIMAL_PAPER, "  - A summary.", "  - A summary.\n" + table))
    document = compose(load_paper(folder)).document
    summary = next(f for f in document.front.fields if f.key == "summary")
    assert [plain(r.cells[1].inlines) for r in summary.blocks[1].rows] == ["10", "10"]
    assert plain(summary.blocks[2].inlines) == "The total is 10."
