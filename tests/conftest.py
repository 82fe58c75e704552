from __future__ import annotations

import pytest

from councilpapers.compose.document import compose
from councilpapers.load.paper import load_paper
from councilpapers.writers.pdf import write_pdf

from .helpers import PAPER


@pytest.fixture(scope="session")
def composed():
    """The February paper, loaded and composed once for the whole run."""
    return compose(load_paper(PAPER))


@pytest.fixture(scope="session")
def document(composed):
    return composed.document


@pytest.fixture(scope="session")
def pdf_path(document, tmp_path_factory):
    """The February paper's PDF, written once for the whole run."""
    path = tmp_path_factory.mktemp("pdf") / "budget-2018-20.pdf"
    path.write_bytes(write_pdf(document))
    return path
