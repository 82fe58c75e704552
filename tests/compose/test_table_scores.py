"""Scores on a word scale: a table's scoring matrix reads Likelihood and Impact words as numbers,
computes the score and the residual score, prints each score's band (its word, its fill), and
checks the published band as `check` checks published figures. tests/roots/scored is a risk
register on Low/Medium/High scales."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from councilpapers.compose.document import compose
from councilpapers.core import model as m
from councilpapers.core.errors import ContentError
from councilpapers.load.paper import load_paper

from ..build.test_check import check
from ..helpers import copy_root, edit_file
from .test_tables import run_yaml

BODY = "body.yaml"


def scored(tmp_path: Path) -> Path:
    return copy_root("scored", tmp_path / "content" / "p")


def register(folder: Path) -> m.Table:
    return compose(load_paper(folder)).document.tables()[0]


def cells(table: m.Table, row: str) -> dict[str, m.Cell]:
    found = next(r for r in table.rows if r.id == row)
    return {c.id: cell for c, cell in zip(table.columns, found.cells)}


def text(cell: m.Cell) -> str:
    return m.plain(cell.inlines)


def test_words_are_scored_and_each_score_prints_its_band_in_its_fill(tmp_path):
    table = register(scored(tmp_path))
    workforce = cells(table, "workforce")
    assert [text(workforce[c]) for c in ("likelihood", "impact", "score", "rating")] == ["Medium", "High", "6", "High"]
    assert (workforce["score"].value, workforce["residual"].value) == (6, 3)  # Medium × High; Low × High
    assert (text(workforce["residual_rating"]), workforce["residual_rating"].fill) == ("Medium", "#fff7bf")
    assert workforce["rating"].fill == "#f4cdc6" and workforce["score"].fill is None
    demand = cells(table, "demand")
    assert [(text(demand[c]), demand[c].fill) for c in ("rating", "residual_rating")] == [
        ("Low", "#cce2d8"),  # 2: up to 2 is Low
        ("Low", "#cce2d8"),
    ]
    assert text(cells(table, "systems")["rating"]) == "High"  # 9: the highest band's top
    assert text(cells(table, "systems")["residual_rating"]) == "Medium"  # 4: up to 4 is Medium, not High
    # words and bands are words to every writer; a score is a figure (a spreadsheet cannot multiply words)
    numeric = {c.id: c.numeric for c in table.columns}
    assert numeric == {
        "risk": False,
        "likelihood": False,
        "impact": False,
        "score": True,
        "rating": False,
        "residual_likelihood": False,
        "residual_impact": False,
        "residual": True,
        "residual_rating": False,
    }
    assert workforce["score"].formula is None and workforce["likelihood"].value is None


def test_a_published_band_that_disagrees_is_reported_by_check(tmp_path):
    """As one published register: Medium × High is "High" in one row and "Medium-High" in another."""
    folder = scored(tmp_path)
    edit_file(
        folder / BODY, "likelihood: High\n              impact: High", "likelihood: Medium\n              impact: High"
    )
    edit_file(
        folder / BODY,
        "published: {rating: High, residual_rating: Medium}\n            - id: demand",
        "published: {rating: Medium-High, residual_rating: Medium}\n            - id: demand",
    )
    result = check(tmp_path / "content")
    assert result.returncode == 1
    assert (
        "body.yaml:40: table risks, row systems, column rating: published Medium-High, computed High" in result.stdout
    )
    table = register(folder)
    rating = cells(table, "systems")["rating"]
    assert (rating.published, rating.differs, text(rating)) == ("Medium-High", True, "High")
    assert not cells(table, "workforce")["rating"].differs  # Medium × High printed High, as published


def test_an_accepted_band_lapses_when_either_word_moves(tmp_path):
    folder = scored(tmp_path)
    edit_file(
        folder / BODY,
        "published: {rating: Low, residual_rating: Low}",
        "published: {rating: High, residual_rating: Low}\n"
        "              accepted: {rating: The register printed High; its own scale gives Low.}",
    )
    assert check(tmp_path / "content").returncode == 0
    (note,) = register(folder).differences
    assert m.plain(note) == (
        "Demand exceeds capacity, Rating: the published paper shows High; this table prints Low. "
        "The register printed High; its own scale gives Low."
    )
    body = (folder / BODY).read_text(encoding="utf-8")
    edit_file(
        folder / BODY,
        "impact: Medium\n              residual_likelihood: Low",
        "impact: High\n              residual_likelihood: Low",
    )
    result = check(tmp_path / "content")  # Low × High is 3, Medium: the reason's Low no longer describes it
    assert result.returncode == 1
    assert (
        "(no longer accepted: the reason does not cite Medium, which the paper now computes: The register"
        in result.stdout
    )
    assert register(folder).differences == ()  # nor does the paper print it
    (folder / BODY).write_text(
        body.replace("{rating: High, residual_rating: Low}", "{rating: Medium-High, residual_rating: Low}"),
        encoding="utf-8",
    )
    result = check(tmp_path / "content")
    assert result.returncode == 1
    assert (
        "published Medium-High, computed Low (no longer accepted: the reason does not cite the published Medium-High:"
        in result.stdout
    )


def test_case_does_not_matter_in_a_word_or_a_published_band(tmp_path):
    folder = scored(tmp_path)
    edit_file(
        folder / BODY,
        "likelihood: Medium\n              impact: High",
        "likelihood: medium\n              impact: HIGH",
    )
    edit_file(
        folder / BODY,
        "published: {rating: High, residual_rating: Medium}",
        "published: {rating: high, residual_rating: Medium}",
    )
    workforce = cells(register(folder), "workforce")
    assert [text(workforce[c]) for c in ("likelihood", "impact", "rating")] == ["medium", "HIGH", "High"]
    assert not workforce["rating"].differs


HEAD = """\
tables:
  - id: r
    caption: R
    scoring:
      scales:
        likelihood: {Low: 1, Medium: 2, High: 3}
        impact: {Minor: 1, Major: 4}
      bands:
        - {word: Low, up_to: 3, fill: "#cce2d8"}
        - {word: High, up_to: 8}
    columns:
      - {id: risk, header: Risk, type: text}
      - {id: l, header: L, scale: likelihood}
      - {id: i, header: I, scale: impact}
      - {id: s, header: S, formula: l * i}
      - {id: band, header: Band, band: s}
    rows:
