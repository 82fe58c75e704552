"""`build.py check [paper …]`: validate the content; list every problem and every published
figure that disagrees with the computed one (as text, or as JSON for other tools)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING

from councilpapers.commands.options import add_content, add_debug, plural

if TYPE_CHECKING:
    from councilpapers.build.check import Findings
    from councilpapers.compose.published import Disagreement
    from councilpapers.compose.reconcile import Mismatch

NAME = "check"
SUMMARY = "validate the content: every problem, every published figure that disagrees"


def add_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("papers", nargs="*", metavar="paper", help="paper folder names (default: every paper and meeting)")
    add_content(p)
    p.add_argument("--format", choices=("text", "json"), default="text", help="the report: text (default) or json")
    p.add_argument(
        "--strict", action="store_true", help="accepted disagreements and a meeting's short notice fail the check too"
    )
    add_debug(p)


def run(args: argparse.Namespace) -> int:
    """Every problem, and every published figure the paper does not print: a disagreement the
    content has not accepted (with a reason) fails the check, as does a failed reconciliation."""
    from councilpapers.build.check import check_content
    from councilpapers.load.content import select_papers

    folders = select_papers(args.content, args.papers)
    findings = check_content(args.content, folders, meetings=not args.papers, strict=args.strict)
    print(report_json(findings) if args.format == "json" else report_text(findings))
    return 0 if findings.passed else 1


def report_text(findings: Findings) -> str:
    """The report as an author reads it: each problem and warning, the figures by kind, a last line."""
    lines = [str(p) for p in findings.problems] + [f"warning: {w}" for w in findings.warnings]
    for heading, items in sections(findings):
        if items:
            lines += [f"{heading}:"] + [f"  {item}" for item in items]
    return "\n".join([*lines, last_line(findings)])


def sections(findings: Findings) -> tuple[tuple[str, Sequence[Disagreement | Mismatch]], ...]:
    differences, failing = findings.disagreements, findings.failing
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
        ("figures that should agree and do not (reconcile: in paper.yaml)", findings.mismatches),
    )


def last_line(findings: Findings) -> str:
    differences, mismatches, failing = findings.disagreements, findings.mismatches, findings.failing
    beyond = [d for d in differences if not d.within_tolerance]
    return (
        f"checked {', '.join(findings.papers)}: {plural(len(findings.problems), 'problem')}, "
        f"{plural(len(beyond), 'disagreement')} ({len([d for d in beyond if d.accepted])} accepted), "
        f"{len(differences) - len(beyond)} within tolerance, "
        f"{plural(len(mismatches), 'reconciliation')} apart ({len([m for m in mismatches if m.accepted])} accepted)"
        + (f"; {plural(len(failing), 'figure')} not accepted" if failing else "")
    )


def report_json(findings: Findings) -> str:
    import json

    return json.dumps(
        {
            "papers": findings.papers,
            "passed": findings.passed,
            "problems": [
                {
                    "file": str(p.file),
                    "line": p.line,
                    "column": p.column,
                    "field": p.field,
                    "message": p.message,
                    "text": str(p),
                }
                for p in findings.problems
            ],
            "warnings": findings.warnings,
            "disagreements": [dict(d.as_data(), failing=d in findings.failing) for d in findings.disagreements],
            "reconciliations": [dict(m.as_data(), failing=m in findings.failing) for m in findings.mismatches],
        },
        indent=2,
    )
