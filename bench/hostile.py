"""Hostile and careless content, timed: each case of tests/e2e/test_hostile.py and a few larger ones,
built and checked; prints what the user sees, the time to that message and the peak memory.

Run with `make bench` (as part of bench.py) or on its own: `.venv/bin/python bench/hostile.py`.
The table in docs/authoring.md ("Bad and hostile content") comes from it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.test_hostile import BOMB, CASES  # noqa: E402, F401
from tests.helpers import MINIMAL_BODY, MINIMAL_PAPER, write_paper  # noqa: E402

MEASURED = r"""
import json, resource, subprocess, sys, time
started = time.perf_counter()
result = subprocess.run(ARGS, capture_output=True, text=True)
print(json.dumps({"seconds": time.perf_counter() - started, "code": result.returncode,
                  "peak": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                  "out": result.stdout + result.stderr}))
"""


def bomb(levels: int) -> str:
    """Anchors nested `levels` deep, each a list of ten of the one before (nine levels: BOMB)."""
    lists = "".join(f"\n        - &a{i} [{', '.join([f'*a{i - 1}'] * 10) if i else 'lol'}]" for i in range(levels))
    return "sections:\n  - title: Bomb\n    blocks:\n      - bullets: " + lists + "\n"


def extra_cases() -> dict[str, tuple[str, str]]:
    bullets = "sections:\n  - title: Deep\n    blocks:\n      - bullets:\n"
    indent = "        "
    for depth in range(100):
        bullets += f"{indent}- text: level {depth}\n{indent}  bullets:\n"
        indent += "    "
    bullets += f"{indent}- the last\n"
    formula = " + ".join(["a.net"] * 5000)
    return {
        "alias bomb, seven levels": (bomb(7), "anchors and aliases"),
        "bullets nested 100 deep": (bullets, "nested too deeply"),
        "a 5,000-term formula": (
            MINIMAL_BODY.replace(
                "{id: total, area: Total, sum: above, published: {net: 3500}}",
                f'{{id: total, area: Total, formula: "{formula}"}}',
            ),
            "at most 1,000",
        ),
        "20 MB of prose": (
            MINIMAL_BODY.replace("- para: The net budget", "- para: " + "word " * 4_000_000 + "The net budget"),
            "a content file holds at most",
        ),
    }


def run(content: Path, *args: str) -> dict:
    command = [
        sys.executable,
        str(ROOT / "build.py"),
        *args,
        "--content",
        str(content),
        *([] if args[:1] == ("check",) else ["--output", str(content.parent / "out")]),  # check writes nothing
    ]
    code = f"ARGS = {command!r}\n" + MEASURED
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    return json.loads(result.stdout.strip().splitlines()[-1])


def message(output: str, expected: str) -> str:
    """The line saying what the case is about (the first, where none does), shortened: the
    file's name and line, a long field path cut in the middle."""
    lines = [line for line in output.splitlines() if line.strip() and not line.startswith("  [")]
    line = next((x for x in lines if expected in x), lines[0] if lines else "")
    parts = line.split(": ", 2)
    if len(parts) >= 2 and ".yaml:" in parts[0] and " " in parts[1]:  # no field: all message
        parts = [parts[0], "", ": ".join(parts[1:])]
    if len(parts) == 3 and ".yaml:" in parts[0]:
        where = Path(parts[0].rsplit(":", 2)[0]).name + ":" + parts[0].rsplit(":", 2)[1]
        path = parts[1] if len(parts[1]) <= 50 else parts[1][:20] + "…" + parts[1][-25:]
        line = f"{where}: {path + ': ' if path else ''}{parts[2]}"
    return line if len(line) <= 170 else line[:167] + "…"


def symlink_case(work: Path) -> Path:
    outside = work / "secret.yaml"
    outside.write_text("password: hunter2\n", encoding="utf-8")
    folder = write_paper(
        work / "content" / "p", MINIMAL_PAPER.replace("body: [body.yaml]", "body: [body.yaml, linked.yaml]")
    )
    (folder / "linked.yaml").symlink_to(outside)
    return work / "content"


def main() -> None:
    cases = dict(CASES) | extra_cases()
    print("Bad and hostile content: what the user sees (build; check says the same), exit code, time and peak memory")
    print("| case | message | exit | build s | check s | peak MiB |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name in [*sorted(cases), "a link to a file outside content/"]:
        work = Path(tempfile.mkdtemp(prefix="hostile-"))
        try:
            if name.startswith("a link"):
                content = symlink_case(work)
            else:
                write_paper(work / "content" / "p", body=cases[name][0])
                content = work / "content"
            built, checked = run(content, "--format", "html"), run(content, "check")
            expected = cases[name][1] if name in cases else "outside content/"
            shown = message(built["out"], expected).replace("|", "\\|")
            print(
                f"| {name} | {shown} | {built['code']} | {built['seconds']:.2f} | {checked['seconds']:.2f} | "
                f"{max(built['peak'], checked['peak']):.0f} |"
            )
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
