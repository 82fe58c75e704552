"""The leak check on every build: restricted text in a file that may be published stops the
build, names the file and the item, and leaves the earlier output as it was; house phrasing
that a restricted paper shares with public ones does not."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import MINIMAL_BODY, MINIMAL_PAPER, ROOT, changed, write_paper

SECRET = "The preferred bidder has agreed a discount of nine per cent on the framework rate for twelve placements."

MEETING = """\
style: manchester-2018
committee: Executive
date: 2018-02-07
time: "10:00"
venue: Town Hall
published: 2018-01-30
executive: false
items:
  - number: "1"
    title: Budget
    paper: public
    documents:
      - title: Commercial terms
        document: appendix.pdf
        exempt: {paragraph: 3}
  - number: "2"
    title: Contract award
    paper: secret
    exempt: {paragraph: 3}
"""


def build(content: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "--content",
            str(content),
            "--output",
            str(content.parent / "output"),
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two papers, one made exempt by its meeting, built once without a leak."""
    content = tmp_path_factory.mktemp("guard") / "content"
    write_paper(content / "public")
    secret_body = changed(MINIMAL_BODY, "The net budget is {budget.total.net|£m}.", SECRET)
    write_paper(content / "secret", changed(MINIMAL_PAPER, "A test paper", "Contract award"), body=secret_body)
    (content / "meetings").mkdir()
    (content / "meetings" / "executive.yaml").write_text(MEETING, encoding="utf-8")
    shutil.copy(
        ROOT / "content" / "meetings" / "documents" / "demonstration-commercial-appendix.pdf",
        content / "meetings" / "appendix.pdf",
    )
    result = build(content)
    assert result.returncode == 0, result.stderr
    return content


def outputs(project: Path) -> dict[str, bytes]:
    folder = project.parent / "output"
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_the_clean_build_wrote_the_restricted_paper_only_under_restricted(project):
    files = outputs(project)
    assert "restricted/secret.pdf" in files and "secret.pdf" not in files
    assert "meetings/executive/executive.pdf" in files and "restricted/executive-exempt.pdf" in files


def test_a_restricted_sentence_copied_into_a_public_paper_stops_the_build(project, tmp_path):
    before = outputs(project)
    body = project / "public" / "body.yaml"
    original = body.read_text(encoding="utf-8")
    body.write_text(changed(original, "The net budget is", f"{SECRET} The net budget is"), encoding="utf-8")
    try:
        result = build(project)
    finally:
        body.write_text(original, encoding="utf-8")
    assert result.returncode == 1
    assert "restricted (Schedule 12A) text would be published; nothing was written" in result.stderr
    assert "public (content/public/)" in result.stderr and "secret (not for publication)" in result.stderr
    assert "Traceback" not in result.stderr
    assert outputs(project) == before  # nothing written, nothing removed


def test_a_sentence_of_an_exempt_supplied_pdf_copied_into_a_public_paper_stops_the_build(project):
    """The demonstration appendix (a tagged PDF the toolkit made) is an exempt document of item 1."""
    before = outputs(project)
    body = project / "public" / "body.yaml"
    original = body.read_text(encoding="utf-8")
    copied = "The demonstration provider has offered a weekly placement rate below the regional framework rate."
    body.write_text(changed(original, "The net budget is", f"{copied} The net budget is"), encoding="utf-8")
    try:
        result = build(project)
    finally:
        body.write_text(original, encoding="utf-8")
    assert result.returncode == 1
    assert "executive.yaml, item 1, Commercial terms (not for publication)" in result.stderr
    assert "public.pdf: contains text of" in result.stderr or "public (content/public/)" in result.stderr
    assert outputs(project) == before


def test_house_phrasing_a_restricted_paper_shares_with_a_public_one_is_no_leak(project):
    """The two papers share their front sheets' wording and short phrases; the build passes."""
    result = build(project, "--force")
    assert result.returncode == 0, result.stderr
