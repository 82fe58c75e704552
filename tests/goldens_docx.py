"""Regenerate the Word golden files: `python -m tests.goldens_docx` (then review `git diff tests/goldens/docx`)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

from councilpapers.build.render import render_document
from councilpapers.compose.document import compose
from councilpapers.load.paper import load_paper
from councilpapers.writers.registry import WRITERS

from .helpers import GOLDENS, PAPER

GOLDEN_DOCX = GOLDENS / "docx"
PARTS = ("word/styles.xml",)  # the styles an author restyles; the body is tested by what a reader sees
MASKED = ("rsid", "paraId", "textId", "date")  # revision ids and timestamps Word adds on saving


def golden_path(part: str) -> Path:
    return GOLDEN_DOCX / f"{PAPER.name}.{Path(part).name}"


def normalise(xml: bytes) -> str:
    """A part as pretty-printed XML, revision ids and timestamps masked, for a readable diff."""
    root = etree.fromstring(xml)
    for element in root.iter():
        for name in element.attrib:
            if etree.QName(name).localname.startswith(MASKED):
                element.set(name, "…")
    return etree.tostring(root, pretty_print=True, encoding="unicode")


def docx_parts(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {part: normalise(package.read(part)) for part in PARTS}


def current_parts() -> dict[str, str]:
    return docx_parts(render_document(compose(load_paper(PAPER)).document, [WRITERS["docx"]])["docx"])


def main() -> None:
    GOLDEN_DOCX.mkdir(parents=True, exist_ok=True)
    for part, text in current_parts().items():
        golden_path(part).write_text(text, encoding="utf-8")
        print(f"wrote {golden_path(part).relative_to(GOLDENS.parent.parent)}")


if __name__ == "__main__":
    main()
