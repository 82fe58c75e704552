"""The pipeline: load → compose → write, every paper gathered before any file is written."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .compose import Composed, compose
from .errors import ContentError, PaperError, Problem, RenderError, UsageError
from .load import load_paper
from .output import write_atomically


@dataclass(frozen=True)
class Built:
    slug: str
    composed: Composed


def find_papers(content: Path) -> list[Path]:
    """Every paper folder (one holding paper.yaml) under content/, by name."""
    return sorted(p.parent for p in content.glob("*/paper.yaml"))


def select_papers(content: Path, slugs: list[str]) -> list[Path]:
    folders = find_papers(content)
    if not slugs:
        if not folders:
            raise UsageError(f"no papers in {content}/ (a paper is a folder holding paper.yaml)")
        return folders
    known = {f.name: f for f in folders}
    missing = [s for s in slugs if s not in known]
    if missing:
        raise UsageError(f"no paper named {', '.join(missing)} in {content}/; papers: {', '.join(known) or 'none'}")
    return [known[s] for s in slugs]


def compose_all(folders: list[Path]) -> list[Built]:
    """Load and compose every paper; all problems of all papers are raised together."""
    built, problems = [], []
    for folder in folders:
        try:
            built.append(Built(folder.name, compose(load_paper(folder))))
        except ContentError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ContentError(problems)
    return built


def render_all(built: list[Built], writers: list, output: Path, debug: bool = False) -> dict[Path, bytes]:
    """Every output file's bytes, in memory; nothing is written yet."""
    files = {}
    for b in built:
        for writer in (w for w in writers if w.applies(b.composed.document)):
            try:
                files[output / f"{b.slug}{writer.suffix}"] = writer.render(b.composed.document)
            except PaperError:
                raise
            except Exception as exc:
                if debug:
                    raise
                raise RenderError(f"the {writer.name} writer failed on {b.slug}: {type(exc).__name__}: {exc}"
                                  " (run with --debug for the traceback)") from exc
    return files


def write_all(files: dict[Path, bytes]) -> None:
    for path, data in files.items():
        write_atomically(path, data)


def problems_of(folders: list[Path]) -> tuple[list[Problem], list]:
    """For `check`: every content problem and every published-versus-computed disagreement."""
    problems, disagreements = [], []
    for folder in folders:
        try:
            disagreements.extend(compose(load_paper(folder)).disagreements)
        except ContentError as exc:
            problems.extend(exc.problems)
    return problems, disagreements
