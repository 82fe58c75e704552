"""Regenerate the golden files: `make goldens` (then review `git diff tests/goldens`)."""

from __future__ import annotations

from councilpapers.compose.document import compose
from councilpapers.load.paper import load_paper

from .helpers import CONTENT, GOLDENS
from .outline import outline

PAPERS = sorted(p.parent.name for p in CONTENT.glob("*/paper.yaml"))


def golden_outline(slug: str):
    return GOLDENS / f"{slug}.outline.txt"


def current_outline(slug: str) -> str:
    return outline(compose(load_paper(CONTENT / slug)).document)


def main() -> None:
    from . import goldens_docx

    GOLDENS.mkdir(exist_ok=True)
    for slug in PAPERS:
        golden_outline(slug).write_text(current_outline(slug), encoding="utf-8")
        print(f"wrote {golden_outline(slug).relative_to(GOLDENS.parent.parent)}")
    goldens_docx.main()


if __name__ == "__main__":
    main()
