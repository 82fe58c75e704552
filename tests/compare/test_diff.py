"""`build.py diff`: a scripted change of figures in a git repository of its own, and what the
author is told about it (figures, totals, sentences, tables, sheets, packs; errors)."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from councilpapers.commands import main
from councilpapers.compose.document import compose
from councilpapers.load.paper import load_paper
from councilpapers.writers.xlsx.plan import plan

from ..helpers import CONTENT, PAPER, ROOT, changed

APPENDIX = "budget-2018-20/appendix-1.yaml"
EDUCATION_1718 = "              net_1718: 30143\n"


def git(folder: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Author", "-c", "user.email=author@example.org", *args],
        cwd=folder,
        check=True,
        capture_output=True,
    )


def published(tmp_path: Path, commit: bool = True) -> Path:
    """A repository holding the project's content and house styles, committed as published."""
    shutil.copytree(CONTENT, tmp_path / "content")
    shutil.copytree(ROOT / "templates" / "styles", tmp_path / "templates" / "styles")
    if commit:
        git(tmp_path, "init", "-q")
        git(tmp_path, "add", "-A")
        git(tmp_path, "commit", "-q", "-m", "The paper as published")
    return tmp_path / "content"


def edit(content: Path, name: str, old: str, new: str) -> None:
    file = content / name
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {name}"
    file.write_text(text.replace(old, new), encoding="utf-8")


