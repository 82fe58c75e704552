"""`build.py pack MEETING [--supplement]`: a meeting's agenda packs (public; members' when it has
exempt items) and its publication folder, output/meetings/<meeting>/ (the members' pack in
output/restricted/), with the papers they attach."""

from __future__ import annotations

import argparse

from councilpapers.commands.build import build_and_report
from councilpapers.commands.options import add_content, add_debug, add_force, add_formats, add_output
from councilpapers.core.errors import UsageError

NAME = "pack"
SUMMARY = "build a meeting's agenda packs and web page, with its papers"


def add_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("meetings", nargs="*", metavar="meeting", help="meeting file names in content/meetings/")
    p.add_argument("--supplement", action="store_true", help="the supplementary pack: the items that were to follow")
    for add in (add_content, add_output, add_formats, add_force, add_debug):
        add(p)


def run(args: argparse.Namespace) -> int:
    if not args.meetings:
        raise UsageError("write: build.py pack MEETING [--supplement]")
    return build_and_report(args, papers=[], meetings=args.meetings, supplement=args.supplement)
