"""Arithmetic never meets text in silence: a formula over cells of words ("Medium" × "High", a
"TBC") is a located error naming the cells; a total adds the figures it has and leaves words out."""

from __future__ import annotations

import pytest

from councilpapers.compose.document import compose
from councilpapers.core.errors import ContentError
from councilpapers.load.paper import load_paper

from ..build.test_check import check
from ..helpers import MINIMAL_BODY, changed, write_paper
from .test_tables import run, run_yaml, table, value

WORDS = """\
tables:
  - id: risks
    caption: Risks
    columns:
      - {id: risk, header: Risk, type: text}
      - {id: likelihood, header: Likelihood}
      - {id: impact, header: Impact}
      - {id: score, header: Score, formula: likelihood * impact}
    rows:
      - {id: a, risk: Data loss, likelihood: {text: Medium}, impact: {text: High}}
      - {id: b, risk: Flood, likelihood: 2, impact: {text: TBC}}
      - {id: c, risk: Fire, likelihood: 1, impact: 3}
      - {id: d, risk: Copy, likelihood: '=a.likelihood', impact: '=-b.impact'}
      - {id: total, risk: Total, sum: above}
"""


def test_a_formula_over_words_is_an_error_naming_the_cells(tmp_path):
    engine, results = run_yaml(tmp_path, WORDS)
    assert [(p.line, p.field, p.message) for p in engine.problems] == [
        (
            10,
            "tables[0].rows[0].score",
            "arithmetic meets words: risks.a.likelihood is 'Medium', risks.a.impact is 'High'; a formula needs figures",
        ),
        (11, "tables[0].rows[1].score", "arithmetic meets words: risks.b.impact is 'TBC'; a formula needs figures"),
        (
            13,
            "tables[0].rows[3].likelihood",
            "arithmetic meets words: risks.a.likelihood is 'Medium'; a formula needs figures",
        ),
        (13, "tables[0].rows[3].impact", "arithmetic meets words: risks.b.impact is 'TBC'; a formula needs figures"),
    ]
    assert value(results, "risks", "c", "score") == 3  # figures still compute
    assert value(results, "risks", "a", "score") is None


def test_a_total_adds_the_figures_it_has_and_leaves_words_out():
    """As the February paper's savings table: a TBC among the FTE figures, and a total of the rest."""
    engine, results = run(
        table(
            [{"id": "a", "x": 5}, {"id": "b", "x": {"text": "TBC"}}, {"id": "c", "x": 2}, {"id": "s", "sum": "above"}]
        )
    )
    assert not engine.problems and value(results, "t", "s", "x") == 7


def test_each_formula_is_reported_once_with_each_cell_once():
    columns = [{"id": "x", "header": "X"}, {"id": "y", "header": "Y", "formula": "x * x + x"}]
    engine, _ = run(table([{"id": "a", "x": {"text": "n/a"}}], columns=columns))
    assert [p.message for p in engine.problems] == ["arithmetic meets words: t.a.x is 'n/a'; a formula needs figures"]


def test_a_paper_with_arithmetic_on_words_does_not_build(tmp_path):
    body = changed(MINIMAL_BODY, "{id: b, area: Beta, net: 2500}", "{id: b, area: Beta, net: {text: TBC}}")
    body = changed(
        body, "{id: total, area: Total, sum: above, published: {net: 3500}}", "{id: total, area: Total, formula: a + b}"
    )
    folder = write_paper(tmp_path / "content" / "p", body=body)
    with pytest.raises(ContentError) as caught:
        compose(load_paper(folder))
    table_problem, prose_problem = caught.value.problems[1], caught.value.problems[0]
    assert (table_problem.line, table_problem.field) == (15, "sections[0].blocks[1].table.rows[2].net")
    assert table_problem.message == "arithmetic meets words: budget.b.net is 'TBC'; a formula needs figures"
    assert prose_problem.message == "{budget.total.net|£m}: that cell is empty"  # the sentence is not printed blank
    result = check(tmp_path / "content")
    assert result.returncode == 1
    assert "body.yaml:15:15: sections[0].blocks[1].table.rows[2].net: arithmetic meets words" in result.stdout
