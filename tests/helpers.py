"""Shared helpers: the project's paths and small content folders written for one test."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
PAPER = CONTENT / "budget-2018-20"
SEEDS = Path(__file__).resolve().parent / "seeds"
GOLDENS = Path(__file__).resolve().parent / "goldens"

# Small named input folders (as Sphinx's test roots): a paper a test copies and edits where it
# differs, instead of building it from strings. `minimal` is the smallest paper that builds.
ROOTS = Path(__file__).resolve().parent / "roots"
MINIMAL_PAPER = (ROOTS / "minimal" / "paper.yaml").read_text(encoding="utf-8")
MINIMAL_BODY = (ROOTS / "minimal" / "body.yaml").read_text(encoding="utf-8")


def copy_root(name: str, folder: Path) -> Path:
    """The named input folder tests/roots/<name>/ copied to `folder`, for a test to change."""
    shutil.copytree(ROOTS / name, folder)
    return folder


def edit_file(file: Path, old: str, new: str) -> None:
    """One edit of a copied file; an edit that finds nothing fails the test."""
    file.write_text(changed(file.read_text(encoding="utf-8"), old, new), encoding="utf-8")


def write_paper(folder: Path, paper: str = MINIMAL_PAPER, **files: str) -> Path:
    """A paper folder holding paper.yaml and the given files (body='…' → body.yaml)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "paper.yaml").write_text(textwrap.dedent(paper), encoding="utf-8")
    files.setdefault("body", MINIMAL_BODY)
    for name, text in files.items():
        (folder / f"{name.replace('_', '-')}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def copy_real_paper(tmp: Path) -> Path:
    """A copy of the February paper that a test may change."""
    target = tmp / "content" / PAPER.name
    shutil.copytree(PAPER, target)
    return target


def untitled_captions(document) -> list[str]:
    """The captions of every table the paper prints without a title, front sheet included."""
    tables = list(document.tables()) + [b for f in document.front.fields for b in f.blocks if b.kind == "table"]
    return [t.caption for t in tables if not t.title]


def changed(text: str, old: str, new: str, count: int = -1) -> str:
    """`text` with `old` replaced by `new`, as a test edits content: an edit that finds nothing
    fails the test here, instead of letting it pass on content it never changed."""
    assert old in text, f"the test's edit finds nothing to change: {old!r} is not in the text"
    return text.replace(old, new, count)
