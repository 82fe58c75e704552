"""The record of the last build cannot be made to lie: a record changed by hand, or written to
fit its seal but not what a build records, is set aside whole, every output is rebuilt, and the
build says why in one note; a record never makes the build read a file outside the content and
output folders (and the toolkit's templates). Each lie is tried on a paper changed since the
record was written: a record believed would skip it.
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from councilpapers.build import incremental
from councilpapers.build.record import MAX_RECORD_BYTES, seal
from councilpapers.commands import main

from ..bounded import build_bounded, files_of
from ..helpers import MINIMAL_BODY, changed, write_paper

RECORD = ".councilpapers-build.json"
Record = dict[str, Any]


def build(content: Path, output: Path) -> tuple[int, str, str]:
    """The build in this process: its exit code, what it printed (the summary) and its messages."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        code = main(["--content", str(content), "--output", str(output), "--format", "html,model"])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def built(tmp_path, monkeypatch) -> tuple[Path, Path]:
    """A paper built once (its record written), then changed: its net figure 1000 is now 1234.
    The toolkit's fingerprint is held still: others may be editing the code in this tree."""
    monkeypatch.setattr(incremental, "toolkit_fingerprint", lambda: "f" * 64)
    content, output = tmp_path / "content", tmp_path / "output"
    write_paper(content / "p")
    assert build(content, output)[0] == 0
    assert build(content, output)[1].startswith("1 paper up to date")  # the record is believed: nothing to do
    (content / "p" / "body.yaml").write_text(changed(MINIMAL_BODY, "net: 1000", "net: 1234"), encoding="utf-8")
    return content, output


def resealed(record: Record) -> Record:
    """The record as a careful liar writes it: its seal made again to fit the entries."""
    return record | {"seal": seal(record["toolkit"], record["entries"])}


def each_entry(change: Callable[[Record, Path, Path], None]) -> Callable[[Record, Path, Path], Record]:
    def lie(record: Record, content: Path, output: Path) -> Record:
        for entry in record["entries"].values():
            change(entry, content, output)
        return record

    return lie


def _files(entry: Record, content: Path, output: Path) -> None:
    entry["inputs"]["files"] = {}


def _files_and_listing(entry: Record, content: Path, output: Path) -> None:
    entry["inputs"]["files"], entry["inputs"]["listing"] = {}, {}


def _root(entry: Record, content: Path, output: Path) -> None:
    entry["inputs"]["listing"]["/"] = ["etc/passwd"]  # listed again on every build: the whole filesystem


def _linked_out(entry: Record, content: Path, output: Path) -> None:
    link = output / "root"
    if not link.is_symlink():
        link.symlink_to("/")  # inside the output folder as written, the root folder once followed
    entry["inputs"]["listing"][str(link)] = []


def _up_and_out(entry: Record, content: Path, output: Path) -> None:
    entry["inputs"]["files"][f"{content}/p/../../../../../../etc/hostname"] = "0" * 64


def _output_outside(entry: Record, content: Path, output: Path) -> None:
    entry["outputs"]["../../../../../../etc/hostname"] = "0" * 64


def _no_hash(entry: Record, content: Path, output: Path) -> None:
    entry["inputs"]["files"] = dict.fromkeys(entry["inputs"]["files"], "1234")


LIES: dict[str, tuple[Callable[[Record, Path, Path], Record], str]] = {
    "no files, by hand": (
        each_entry(_files),
        "was changed after the build wrote it (its seal does not match its entries)",
    ),
    "no files, resealed": (
        lambda r, c, o: resealed(each_entry(_files)(r, c, o)),
        "/p/body.yaml but records no hash of it",
    ),
    "no files and no listing, resealed": (
        lambda r, c, o: resealed(each_entry(_files_and_listing)(r, c, o)),
        "does not record the folder of its paper, or its format, as a build does",
    ),
    "the root folder listed, resealed": (
        lambda r, c, o: resealed(each_entry(_root)(r, c, o)),
        "names '/', outside the content and output folders",
    ),
    "a path up and out of the content folder, resealed": (
        lambda r, c, o: resealed(each_entry(_up_and_out)(r, c, o)),
        "/etc/hostname', outside the content and output folders",
    ),
    "a link in the output folder to the root folder, resealed": (
        lambda r, c, o: resealed(each_entry(_linked_out)(r, c, o)),
        "output/root', outside the content and output folders",
    ),
    "an output outside the output folder, resealed": (
        lambda r, c, o: resealed(each_entry(_output_outside)(r, c, o)),
        "names the output '../../../../../../etc/hostname', outside the output folder",
    ),
    "hashes that are not hashes, resealed": (
        lambda r, c, o: resealed(each_entry(_no_hash)(r, c, o)),
        "records a file without its SHA-256",
    ),
    "a paper named up and out, resealed": (
        lambda r, c, o: resealed(r | {"entries": {"paper ../p html": next(iter(r["entries"].values()))}}),
        "names 'paper ../p html', which is neither a paper's file nor a meeting's packs",
    ),
    "an entry of another kind, resealed": (
        lambda r, c, o: resealed(r | {"entries": r["entries"] | {"library books": {}}}),
        "names 'library books', which is neither a paper's file nor a meeting's packs",
    ),
    "a field of its own": (
        lambda r, c, o: r | {"trust": True},
        "could not be read (it is not a record this toolkit writes)",
    ),
    "another version": (lambda r, c, o: r | {"version": 1}, "was written in another form (version 1, not 2)"),
    "a seal that is no seal": (
        lambda r, c, o: r | {"seal": "trust me"},
        "its toolkit, seal or entries are not what a build writes",
    ),
}


