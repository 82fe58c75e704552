"""Hostile and careless input, timed: every case the tests hold (bad YAML, author text that hung the
build or reached Python, finance files that unpack large, build records that lie), each built in a
child with the tests' bounds (tests/bounded.py: a time-out and 1 GiB of address space); prints
what the author sees, the exit code, wall time, processor time and the child's peak memory.

Run with `make bench` (the last table) or alone with `make bench-hostile` (`bench/bench.py
--hostile`). The cases are read from the tests, so the table shows what happens to each as the
code stands, fixed or not: a case that hangs shows "killed at 120 s", a bomb "MemoryError".
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.bounded import GIB, Bounded, build_bounded  # noqa: E402
from tests.helpers import MINIMAL_BODY, MINIMAL_PAPER, changed, write_paper  # noqa: E402

TIMEOUT = 120
Prepare = Callable[[Path], tuple[Path, Path, list[str]]]  # a work folder → content, output, build options


@dataclass(frozen=True)
class Case:
    group: str
    name: str
    prepare: Prepare
    expected: str  # words of the line that says what the case is about


def paper_case(group: str, name: str, expected: str, formats: str = "html", **files: str) -> Case:
    """A paper written from `files` (paper=…, body=…), built in the formats."""

    def prepare(work: Path) -> tuple[Path, Path, list[str]]:
        paper = files.get("paper", MINIMAL_PAPER)
        write_paper(work / "content" / "p", paper, body=files.get("body", MINIMAL_BODY))
        return work / "content", work / "output", ["--format", formats]

    return Case(group, name, prepare, expected)


def yaml_cases() -> Iterator[Case]:
    from tests.e2e.test_hostile import CASES

    for name, (body, expected) in sorted(CASES.items()):
        yield paper_case("YAML", name, expected, body=body)
    bullets = "sections:\n  - title: Deep\n    blocks:\n      - bullets:\n"
    indent = "        "
    for depth in range(100):
        bullets += f"{indent}- text: level {depth}\n{indent}  bullets:\n"
        indent += "    "
    yield paper_case("YAML", "bullets nested 100 deep", "nested too deeply", body=bullets + f"{indent}- the last\n")
    prose = changed(MINIMAL_BODY, "- para: The net budget", "- para: " + "word " * 4_000_000 + "The net budget")
    yield paper_case("YAML", "20 MB of prose", "a content file holds at most", body=prose)

    def linked(work: Path) -> tuple[Path, Path, list[str]]:
        (work / "secret.yaml").write_text("password: hunter2\n", encoding="utf-8")
        paper = changed(MINIMAL_PAPER, "body: [body.yaml]", "body: [body.yaml, linked.yaml]")
        folder = write_paper(work / "content" / "p", paper)
        (folder / "linked.yaml").symlink_to(work / "secret.yaml")
        return work / "content", work / "output", ["--format", "html"]

    yield Case("YAML", "a link to a file outside content/", linked, "outside content/")


def author_text_cases() -> Iterator[Case]:
    """The other half of issue 22 (tests/e2e/test_hostile_input.py): placeholders, long words,
    characters the house font lacks."""
    from tests.e2e import test_hostile_input as theirs

    for name, (line, expected) in sorted(theirs.PLACEHOLDERS.items()):
        paper = changed(MINIMAL_PAPER, "subject:", f"{line}\nsubject:")
        yield paper_case("placeholders", name, expected, "html,pdf", paper=paper)
    for length in (100_000, 990_000):
        body = changed(MINIMAL_BODY, "The net budget is", "See " + "x" * length + " The net budget is")
        yield paper_case("long words", f"one word of {length:,} characters", "a word of", "pdf", body=body)
    for name, ((file, old, new), expected) in sorted(theirs.CHARACTERS.items()):
        files = {"paper": MINIMAL_PAPER, "body": MINIMAL_BODY}
        key = "paper" if file == "paper.yaml" else "body"
        files[key] = changed(files[key], old, new)
        yield paper_case("characters", name, expected.split(":")[0], "pdf", **files)


def finance_cases() -> Iterator[Case]:
    from tests.load import hostile_books
    from tests.load.test_finance_limits import CASES

    for name, (hostile, _, expected) in CASES.items():

        def prepare(work: Path, hostile: Callable[[Path], Path] = hostile) -> tuple[Path, Path, list[str]]:
            hostile(work / "content" / "p")
            return work / "content", work / "output", ["--format", "html"]

        yield Case("finance", name, prepare, expected.split(": ", 1)[-1][:40])

    def wide(work: Path) -> tuple[Path, Path, list[str]]:
        hostile_books.wide_csv_range(work / "content" / "p")
        return work / "content", work / "output", ["--format", "html"]

    yield Case("finance", "range A1:XFD over 20,000 CSV rows (builds)", wide, "built p")


def record_cases() -> Iterator[Case]:
    """Each lie of tests/build/test_record.py, told to the record of a good build of a paper
    changed since: the timed build is the one that meets the lie."""
    from tests.build.test_record import LIES

    for name, (lie, expected) in LIES.items():

        def prepare(work: Path, lie: Callable = lie) -> tuple[Path, Path, list[str]]:
            content, output = work / "content", work / "output"
            write_paper(content / "p")
            first = build_bounded(content, output, "--format", "html,model", timeout=TIMEOUT)
            assert first.code == 0, first.output
            (content / "p" / "body.yaml").write_text(changed(MINIMAL_BODY, "net: 1000", "net: 1234"), encoding="utf-8")
            record = output / ".councilpapers-build.json"
            record.write_text(json.dumps(lie(json.loads(record.read_text()), content, output)), encoding="utf-8")
            return content, output, ["--format", "html,model"]

        yield Case("build record", name, prepare, expected[:40])


GROUPS = (yaml_cases, author_text_cases, finance_cases, record_cases)


def what_is_seen(result: Bounded, expected: str, work: Path) -> tuple[str, str]:
    """(where, message): the line about the case (the first line, where none is), its location
    (file and line) apart, the work folder's paths shortened to their names; or how it ended."""
    if result.timed_out:
        return "", f"killed at {TIMEOUT} s: no answer"
    text = result.output.replace(f"{work}/", "").replace(str(work), "")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("  ")]
    line = next(
        (x for x in lines if expected in x), next((x for x in lines if "error" in x), lines[0] if lines else "")
    )
    located = re.match(r"^(?:content/p/)?(\S+?\.(?:yaml|yml)):(\d+):\d+: (?:([\w.\[\]]+): )?(.*)$", line)
    if located:
        return f"{located.group(1)}:{located.group(2)}", re.sub(r"\S*/(?=[\w.-]+\.(?:xlsx|csv))", "", located.group(4))
    note = line.removeprefix("note: ").removeprefix("the record of the last build ")  # a record's lie
    return "", re.sub(r"^names '[^']*', which ", "", note)


