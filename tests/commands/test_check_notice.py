"""A short notice as a clerk meets it on the command line: a located warning that `check --strict`
fails on, and that a build with nothing to rebuild still reports."""

from __future__ import annotations

import json
import textwrap

from councilpapers.commands import main

from ..helpers import write_paper

MEETING = """\
style: neutral
council: Borsetshire County Council
committee: Cabinet
date: 2018-02-07
time: "14:00"
venue: County Hall, Felpersham
published: 2018-01-31
items:
  - {number: "1", title: Apologies, purpose: To receive apologies for absence., procedural: true}
  - {number: "2", title: Declarations of interest, procedural: true}
"""

WARNING = (
    "cabinet.yaml:7:1: published: Wednesday 31 January 2018 leaves 4 clear working days, fewer than the 5 required "
    "by s.100B(3) of the Local Government Act 1972, before the meeting on Wednesday 7 February 2018 (England: "
    "weekends, bank holidays in England and closures do not count): publish by Tuesday 30 January 2018 at the latest"
)


def content_with(tmp_path, text=MEETING, paper=True):
    content = tmp_path / "content"
    (content / "meetings").mkdir(parents=True)
    (content / "meetings" / "cabinet.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    if paper:
        write_paper(content / "minimal")  # check needs a paper
    return content


def test_check_warns_of_a_short_notice_and_fails_on_it_when_strict(tmp_path, capsys):
    content = content_with(tmp_path)
    assert main(["check", "--content", str(content)]) == 0
    out = capsys.readouterr().out
    assert f"warning: {content / 'meetings' / WARNING}" in out or WARNING in out
    assert "0 problems" in out
    assert main(["check", "--content", str(content), "--strict"]) == 1
    out = capsys.readouterr().out
    assert WARNING in out and f"warning: {WARNING}" not in out.replace(str(content / "meetings") + "/", "")
    assert "1 problem," in out
    assert main(["check", "--content", str(content), "--strict", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    (problem,) = report["problems"]
    assert (problem["line"], problem["field"]) == (7, "published") and problem["file"].endswith("cabinet.yaml")
    assert not report["passed"]


def test_check_strict_passes_an_agenda_published_in_time(tmp_path, capsys):
    content = content_with(tmp_path, MEETING.replace("2018-01-31", "2018-01-30"))
    assert main(["check", "--content", str(content), "--strict"]) == 0
    assert "warning:" not in capsys.readouterr().out


def test_a_rebuild_with_nothing_to_rebuild_still_reports_the_short_notice(tmp_path, capsys):
    content, output = content_with(tmp_path, paper=False), tmp_path / "output"
    command = ["pack", "cabinet", "--content", str(content), "--output", str(output)]
    assert main(command) == 0
    first = capsys.readouterr()
    assert "wrote" in first.out and WARNING in first.err
    assert main(command) == 0
    again = capsys.readouterr()
    assert "wrote" not in again.out and "the packs of 1 meeting up to date (skipped)" in again.out
    assert WARNING in again.err and "1 warning" in again.out
