"""Command line: `build.py [paper …]`, `build.py check`, `build.py schema`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .errors import PaperError, UsageError

ROOT = Path(__file__).resolve().parents[1]

DESCRIPTION = """\
Build council committee papers from the YAML in content/ into output/.

  build.py                     build every paper in content/ (PDF, Word, workbook) and the
                               agenda pack of every meeting in content/meetings/
  build.py budget-2018-20      build one paper (or several, by folder name)
  build.py pack MEETING        build a meeting's agenda packs (public; members' when it has
                               exempt items) and web page into output/packs/, with its papers
  build.py pack MEETING --supplement
                               the supplementary pack: the items that were to follow
  build.py check [paper …]     validate the content; list every problem and every published
                               figure that disagrees with the computed one
  build.py schema              write the content format's JSON Schemas into schema/
  build.py new SLUG [--style NAME] [--council NAME]
                               start a paper: content/SLUG/ with every front-sheet field of
                               the style, ready to fill in (styles: templates/styles/)
"""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="build.py", description=DESCRIPTION,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("targets", nargs="*", metavar="paper", help="paper folder names, or the command check or schema")
    p.add_argument("--content", type=Path, default=ROOT / "content", help="folder of paper folders (default: content/)")
    p.add_argument("--output", type=Path, default=ROOT / "output", help="where files are written (default: output/)")
    from .writers import DEFAULT_WRITERS
    p.add_argument("--format", default=",".join(DEFAULT_WRITERS),
                   help=f"comma-separated writers: pdf, docx, xlsx, html, model (default: {','.join(DEFAULT_WRITERS)})")
    p.add_argument("--style", help="with new: the house style (default: neutral, for any council)")
    p.add_argument("--council", help="with new: the council, for a style that names none")
    p.add_argument("--supplement", action="store_true", help="with pack: the supplementary pack")
    p.add_argument("--strict", action="store_true", help="with check: disagreements with published figures are errors too")
    p.add_argument("--debug", action="store_true", help="show a traceback with errors")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.targets[:1] == ["check"]:
            return run_check(args)
        if args.targets[:1] == ["schema"]:
            return run_schema(args)
        if args.targets[:1] == ["new"]:
            return run_new(args)
        return run_build(args)
    except PaperError as exc:
        if args.debug:
            raise
        print(f"{exc.category}: {exc}" if not hasattr(exc, "problems") else _problems_text(exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:           # a fault of ours: one line, the traceback only with --debug
        if args.debug:
            raise
        print(f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback; "
              "nothing was written)", file=sys.stderr)
        return 2


def _problems_text(exc) -> str:
    lines = [str(p) for p in exc.problems]
    count = len(lines)
    return "\n".join(lines) + f"\n{exc.category}: {count} problem{'s' if count != 1 else ''}; nothing was written"


def run_build(args) -> int:
    from .pipeline import (compose_all, compose_meetings, load_meetings, papers_of, render_all,
                           select_meetings, select_papers, write_all)
    from .writers import load_writers

    writers = _writers(args.format, load_writers())
    started = time.perf_counter()
    packs = args.targets[:1] == ["pack"]
    if packs and len(args.targets) < 2:
        raise UsageError("write: build.py pack MEETING [--supplement]")
    if args.supplement and not packs:
        raise UsageError("--supplement goes with: build.py pack MEETING --supplement")
    meetings = load_meetings(select_meetings(args.content, args.targets[1:]), args.content) \
        if packs or not args.targets else []
    wanted = papers_of(meetings) if packs else args.targets
    built = compose_all(select_papers(args.content, wanted)) if wanted or not packs else []
    composed = compose_meetings(meetings, built, args.content, args.supplement)
    files = render_all(built, writers, args.output, args.debug)
    pack_files, warnings = _render_packs(composed, args, writers)
    write_all({**files, **pack_files})
    for path in {**files, **pack_files}:
        print(f"wrote {_rel(path)}")
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for b in built:
        count = len(b.composed.disagreements)
        if count:
            print(f"note: {b.slug}: {count} published figure{'s' if count != 1 else ''} disagree with the computed "
                  f"ones (the paper shows the computed figures); run 'build.py check' for the list")
    count = f"{len(built)} paper{'s' if len(built) != 1 else ''}"
    if composed:
        count += f" and the packs of {len(composed)} meeting{'s' if len(composed) != 1 else ''}"
    print(f"built {count} in {time.perf_counter() - started:.1f}s")
    return 0


def _render_packs(composed, args, writers) -> tuple[dict, list]:
    from .errors import PaperError
    from .pipeline import render_meetings

    try:
        return render_meetings(composed, args.output, tuple(w.suffix for w in writers))
    except PaperError:
        raise
    except Exception as exc:
        if args.debug:
            raise
        from .errors import RenderError
        raise RenderError(f"the pack writer failed: {type(exc).__name__}: {exc} (run with --debug for the traceback)") from exc


def _writers(spec: str, registry: dict) -> list:
    names = [n.strip() for n in spec.split(",") if n.strip()]
    unknown = [n for n in names if n not in registry]
    if unknown or not names:
        raise UsageError(f"unknown format {', '.join(unknown) or spec!r}; formats: {', '.join(registry)}")
    return [registry[n] for n in names]


def run_check(args) -> int:
    from .pipeline import problems_of, select_papers

    folders = select_papers(args.content, args.targets[1:])
    problems, disagreements = problems_of(folders)
    warnings = meeting_problems(args.content, problems) if not args.targets[1:] else []
    for problem in problems:
        print(problem)
    for warning in warnings:
        print(f"warning: {warning}")
    if disagreements:
        print(f"{len(disagreements)} published figure{'s' if len(disagreements) != 1 else ''} "
              "disagree with the computed ones (the paper shows the computed figures):")
        for d in disagreements:
            print(f"  {d}")
    names = ", ".join(f.name for f in folders)
    print(f"checked {names}: {len(problems)} problem{'s' if len(problems) != 1 else ''}, "
          f"{len(disagreements)} disagreement{'s' if len(disagreements) != 1 else ''}")
    return 1 if problems or (args.strict and disagreements) else 0


def run_new(args) -> int:
    from .load import DEFAULT_STYLE
    from .scaffold import scaffold
    from .style import load_style

    if len(args.targets) != 2:
        raise UsageError("write: build.py new SLUG [--style NAME] [--council NAME]")
    name = args.style or DEFAULT_STYLE
    for path in scaffold(args.content, args.targets[1], name, load_style(name), args.council):
        print(f"wrote {_rel(path)}")
    print(f"build it with: build.py {args.targets[1]}")
    return 0


def meeting_problems(content: Path, problems: list) -> list[str]:
    """For check: every meeting's problems (added to `problems`) and its notice warnings."""
    from .errors import ContentError
    from .meeting import find_meetings, load_meeting
    from .pack import PUBLIC, pack_warnings

    warnings = []
    for file in find_meetings(content):
        try:
            warnings.extend(pack_warnings(load_meeting(file, content), PUBLIC))
        except ContentError as exc:
            problems.extend(exc.problems)
    return warnings


def run_schema(args) -> int:
    from .jsonschema import write_schemas

    for path in write_schemas(ROOT / "schema"):
        print(f"wrote {_rel(path)}")
    return 0


def _rel(path: Path) -> str:
    from .errors import display_path
    return display_path(path)
