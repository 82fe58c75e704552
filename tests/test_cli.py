"""The command line as an author uses it: exit codes, messages, and outputs never half-written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from councilpapers.commands import main

from .helpers import MINIMAL_BODY, ROOT, write_paper


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], capture_output=True, text=True, cwd=ROOT)


def test_help_explains_each_command():
    result = run("--help")
    assert result.returncode == 0
    for words in ("build.py check", "build.py schema", "build.py budget-2018-20", "--debug"):
        assert words in result.stdout


def test_help_does_not_import_the_renderers():
    code = "import sys; from councilpapers.commands import parser; parser(); print('weasyprint' in sys.modules, 'pydantic' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip() == "False False"


def test_check_lists_the_published_disagreements():
    result = run("check")
    assert result.returncode == 0, result.stderr
    assert "table savings, row total_savings, column amount_1819: published -10,463, computed -11,945" in result.stdout
    assert "appendix-1.yaml:" in result.stdout
    assert run("check", "--strict").returncode == 1


def test_bad_input_fails_without_traceback_and_keeps_the_earlier_output(tmp_path, capsys):
    content, output = tmp_path / "content", tmp_path / "output"
    folder = write_paper(content / "paper-a")
    assert main(["--content", str(content), "--output", str(output), "--format", "web"]) == 0
    earlier = (output / "paper-a.html").read_bytes()
    (folder / "body.yaml").write_text(MINIMAL_BODY.replace("net: 2500", "net: '2,500'"), encoding="utf-8")
    capsys.readouterr()
    assert main(["--content", str(content), "--output", str(output), "--format", "web"]) == 1
    err = capsys.readouterr().err
    assert "body.yaml:14:35: sections[0].blocks[1].table.rows[1].net: expected a number, got '2,500'" in err
    assert "Traceback" not in err
    assert "nothing was written" in err
    assert (output / "paper-a.html").read_bytes() == earlier
    assert sorted(p.name for p in output.iterdir()) == [".councilpapers-build.json", "paper-a.html"]


def test_unknown_paper_is_a_clear_error(capsys):
    assert main(["no-such-paper"]) == 1
    assert "no paper named no-such-paper" in capsys.readouterr().err


def test_debug_shows_the_traceback(tmp_path):
    write_paper(tmp_path / "content" / "p", body="sections: [")
    result = run("--content", str(tmp_path / "content"), "--output", str(tmp_path / "out"), "--debug")
    assert result.returncode != 0
    assert "Traceback" in result.stderr


def test_the_console_command_runs_the_same_cli(tmp_path):
    import tomllib

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert declared == {"councilpapers": "councilpapers.commands:main"}
    command = Path(sys.executable).parent / "councilpapers"
    result = subprocess.run(
        [str(command), "check", "our-manchester-2018"], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "checked our-manchester-2018: 0 problems" in result.stdout
    assert "usage: councilpapers" in subprocess.run([str(command), "--bad"], capture_output=True, text=True).stderr


def test_the_suffix_table_an_up_to_date_build_reads_matches_the_writers():
    """An up-to-date build imports no writer: it knows their file names from SUFFIXES."""
    from councilpapers.writers.registry import SUFFIXES, load_writers

    assert SUFFIXES == {name: writer.suffix for name, writer in load_writers().items()}
