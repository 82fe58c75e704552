"""`build.py [build] [paper …]`: build the papers named (all of them, and every meeting's agenda
packs, when none is named); only the outputs whose inputs changed are made again."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from councilpapers.commands.options import (
    COMMAND_WORDS,
    add_content,
    add_debug,
    add_force,
    add_formats,
    add_output,
    formats,
    plural,
    rel,
)

if TYPE_CHECKING:
    from councilpapers.build.incremental import Report

NAME = "build"
SUMMARY = "build papers (the default command: build.py budget-2018-20 is build.py build budget-2018-20)"


def add_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("papers", nargs="*", metavar="paper", help="paper folder names (default: every paper and pack)")
    for add in (add_content, add_output, add_formats, add_force, add_debug):
        add(p)


def run(args: argparse.Namespace) -> int:
    for warning in shadowed(args.content):
        print(f"warning: {warning}", file=sys.stderr)
    return build_and_report(args, papers=args.papers)


def shadowed(content: Path) -> list[str]:
    """Paper folders named like a command: `build.py NAME` runs the command, not the paper."""
    return [
        f"the paper folder {rel(content / word)} has a command's name: build.py {word} runs the command "
        f"(build the paper with build.py build {word}, or rename its folder)"
        for word in COMMAND_WORDS
        if (content / word / "paper.yaml").is_file()
    ]


def build_and_report(
    args: argparse.Namespace, papers: list[str], meetings: list[str] | None = None, supplement: bool = False
) -> int:
    """Build what was asked and say what was written, skipped and warned of."""
    from councilpapers.build.incremental import Request, build

    started = time.perf_counter()
    request = Request(
        content=args.content,
        output=args.output,
        formats=formats(args.format),
        papers=papers,
        meetings=meetings,
        supplement=supplement,
        force=args.force,
        debug=args.debug,
    )
    report = build(request)
    if report.cache_note:
        print(f"note: {report.cache_note}", file=sys.stderr)
    for path in report.written:
        print(f"wrote {rel(path)}")
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for note in report.notes:
        print(f"note: {note}")
    print(summary(report, time.perf_counter() - started))
    return 0


def summary(report: Report, seconds: float) -> str:
    """The end of a build: what was built, what was up to date, how many warnings."""
    parts: list[str] = []
    if report.built:
        parts.append("built " + "; ".join(report.built))
    if report.skipped:
        papers = [s for s in report.skipped if not s.startswith("packs of ")]
        packs = len(report.skipped) - len(papers)
        counted = [plural(len(papers), "paper")] if papers else []
        counted += [f"the packs of {plural(packs, 'meeting')}"] if packs else []
        parts.append(f"{' and '.join(counted)} up to date (skipped)")
    if not report.built and not report.skipped:
        parts.append("nothing to build")
    parts.append(plural(len(report.warnings), "warning"))
    return f"{'; '.join(parts)}; in {seconds:.1f}s"
