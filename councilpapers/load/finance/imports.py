"""Loading stage, figures from finance: every import of a paper read in, its problems listed."""

from __future__ import annotations

from councilpapers.core.errors import ContentError
from councilpapers.load.finance.books import Books
from councilpapers.load.finance.figures import named_figures
from councilpapers.load.finance.names import by_names
from councilpapers.load.finance.reading import Imported, Reading
from councilpapers.load.finance.rows import with_rows_read
from councilpapers.load.located import tables_in
from councilpapers.load.paper import LoadedPaper


def read_imports(loaded: LoadedPaper) -> Imported:
    """The paper's tables and named figures with every import read in; problems listed, not raised."""
    reading = Reading(loaded, Books(loaded.source.file.parent))
    try:
        located = [with_rows_read(reading, item) for item in tables_in(loaded)]
        figures = named_figures(reading)
        if loaded.paper.figures_from is not None:
            located, figures = by_names(reading, loaded.paper.figures_from, located, figures)
    finally:
        reading.books.close()
    return Imported(tuple(located), figures, reading.origins, tuple(reading.books.opened), tuple(reading.problems))


def raise_problems(loaded: LoadedPaper, imported: Imported) -> None:
    """Imports that failed stop the paper before its figures are computed (a missing file would
    otherwise be reported again by every total and sentence that uses its figures)."""
    if imported.problems:
        raise ContentError(list(loaded.problems) + list(imported.problems))
