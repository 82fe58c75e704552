"""`build.py watch PAPER [--port 8000]`: rebuild a paper on every save and serve its web page
on http://127.0.0.1:8000/ with live reload.

The watcher (watchfiles) notices saves of the paper's folder and of templates/ (house styles,
templates, fonts); the builder loads and composes the paper, writes its web page and tells the
browser; the follower then has the PDF, Word file and workbook rendered in a worker process
(the other core), dropping them when a newer save arrives (build/rebuild.py); the server (the
main thread) serves output/ on 127.0.0.1 only (build/serve.py).
"""

from __future__ import annotations

import argparse

from councilpapers.commands.options import add_content, add_debug, add_formats, add_output, writers
from councilpapers.core.errors import UsageError

NAME = "watch"
SUMMARY = "rebuild a paper on every save and serve its web page with live reload"


def add_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("paper", nargs="*", metavar="PAPER", help="the paper folder name")
    p.add_argument(
        "--port", type=port, default=8000, help="the local port to serve on (default: 8000; 0: any free one)"
    )
    for add in (add_content, add_output, add_formats, add_debug):
        add(p)


def port(text: str) -> int:
    """A TCP port, 0 to 65535 (0: one the system chooses); anything else is a usage error (exit 2)."""
    number = int(text) if text.isascii() and text.isdigit() else -1
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(
            f"{text[:20]!r} is not a port: give a number from 1 to 65535 (0: any free one)"
        )
    return number


def run(args: argparse.Namespace) -> int:
    from councilpapers.build.serve import serve
    from councilpapers.writers.registry import WRITERS

    if len(args.paper) != 1:
        raise UsageError("write: build.py watch PAPER [--port 8000]")
    chosen = writers(args.format)
    if not any(w.name == "web" for w in chosen):
        chosen.insert(0, WRITERS["web"])
    return serve(args.content, args.output, args.paper[0], chosen, args.port, args.debug)
