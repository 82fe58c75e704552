"""A printed figure that differs from the published one says so in the paper: a note under its
table, in the style's words, with the accepted reason; and an acceptance lapses when either
figure its reason cites moves (the published one too: retyping 10,463 as 10,464)."""

from __future__ import annotations

import shutil
from decimal import Decimal

import pytest

from councilpapers.compose.document import compose
from councilpapers.compose.published import Disagreement, differs
from councilpapers.core import model as m
from councilpapers.core.errors import ContentError
from councilpapers.load.paper import load_paper

from ..build.test_check import ACCEPTED, OFF, check
from ..helpers import CONTENT, MINIMAL_BODY, MINIMAL_PAPER, changed, copy_real_paper, write_paper
from .test_tables import run_yaml

SAVINGS_NOTE = (
    "Total Savings, Amount of Recovery Option 2018/19: the published paper shows (10,463); this table prints "
    "(11,945). The published total (10,463) is not the sum of the savings listed above it, which the paper "
    "prints instead (11,945)."
)


def notes_of(document: m.Document) -> dict[str, list[str]]:
    return {t.id: [m.plain(n) for n in t.differences] for t in document.tables() if t.differences}


def test_the_february_paper_notes_each_accepted_difference_under_its_table(composed):
    notes = notes_of(composed.document)
    assert list(notes) == ["savings"]  # the within-tolerance totals of budget_changes get none
    assert len(notes["savings"]) == 5 and notes["savings"][0] == SAVINGS_NOTE
    assert notes["savings"][3].startswith(
        "Net Investment requirement, Amount of Recovery Option 2018/19: the published paper shows 6,882; "
        "this table prints 5,399. The published net investment (6,882)"
    )
    savings = next(t for t in composed.document.tables() if t.id == "savings")
    assert [m.plain(n) for n in savings.notes] == []  # the author's own notes are untouched
    assert savings.differences[0] in list(m.walk(savings))  # the walk (leak check, diff) reads them


def test_the_june_2016_paper_notes_its_four(tmp_path):
    document = compose(load_paper(CONTENT / "demand-capacity-2016")).document
    notes = notes_of(document)
    assert list(notes) == ["open_cases"] and len(notes["open_cases"]) == 4
    assert notes["open_cases"][0] == (
        "CPP, Projected number cases using CC average: the published paper shows 608; this table prints 610. "
        "The paper's 608 was projected from an unrounded population; from the published rates the projection is 610."
    )


def table_notes(tmp_path, body: str, paper: str = MINIMAL_PAPER) -> list[str]:
    shutil.rmtree(tmp_path / "p", ignore_errors=True)
    document = compose(load_paper(write_paper(tmp_path / "p", paper, body=body))).document
    return [m.plain(n) for n in document.tables()[0].differences]


def test_only_an_accepted_difference_that_still_holds_is_noted(tmp_path):
    assert table_notes(tmp_path, MINIMAL_BODY) == []  # agrees
    assert table_notes(tmp_path, changed(MINIMAL_BODY, "{net: 3500}", "{net: 3501}")) == []  # within the tolerance
    assert table_notes(tmp_path, OFF) == []  # differs, not accepted: check fails, the paper says nothing
    assert table_notes(tmp_path, ACCEPTED) == [
        "Total, Net Budget: the published paper shows 3,600; this table prints 3,500. "
        "The published total (3,600) includes a late grant; the paper prints 3,500."
    ]
    assert table_notes(tmp_path, changed(ACCEPTED, "net: 2500", "net: 2400")) == []  # lapsed


def test_the_note_is_in_the_style_s_words_or_the_paper_s(tmp_path):
    paper = (
        MINIMAL_PAPER
        + "labels:\n  published_differs: 'Printed as computed, {computed} ({where}; published {published}). {reason}'\n"
    )
    assert table_notes(tmp_path, ACCEPTED, paper) == [
        "Printed as computed, 3,500 (Total, Net Budget; published 3,600). "
        "The published total (3,600) includes a late grant; the paper prints 3,500."
    ]


def test_a_label_with_a_placeholder_it_does_not_take_is_a_located_error(tmp_path):
    paper = MINIMAL_PAPER + "labels:\n  published_differs: '{were}: {reason}'\n"
    with pytest.raises(ContentError) as caught:
        load_paper(write_paper(tmp_path / "p", paper, body=ACCEPTED))
    (problem,) = caught.value.problems
    assert (problem.line, problem.field) == (19, "labels.published_differs")
    assert problem.message.startswith("unknown placeholder {were} (did you mean {where}?)")


