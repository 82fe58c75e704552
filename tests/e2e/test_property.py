"""Papers of random structure, sizes and text: every build is a correct build, or fails with
located errors (file:line:column), exit 1 and no traceback, leaving the earlier output byte for
byte as it was; never anything else: no traceback, no hang, no more than 1 GiB.

`make test` runs the default profile (a size that takes well under a minute here); `make
property` runs the long one, every writer, the PDF's too. HYPOTHESIS_PROFILE (default, long)
chooses the profile and PROPERTY_EXAMPLES the number of examples, e.g.
`make property PROPERTY_EXAMPLES=2000`.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import resource
import shutil
import signal
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from councilpapers.commands import main

from ..bounded import GIB, files_of
from ..helpers import MINIMAL_PAPER, write_paper

PROFILES = {  # name → (examples, formats): the default fits in make test, the long run is make property
    "default": (100, "html,model,docx,xlsx,web"),
    "long": (600, "html,model,docx,xlsx,web,pdf"),
}
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")
if PROFILE not in PROFILES:
    raise SystemExit(f"HYPOTHESIS_PROFILE={PROFILE}: the profiles are {', '.join(PROFILES)}")
EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", PROFILES[PROFILE][0]))
FORMATS = PROFILES[PROFILE][1]
SECONDS = 60  # one example's build, at most: more is a hang
SUFFIXES = {
    "html": ".print.html",
    "model": ".model.json",
    "docx": ".docx",
    "xlsx": ".xlsx",
    "web": ".html",
    "pdf": ".pdf",
}

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
# valid text: letters, figures and punctuation of the Latin scripts the house font prints (TEXT and
# TRICKY bring the rest of Unicode, which the build refuses, located)
SAFE = st.text(
    st.characters(whitelist_categories=("L", "N", "Zs", "Pd", "Po", "Sc"), max_codepoint=0x17F), min_size=1, max_size=80
)
TRICKY = st.one_of(
    TEXT,
    st.sampled_from(
        ["{see:nowhere}", "**bold**", "*it*", "{{x}}", "{nope|%}", "a { b", "{budget.r0.net|n:2}", "{budget.r0.net|£m}"]
    ),
)
WORDS = st.one_of(SAFE, SAFE, SAFE, SAFE, TRICKY)  # mostly valid, so the writers run too
NUMBER = st.one_of(
    st.integers(-(10**9), 10**9),
    st.integers(-(10**9), 10**9),
    st.decimals(-(10**6), 10**6, places=3, allow_nan=False),
    st.sampled_from(["1,000", "=r0.net * 2", "=nope", True, None, "TBC"]),
)


def blocks(depth: int = 0):
    kinds = [
        st.builds(lambda t: {"para": t}, WORDS),
        st.builds(lambda t: {"text": t}, WORDS),
        st.builds(lambda t: {"heading": t}, WORDS),
        st.builds(lambda items: {"bullets": items}, st.lists(WORDS, min_size=0, max_size=4)),
        st.builds(
            lambda items, style, start: {"numbered": items, "style": style, "start": start},
            st.lists(WORDS, min_size=1, max_size=4),
            st.sampled_from(["decimal", "roman", "alpha"]),
            st.integers(1, 30),
        ),
        st.builds(table, st.lists(NUMBER, min_size=1, max_size=5), st.booleans()),
        st.builds(lambda t: {"quote": t}, WORDS),
    ]
    odd = st.dictionaries(
        st.sampled_from(["para", "tabel", "quote", "repeat", "numbered"]), TRICKY, min_size=1, max_size=2
    )
    return st.lists(st.one_of(*kinds, *kinds, odd), min_size=1, max_size=5)


def table(values, with_total):
    rows = [{"id": f"r{i}", "area": f"Row {i}", "net": v} for i, v in enumerate(values)]
    if with_total:
        rows.append({"id": "total", "area": "Total", "sum": "above"})
    return {
        "table": {
            "id": "budget",
            "caption": "Budget",
            "columns": [
                {"id": "area", "header": "Area", "type": "text"},
                {"id": "net", "header": "Net", "unit": "£,000"},
            ],
            "rows": rows,
        }
    }


def to_yaml(data) -> str:
    def plain(value):
        if isinstance(value, Decimal):
            return float(value)
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    return yaml.safe_dump(plain(data), allow_unicode=True, sort_keys=False)


LOCATED = re.compile(r"^\S+\.yaml:\d+:\d+: ")


class Hang(BaseException):
    """An example's build ran past its time (BaseException: the command line's handler of
    internal errors does not catch it)."""


@contextlib.contextmanager
def bounded() -> Iterator[None]:
    """The build in this process bounded: SECONDS of time, and 1 GiB of address space above
    what the process holds now (a forked worker inherits the limit)."""

    def expired(signum: int, frame: object) -> None:
        raise Hang(f"the build took more than {SECONDS} s")

    status = Path("/proc/self/status").read_text(encoding="utf-8")
    now = int(status.split("VmSize:")[1].split()[0]) * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = now + GIB if hard == resource.RLIM_INFINITY else min(now + GIB, hard)
    previous = signal.signal(signal.SIGALRM, expired)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    signal.alarm(SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
        signal.signal(signal.SIGALRM, previous)


def build(content: Path, output: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with bounded(), contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        code = main(["--content", str(content), "--output", str(output), "--format", FORMATS])
    return code, out.getvalue(), err.getvalue()


class Earlier(tuple[Path, dict[str, bytes]]):
    def __repr__(self) -> str:  # shown in a failing example's report: not its bytes
        return f"the minimal paper's build in {self[0]}"


@pytest.fixture(scope="module")
def earlier(tmp_path_factory) -> Iterator[Earlier]:
    """A folder whose output holds a good build of the minimal paper (as bytes, to put back
    before each example): each random paper is built over it, from the same content folder.
    The toolkit's fingerprint is held still: others may be editing the code in this tree."""
    from councilpapers.build import incremental

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(incremental, "toolkit_fingerprint", lambda: "f" * 64)
        base = tmp_path_factory.mktemp("property")
        write_paper(base / "content" / "p", MINIMAL_PAPER)
        code, _, err = build(base / "content", base / "output")
        assert code == 0, err
        yield Earlier((base, files_of(base / "output")))