@pytest.mark.parametrize("lie", list(LIES))
def test_a_record_that_lies_is_set_aside_and_everything_rebuilt(built, lie):
    content, output = built
    make, reason = LIES[lie]
    record = json.loads((output / RECORD).read_text(encoding="utf-8"))
    (output / RECORD).write_text(json.dumps(make(record, content, output)), encoding="utf-8")
    code, out, err = build(content, output)
    assert code == 0, err
    notes = [line for line in err.splitlines() if line.startswith("note: ")]
    assert len(notes) == 1 and notes[0].startswith("note: the record of the last build "), err
    assert reason in notes[0] and notes[0].endswith(": everything is rebuilt"), notes[0]
    assert "built p (html, model)" in out  # the changed paper is made again
    assert '"value": 1234' in (output / "p.model.json").read_text(encoding="utf-8")
    assert build(content, output)[1].startswith("1 paper up to date")  # the new record fits


def test_a_record_that_lists_the_root_folder_does_not_make_the_build_walk_it(built):
    """In a child with a time-out: listing / would take minutes (and read what is not the build's)."""
    content, output = built
    record = json.loads((output / RECORD).read_text(encoding="utf-8"))
    lie = resealed(each_entry(_root)(record, content, output))
    (output / RECORD).write_text(json.dumps(lie), encoding="utf-8")
    result = build_bounded(content, output, "--format", "html,model", timeout=30)
    assert not result.timed_out, result.ended_in_time()
    assert result.code == 0 and "names '/', outside the content and output folders" in result.stderr


@pytest.mark.parametrize("kind", ["a link to /dev/zero", "a folder", "25 MB of spaces", "nested 100,000 deep"])
def test_a_record_that_is_not_one_is_set_aside_unread(built, kind):
    content, output = built
    record = output / RECORD
    record.unlink()
    if kind == "a link to /dev/zero":
        record.symlink_to("/dev/zero")
    elif kind == "a folder":
        record.mkdir()
    elif kind == "25 MB of spaces":
        record.write_bytes(b" " * (MAX_RECORD_BYTES + 5_000_000))
    else:
        record.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    before = files_of(output)
    result = build_bounded(content, output, "--format", "html,model", timeout=30)
    assert not result.timed_out, result.ended_in_time()
    if kind == "a folder":  # nothing can be written where the record goes: the build fails, touching nothing
        assert result.code != 0 and "Traceback" not in result.output
        assert files_of(output) == before
        return
    assert result.code == 0, result.output
    reason = {
        "a link to /dev/zero": "is not a file (a link or something else stands in its place)",
        "25 MB of spaces": "is 25,000,000 bytes, more than any build writes (20,000,000)",
        "nested 100,000 deep": "could not be read",
    }[kind]
    assert f"note: the record of the last build {reason}: everything is rebuilt" in result.stderr
    assert record.is_file() and not record.is_symlink()  # replaced by a record that fits
    assert '"value": 1234' in (output / "p.model.json").read_text(encoding="utf-8")


def test_a_record_names_only_paths_in_the_content_and_output_folders_and_the_templates(built):
    content, output = built
    assert build(content, output)[0] == 0
    record = json.loads((output / RECORD).read_text(encoding="utf-8"))
    assert record["seal"] == seal(record["toolkit"], record["entries"])
    for entry in record["entries"].values():
        for key in [*entry["inputs"]["files"], *entry["inputs"]["listing"]]:
            path = Path(key) if Path(key).is_absolute() else Path(__file__).resolve().parents[2] / key
            assert path.is_relative_to(content) or path.is_relative_to(
                Path(__file__).resolve().parents[2] / "templates"
            )
