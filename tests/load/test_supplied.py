"""A supplied PDF that the pack cannot use is refused where the meeting loads: `check` and the
build both say so, in one line that names the meeting file, the line of its `document:` field
and why, and the build writes nothing."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pikepdf
import pytest

from councilpapers.commands import main

from ..writers.test_supplied import MEETING, supplied_tagged, write_content

LINE = next(n for n, line in enumerate(MEETING.splitlines(), start=1) if "document: supplied.pdf" in line)
ENCRYPTED = "is encrypted: supply an unencrypted copy"
UNREADABLE = "is not a readable PDF: unable to find trailer dictionary while recovering damaged file: supply a PDF"


def encrypted(user: str) -> bytes:
    buffer = io.BytesIO()
    with pikepdf.open(io.BytesIO(supplied_tagged())) as pdf:
        pdf.save(buffer, encryption=pikepdf.Encryption(owner="owner-secret", user=user))
    return buffer.getvalue()


def no_pages() -> bytes:
    buffer = io.BytesIO()
    pikepdf.new().save(buffer)
    return buffer.getvalue()


CASES = {
    "encrypted, opening without a password": (lambda: encrypted(""), ENCRYPTED),
    "encrypted with a password": (lambda: encrypted("letmein"), ENCRYPTED),
    "HTML behind a PDF header": (
        lambda: b"%PDF-1.7\n<!DOCTYPE html><html><body><p>Report</p></body></html>\n",
        UNREADABLE,
    ),
    "cut short": (lambda: supplied_tagged()[:2000], UNREADABLE),
    "no pages": (no_pages, "has no pages: supply the document as a PDF with its pages"),
}


def run(*args: str) -> tuple[int, str]:
    """The command's exit code and everything it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(list(args))
    return code, out.getvalue()


@pytest.mark.parametrize("case", CASES)
def test_check_refuses_the_supplied_pdf_at_its_document_line(tmp_path, case):
    make, why = CASES[case]
    content = tmp_path / "content"
    write_content(content, make())
    code, said = run("check", "--content", str(content))
    assert code == 1
    meeting = content / "meetings" / "cabinet.yaml"
    assert f"{meeting}:{LINE}:" in said and f"items[2].document: 'supplied.pdf' {why}" in said, said
    assert "Traceback" not in said


@pytest.mark.parametrize("case", ["encrypted, opening without a password", "HTML behind a PDF header"])
def test_the_build_refuses_it_the_same_way_and_writes_nothing(tmp_path, case):
    make, why = CASES[case]
    content, output = tmp_path / "content", tmp_path / "output"
    write_content(content, make())
    code, said = run("pack", "cabinet", "--content", str(content), "--output", str(output))
    assert code == 1
    assert f"{content / 'meetings' / 'cabinet.yaml'}:{LINE}:" in said and f"'supplied.pdf' {why}" in said, said
    assert "Traceback" not in said and not any(output.rglob("*.pdf"))


def test_a_readable_unencrypted_pdf_passes_check(tmp_path):
    content = tmp_path / "content"
    write_content(content, supplied_tagged())
    code, said = run("check", "--content", str(content))
    assert code == 0, said
    assert "supplied.pdf" not in said


def test_a_file_that_changes_is_probed_again(tmp_path):
    """The probe remembers a file only while it is unchanged: a clerk who replaces an encrypted
    copy with a good one sees check pass at once (in watch, or a long-running process)."""
    from councilpapers.load.supplied import supplied_problem

    file = tmp_path / "supplied.pdf"
    file.write_bytes(encrypted(""))
    assert supplied_problem(file) == ENCRYPTED
    file.write_bytes(supplied_tagged())
    assert supplied_problem(Path(file)) is None
