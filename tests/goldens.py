"""Regenerate the golden files: `make goldens` (then review `git diff tests/goldens`)."""

from __future__ import annotations

from councilpapers.compose import compose
from councilpapers.load import load_paper
from councilpapers.writers.modeljson import model_json

from .helpers import CONTENT, GOLDENS, PAPER
from .outline import outline

GOLDEN_MODEL = GOLDENS / f"{PAPER.name}.model.json"
PAPERS = sorted(p.parent.name for p in CONTENT.glob("*/paper.yaml"))


def current_model() -> str:
    return model_json(compose(load_paper(PAPER)).document)


def golden_outline(slug: str):
    return GOLDENS / f"{slug}.outline.txt"


def current_outline(slug: str) -> str:
    return outline(compose(load_paper(CONTENT / slug)).document)


def main() -> None:
    from . import goldens_docx

    GOLDENS.mkdir(exist_ok=True)
    GOLDEN_MODEL.write_text(current_model(), encoding="utf-8")
    print(f"wrote {GOLDEN_MODEL.relative_to(GOLDENS.parent.parent)}")
    for slug in PAPERS:
        golden_outline(slug).write_text(current_outline(slug), encoding="utf-8")
        print(f"wrote {golden_outline(slug).relative_to(GOLDENS.parent.parent)}")
    goldens_docx.main()


if __name__ == "__main__":
    main()
