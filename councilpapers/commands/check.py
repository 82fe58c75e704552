"""`build.py check [paper …]`: validate the content; list every problem and every published
figure that disagrees with the computed one (as text, or as JSON for other tools)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from councilpapers.commands.options import add_content, add_debug, plural

if TYPE_CHECKING:
    from councilpapers.compose.published import Disagreement
    from councilpapers.compose.reconcile import Mismatch
    from councilpapers.core.errors import Problem

NAME = "check"
SUMMARY = "validate the content: every problem, every published figure that disagrees"


def add_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("papers", nargs="*", metavar="paper", help="paper folder names (default: every paper and meeting)")
    add_content(p)
    p.add_argument("--format", choices=("text", "json"), default="text", help="the report: text (default) or json")
    p.add_argument("--strict", action="store_true", help="accepted disagreements fail the check too")
    add_debug(p)


def run(args: argparse.Namespace) -> int:
    """Every problem, and every published figure the paper does not print: a disagreement the
    content has not accepted (with a reason) fails the check, as does a failed reconciliation."""
    from councilpapers.build.check import meeting_problems, problems_of, unaccepted
    from councilpapers.load.content import select_papers

    folders = select_papers(args.content, args.papers)
    problems, differences, mismatches, warnings = problems_of(folders)
    warnings += meeting_problems(args.content, problems) if not args.papers else []
    failing = unaccepted(differences, mismatches, args.strict)
    if args.format == "json":
        print(report_json(folders, problems, warnings, differences, mismatches, failing))
    else:
        print_report(folders, problems, warnings, differences, mismatches, failing)
    return 1 if problems or failing else 0


def print_report(
    folders: list[Path],
    problems: list[Problem],
    warnings: list[str],
    differences: list[Disagreement],
    mismatches: list[Mismatch],
    failing: list[Disagreement | Mismatch],
) -> None:
    for problem in problems:
        print(problem)
    for warning in warnings:
        print(f"warning: {warning}")
    for heading, items in sections(differences, mismatches, failing):
        if items:
            print(f"{heading}:")
            for item in items:
                print(f"  {item}")
    print(last_line(folders, problems, differences, mismatches, failing))


def sections(
    differences: list[Disagreement], mismatches: list[Mismatch], failing: list[Disagreement | Mismatch]
) -> tuple[tuple[str, Sequence[Disagreement | Mismatch]], ...]:
    return (
        (
            "not accepted: the published figure differs from the computed one, which the paper prints "
            "(accept it with accepted: {column: reason} in the row, or correct the figures)",
            [d for d in differences if d in failing],
        ),
        (
            "accepted: the paper prints the computed figure, for the reason given",
            [d for d in differences if d.accepted and not d.within_tolerance and d not in failing],
        ),
        (
            "within the table's tolerance (information): the paper prints the computed figure",
            [d for d in differences if d.within_tolerance],
        ),
        ("figures that should agree and do not (reconcile: in paper.yaml)", mismatches),
    )


def last_line(
    folders: list[Path],
    problems: list[Problem],
    differences: list[Disagreement],
    mismatches: list[Mismatch],
    failing: list[Disagreement | Mismatch],
) -> str:
    beyond = [d for d in differences if not d.within_tolerance]
    return (
        f"checked {', '.join(f.name for f in folders)}: {plural(len(problems), 'problem')}, "
        f"{plural(len(beyond), 'disagreement')} ({len([d for d in beyond if d.accepted])} accepted), "
        f"{len(differences) - len(beyond)} within tolerance, "
        f"{plural(len(mismatches), 'reconciliation')} apart ({len([m for m in mismatches if m.accepted])} accepted)"
        + (f"; {plural(len(failing), 'figure')} not accepted" if failing else "")
    )


def report_json(
    folders: list[Path],
    problems: list[Problem],
    warnings: list[str],
    differences: list[Disagreement],
    mismatches: list[Mismatch],
    failing: list[Disagreement | Mismatch],
) -> str:
    import json

    return json.dumps(
        {
            "papers": [f.name for f in folders],
            "passed": not problems and not failing,
            "problems": [
                {
                    "file": str(p.file),
                    "line": p.line,
                    "column": p.column,
                    "field": p.field,
                    "message": p.message,
                    "text": str(p),
                }
                for p in problems
            ],
            "warnings": warnings,
            "disagreements": [dict(d.as_data(), failing=d in failing) for d in differences],
            "reconciliations": [dict(m.as_data(), failing=m in failing) for m in mismatches],
        },
        indent=2,
    )
