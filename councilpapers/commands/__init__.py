"""Command line: `build.py [paper …]`, `build.py check`, `build.py schema`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from councilpapers.core.errors import PaperError, UsageError
from councilpapers.core.paths import ROOT

DESCRIPTION = """\
Build council committee papers from the YAML in content/ into output/.

  build.py                     build every paper in content/ (PDF, Word, workbook, web page)
                               and the agenda pack of every meeting in content/meetings/
  build.py budget-2018-20      build one paper (or several, by folder name); only the
                               outputs whose inputs changed are rebuilt (--force: all)
  build.py pack MEETING        build a meeting's agenda packs (public; members' when it has
                               exempt items) and web page into output/packs/, with its papers
  build.py pack MEETING --supplement
                               the supplementary pack: the items that were to follow
  build.py check [paper …]     validate the content; list every problem and every published
                               figure that disagrees with the computed one
  build.py diff PAPER [--since REVISION] [--page]
                               every figure that changed since a git revision (default: the
                               last commit) and every place it reaches; --page also writes
                               output/PAPER-changes.pdf and .docx
  build.py schema              write the content format's JSON Schemas into schema/
  build.py watch PAPER [--port 8000]
                               rebuild the paper on every save and serve its web page on
                               http://127.0.0.1:8000/ with live reload (PDF, Word follow)
  build.py new SLUG [--style NAME] [--council NAME]
                               start a paper: content/SLUG/ with every front-sheet field of
                               the style, ready to fill in (styles: templates/styles/)
