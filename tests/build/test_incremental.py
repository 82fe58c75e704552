"""Incremental builds: after each kind of change exactly the affected outputs are rebuilt, and
they are byte for byte what a forced build makes.

Each test works on a copy of the toolkit (code, templates, build.py) with a small content
folder: a minimal paper in the 2018 style, the 2010 paper and the meeting whose pack holds it
(with, added here, an exempt item to follow, so that the meeting has a members' pack too).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ..helpers import CONTENT, ROOT, write_paper

ALPHA = {"alpha.pdf", "alpha.docx", "alpha.xlsx", "alpha.html"}
TOM = {f"target-operating-model-2010{suffix}" for suffix in (".pdf", ".docx", ".xlsx", ".html")}
MEETING = "personnel-committee-2010-12-22"
FOLDER = f"meetings/{MEETING}"  # the meeting's publication folder: its agenda page, packs and papers
AGENDA = f"{FOLDER}/index.html"
PACK = {
    f"{FOLDER}/{MEETING}.pdf",
    f"{FOLDER}/{MEETING}-front-sheet.pdf",
    AGENDA,
    *(f"{FOLDER}/target-operating-model-2010{suffix}" for suffix in (".pdf", ".docx", ".html")),
}
PACK_EXEMPT = {f"restricted/{MEETING}-exempt.pdf"}
EXEMPT_ITEM = """\
  - {number: "4", title: Staffing, to_follow: true, exempt: {paragraph: 1}}
executive: false
"""
EVERYTHING = ALPHA | TOM | PACK | PACK_EXEMPT


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, str(root / "build.py"), "--content", str(root / "content"), *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=root, timeout=300)


def built(root: Path, *args: str, output: str = "output") -> set[str]:
    """Build into root/output; the outputs written, relative to it."""
    result = run(root, "--output", str(root / output), *args)
    assert result.returncode == 0, result.stderr
    prefix = f"wrote {output}/"  # relative to the working folder, root
    return {line.removeprefix(prefix) for line in result.stdout.splitlines() if line.startswith(prefix)}


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> Path:
    """A toolkit copy built once: every test starts from a copy of it."""
    root = tmp_path_factory.mktemp("baseline")
    for name in ("councilpapers", "templates"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "build.py", root)
    content = root / "content"
    write_paper(content / "alpha")
    shutil.copytree(CONTENT / "target-operating-model-2010", content / "target-operating-model-2010")
    (content / "meetings").mkdir()
    meeting = content / "meetings" / f"{MEETING}.yaml"
    shutil.copy(CONTENT / "meetings" / meeting.name, meeting)
    meeting.write_text(meeting.read_text(encoding="utf-8") + EXEMPT_ITEM, encoding="utf-8")
    assert built(root) == EVERYTHING
    return root


@pytest.fixture
def project(baseline, tmp_path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(baseline, root, symlinks=True)
    return root


def same_as_forced(root: Path, outputs: set[str]) -> None:
    """A forced build into another folder writes every file, each identical to the
    incremental build's."""
    assert built(root, "--force", output="forced") == EVERYTHING
    for name in EVERYTHING:
        assert (root / "output" / name).read_bytes() == (root / "forced" / name).read_bytes(), name


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_nothing_changed_nothing_is_rebuilt(project):
    result = run(project, "--output", str(project / "output"))
    assert result.returncode == 0
    assert "wrote" not in result.stdout
    assert "2 papers and the packs of 1 meeting up to date (skipped)" in result.stdout


def test_one_figure_rebuilds_its_paper_only(project):
    edit(project / "content" / "alpha" / "body.yaml", "net: 1000", "net: 1200")
    assert built(project) == ALPHA
    same_as_forced(project, ALPHA)


def test_one_figure_of_a_paper_in_a_pack_rebuilds_the_pack_too(project):
    paper = project / "content" / "target-operating-model-2010" / "paper.yaml"
    edit(paper, "saving_support: {value: 1.8,", "saving_support: {value: 1.9,")
    assert built(project) == TOM | PACK | PACK_EXEMPT
    same_as_forced(project, TOM | PACK | PACK_EXEMPT)


def test_one_sentence_rebuilds_its_paper_only(project):
    edit(project / "content" / "alpha" / "paper.yaml", "A summary.", "A shorter summary.")
    assert built(project) == ALPHA
    assert built(project) == set()


def test_a_template_rebuilds_everything(project):
    edit(project / "templates" / "paper.css", "\n", "\n/* a comment */\n")
    assert built(project) == EVERYTHING


def test_a_house_style_rebuilds_the_papers_and_packs_that_use_it(project):
    edit(project / "templates" / "styles" / "manchester-2010.yaml", "\n", "\n# a comment\n")
    assert built(project) == TOM | PACK | PACK_EXEMPT
    edit(project / "templates" / "styles" / "manchester-2018.yaml", "\n", "\n# a comment\n")
    assert built(project) == ALPHA


