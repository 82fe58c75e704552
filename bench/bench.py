#!/usr/bin/env python3
"""Time the February paper's build stage by stage, with peak memory, and each sample
meeting's agenda packs next to the papers they contain built alone; prints two tables.

Run with `make bench`. Each figure comes from a fresh process so start-up and import costs
are measured as a user meets them; the figures are the median of --repeat runs.
"""

from __future__ import annotations

import argparse
import json
import os
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
from councilpapers.load.paper import load_paper
from councilpapers.compose.document import compose
from councilpapers.build.render import with_pages
from councilpapers.writers.pdf import lay_out, write_laid_out
from councilpapers.writers.registry import WRITERS as writers
import weasyprint
times["start-up and imports"] = time.perf_counter() - t
t = time.perf_counter(); loaded = load_paper(Path(PAPER)); times["loading (YAML, schema)"] = time.perf_counter() - t
t = time.perf_counter(); composed = compose(loaded); times["composing (tables, numbering, figures)"] = time.perf_counter() - t
document = composed.document
t = time.perf_counter(); html = writers["html"].render(document); times["rendering HTML (Jinja)"] = time.perf_counter() - t
t = time.perf_counter(); layout = lay_out(document); pdf = write_laid_out(layout); times["writing PDF (HTML + WeasyPrint)"] = time.perf_counter() - t
paged = with_pages(document, len(layout.pages))  # the Word file's page count, from the PDF's one layout
for name, writer in writers.items():
    if name not in ("pdf", "html", "model"):
        t = time.perf_counter(); writer.render(paged if name == "docx" else document); times[f"writing {name.upper()}"] = time.perf_counter() - t
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
        [sys.executable, str(ROOT / "build.py"), PAPER.name, "--force", "--output", "/tmp/councilpapers-bench"],
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
used = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": elapsed, "cpu": used.ru_utime + used.ru_stime, "peak": used.ru_maxrss / 1024}))
"""


def measured(args: list[str], root: Path = ROOT, output: str = "/tmp/councilpapers-bench") -> dict[str, float]:
    """A build.py command's wall time, the processor time it and its workers used (both cores
    together), and its peak memory (MiB), in a process of its own (`root`: the tree whose
    build.py runs, this one or an earlier revision's)."""
    command = [sys.executable, str(root / "build.py"), *args, "--output", output]
    code = f"ARGS = {command!r}; ROOT = {str(root)!r}\n" + MEASURED
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
    return json.loads(out.stdout.strip().splitlines()[-1])


def pack_table(repeat: int) -> None:
    """Each sample meeting: its packs (with their papers' files) against those papers built alone."""
    sys.path.insert(0, str(ROOT))
    from councilpapers.build.pipeline import papers_of
    from councilpapers.load.content import find_meetings
    from councilpapers.load.meeting import load_meeting

    print(f"\nAgenda packs, median of {repeat} runs (packs include writing their papers' PDF, DOCX and XLSX)")
    print(f"| {'meeting':<44} | {'pack s':>7} | {'pack MiB':>8} | {'papers alone s':>14} | {'papers MiB':>10} |")
    print(f"|{'-' * 46}|{'-' * 9}|{'-' * 10}|{'-' * 16}|{'-' * 12}|")
    content = ROOT / "content"
    for file in find_meetings(content):
        papers = papers_of([load_meeting(file, content)])
        packs = [measured(["pack", file.stem, "--force"]) for _ in range(repeat)]
        alone = [measured([*papers, "--force"]) for _ in range(repeat)]
        row = [statistics.median(r[k] for r in runs) for runs in (packs, alone) for k in ("seconds", "peak")]
        print(f"| {file.stem:<44} | {row[0]:>7.2f} | {row[1]:>8.0f} | {row[2]:>14.2f} | {row[3]:>10.0f} |")


def median_of(args: list[str], repeat: int, before=None) -> dict[str, float]:
    """The median wall time and peak memory of a build.py command over `repeat` runs, each
    after `before()` (which prepares the run: a changed figure, say)."""
    runs = []
    for n in range(repeat):
        if before is not None:
            before(n)
        runs.append(measured(args))
    return {k: statistics.median(r[k] for r in runs) for k in ("seconds", "cpu", "peak")}


def libreoffice_conversion(docx: Path, repeat: int) -> float:
    """LibreOffice converting the paper's DOCX to PDF, as an author in Word would export it
    (headless, its profile already made by a warm-up run)."""
    import shutil
    import tempfile
    import time

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return float("nan")
    profile = Path(tempfile.mkdtemp(prefix="bench-lo-"))
    out = Path(tempfile.mkdtemp(prefix="bench-lo-out-"))
    command = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf"]
    subprocess.run([*command, "--outdir", str(out), str(docx)], capture_output=True, check=True)  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([*command, "--outdir", str(out), str(docx)], capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def incremental_table(repeat: int) -> None:
    """Forced, no-op and one-figure builds of the February paper, beside LibreOffice's
    conversion of its DOCX to PDF in the same run."""
    import shutil
    import tempfile

    work = Path(tempfile.mkdtemp(prefix="bench-content-"))
    shutil.copytree(ROOT / "content", work / "content")
    paper = work / "content" / PAPER.name / "appendix-1.yaml"
    original = paper.read_text(encoding="utf-8")
    args = [PAPER.name, "--content", str(work / "content")]

    def change_one_figure(n: int) -> None:
        paper.write_text(original.replace("net_1718: 30143", f"net_1718: {30143 + n + 1}", 1), encoding="utf-8")

    assert "net_1718: 30143" in original
    forced = median_of([*args, "--force"], repeat)
    measured(args)  # the record of the last build is in place
    noop = median_of(args, repeat)
    figure = median_of(args, repeat, change_one_figure)
    libreoffice = libreoffice_conversion(Path("/tmp/councilpapers-bench") / f"{PAPER.name}.docx", repeat)
    full = forced["seconds"]
    print(f"\nRebuilding the February paper (PDF, DOCX, XLSX, web page), median of {repeat} runs")
    print(f"| {'build':<52} | {'seconds':>8} | {'× forced':>8} | {'CPU s':>6} | {'peak MiB':>8} |")
    print(f"|{'-' * 54}|{'-' * 10}|{'-' * 10}|{'-' * 8}|{'-' * 10}|")
    rows = [
        ("forced full build (build.py budget-2018-20 --force)", forced),
        ("no-op rebuild (nothing changed)", noop),
        ("after one figure changes", figure),
    ]
    for label, row in rows:
        print(
            f"| {label:<52} | {row['seconds']:>8.2f} | {row['seconds'] / full:>8.2f} | {row['cpu']:>6.2f} | {row['peak']:>8.0f} |"
        )
    print(
        f"| {'LibreOffice: the same paper DOCX → PDF':<52} | {libreoffice:>8.2f} | {libreoffice / full:>8.2f} | {'':>6} | {'':>8} |"
    )
    print(f"forced build ÷ LibreOffice conversion: {full / libreoffice:.2f}")
    print(
        f"the least a forced build could take on {os.cpu_count()} cores, its processor time shared perfectly:"
        f" {forced['cpu'] / (os.cpu_count() or 1):.2f} s ({forced['cpu'] / (os.cpu_count() or 1) / libreoffice:.2f} × LibreOffice)"
    )
    shutil.rmtree(work, ignore_errors=True)


def versus_table(revision: str, repeat: int) -> None:
    """This tree against an earlier revision's, side by side in one run (A B A B …, so that a
    machine's drift touches both): the February paper's forced build and its rebuild after one
    figure changes, from the same content, each tree into an output folder of its own."""
    import shutil
    import tempfile

    work = Path(tempfile.mkdtemp(prefix="bench-vs-"))
    earlier = work / "earlier"
    subprocess.run(["git", "worktree", "add", "-q", "--detach", str(earlier), revision], cwd=ROOT, check=True)
    try:
        shutil.copytree(ROOT / "content", work / "content")
        paper = work / "content" / PAPER.name / "appendix-1.yaml"
        original = paper.read_text(encoding="utf-8")
        assert "net_1718: 30143" in original
        trees = {"this tree": ROOT, revision: earlier}
        outputs = {name: str(work / f"output-{n}") for n, name in enumerate(trees)}
        args = [PAPER.name, "--content", str(work / "content")]
        runs: dict[tuple[str, str], list[dict[str, float]]] = {}
        for n in range(repeat):
            for name, root in trees.items():
                paper.write_text(original, encoding="utf-8")
                runs.setdefault((name, "forced"), []).append(measured([*args, "--force"], root, outputs[name]))
                paper.write_text(original.replace("net_1718: 30143", f"net_1718: {30144 + n}", 1), encoding="utf-8")
                runs.setdefault((name, "one figure"), []).append(measured(args, root, outputs[name]))
        _print_versus(revision, repeat, runs)
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(earlier)], cwd=ROOT, check=False)
        shutil.rmtree(work, ignore_errors=True)


