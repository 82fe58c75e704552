"""Loading stage, the content folder: which papers and meetings it holds."""

from __future__ import annotations

from pathlib import Path

from councilpapers.core.errors import UsageError


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


def find_meetings(content: Path) -> list[Path]:
    """Every meeting file (content/meetings/*.yaml), by name."""
    return sorted((content / "meetings").glob("*.yaml"))


def select_meetings(content: Path, names: list[str]) -> list[Path]:
    files = find_meetings(content)
    if not names:
        return files
    known = {f.stem: f for f in files}
    missing = [n for n in names if n not in known]
    if missing:
        raise UsageError(
            f"no meeting named {', '.join(missing)} in {content}/meetings/; meetings: {', '.join(known) or 'none'}"
        )
    return [known[n] for n in names]
