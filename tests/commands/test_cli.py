"""The command line as an author uses it: exit codes, messages, and outputs never half-written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from councilpapers.commands import main

from ..helpers import MINIMAL_BODY, ROOT, changed, write_paper


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
    (folder / "body.yaml").write_text(changed(MINIMAL_BODY, "net: 2500", "net: '2,500'"), encoding="utf-8")
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
    bad = subprocess.run([str(command), "--bad"], capture_output=True, text=True).stderr
    assert bad == "usage error: build takes no --bad (councilpapers build --help lists its options)\n"


def test_each_writer_is_declared_once_and_imported_only_to_render():
    """The registry names every writer's module without importing it; each render function is there."""
    code = (
        "import sys; from councilpapers.writers.registry import WRITERS; "
        "print(sorted(m for m in sys.modules if m.startswith('councilpapers.writers.') and m != 'councilpapers.writers.registry'))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip() == "[]", result.stderr
    from councilpapers.writers.registry import WRITERS

    assert list(WRITERS) == ["pdf", "docx", "xlsx", "web", "html", "model"]
    assert all(callable(w.render) and w.render.__name__ == w.function.split(":")[1] for w in WRITERS.values())


def test_each_command_has_only_its_own_options():
    result = run("check", "--help")
    assert result.returncode == 0 and "--strict" in result.stdout
    assert "--port" not in result.stdout and "--since" not in result.stdout and "--style" not in result.stdout
    result = run("watch", "--help")
    assert "--port" in result.stdout and "--strict" not in result.stdout
    top = run("--help").stdout
    assert all(f"    {name} " in top for name in ("build", "pack", "check", "diff", "schema", "watch", "new"))


def test_an_option_of_another_command_is_a_one_line_usage_error():
    for args, message in (
        (("check", "--port", "9"), "usage error: check takes no --port (build.py check --help lists its options)"),
        (
            ("check", "--page", "--since", "x", "our-manchester-2018"),
            "usage error: check takes no --page (build.py check --help lists its options)",
        ),
        (("--port", "9", "check"), "usage error: check takes no --port (build.py check --help lists its options)"),
        (
            ("budget-2018-20", "--strict"),
            "usage error: build takes no --strict (build.py build --help lists its options)",
        ),
        (("schema", "extra"), "usage error: schema takes no word 'extra' (build.py schema --help lists its options)"),
        (
            ("check", "--format", "pdf"),
            "usage error: check: argument --format: invalid choice: 'pdf' (choose from 'text', 'json') "
            "(build.py check --help lists its options)",
        ),
    ):
        result = run(*args)
        assert (result.returncode, result.stderr, result.stdout) == (2, message + "\n", ""), args


def test_a_paper_cannot_take_a_command_s_name(tmp_path, capsys):
    from councilpapers.commands import COMMANDS
    from councilpapers.commands.options import COMMAND_WORDS

    assert tuple(COMMANDS) == COMMAND_WORDS
    assert main(["new", "check", "--content", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err == "usage error: 'check' is a command's name (build.py check): choose another name for the paper\n"
    assert not (tmp_path / "check").exists()
    write_paper(tmp_path / "content" / "diff")  # made by hand: build.py diff would run the command
    assert (
        main(
            [
                "build",
                "diff",
                "--content",
                str(tmp_path / "content"),
                "--output",
                str(tmp_path / "o"),
                "--format",
                "web",
            ]
        )
        == 0
    )
    assert (
        "warning: the paper folder " in (err := capsys.readouterr().err)
        and "has a command's name: build.py diff runs the command (build the paper with build.py build diff" in err
    )
    assert (tmp_path / "o" / "diff.html").is_file()