def test_a_figure_that_prints_as_published_is_no_difference_whatever_the_tolerance(tmp_path):
    """917.78 prints 918, as published: no disagreement, no note in the paper or the workbook."""
    text = """\
    tables:
      - id: t
        caption: T
        tolerance: 0
        columns:
          - {id: x, header: X}
          - {id: y, header: Y, formula: x * 80 / 108}
        rows:
          - {id: a, x: 1239, published: {y: 918}}
          - {id: b, x: 1239, published: {y: 917}}
    """
    engine, results = run_yaml(tmp_path, text)
    assert results["t"].cell("a", "y").differs is False and results["t"].cell("b", "y").differs is True
    assert differs(917, 918, 0, 0) and not differs(918, 918, 0, 0) and differs(None, 918, 5, 0)
    assert not differs(917, 918, 1, 0) and not differs(5, None, 0, 0) and not differs("Low", "low", 0, 0)
    assert differs("Low", "Medium", 0, 0) and differs(None, "Low", 0, 0)
    assert not differs(Decimal("1.04"), 1, 0, 1)  # 1.04 prints 1.0 at one decimal: 1.0, as published


def test_an_acceptance_lapses_when_the_published_figure_it_cites_is_retyped(tmp_path):
    """Retyping the February paper's published 10,463 as 10,464 fails the check again."""
    folder = copy_real_paper(tmp_path)
    appendix = folder / "appendix-1.yaml"
    appendix.write_text(
        changed(appendix.read_text(encoding="utf-8"), "amount_1819: -10463", "amount_1819: -10464", 1),
        encoding="utf-8",
    )
    result = check(tmp_path / "content", "budget-2018-20")
    assert result.returncode == 1
    assert (
        "appendix-1.yaml:305: table savings, row total_savings, column amount_1819: published -10,464, computed "
        "-11,945 (no longer accepted: the reason does not cite the published -10,464: The published total "
        "(10,463) is not the sum of the savings listed above it, which the paper prints instead (11,945).)"
    ) in result.stdout
    savings = next(t for t in compose(load_paper(folder)).document.tables() if t.id == "savings")
    assert len(savings.differences) == 4  # the lapsed one is no longer printed as accepted


def test_a_reason_that_cites_neither_figure_says_both(tmp_path):
    both = changed(ACCEPTED, "net: 2500", "net: 2400")
    both = changed(both, "published: {net: 3600}", "published: {net: 3700}")
    write_paper(tmp_path / "c" / "p", body=both)
    result = check(tmp_path / "c")
    assert result.returncode == 1
    assert (
        "published 3,700, computed 3,400 (no longer accepted: the reason does not cite 3,400, which the paper "
        "now computes nor the published 3,700: The published total (3,600)"
    ) in result.stdout


def test_a_disagreement_says_what_its_reason_does_not_cite():
    lapsed = Disagreement(
        "f",
        1,
        "t",
        "r",
        "c",
        5,
        7,
        None,
        False,
        "The paper printed 4; we print 6.",
        ("7, which the paper now computes",),
    )
    assert str(lapsed) == (
        "f:1: table t, row r, column c: published 5, computed 7 (no longer accepted: the reason does not cite "
        "7, which the paper now computes: The paper printed 4; we print 6.)"
    )
    assert lapsed.as_data()["lapsed"] == "The paper printed 4; we print 6." and "uncited" not in lapsed.as_data()


def test_the_workbook_notes_no_published_figure_that_prints_as_published(tmp_path):
    """A projection of 917.8 prints 918, as the paper published it: the Notes sheet says nothing of it
    (with a tolerance of 0, it used to), and notes the 1,676 that does differ."""
    from councilpapers.writers.xlsx.plan import plan

    body = changed(MINIMAL_BODY, "          tolerance: 1\n", "          tolerance: 0\n")
    body = changed(
        body,
        '            - {id: net, header: Net Budget, unit: "£,000"}\n',
        '            - {id: net, header: Net Budget, unit: "£,000"}\n'
        "            - {id: share, header: Share, formula: net * 80 / 108}\n",
    )
    body = changed(body, "{id: a, area: Alpha, net: 1000}", "{id: a, area: Alpha, net: 1239, published: {share: 918}}")
    body = changed(body, "{id: b, area: Beta, net: 2500}", "{id: b, area: Beta, net: 2261, published: {share: 1676}}")
    document = compose(load_paper(write_paper(tmp_path / "p", body=body))).document
    notes = [n.text for n in plan(document).notes]
    assert notes == [
        "Beta, Share. The published paper shows 1,676; computed by the formula (b.net*80/108), the figure is 1,675."
    ]
