"""Build stage, `build.py diff`: the comparison printed for the terminal and, with --page, the
note of changes written as output/<paper>-changes.pdf and .docx."""

from __future__ import annotations

from pathlib import Path

from councilpapers.build.pipeline import write_all
from councilpapers.build.render import paper_path, render_document
from councilpapers.compare.changes import changes_document, report_text
from councilpapers.compare.diff import diff_paper
from councilpapers.compare.report import Report
from councilpapers.core.errors import UsageError, display_path
from councilpapers.writers.registry import WRITERS

NOTE_WRITERS = ("pdf", "docx")


def run_diff(content: Path, output: Path, paper: str | None, since: str, page: bool) -> int:
    """Print what changed since `since`; with `page`, also write output/<paper>-changes.pdf and .docx."""
    if not paper:
        raise UsageError("write: build.py diff PAPER [--since REVISION] [--page]")
    report = diff_paper(content, paper, since)
    print(report_text(report))
    if page:
        for path in write_changes(report, output):
            print(f"wrote {display_path(path)}")
    return 0


def write_changes(report: Report, output: Path) -> list[Path]:
    """output/<paper>-changes.pdf and .docx, written all or nothing like a paper."""
    document = changes_document(report)
    writers = [WRITERS[name] for name in NOTE_WRITERS]
    made = render_document(document, writers)
    files = {paper_path(output, document, writer): made[writer.name] for writer in writers}
    write_all(files)
    return list(files)