"""  # the first row is on line 18


def problems_of(tmp_path, *rows: str, head: str = HEAD) -> list[tuple[int, str, str]]:
    engine, _ = run_yaml(tmp_path, head + "".join(f"      - {r}\n" for r in rows))
    return [(p.line, p.field, p.message) for p in engine.problems]


@pytest.mark.parametrize(
    "row, expected",
    [
        (
            "{id: a, l: Hihg, i: Minor}",
            "'Hihg' is not a word of the likelihood scale (Low, Medium or High) (did you mean 'High'?)",
        ),
        ("{id: a, l: Low, i: Moderate}", "'Moderate' is not a word of the impact scale (Minor or Major)"),
        ("{id: a, l: 2, i: Minor}", "the number 2 is not a word of the likelihood scale (Low, Medium or High)"),
        (
            "{id: a, l: Low, i: Minor, band: Low}",
            "a band is computed from its score: write the paper's as published: {column: word}",
        ),
        (
            "{id: a, l: High, i: Major}",
            "the score 12 is above the highest band (High, up to 8): add a band or check the scale",
        ),
        ("{id: a, l: Low, i: Minor, published: {band: 5}}", "expected a band's word, got the number 5"),
        ("{id: a, l: Low, i: Minor, published: {band: ' '}}", "expected a band's word, got ' '"),
    ],
)
def test_each_wrong_word_is_one_located_problem(tmp_path, row, expected):
    (found,) = problems_of(tmp_path, row)
    assert found[0] == 18 and found[2] == expected
    assert found[1].startswith("tables[0].rows[0].")


@pytest.mark.parametrize(
    "change, field, expected",
    [
        ("scale: likelihood}", "columns[1].scale", "no scale 'likelyhood' (did you mean 'likelihood'?)"),
        ("band: s}", "columns[4].band", "no column 'ss' in table r"),
        ("band: s}", "columns[4].band", "column 'risk' holds no score to band"),
        ("band: s}", "columns[4].band", "column 'l' holds no score to band"),
        (
            "{word: High, up_to: 8}",
            "scoring.bands[1].up_to",
            "bands go from the lowest score up: 3 is not above 3, the band before",
        ),
        ("{word: High, up_to: 8}", "scoring.bands[1].word", "the band 'low' is named twice"),
        ("{Minor: 1, Major: 4}", "scoring.scales.impact.major", "'major' and 'Major' are one word"),
    ],
)
def test_each_wrong_matrix_is_one_located_problem(tmp_path, change, field, expected):
    replacement = {
        "no scale": "scale: likelyhood}",
        "no column": "band: ss}",
        "column 'risk'": "band: risk}",
        "column 'l'": "band: l}",
        "bands go": "{word: High, up_to: 3}",
        "the band": "{word: low, up_to: 8}",
        "'major'": "{Minor: 1, Major: 4, major: 5}",
    }
    new = next(v for k, v in replacement.items() if expected.startswith(k))
    head = HEAD.replace(change, new, 1)
    found = problems_of(tmp_path, "{id: a, l: Low, i: Minor}", head=head)
    assert [(f, msg) for _, f, msg in found] == [(f"tables[0].{field}", expected)]


def test_a_band_needs_bands_and_a_column_on_a_scale_holds_words(tmp_path):
    head = HEAD.replace(
        '      bands:\n        - {word: Low, up_to: 3, fill: "#cce2d8"}\n        - {word: High, up_to: 8}\n', ""
    )
    head = head.replace("{id: l, header: L, scale: likelihood}", "{id: l, header: L, scale: likelihood, type: text}")
    found = problems_of(tmp_path, "{id: a, l: Low, i: Minor}", head=head)
    assert [(f, msg) for _, f, msg in found] == [
        ("tables[0].columns[1].scale", "a column on a scale holds its words (no type: text, formula or band)"),
        ("tables[0].columns[4].band", "band needs the table's scoring: bands"),
        ("tables[0].columns[3].formula", "no number column 'l' in table r"),  # words of type: text are not scored
    ]
    without = HEAD.replace(HEAD[HEAD.index("    scoring:") : HEAD.index("    columns:")], "")
    found = problems_of(tmp_path, "{id: a, l: Low, i: Minor}", head=without)
    assert [msg for _, _, msg in found] == [
        "no scale 'likelihood' (the table has no scoring: scales)",
        "no scale 'impact' (the table has no scoring: scales)",
        "band needs the table's scoring: bands",
    ]


def test_a_numeric_scale_of_one_to_five_needs_no_words(tmp_path):
    head = HEAD.replace("{id: l, header: L, scale: likelihood}", "{id: l, header: L}").replace(
        "{id: i, header: I, scale: impact}", "{id: i, header: I}"
    )
    engine, results = run_yaml(tmp_path, head + "      - {id: a, l: 2, i: 1}\n      - {id: b, l: 2, i: 4}\n")
    assert not engine.problems
    assert [results["r"].cell(r, "band").text for r in ("a", "b")] == ["Low", "High"]
    assert [results["r"].cell(r, "band").fill for r in ("a", "b")] == ["#cce2d8", None]


def test_a_fill_too_dark_for_its_text_is_refused(tmp_path):
    folder = scored(tmp_path)
    edit_file(folder / BODY, '{word: High, up_to: 9, fill: "#f4cdc6"}', '{word: High, up_to: 9, fill: "#d4351c"}')
    with pytest.raises(ContentError) as caught:
        register(folder)
    (problem,) = caught.value.problems
    assert (problem.line, problem.field) == (15, "sections[0].blocks[1].table.scoring.bands[2].fill")
    assert problem.message == (
        "text (#000000) on #d4351c has a contrast of 4.33:1; at least 4.5:1 is needed: choose a lighter fill"
    )


def test_more_wrong_matrices_each_one_located_problem(tmp_path):
    head = HEAD.replace("{Minor: 1, Major: 4}", "{Minor: 1, Major: 4, '': 0}")
    head = head.replace("{id: band, header: Band, band: s}", "{id: band, header: Band, band: s, formula: s * 2}")
    head += ""
    head = head.replace(
        "    rows:\n",
        "      - {id: again, header: Again, band: band}\n      - {id: uses, header: Uses, formula: band + 1}\n    rows:\n",
    )
    found = problems_of(tmp_path, "{id: a, l: Low, i: Minor}", head=head)
    assert [(f, msg) for _, f, msg in found] == [
        ("tables[0].scoring.scales.impact", "a scale's word is not empty"),
        ("tables[0].columns[4].formula", "a band column prints its score's band: no formula"),
        ("tables[0].columns[5].band", "column 'band' holds no score to band"),
        ("tables[0].columns[6].formula", "no number column 'band' in table r"),  # a band is a word, not a figure
    ]


def test_a_reason_quotes_a_band_s_words_whatever_their_case(tmp_path):
    folder = scored(tmp_path)
    edit_file(
        folder / BODY,
        "published: {rating: Low, residual_rating: Low}",
        "published: {rating: High, residual_rating: Low}\n"
        "              accepted: {rating: the register printed high; its own scale gives low.}",
    )
    assert check(tmp_path / "content").returncode == 0
    edit_file(folder / BODY, "printed high; its own scale gives low.", "printed highest; its own scale gives lowest.")
    result = check(tmp_path / "content")  # a word within a longer word is not the word
    assert result.returncode == 1
    assert "does not cite Low, which the paper now computes nor the published High:" in result.stdout


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            "leave\n              likelihood: Medium\n",
            "leave\n              likelihood: Meduim\n",
            "'Meduim' is not a word of the likelihood scale (Low, Medium or High) (did you mean 'Medium'?)",
        ),
        ("published: {rating: Low,", "published: {rating: 3,", "expected a band's word, got the number 3"),
        (
            "{id: rating, header: Rating, band: score}",
            "{id: rating, header: Rating, band: [score]}",
            "columns[4].band: expected text, got a list",
        ),
    ],
)
def test_bad_input_is_one_located_line_exit_1_and_nothing_written(tmp_path, old, new, message):
    import subprocess
    import sys

    from ..helpers import ROOT

    folder = scored(tmp_path)
    edit_file(folder / BODY, old, new)
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "--content",
            str(tmp_path / "content"),
            "--output",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    located = [line for line in result.stderr.splitlines() if "body.yaml:" in line]
    assert len(located) == 1 and message in located[0], result.stderr
    assert re.search(r"body\.yaml:\d+:\d+: sections\[0\]\.blocks\[1\]\.table\.", located[0])
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.*"))