def _print_versus(revision: str, repeat: int, runs: dict[tuple[str, str], list[dict[str, float]]]) -> None:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"\nThis tree against {revision}, the February paper, alternating, median of {repeat} runs (load average {load})"
    )
    print(f"| {'build':<12} | {'tree':<12} | {'seconds':>8} | {'CPU s':>6} | {'peak MiB':>8} | {'÷ earlier':>9} |")
    print(f"|{'-' * 14}|{'-' * 14}|{'-' * 10}|{'-' * 8}|{'-' * 10}|{'-' * 11}|")
    for build in ("forced", "one figure"):
        base = statistics.median(r["seconds"] for r in runs[(revision, build)])
        for tree in ("this tree", revision):
            row = {k: statistics.median(r[k] for r in runs[(tree, build)]) for k in ("seconds", "cpu", "peak")}
            print(
                f"| {build:<12} | {tree[:12]:<12} | {row['seconds']:>8.2f} | {row['cpu']:>6.2f} | {row['peak']:>8.0f} | {row['seconds'] / base:>9.2f} |"
            )


def per_page_table(repeat: int) -> None:
    """Time per page as a paper grows: a generated paper of 1 to 8 times the February paper's length."""
    import shutil
    import tempfile

    from pypdf import PdfReader

    sys.path.insert(0, str(ROOT))
    from tests.helpers import MINIMAL_PAPER, write_paper

    print(f"\nTime per page as a paper grows (generated paper, PDF only, forced, median of {repeat} runs)")
    print(f"| {'sections':>8} | {'pages':>5} | {'seconds':>8} | {'ms a page':>9} | {'peak MiB':>8} |")
    print(f"|{'-' * 10}|{'-' * 7}|{'-' * 10}|{'-' * 11}|{'-' * 10}|")
    for sections in (10, 40, 160):
        work = Path(tempfile.mkdtemp(prefix="bench-pages-"))
        write_paper(work / "content" / "long", MINIMAL_PAPER, body=generated_body(sections))
        args = ["long", "--content", str(work / "content"), "--format", "pdf", "--force"]
        row = median_of(args, repeat)
        pages = len(PdfReader("/tmp/councilpapers-bench/long.pdf").pages)
        ms = 1000 * row["seconds"] / pages
        print(f"| {sections:>8} | {pages:>5} | {row['seconds']:>8.2f} | {ms:>9.0f} | {row['peak']:>8.0f} |")
        shutil.rmtree(work, ignore_errors=True)