def put_back(folder: Path, files: dict[str, bytes]) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(st.tuples(SAFE, blocks()), min_size=1, max_size=3), st.one_of(st.none(), st.none(), st.none(), TEXT))
def test_every_random_paper_builds_or_fails_with_located_errors(earlier, sections, garbage):
    base, before = earlier
    content, output = base / "content", base / "output"
    body = to_yaml({"sections": [{"title": t, "blocks": b} for t, b in sections]})
    if garbage is not None:
        body += garbage
    shutil.rmtree(content / "p")
    write_paper(content / "p", MINIMAL_PAPER, body=body)
    put_back(output, before)
    code, out, err = build(content, output)
    event(f"exit {code}")  # --hypothesis-show-statistics: how many built, how many were refused
    assert code in (0, 1), err
    assert "Traceback" not in err and "internal error" not in err
    if code == 1:
        lines = err.splitlines()
        assert lines[-1].startswith("content error:") and lines[-1].endswith("nothing was written"), err
        assert all(LOCATED.match(line) for line in lines[:-1]), err
        assert files_of(output) == before  # the earlier output, byte for byte
        return
    written = [line.removeprefix("wrote ") for line in out.splitlines() if line.startswith("wrote ")]
    for name in FORMATS.split(","):  # the workbook only of a paper with a table: the earlier one is removed
        file = output / f"p{SUFFIXES[name]}"
        assert file.is_file() and file.stat().st_size > 0 or name == "xlsx", name
    assert written and all(Path(w).is_file() for w in written), out
    assert json.loads((output / "p.model.json").read_text(encoding="utf-8"))["slug"] == "p"
    code, out, err = build(content, output)  # the record it wrote fits, and says every file is made
    assert code == 0 and out.startswith("1 paper up to date"), out + err
