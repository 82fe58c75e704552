"""Command line: `build.py [command] [options]`. Each command is a module of its own
(commands/<command>.py) that declares its options and runs it; this module only finds the
command (`build` when the first word names none) and dispatches to it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn, Protocol

from councilpapers.commands import build, check, diff, new, pack, schema, watch
from councilpapers.core.errors import ContentError, PaperError


class Command(Protocol):
    """A command's module, commands/<command>.py: its word, its line in the help, its options and its run."""

    NAME: str
    SUMMARY: str

    def add_options(self, p: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


MODULES: tuple[Command, ...] = (build, pack, check, diff, schema, watch, new)
COMMANDS = {module.NAME: module for module in MODULES}

DESCRIPTION = """\
Build council committee papers from the YAML in content/ into output/.

  build.py                     build every paper in content/ (PDF, Word, workbook, web page)
                               and the agenda pack of every meeting in content/meetings/
  build.py budget-2018-20      build one paper (or several, by folder name); only the
                               outputs whose inputs changed are rebuilt (--force: all)
  build.py pack MEETING        build a meeting's agenda packs (public; members' when it has
                               exempt items) into output/meetings/MEETING/ and output/restricted/
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

EPILOG = "Every command takes --debug (show a traceback with errors); `{prog} COMMAND --help` lists its options."


class CommandLineError(Exception):
    """Words a command does not take: one line naming the command (exit 2)."""


class Parser(argparse.ArgumentParser):
    """A parser whose usage errors are one line naming the command, not a usage dump."""

    def error(self, message: str) -> NoReturn:
        raise CommandLineError(f"{self.prog.split()[-1]}: {message} ({self.prog} --help lists its options)")


def program() -> str:
    return "councilpapers" if Path(sys.argv[0]).name == "councilpapers" else "build.py"


def parser() -> argparse.ArgumentParser:
    """The command line: every command, each with only its own options (imports no writer)."""
    prog = program()
    p = Parser(
        prog=prog,
        description=DESCRIPTION,
        epilog=EPILOG.format(prog=prog),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = p.add_subparsers(dest="command", metavar="command", title="commands", parser_class=Parser)
    for name, module in COMMANDS.items():
        command = commands.add_parser(
            name, help=module.SUMMARY, description=module.__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
        )
        module.add_options(command)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    top = parser()
    if argv[:1] in (["-h"], ["--help"]):
        top.parse_args(argv[:1])  # prints the help and exits
    name, words = command_of(argv, top)
    try:
        args = parse_command(top, name, words)
    except CommandLineError as exc:
        print(f"usage error: {exc}", file=sys.stderr)
        return 2
    return run(COMMANDS[name], args)


def command_of(argv: list[str], top: argparse.ArgumentParser) -> tuple[str, list[str]]:
    """The command the words ask for and the words left for it: the first word that is not an
    option (or an option's value) names it, or else it is `build` (`build.py budget-2018-20`)."""
    valued = {o for s in subparsers(top).values() for a in s._actions if a.nargs != 0 for o in a.option_strings}
    index = 0
    while index < len(argv):
        word = argv[index]
        if word.startswith("-") and word != "-":
            index += 2 if word in valued else 1
            continue
        if word in COMMANDS:
            return word, argv[:index] + argv[index + 1 :]
        break
    return build.NAME, argv


def subparsers(top: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    return action.choices


def parse_command(top: argparse.ArgumentParser, name: str, words: list[str]) -> argparse.Namespace:
    """The command's options and words; one it does not take is a one-line usage error."""
    command = subparsers(top)[name]
    args, extra = command.parse_known_intermixed_args(words)
    if extra:
        word = next((w for w in extra if w.startswith("-")), extra[0]).split("=", 1)[0]
        what = word if word.startswith("-") else f"word {word!r}"
        raise CommandLineError(f"{name} takes no {what} ({command.prog} --help lists its options)")
    return args


def run(command: Command, args: argparse.Namespace) -> int:
    """The command, its errors as one line (the traceback only with --debug)."""
    try:
        return command.run(args)
    except PaperError as exc:
        if args.debug:
            raise
        print(problems_text(exc) if isinstance(exc, ContentError) else f"{exc.category}: {exc}", file=sys.stderr)
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


def problems_text(exc: ContentError) -> str:
    lines = [str(p) for p in exc.problems]
    count = len(lines)
    return "\n".join(lines) + f"\n{exc.category}: {count} problem{'s' if count != 1 else ''}; nothing was written"