def generated_body(sections: int) -> str:
    """Sections of numbered paragraphs, each with a 12-row table with totals."""
    lines = ["sections:"]
    for s in range(1, sections + 1):
        lines += [f"  - title: Section {s}", "    blocks:"]
        lines += [f"      - para: {'Paragraph text of a realistic length for a council report. ' * 8}"] * 5
        lines += [
            "      - table:",
            f"          id: t{s}",
            f"          caption: Table {s}",
            "          columns:",
            "            - {id: area, header: Service Area, type: text}",
            "            - {id: a, header: 2017/18 Net Budget, unit: '£,000'}",
            "            - {id: b, header: 2018/19 Net Budget, unit: '£,000'}",
            "            - {id: c, header: Change, unit: '£,000', formula: b - a}",
            "          rows:",
        ]
        lines += [
            f"            - {{id: r{r}, area: Service {r}, a: {1000 + r * 37}, b: {1100 + r * 41}}}" for r in range(12)
        ]
        lines += ["            - {id: total, area: Total, sum: above}"]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (default 3)")
    parser.add_argument("--vs", metavar="REVISION", help="only time this tree against a git revision's, side by side")
    parser.add_argument("--hostile", action="store_true", help="only the table of hostile input (bench/hostile.py)")
    args = parser.parse_args()
    if args.vs:
        versus_table(args.vs, args.repeat)
        return
    if args.hostile:
        import hostile

        hostile.main()
        return
    runs = [one_run() for _ in range(args.repeat)]
    wholes = [whole_command() for _ in range(args.repeat)]
    print(f"February paper ({PAPER.name}), median of {args.repeat} runs")
    print(f"| {'stage':<42} | {'median':>10} | {'min':>10} |")
    print(f"|{'-' * 44}|{'-' * 12}|{'-' * 12}|")
    for stage in runs[0]:
        values = [r[stage] for r in runs]
        unit = "" if "MiB" in stage else " s"
        print(f"| {stage:<42} | {statistics.median(values):>8.3f}{unit:>2} | {min(values):>8.3f}{unit:>2} |")
    # every writer in one process, one after another (a build uses both cores: see the next tables)
    print(
        f"| {'whole command: build.py ' + PAPER.name + ' --force':<42} | {statistics.median(wholes):>8.3f} s | {min(wholes):>8.3f} s |"
    )
    pack_table(args.repeat)
    incremental_table(args.repeat)
    per_page_table(args.repeat)
    print()
    import hostile

    hostile.main()


# ---- a loaded machine told from a slow build ---------------------------------------------------
# Each measured run (the stages in one process, the whole command, every build.py command timed by
# `measured`) says on stderr, as it ends, the load average at its start and end beside its wall
# and processor seconds and, where Linux reports CPU pressure, how long tasks waited for a
# processor; a contended run gets a warning line, and the bench ends by counting them. The
# measuring functions are wrapped by name here, so the tables' code is unchanged.

