"""Builds that lose nothing: a full disk, a kill in the write stage or an unwritable folder
leaves every earlier output as it was, and no temporary file behind."""

from __future__ import annotations

import errno
import os

import pytest

from councilpapers.build import output
from councilpapers.commands import main

from ..helpers import MINIMAL_BODY, MINIMAL_PAPER, changed, write_paper


@pytest.fixture
def built(tmp_path):
    content, out = tmp_path / "content", tmp_path / "output"
    write_paper(content / "p")
    assert main(["--content", str(content), "--output", str(out), "--format", "html,model,docx"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    (content / "p" / "body.yaml").write_text(changed(MINIMAL_BODY, "Alpha", "Gamma"), encoding="utf-8")
    return content, out, before


def rebuild(content, out) -> int:
    return main(["--content", str(content), "--output", str(out), "--format", "html,model,docx"])


def test_a_full_disk_in_the_write_stage_changes_nothing(built, monkeypatch, capsys):
    content, out, before = built
    real, calls = os.fsync, []

    def fsync(fd):
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd)

    monkeypatch.setattr(output.os, "fsync", fsync)
    assert rebuild(content, out) == 1
    err = capsys.readouterr().err
    assert "cannot write" in err and "No space left on device; nothing was changed" in err and "Traceback" not in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_kill_in_the_write_stage_leaves_the_earlier_outputs(built, monkeypatch):
    content, out, before = built
    real = output._stage

    def interrupted(target, data):
        if target.suffix == ".json":
            raise KeyboardInterrupt
        return real(target, data)

    monkeypatch.setattr(output, "_stage", interrupted)
    assert rebuild(content, out) == 130
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_an_output_folder_that_cannot_be_written_is_one_clear_line(tmp_path, capsys):
    content = tmp_path / "content"
    write_paper(content / "p")
    blocker = tmp_path / "output"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    assert main(["--content", str(content), "--output", str(blocker), "--format", "html"]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[-1].startswith("render error: cannot write") and "Traceback" not in err


def test_leftovers_of_a_killed_build_are_removed_and_a_running_ones_kept(built):
    content, out, before = built
    old, fresh = out / ".p.pdf.abc.part", out / ".p.docx.def.part"
    old.write_bytes(b"half")
    fresh.write_bytes(b"half")
    os.utime(old, (0, 0))
    assert rebuild(content, out) == 0
    assert not old.exists() and fresh.exists()


def test_three_concurrent_builds_into_one_folder_leave_every_output_whole(tmp_path):
    import subprocess
    import sys
    import zipfile

    from pypdf import PdfReader

    from ..helpers import ROOT

    content, out = tmp_path / "content", tmp_path / "output"
    write_paper(content / "p")
    command = [
        sys.executable,
        str(ROOT / "build.py"),
        "--content",
        str(content),
        "--output",
        str(out),
        "--format",
        "pdf,docx,xlsx",
    ]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)]
    assert [r.wait(timeout=120) for r in runs] == [0, 0, 0]
    assert len(PdfReader(out / "p.pdf").pages) == 2
    for name in ("p.docx", "p.xlsx"):
        assert zipfile.ZipFile(out / name).testzip() is None
    assert not list(out.glob(".*.part"))


def test_no_build_fetches_anything_from_outside(tmp_path):
    """A local server records every request; content that names it in every way a paper,
    style or meeting can is built in every format, and the server hears nothing."""
    import http.server
    import threading

    requests: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/x.png"
    try:
        content = tmp_path / "content"
        hostile = (
            f'<img src="{url}"> <link rel="stylesheet" href="{url}"> url({url}) '
            f'<style>@import "{url}";</style> {{{{ "{url}" }}}}'
        )
        body = changed(
            changed(MINIMAL_BODY, "The net budget is", hostile.replace(":", "&#58;") + " The net budget is"),
            "caption: Budget",
            f"caption: '{url}'",
        )
        write_paper(content / "p", body=body)
        assert (
            main(["--content", str(content), "--output", str(tmp_path / "o"), "--format", "pdf,docx,xlsx,html,web"])
            == 0
        )
        # finance files and figures named by the server's address: refused, never fetched
        imports = changed(
            MINIMAL_BODY,
            "            - {id: b, area: Beta, net: 2500}\n",
            f"            - rows_from: {{file: '{url[:-4]}.csv', columns: {{id: Code}}}}\n",
        )
        write_paper(content / "q", MINIMAL_PAPER + f"figures_from: '{url[:-4]}.xlsx'\n", body=imports)
        assert main(["q", "--content", str(content), "--output", str(tmp_path / "o")]) == 1
        from councilpapers.writers.pdf.weasy import _project_fetcher

        with pytest.raises(ValueError, match="refused to fetch"):
            _project_fetcher().fetch(url)
    finally:
        server.shutdown()
    assert requests == []