def test_the_toolkit_code_rebuilds_everything(project):
    edit(project / "councilpapers" / "core" / "numbers.py", "\n", "\n# a comment\n")
    assert built(project) == EVERYTHING


def test_a_new_file_in_a_paper_folder_rebuilds_it(project):
    (project / "content" / "alpha" / "finance.csv").write_text("id,net\na,1\n", encoding="utf-8")
    assert built(project) == ALPHA


def test_an_output_deleted_or_edited_is_written_again(project):
    (project / "output" / "alpha.docx").unlink()
    (project / "output" / "alpha.pdf").write_bytes(b"edited")
    assert built(project) == {"alpha.docx", "alpha.pdf"}
    same_as_forced(project, {"alpha.docx", "alpha.pdf"})


def test_one_format_is_checked_on_its_own(project):
    edit(project / "content" / "alpha" / "body.yaml", "net: 1000", "net: 1300")
    assert built(project, "alpha", "--format", "pdf") == {"alpha.pdf"}
    assert built(project, "alpha") == {"alpha.docx", "alpha.xlsx", "alpha.html"}


def test_force_rebuilds_everything_identically(project):
    before = {name: (project / "output" / name).read_bytes() for name in EVERYTHING}
    assert built(project, "--force") == EVERYTHING
    assert {name: (project / "output" / name).read_bytes() for name in EVERYTHING} == before


def test_forcing_one_paper_keeps_the_record_of_the_others(project):
    """build.py alpha --force remakes alpha's files; the rest stay up to date."""
    assert built(project, "alpha", "--force") == ALPHA
    assert built(project) == set()
    assert built(project, "target-operating-model-2010", "--force") == TOM
    assert built(project) == set()  # its pack was made from the same files


def test_a_build_of_one_format_neither_remakes_nor_unlinks_the_packs(project):
    """An agenda page links each paper's PDF, Word file and web page whatever --format a
    build asks for (tested in test_packs), so a PDF-only build leaves the packs as they are."""
    agenda = (project / "output" / AGENDA).read_text(encoding="utf-8")
    assert built(project, "--format", "pdf") == set()
    assert built(project, "--format", "docx") == set()
    assert built(project) == set()
    edit(project / "output" / AGENDA, "<html", "<html ")  # stale
    assert built(project, "--format", "pdf") == PACK | PACK_EXEMPT
    again = (project / "output" / AGENDA).read_text(encoding="utf-8")
    assert again == agenda


def test_an_unreadable_record_rebuilds_everything_and_says_so(project):
    (project / "output" / ".councilpapers-build.json").write_text("{not json", encoding="utf-8")
    result = run(project, "--output", str(project / "output"))
    assert result.returncode == 0
    assert "could not be read: everything is rebuilt" in result.stderr
    assert result.stdout.count("wrote ") == len(EVERYTHING)
    record = json.loads((project / "output" / ".councilpapers-build.json").read_text())
    assert "paper alpha pdf" in record["entries"]


def test_a_failed_build_keeps_the_record_and_the_outputs(project):
    record = (project / "output" / ".councilpapers-build.json").read_bytes()
    pdf = (project / "output" / "alpha.pdf").read_bytes()
    edit(project / "content" / "alpha" / "body.yaml", "net: 1000", "net: '1,000'")
    started = time.perf_counter()
    result = run(project, "--output", str(project / "output"))
    assert result.returncode == 1 and "body.yaml" in result.stderr
    assert time.perf_counter() - started < 8  # the PDF worker started early is told there is no job
    assert (project / "output" / ".councilpapers-build.json").read_bytes() == record
    assert (project / "output" / "alpha.pdf").read_bytes() == pdf
    edit(project / "content" / "alpha" / "body.yaml", "net: '1,000'", "net: 1000")
    assert built(project) == set()  # back as it was: nothing to do


def test_two_at_a_time_makes_the_same_files_as_one_at_a_time(project):
    """The build renders papers and packs in two worker processes; --debug renders them in turn."""
    assert built(project, "--force", "--debug", output="serial") == EVERYTHING
    for name in EVERYTHING:
        assert (project / "output" / name).read_bytes() == (project / "serial" / name).read_bytes(), name


def test_a_lone_paper_laid_out_in_a_worker_is_the_same_as_one_made_in_turn(project):
    """One paper's PDF is laid out in a worker sent its HTML while this process writes the
    other files; --debug makes them one after another, and the files are the same."""
    result = run(project, "alpha", "--force", "--output", str(project / "split"))
    assert result.returncode == 0 and "(the PDF beside the others)" in result.stderr, result.stderr
    assert built(project, "alpha", "--force", "--debug", output="serial") == ALPHA
    for name in ALPHA:
        assert (project / "split" / name).read_bytes() == (project / "serial" / name).read_bytes(), name