def run(case: Case) -> tuple[str, str, Bounded]:
    work = Path(tempfile.mkdtemp(prefix="hostile-"))
    try:
        content, output, options = case.prepare(work)
        result = build_bounded(content, output, *options, timeout=TIMEOUT, memory=GIB)
        where, message = what_is_seen(result, case.expected, work)
        return where, message, result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def cell(text: str) -> str:
    return text.replace("|", "\\|")


def main() -> None:
    print(
        f"\nHostile input: what the author sees (the message's first 60 characters), exit code, wall and "
        f"processor time, and peak memory of the build (a child bounded at {TIMEOUT} s and 1 GiB)"
    )
    print("| group | case | where | message | exit | wall s | CPU s | peak MiB |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for group in GROUPS:
        try:
            cases = list(group())
        except (ImportError, AttributeError, ValueError, AssertionError) as exc:
            print(f"| {group.__name__} | (its cases could not be read: {cell(str(exc))[:80]}) | | | | | | |")
            continue
        for case in cases:
            try:
                where, message, result = run(case)
            except (AssertionError, OSError) as exc:
                print(
                    f"| {case.group} | {cell(case.name)} | | (could not be prepared: {cell(str(exc))[:60]}) | | | | |"
                )
                continue
            code = "killed" if result.timed_out else str(result.code)
            print(
                f"| {case.group} | {cell(case.name)} | {where} | {cell(message[:60])} | {code} | "
                f"{result.seconds:.2f} | {result.cpu:.2f} | {result.peak_mib:.0f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
