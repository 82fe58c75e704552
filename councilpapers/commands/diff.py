"""`build.py diff PAPER [--since REVISION] [--page]`: every figure that changed since a git
revision (default: the last commit) and every place it reaches; --page also writes the note of
changes as output/PAPER-changes.pdf and .docx."""

from __future__ import annotations

import argparse

from councilpapers.commands.options import add_content, add_debug, add_output
from councilpapers.core.errors import UsageError

NAME = "diff"
SUMMARY = "every figure that changed since a git revision, and every place it reaches"


def add_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("paper", nargs="*", metavar="PAPER", help="the paper folder name")
    p.add_argument("--since", default="HEAD", help="the git revision to compare with (default: HEAD)")
    p.add_argument("--page", action="store_true", help="also write the changes as a PDF and Word page")
    for add in (add_content, add_output, add_debug):
        add(p)


def run(args: argparse.Namespace) -> int:
    from councilpapers.build.changes import run_diff

    if len(args.paper) > 1:
        raise UsageError("write: build.py diff PAPER [--since REVISION] [--page]")
    return run_diff(args.content, args.output, (args.paper or [None])[0], args.since, args.page)
