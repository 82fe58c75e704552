"""Command line: the options several commands share (--content, --output, --format, --force,
--debug), the writers asked for, and how a command names a file it wrote."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from councilpapers.core.errors import UsageError
from councilpapers.core.paths import ROOT

if TYPE_CHECKING:
    from councilpapers.writers.registry import Writer


def add_content(p: argparse.ArgumentParser) -> None:
    p.add_argument("--content", type=Path, default=ROOT / "content", help="folder of paper folders (default: content/)")


def add_output(p: argparse.ArgumentParser) -> None:
    p.add_argument("--output", type=Path, default=ROOT / "output", help="where files are written (default: output/)")


def add_formats(p: argparse.ArgumentParser) -> None:
    from councilpapers.writers.registry import DEFAULT_WRITERS, WRITERS

    p.add_argument(
        "--format",
        default=",".join(DEFAULT_WRITERS),
        help=f"comma-separated writers: {', '.join(WRITERS)} (default: {','.join(DEFAULT_WRITERS)})",
    )


def add_force(p: argparse.ArgumentParser) -> None:
    p.add_argument("--force", action="store_true", help="rebuild every output, whether or not its inputs changed")


def add_debug(p: argparse.ArgumentParser) -> None:
    p.add_argument("--debug", action="store_true", help="show a traceback with errors")


def formats(spec: str) -> list[str]:
    """The writer names asked for, once each, in the order given (the writers are not imported)."""
    return [w.name for w in writers(spec)]


def writers(spec: str) -> list[Writer]:
    """The writers asked for; an unknown name is a usage error listing every format."""
    from councilpapers.writers.registry import WRITERS

    names = list(dict.fromkeys(n.strip() for n in spec.split(",") if n.strip()))
    unknown = [n for n in names if n not in WRITERS]
    if unknown or not names:
        known = "; ".join(f"{w.name} ({w.description})" for w in WRITERS.values())
        raise UsageError(f"unknown format {', '.join(unknown) or spec!r}; formats: {known}")
    return [WRITERS[n] for n in names]


def rel(path: Path) -> str:
    """A written file as the author sees it: relative to the project where it is inside it."""
    from councilpapers.core.errors import display_path

    return display_path(path)


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


# The command words (commands/<word>.py): a paper folder of one of these names would be shadowed.
COMMAND_WORDS = ("build", "pack", "check", "diff", "schema", "watch", "new")