"""


def parser() -> argparse.ArgumentParser:
    prog = "councilpapers" if Path(sys.argv[0]).name == "councilpapers" else "build.py"
    p = argparse.ArgumentParser(
        prog=prog, description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("targets", nargs="*", metavar="paper", help="paper folder names, or the command check or schema")
    p.add_argument("--content", type=Path, default=ROOT / "content", help="folder of paper folders (default: content/)")
    p.add_argument("--output", type=Path, default=ROOT / "output", help="where files are written (default: output/)")
    from councilpapers.writers.registry import DEFAULT_WRITERS

    p.add_argument(
        "--format",
        default=",".join(DEFAULT_WRITERS),
        help=f"comma-separated writers: pdf, docx, xlsx, web, html, model (default: {','.join(DEFAULT_WRITERS)}); "
        "with check: text (default) or json",
    )
    p.add_argument("--style", help="with new: the house style (default: neutral, for any council)")
    p.add_argument("--council", help="with new: the council, for a style that names none")
    p.add_argument("--supplement", action="store_true", help="with pack: the supplementary pack")
    p.add_argument("--port", type=int, default=8000, help="with watch: the local port to serve on (default: 8000)")
    p.add_argument("--since", default="HEAD", help="with diff: the git revision to compare with (default: HEAD)")
    p.add_argument("--page", action="store_true", help="with diff: also write the changes as a PDF and Word page")
    p.add_argument("--strict", action="store_true", help="with check: accepted disagreements fail the check too")
    p.add_argument("--force", action="store_true", help="rebuild every output, whether or not its inputs changed")
    p.add_argument("--debug", action="store_true", help="show a traceback with errors")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_intermixed_args(argv)
    try:
        if args.targets[:1] == ["check"]:
            return run_check(args)
        if args.targets[:1] == ["schema"]:
            return run_schema(args)
        if args.targets[:1] == ["new"]:
            return run_new(args)
        if args.targets[:1] == ["watch"]:
            return run_watch(args)
        if args.targets[:1] == ["diff"]:
            from councilpapers.compare.changes import run_diff

            if len(args.targets) > 2:
                raise UsageError("write: build.py diff PAPER [--since REVISION] [--page]")
            return run_diff(args.content, args.output, (args.targets[1:] or [None])[0], args.since, args.page)
        return run_build(args)
    except PaperError as exc:
        if args.debug:
            raise
        print(f"{exc.category}: {exc}" if not hasattr(exc, "problems") else _problems_text(exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a fault of ours: one line, the traceback only with --debug
        if args.debug:
            raise
        print(
            f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback; nothing was written)",
            file=sys.stderr,
        )
        return 2


def _problems_text(exc) -> str:
    lines = [str(p) for p in exc.problems]
    count = len(lines)
    return "\n".join(lines) + f"\n{exc.category}: {count} problem{'s' if count != 1 else ''}; nothing was written"


def run_build(args) -> int:
    from councilpapers.build.incremental import Request, build
    from councilpapers.writers.registry import SUFFIXES

    started = time.perf_counter()
    formats = _formats(args.format)
    packs = args.targets[:1] == ["pack"]
    if packs and len(args.targets) < 2:
        raise UsageError("write: build.py pack MEETING [--supplement]")
    if args.supplement and not packs:
        raise UsageError("--supplement goes with: build.py pack MEETING --supplement")
    request = Request(
        content=args.content,
        output=args.output,
        formats=formats,
        suffixes=SUFFIXES,
        papers=[] if packs else args.targets,
        meetings=args.targets[1:] if packs else None,
        supplement=args.supplement,
        force=args.force,
        debug=args.debug,
    )
    report = build(request)
    if report.cache_note:
        print(f"note: {report.cache_note}", file=sys.stderr)
    for path in report.written:
        print(f"wrote {_rel(path)}")
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for note in report.notes:
        print(f"note: {note}")
    print(_summary(report, time.perf_counter() - started))
    return 0


def _summary(report, seconds: float) -> str:
    """The end of a build: what was built, what was up to date, how many warnings."""
    parts = []
    if report.built:
        parts.append("built " + "; ".join(report.built))
    if report.skipped:
        papers = [s for s in report.skipped if not s.startswith("packs of ")]
        packs = len(report.skipped) - len(papers)
        counted = [_plural(len(papers), "paper")] if papers else []
        counted += [f"the packs of {_plural(packs, 'meeting')}"] if packs else []
        parts.append(f"{' and '.join(counted)} up to date (skipped)")
    if not report.built and not report.skipped:
        parts.append("nothing to build")
    parts.append(_plural(len(report.warnings), "warning"))
    return f"{'; '.join(parts)}; in {seconds:.1f}s"


def _formats(spec: str) -> list[str]:
    """The writer names asked for, checked without importing the writers."""
    from councilpapers.writers.registry import SUFFIXES

    names = [n.strip() for n in spec.split(",") if n.strip()]
    if not names or any(n not in SUFFIXES for n in names):
        from councilpapers.writers.registry import load_writers

        _writers(spec, load_writers())  # raises, listing every format with its description
    return list(dict.fromkeys(names))


def _writers(spec: str, registry: dict) -> list:
    names = [n.strip() for n in spec.split(",") if n.strip()]
    unknown = [n for n in names if n not in registry]
    if unknown or not names:
        known = "; ".join(f"{w.name} ({w.description})" for w in registry.values())
        raise UsageError(f"unknown format {', '.join(unknown) or spec!r}; formats: {known}")
    return [registry[n] for n in names]


def run_check(args) -> int:
    """Every problem, and every published figure the paper does not print: a disagreement the
    content has not accepted (with a reason) fails the check, as does a failed reconciliation."""
    from councilpapers.build.pipeline import problems_of, unaccepted
    from councilpapers.load.content import select_papers

    folders = select_papers(args.content, args.targets[1:])
    problems, differences, mismatches, warnings = problems_of(folders)
    warnings += meeting_problems(args.content, problems) if not args.targets[1:] else []
    failing = unaccepted(differences, mismatches, args.strict)
    if args.format == "json":
        print(_check_json(folders, problems, warnings, differences, mismatches, failing))
    else:
        _check_text(folders, problems, warnings, differences, mismatches, failing)
    return 1 if problems or failing else 0


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _check_text(folders, problems, warnings, differences, mismatches, failing) -> None:
    for problem in problems:
        print(problem)
    for warning in warnings:
        print(f"warning: {warning}")
    sections = (
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
    for heading, items in sections:
        if items:
            print(f"{heading}:")
            for item in items:
                print(f"  {item}")
    beyond = [d for d in differences if not d.within_tolerance]
    print(
        f"checked {', '.join(f.name for f in folders)}: {_plural(len(problems), 'problem')}, "
        f"{_plural(len(beyond), 'disagreement')} ({len([d for d in beyond if d.accepted])} accepted), "
        f"{len(differences) - len(beyond)} within tolerance, "
        f"{_plural(len(mismatches), 'reconciliation')} apart ({len([m for m in mismatches if m.accepted])} accepted)"
        + (f"; {_plural(len(failing), 'figure')} not accepted" if failing else "")
    )


def _check_json(folders, problems, warnings, differences, mismatches, failing) -> str:
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


def run_watch(args) -> int:
    from councilpapers.commands.watch import serve
    from councilpapers.writers.registry import load_writers

    if len(args.targets) != 2:
        raise UsageError("write: build.py watch PAPER [--port 8000]")
    writers = _writers(args.format, load_writers())
    if not any(w.name == "web" for w in writers):
        writers.insert(0, load_writers()["web"])
    return serve(args.content, args.output, args.targets[1], writers, args.port, args.debug)


def run_new(args) -> int:
    from councilpapers.commands.new import scaffold
    from councilpapers.load.paper import DEFAULT_STYLE
    from councilpapers.load.style import load_style

    if len(args.targets) != 2:
        raise UsageError("write: build.py new SLUG [--style NAME] [--council NAME]")
    name = args.style or DEFAULT_STYLE
    for path in scaffold(args.content, args.targets[1], name, load_style(name), args.council):
        print(f"wrote {_rel(path)}")
    print(f"build it with: build.py {args.targets[1]}")
    return 0


def meeting_problems(content: Path, problems: list) -> list[str]:
    """For check: every meeting's problems (added to `problems`) and its notice warnings."""
    from councilpapers.compose.pack import pack_warnings
    from councilpapers.core.errors import ContentError
    from councilpapers.core.pack import PUBLIC
    from councilpapers.load.content import find_meetings
    from councilpapers.load.meeting import load_meeting

    warnings = []
    for file in find_meetings(content):
        try:
            warnings.extend(pack_warnings(load_meeting(file, content), PUBLIC))
        except ContentError as exc:
            problems.extend(exc.problems)
    return warnings


def run_schema(args) -> int:
    from councilpapers.commands.schema import write_schemas

    for path in write_schemas(ROOT / "schema"):
        print(f"wrote {_rel(path)}")
    return 0


def _rel(path: Path) -> str:
    from councilpapers.core.errors import display_path

    return display_path(path)
