"""A check that gates: a published figure the paper does not print fails `check` unless the
content accepts it with a reason; reconciliations; information; JSON; options in any order."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass

from councilpapers.commands import main

from ..helpers import MINIMAL_BODY, MINIMAL_PAPER, ROOT, changed, copy_root, edit_file, write_paper


@dataclass
class Checked:
    returncode: int
    stdout: str
    stderr: str


def check(content, *args) -> Checked:
    """`build.py check` on `content`, in this process (so that mutation testing sees which
    tests reach the table modules), with what it printed."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["check", *args, "--content", str(content)])
    return Checked(code, out.getvalue(), err.getvalue())


OFF = changed(MINIMAL_BODY, "published: {net: 3500}", "published: {net: 3600}")
ACCEPTED = changed(
    OFF,
    "published: {net: 3600}}",
    "published: {net: 3600}, "
    "accepted: {net: 'The published total (3,600) includes a late grant; the paper prints 3,500.'}}",
)


def test_an_unaccepted_disagreement_fails_the_check(tmp_path):
    write_paper(tmp_path / "c" / "p", body=OFF)
    result = check(tmp_path / "c")
    assert result.returncode == 1
    assert "not accepted: the published figure differs from the computed one" in result.stdout
    assert "body.yaml:15: table budget, row total, column net: published 3,600, computed 3,500" in result.stdout
    assert "1 disagreement (0 accepted)" in result.stdout and "1 figure not accepted" in result.stdout


def test_an_accepted_disagreement_passes_and_is_still_listed(tmp_path):
    write_paper(tmp_path / "c" / "p", body=ACCEPTED)
    result = check(tmp_path / "c")
    assert result.returncode == 0
    assert "accepted: the paper prints the computed figure, for the reason given:" in result.stdout
    assert "(accepted: The published total (3,600) includes a late grant; the paper prints 3,500.)" in result.stdout
    assert check(tmp_path / "c", "--strict").returncode == 1
    assert check(tmp_path / "c", "p", "--strict").returncode == 1  # options in any order


def test_an_acceptance_lapses_when_the_figure_it_cites_changes(tmp_path):
    """The reason cites the computed 3,500: once a figure moves the total to 3,600 it no longer
    describes the paper, and the check fails until an author reviews it."""
    write_paper(tmp_path / "c" / "p", body=changed(ACCEPTED, "net: 2500", "net: 2400"))
    result = check(tmp_path / "c")
    assert result.returncode == 1
    assert (
        "body.yaml:15: table budget, row total, column net: published 3,600, computed 3,400 (no longer accepted: "
        "the reason does not cite 3,400, which the paper now computes: The published total (3,600) includes a "
        "late grant; the paper prints 3,500.)" in result.stdout
    )
    assert "1 disagreement (0 accepted)" in result.stdout


def test_a_reconciliation_accepted_for_other_figures_fails_again(tmp_path):
    """tests/roots/reconciled: a budget total of 3,500 and a grant of 3,400 that must agree."""
    paper = copy_root("reconciled", tmp_path / "c" / "p") / "paper.yaml"
    edit_file(
        paper,
        "[budget.total.net, grant]\n",
        "[budget.total.net, grant]\n    accepted: The paper prints the budget as 3,500 and the grant as 3,400.\n",
    )
    assert check(tmp_path / "c").returncode == 0
    edit_file(paper, "value: 3400", "value: 3300")
    result = check(tmp_path / "c")
    assert result.returncode == 1
    assert (
        "these figures should agree: budget.total.net = 3,500 and grant = 3,300 (no longer accepted: the reason "
        "does not cite the figures as they are now: The paper prints the budget as 3,500 and the grant as 3,400.)"
        in result.stdout
    )


def test_a_difference_within_tolerance_is_information(tmp_path):
    write_paper(tmp_path / "c" / "p", body=changed(MINIMAL_BODY, "published: {net: 3500}", "published: {net: 3501}"))
    result = check(tmp_path / "c")
    assert result.returncode == 0
    assert (
        "within the table's tolerance (information)" in result.stdout
        and "published 3,501, computed 3,500" in result.stdout
    )


def test_accepting_what_was_not_published_is_a_problem(tmp_path):
    body = changed(
        MINIMAL_BODY, "published: {net: 3500}}", "published: {net: 3500}, accepted: {gross: 'A reason long enough.'}}"
    )
    write_paper(tmp_path / "c" / "p", body=body)
    result = check(tmp_path / "c")
    assert (
        result.returncode == 1 and "accepted.gross: nothing to accept: no published figure for 'gross'" in result.stdout
    )


def test_figures_that_must_agree_are_reconciled(tmp_path):
    paper = copy_root("reconciled", tmp_path / "c" / "p") / "paper.yaml"
    result = check(tmp_path / "c")
    assert result.returncode == 1
    assert "these figures should agree: budget.total.net = 3,500 and grant = 3,400" in result.stdout
    edit_file(paper, "[budget.total.net, grant]\n", "[budget.total.net, grant]\n    tolerance: 100\n")
    assert check(tmp_path / "c").returncode == 0


def test_json_for_pipelines(tmp_path):
    write_paper(tmp_path / "c" / "p", body=OFF)
    result = check(tmp_path / "c", "--format", "json")
    report = json.loads(result.stdout)
    assert result.returncode == 1 and report["passed"] is False and report["papers"] == ["p"]
    (item,) = report["disagreements"]
    assert item == {
        "file": item["file"],
        "line": 15,
        "table": "budget",
        "row": "total",
        "column": "net",
        "published": "3,600",
        "computed": "3,500",
        "accepted": None,
        "within_tolerance": False,
        "lapsed": None,
        "failing": True,
    }


def test_the_shipped_papers_pass_the_check():
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "check"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout
    assert "0 problems, 9 disagreements (9 accepted)" in result.stdout


def test_a_table_whose_words_cannot_fit_the_page_is_a_warning(tmp_path):
    url = "https://www.example.gov.uk/" + "a" * 120
    write_paper(tmp_path / "wide", MINIMAL_PAPER, body=changed(MINIMAL_BODY, "area: Alpha", f"area: {url}"))
    result = check(tmp_path)
    assert result.returncode == 0  # a warning: the author decides
    assert (
        "warning: wide: table budget ('Budget') needs 269 mm for the words it cannot break but the page has 170 mm"
        in result.stdout
    )
    assert "'https://www.example.gov.uk/aaaaaaaaaa…' in column 'Service Area'" in result.stdout
    write_paper(tmp_path / "wide", MINIMAL_PAPER, body=changed(MINIMAL_BODY, "area: Alpha", f"area: {url[:40]}"))
    assert "warning" not in check(tmp_path).stdout


def test_the_shipped_papers_tables_all_fit_their_pages():
    result = check(ROOT / "content")
    assert "cannot break" not in result.stdout, result.stdout