CONTENDED_WAIT = 0.10  # tasks waited for a processor for more than this share of the run
CONTENDED_SHARE = 0.75  # processor time below this share of wall time: the run waited
_RUNS: list[tuple[float, float, bool]] = []  # each measured run: load average at start and end, contended


def cores_available() -> int:
    """The cores this process may run on (its affinity), which may be fewer than the machine's."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _cpu_waited() -> float | None:
    """Seconds since boot during which some task waited for a processor (Linux's
    /proc/pressure/cpu), or None where the kernel does not say."""
    try:
        some = Path("/proc/pressure/cpu").read_text(encoding="ascii").splitlines()[0].split()
    except (OSError, IndexError):
        return None
    fields = dict(f.split("=", 1) for f in some[1:] if "=" in f)
    return int(fields["total"]) / 1e6 if "total" in fields else None


def _now() -> tuple[float, float, float, float | None]:
    """The clock, the processor time of this process's finished children, the load average, CPU pressure."""
    import resource
    import time

    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.perf_counter(), used.ru_utime + used.ru_stime, os.getloadavg()[0], _cpu_waited()


def contention(load: tuple[float, float], wall: float, cpu: float, waited: float | None) -> list[str]:
    """Why a run looks contended (nothing: it does not): the load average above the cores this
    bench may use, tasks waiting for a processor, or processor time far below wall time."""
    cores = cores_available()
    reasons = []
    if max(load) > cores:
        reasons.append(f"load average {max(load):.2f} above the {cores} cores available")
    if waited is not None and wall > 0 and waited / wall > CONTENDED_WAIT:
        reasons.append(f"tasks waited for a processor {100 * waited / wall:.0f} % of the run")
    if wall > 1 and cpu / wall < CONTENDED_SHARE:
        reasons.append(f"processor time only {cpu / wall:.2f} × wall time")
    return reasons


def report_run(label: str, before: tuple[float, float, float, float | None]) -> None:
    """One measured run's line on stderr (and its warning when it was contended)."""
    after = _now()
    wall, cpu, load = after[0] - before[0], after[1] - before[1], (before[2], after[2])
    waited = None if before[3] is None or after[3] is None else after[3] - before[3]
    reasons = contention(load, wall, cpu, waited)
    _RUNS.append((*load, bool(reasons)))
    pressure = (
        "" if waited is None or wall <= 0 else f", tasks waiting for a processor {100 * waited / wall:.0f} % of it"
    )
    print(
        f"  {label}: {wall:.2f} s wall, {cpu:.2f} s processor, load average {load[0]:.2f} → {load[1]:.2f}"
        f" on {cores_available()} cores{pressure}",
        file=sys.stderr,
        flush=True,
    )
    if reasons:
        print(
            f"  warning: contended run ({'; '.join(reasons)}): its times are the machine's as much as the build's",
            file=sys.stderr,
            flush=True,
        )


def contention_summary() -> str:
    """The bench's last line: the load average over its measured runs, and how many were contended."""
    if not _RUNS:
        return "No measured run."
    loads = [x for start, end, _ in _RUNS for x in (start, end)]
    contended = sum(c for _, _, c in _RUNS)
    line = f"Load average {min(loads):.2f} to {max(loads):.2f} over {len(_RUNS)} measured runs on {cores_available()} cores"
    if contended:
        return f"{line}; warning: {contended} of them contended: those times say as much about the machine as about the build."
    return f"{line}; none contended."


def _command(args: list[str], *_: object, **__: object) -> str:
    """A measured command as a person would type it, without the bench's folders."""
    words: list[str] = []
    for word in args:
        if words and words[-1] in ("--content", "--output"):
            words.pop()
        elif "/" not in word:
            words.append(word)
    return "build.py " + " ".join(words)


def _watched(label, run):
    """`run`, reporting its load and contention as it ends; its result unchanged."""
    import functools

    @functools.wraps(run)
    def watched(*args, **kwargs):
        before = _now()
        result = run(*args, **kwargs)
        report_run(label(*args, **kwargs), before)
        return result

    return watched


def _summarised(run):
    """`run` (the bench), then the contention summary of its measured runs, if it measured any."""
    import functools

    @functools.wraps(run)
    def summarised(*args, **kwargs):
        result = run(*args, **kwargs)
        if _RUNS:
            print(f"\n{contention_summary()}")
        return result

    return summarised


one_run = _watched(lambda: "stages of the February paper in one process", one_run)
whole_command = _watched(lambda: f"build.py {PAPER.name} --force", whole_command)
measured = _watched(_command, measured)
main = _summarised(main)


if __name__ == "__main__":
    main()
