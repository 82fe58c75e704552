"""A read-only output folder: the build says so in one line (exit 1), and changes nothing.

Root may write anywhere, so as root the build is run without that power: as `nobody` where that
user can run this Python, and otherwise (here the interpreter lives under /root, which only root
may enter) still as uid 0 but without the capabilities that let root pass over file permissions
(CAP_DAC_OVERRIDE and its kin), so that the kernel checks the folder's mode as it would for any
user. Without `setpriv` a root run is skipped, saying why.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..bounded import files_of
from ..helpers import MINIMAL_BODY, ROOT, changed, write_paper

NOBODY = 65534
POWERS = "-dac_override,-dac_read_search,-fowner,-chown,-linux_immutable"


def _runs(prefix: list[str]) -> bool:
    probe = [*prefix, sys.executable, "-c", "import councilpapers.commands"]
    return subprocess.run(probe, cwd=ROOT, capture_output=True, timeout=60).returncode == 0


def unprivileged() -> tuple[list[str], str]:
    """A prefix that runs a command without root's power over permissions, and who it runs as;
    pytest.skip when there is none."""
    if os.geteuid() != 0:
        return [], "this user"
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("the tests run as root and setpriv (util-linux) is missing: root writes to any folder")
    nobody = [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--"]
    if _runs(nobody):
        return nobody, "nobody"
    powerless = [setpriv, f"--bounding-set={POWERS}", "--inh-caps=-all", "--"]
    if _runs(powerless):
        return powerless, "uid 0 without CAP_DAC_OVERRIDE"
    pytest.skip("the tests run as root and neither nobody nor a root without CAP_DAC_OVERRIDE can run this Python")


@pytest.fixture
def project() -> Iterator[Path]:
    """A folder every user may read (pytest's own is root's alone), removed after."""
    folder = Path(tempfile.mkdtemp(prefix="councilpapers-readonly-"))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(folder)


def test_a_read_only_output_folder_is_one_clear_line_and_nothing_changes(project):
    prefix, who = unprivileged()
    content, output = project / "content", project / "output"
    write_paper(content / "p")
    for folder in (content, content / "p"):
        folder.chmod(0o755)
    command = [sys.executable, str(ROOT / "build.py"), "--content", str(content), "--output", str(output)]
    command += ["--format", "html,model"]
    assert subprocess.run(command, cwd=ROOT, capture_output=True, timeout=120).returncode == 0
    (content / "p" / "body.yaml").write_text(changed(MINIMAL_BODY, "net: 1000", "net: 1234"), encoding="utf-8")
    if who == "nobody":  # the folder is nobody's own, and read-only to its owner too
        for path in [output, *output.rglob("*")]:
            os.chown(path, NOBODY, NOBODY)
    before = files_of(output)
    output.chmod(0o555)
    env = os.environ | {"HOME": str(project)}
    result = subprocess.run([*prefix, *command], cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 1, (who, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    last = result.stderr.splitlines()[-1]
    assert last.startswith(f"render error: cannot write {output}/"), (who, result.stderr)
    assert last.endswith(": Permission denied; nothing was changed"), (who, last)
    assert files_of(output) == before  # no output replaced, no record rewritten, no temporary file left
    assert result.stdout == ""  # nothing said to be written