def diff(capsys, content: Path, *args: str) -> tuple[int, str, str]:
    code = main(["diff", "budget-2018-20", "--content", str(content), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def sheets() -> dict[str, str]:
    """Table id → the workbook sheet it is written on, as the workbook writer plans it."""
    return {p.table.id: p.sheet for p in plan(compose(load_paper(PAPER)).document).tables}


def test_a_changed_figure_is_listed_with_every_place_it_reaches(tmp_path, capsys, sheets):
    content = published(tmp_path)
    edit(content, APPENDIX, EDUCATION_1718, changed(EDUCATION_1718, "30143", "31143"))
    code, out, err = diff(capsys, content)
    assert code == 0, err
    assert "1 typed figure changed since HEAD" in out
    assert (
        "Education, 2017/18 Net Budget (£,000) [budget_summary.education.net_1718]\n  30,143 → 31,143 (+1,000)" in out
    )
    for total in ("budget_summary.total.net_1718", "net_budget.total.net_1718", "service_budget.total.net"):
        assert f"[{total}]: 103,325 → 104,325 (+1,000)" in out  # the totals that moved
    assert "[net_budget.education.net_1718]: 30,143 → 31,143 (+1,000)" in out  # a copy by formula
    assert "paragraph 5.1: “…Education net annual budget for 2017/18 is £104.325m” (was £103.325m)" in out
    assert "paragraph 5.37: “…budget for 2017/18 is £528.7m gross and £31.1m” (was £30.1m)" in out
    assert "Summary budget position 2017/18 to 2019/20 by service area [budget_summary]: Appendix 1" in out
    expected = ", ".join(sheets[t] for t in ("budget_summary", "service_budget", "net_budget"))
    assert f"workbook sheets: {expected}" in out
    assert (
        "agenda packs: Executive 7 February 2018, item 4 (output/meetings/executive-2018-02-07/executive-2018-02-07.pdf, "
        "output/restricted/executive-2018-02-07-exempt.pdf)" in out
    )
    assert "text: unchanged since HEAD" in out
    assert "gross_1718" not in out  # figures that did not change are not listed


def test_a_fall_is_shown_in_brackets_and_reworded_text_is_summarised(tmp_path, capsys):
    content = published(tmp_path)
    edit(content, APPENDIX, EDUCATION_1718, changed(EDUCATION_1718, "30143", "29143"))
    edit(content, "budget-2018-20/section-05.yaml", "The 2017-20 budget reflected", "The 2017-20 budget set out")
    code, out, _ = diff(capsys, content)
    assert code == 0
    assert "30,143 → 29,143 (−1,000)" in out
    assert "[budget_summary.total.net_1718]: 103,325 → 102,325 (−1,000)" in out
    assert "text changed since HEAD:\n  reworded: paragraph 5.2" in out


def test_nothing_changed_says_so(tmp_path, capsys):
    content = published(tmp_path)
    code, out, _ = diff(capsys, content)
    assert code == 0
    assert "no figure changed since HEAD" in out
    assert "text: unchanged since HEAD" in out


def test_since_an_earlier_revision(tmp_path, capsys):
    content = published(tmp_path)
    edit(content, APPENDIX, EDUCATION_1718, changed(EDUCATION_1718, "30143", "31143"))
    git(tmp_path, "commit", "-q", "-am", "Revised figures")
    code, out, _ = diff(capsys, content)
    assert "no figure changed since HEAD" in out
    code, out, _ = diff(capsys, content, "--since", "HEAD~1")
    assert code == 0
    assert "compared with HEAD~1 (" in out and ": The paper as published" in out
    assert "30,143 → 31,143 (+1,000)" in out


def test_not_a_git_repository(tmp_path, capsys):
    content = published(tmp_path, commit=False)
    code, out, err = diff(capsys, content)
    assert code == 1
    assert err.strip().endswith("is not in a git repository: diff compares the content with a commit of it")
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_an_unknown_revision(tmp_path, capsys):
    content = published(tmp_path)
    code, _, err = diff(capsys, content, "--since", "no-such-tag")
    assert code == 1
    assert err.startswith("usage error: unknown revision 'no-such-tag' in the git repository ")
    assert len(err.strip().splitlines()) == 1


def test_a_paper_new_since_the_revision(tmp_path, capsys):
    content = published(tmp_path)
    shutil.copytree(content / "budget-2018-20", content / "budget-2019-21")
    code = main(["diff", "budget-2019-21", "--content", str(content)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.strip() == "diff: budget-2019-21 is new since HEAD: nothing to compare"


def test_an_earlier_paper_that_does_not_load_is_located(tmp_path, capsys):
    content = published(tmp_path)
    edit(content, APPENDIX, EDUCATION_1718, changed(EDUCATION_1718, "30143", "'30,143'"))
    git(tmp_path, "commit", "-q", "-am", "A figure typed with a comma")
    edit(content, APPENDIX, "'30,143'", "30143")
    code, _, err = diff(capsys, content)
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "diff: budget-2018-20 at HEAD (" in err and ") does not load, so there is nothing to compare with: " in err
    assert "content/budget-2018-20/appendix-1.yaml:39:15: " in err  # where it was written then
    assert "appendices[0].blocks[0].table.rows[1].net_1718: expected a number, got '30,143'" in err


def page_of_changes(tmp_path, capsys, education: str) -> tuple[str, PdfReader, Path]:
    """diff --page after Education's 2017/18 net budget is retyped: the terminal's words, the
    note's PDF, and the folder it was written to."""
    content = published(tmp_path)
    edit(content, APPENDIX, EDUCATION_1718, changed(EDUCATION_1718, "30143", education))
    output = tmp_path / "output"
    code, out, err = diff(capsys, content, "--page", "--output", str(output))
    assert code == 0, err
    return out, PdfReader(io.BytesIO((output / "budget-2018-20-changes.pdf").read_bytes())), output


def test_the_page_of_changes_holds_the_old_and_new_figures(tmp_path, capsys):
    _, reader, output = page_of_changes(tmp_path, capsys, "31143")
    assert sorted(p.name for p in output.iterdir()) == ["budget-2018-20-changes.docx", "budget-2018-20-changes.pdf"]
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Changes since the published version" in text
    assert "30,143 31,143 +1,000" in text  # the table: previous, revised, difference
    assert "103,325 to 104,325 (+1,000)" in text  # a total it reaches
    assert "paragraph 5.1" in text and "Executive 7 February 2018, item 4" in text
    assert "output/" not in text and ".pdf" not in text  # the reader's note names no files of the build
    compared = text[text.index("Compared with:") : text.index("Compared with:") + 120]
    assert "commit" in compared and "The paper as published" not in compared  # not the commit's message
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged, like the papers
    assert len(reader.pages) <= 2
    import docx

    word = docx.Document(str(output / "budget-2018-20-changes.docx"))
    cells = [c.text for t in word.tables for r in t.rows for c in r.cells]
    assert cells[-3:] == ["30,143", "31,143", "+1,000"]
    assert any("103,325 to 104,325 (+1,000)" in p.text for p in word.paragraphs)


def test_a_fall_is_signed_once_in_the_words_and_bracketed_in_the_table(tmp_path, capsys):
    out, reader, _ = page_of_changes(tmp_path, capsys, "30141")
    assert "30,143 → 30,141 (\u22122)" in out and "((" not in out
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "30,143 30,141 (2)" in text and "103,325 to 103,323 (\u22122)" in text and "((" not in text


def test_an_earlier_paper_may_not_link_out_of_content(tmp_path, capsys):
    content = published(tmp_path)
    (content / "budget-2018-20" / "notes.yaml").symlink_to(tmp_path.parent / "elsewhere.yaml")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "A link out of the content")
    (content / "budget-2018-20" / "notes.yaml").unlink()
    code, _, err = diff(capsys, content)
    assert code == 1
    assert "budget-2018-20 at HEAD holds budget-2018-20/notes.yaml, a link to a file outside its folder" in err


def test_a_figure_quoted_in_a_tables_words_is_a_changed_figure_not_changed_text(tmp_path, capsys):
    """The savings schedule's description quotes the placements forecast: a new forecast moves
    the figure there, and the words stay the same."""
    content = published(tmp_path)
    old = '{id: ext_residential, label: "Ext. Residential*", mar_18: 60, mar_19: 50,'
    edit(content, "budget-2018-20/section-05.yaml", old, changed(old, "mar_19: 50", "mar_19: 48"))
    code, out, err = diff(capsys, content)
    assert code == 0, err
    assert "50 → 48 (\u22122)" in out
    assert "text: unchanged since HEAD" in out and "reworded" not in out


def test_an_acceptance_a_change_leaves_behind_is_named_for_review(tmp_path, capsys):
    """Education's 30,143 against the changes table's 30,142 is accepted with a reason citing
    both: retyping Education leaves that reason behind, and diff says so."""
    out, _, _ = page_of_changes(tmp_path, capsys, "30141")
    assert "accepted differences to review: the figures their reasons cite have moved" in out
    assert "budget_summary.education.net_1718 = 30,141 and education_changes_1718 = 30,142 (no longer accepted" in out
    quiet, _, _ = page_of_changes(tmp_path / "again", capsys, "30143")  # nothing moved: nothing to review
    assert "to review" not in quiet


def test_a_difference_is_signed_once_and_a_vanishing_one_is_zero():
    from decimal import Decimal

    from councilpapers.compare.report import signed_difference

    assert signed_difference(1000, 0, False) == "+1,000" and signed_difference(-2, 0, False) == "\u22122"
    assert signed_difference(Decimal("0.004"), 0, False) == "+0.004"  # shown to the places that show it
    assert signed_difference(Decimal("-0.0000001"), 0, False) == "0"