def test_one_imported_cell_rebuilds_its_paper_only(project):
    alpha = project / "content" / "alpha"
    (alpha / "finance.csv").write_text("Code,Service,Net\na,Alpha,1000\nb,Beta,2500\n", encoding="utf-8")
    edit(
        alpha / "body.yaml",
        "            - {id: a, area: Alpha, net: 1000}\n            - {id: b, area: Beta, net: 2500}\n",
        "            - rows_from:\n                file: finance.csv\n"
        "                columns: {id: Code, area: Service, net: Net}\n",
    )
    assert built(project) == ALPHA
    edit(alpha / "finance.csv", "a,Alpha,1000", "a,Alpha,1100")  # finance revises one figure
    assert built(project) == ALPHA
    assert (
        "£3.600m"
        in subprocess.run(
            ["pdftotext", str(project / "output" / "alpha.pdf"), "-"], capture_output=True, text=True
        ).stdout
    )
    same_as_forced(project, ALPHA)


def test_an_up_to_date_build_loads_no_writer(project):
    """Nothing to do costs a tenth of a second: no YAML is parsed and no writer imported."""
    code = (
        "import sys; from councilpapers.commands import main; "
        f"main(['--content', {str(project / 'content')!r}, '--output', {str(project / 'output')!r}]); "
        "print(sorted(m for m in ('weasyprint', 'docx', 'openpyxl', 'pydantic', 'yaml') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=project)
    assert "up to date (skipped)" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_another_content_folder_into_the_same_output_is_built(project):
    other = project / "other"
    shutil.copytree(project / "content", other)
    edit(other / "alpha" / "body.yaml", "net: 1000", "net: 1700")
    result = run(project, "--output", str(project / "output"))
    assert "wrote" not in result.stdout  # the recorded content folder: up to date
    result = subprocess.run(
        [sys.executable, str(project / "build.py"), "--content", str(other), "--output", str(project / "output")],
        capture_output=True,
        text=True,
        cwd=project,
        timeout=300,
    )
    assert result.returncode == 0 and "wrote output/alpha.pdf" in result.stdout


def test_a_hidden_body_file_is_an_input_too(project):
    alpha = project / "content" / "alpha"
    (alpha / "body.yaml").rename(alpha / ".body.yaml")
    edit(alpha / "paper.yaml", "body: [body.yaml]", "body: [.body.yaml]")
    assert built(project) == ALPHA
    edit(alpha / ".body.yaml", "net: 1000", "net: 1800")
    assert built(project) == ALPHA


# ---- one layout of each paper ----------------------------------------------------------------


@pytest.fixture
def layouts(monkeypatch) -> list[int]:
    """Every layout WeasyPrint makes in this process (HTML.render), counted."""
    import weasyprint

    calls: list[int] = []
    real = weasyprint.HTML.render

    def counted(self, *args, **kwargs):
        calls.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "render", counted)
    return calls


def test_a_build_lays_each_paper_out_once(tmp_path, layouts, capsys):
    """The PDF and the Word file's page count come from one layout: in a serial (--debug) build
    of both, and in a build of the Word file alone; the Word files are the same."""
    from councilpapers.build.jobs import can_fork
    from councilpapers.commands import main

    content = tmp_path / "content"
    write_paper(content / "alpha")
    both, alone, split = tmp_path / "both", tmp_path / "alone", tmp_path / "split"
    assert main(["--content", str(content), "--output", str(both), "--format", "pdf,docx", "--debug"]) == 0
    assert len(layouts) == 1
    assert main(["--content", str(content), "--output", str(alone), "--format", "docx", "--debug"]) == 0
    assert len(layouts) == 2
    assert (both / "alpha.docx").read_bytes() == (alone / "alpha.docx").read_bytes()
    assert main(["--content", str(content), "--output", str(split), "--format", "pdf,docx"]) == 0
    assert len(layouts) == (2 if can_fork(False) else 3)  # on two cores the PDF worker lays it out, not this process
    for name in ("alpha.pdf", "alpha.docx"):
        assert (split / name).read_bytes() == (both / name).read_bytes(), name
    print(f"layouts: {len(layouts)}")


def test_the_word_writer_refuses_a_document_without_its_page_count():
    from councilpapers.compose.document import compose
    from councilpapers.core.errors import RenderError
    from councilpapers.load.paper import load_paper
    from councilpapers.writers.docx import write_docx

    document = compose(load_paper(CONTENT / "our-manchester-2018")).document
    with pytest.raises(RenderError, match="the Word writer was given our-manchester-2018 without its page count"):
        write_docx(document)
