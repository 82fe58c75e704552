#!/usr/bin/env python3
"""Time the February paper's build stage by stage, with peak memory, and each sample
meeting's agenda packs next to the papers they contain built alone; prints two tables.

Run with `make bench`. Each figure comes from a fresh process so start-up and import costs
are measured as a user meets them; the figures are the median of --repeat runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAPER = ROOT / "content" / "budget-2018-20"

STAGES = r"""
import json, resource, sys, time
sys.path.insert(0, ROOT)
from pathlib import Path
times = {}
t = time.perf_counter()
from councilpapers.load import load_paper
from councilpapers.compose import compose
from councilpapers.writers import load_writers
writers = load_writers()
import weasyprint
times["start-up and imports"] = time.perf_counter() - t
t = time.perf_counter(); loaded = load_paper(Path(PAPER)); times["loading (YAML, schema)"] = time.perf_counter() - t
t = time.perf_counter(); composed = compose(loaded); times["composing (tables, numbering, figures)"] = time.perf_counter() - t
document = composed.document
t = time.perf_counter(); html = writers["html"].render(document); times["rendering HTML (Jinja)"] = time.perf_counter() - t
t = time.perf_counter(); pdf = writers["pdf"].render(document); times["writing PDF (HTML + WeasyPrint)"] = time.perf_counter() - t
for name, writer in writers.items():
    if name not in ("pdf", "html", "model"):
        t = time.perf_counter(); writer.render(document); times[f"writing {name.upper()}"] = time.perf_counter() - t
times["peak memory (MiB)"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(times))
"""


def one_run() -> dict[str, float]:
    code = f"ROOT = {str(ROOT)!r}; PAPER = {str(PAPER)!r}\n" + STAGES
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def whole_command() -> float:
    import time

    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(ROOT / "build.py"), PAPER.name, "--output", "/tmp/councilpapers-bench"],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    return time.perf_counter() - started


MEASURED = r"""
import json, resource, subprocess, sys, time
started = time.perf_counter()
result = subprocess.run(ARGS, capture_output=True, text=True, cwd=ROOT)
elapsed = time.perf_counter() - started
if result.returncode:
    sys.exit(result.stderr)
print(json.dumps({"seconds": elapsed,
                  "peak": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def measured(args: list[str]) -> dict[str, float]:
    """A build.py command's wall time and its peak memory (MiB), in a process of its own."""
    command = [sys.executable, str(ROOT / "build.py"), *args, "--output", "/tmp/councilpapers-bench"]
    code = f"ARGS = {command!r}; ROOT = {str(ROOT)!r}\n" + MEASURED
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def pack_table(repeat: int) -> None:
    """Each sample meeting: its packs (with their papers' files) against those papers built alone."""
    sys.path.insert(0, str(ROOT))
    from councilpapers.meeting import find_meetings, load_meeting
    from councilpapers.pipeline import papers_of

    print(f"\nAgenda packs, median of {repeat} runs (packs include writing their papers' PDF, DOCX and XLSX)")
    print(f"| {'meeting':<44} | {'pack s':>7} | {'pack MiB':>8} | {'papers alone s':>14} | {'papers MiB':>10} |")
    print(f"|{'-' * 46}|{'-' * 9}|{'-' * 10}|{'-' * 16}|{'-' * 12}|")
    content = ROOT / "content"
    for file in find_meetings(content):
        papers = papers_of([load_meeting(file, content)])
        packs = [measured(["pack", file.stem]) for _ in range(repeat)]
        alone = [measured(papers) for _ in range(repeat)]
        row = [statistics.median(r[k] for r in runs) for runs in (packs, alone) for k in ("seconds", "peak")]
        print(f"| {file.stem:<44} | {row[0]:>7.2f} | {row[1]:>8.0f} | {row[2]:>14.2f} | {row[3]:>10.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (default 3)")
    args = parser.parse_args()
    runs = [one_run() for _ in range(args.repeat)]
    wholes = [whole_command() for _ in range(args.repeat)]
    print(f"February paper ({PAPER.name}), median of {args.repeat} runs")
    print(f"| {'stage':<42} | {'median':>10} | {'min':>10} |")
    print(f"|{'-' * 44}|{'-' * 12}|{'-' * 12}|")
    for stage in runs[0]:
        values = [r[stage] for r in runs]
        unit = "" if "MiB" in stage else " s"
        print(f"| {stage:<42} | {statistics.median(values):>8.3f}{unit:>2} | {min(values):>8.3f}{unit:>2} |")
    print(
        f"| {'whole command: build.py ' + PAPER.name:<42} | {statistics.median(wholes):>8.3f} s | {min(wholes):>8.3f} s |"
    )
    pack_table(args.repeat)


if __name__ == "__main__":
    main()
