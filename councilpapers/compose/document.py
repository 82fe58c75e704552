"""Composing stage: validated content → Document (tables computed, numbering, figures in prose).

The outline of the stage: the context (context.py), figures read from finance files, the tables
computed (tables.py), the labels numbered (numbering.py), prose with its figures and references
(prose.py), the front sheet, sections and appendices as blocks (front.py, blocks.py), the layout,
then the reconciliations (reconcile.py) and the published figures compared (published.py).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace
from pathlib import Path

from councilpapers.compose.blocks import Blocks
from councilpapers.compose.context import Context, context_of
from councilpapers.compose.figures import NamedFigures, NamedValue, model_figures, named_values
from councilpapers.compose.front import compose_front
from councilpapers.compose.layout import compose_layout
from councilpapers.compose.lookup import Lookup
from councilpapers.compose.numbering import Numbering, appendices, sections
from councilpapers.compose.prose import Prose
from councilpapers.compose.published import Disagreement, disagreements
from councilpapers.compose.reconcile import Mismatch, reconcile
from councilpapers.compose.sheets import with_sheet_names
from councilpapers.compose.tableblocks import TableBlocks
from councilpapers.compose.tables import TableEngine
from councilpapers.core import model as m
from councilpapers.core.dates import long_date
from councilpapers.core.errors import ContentError, Problem
from councilpapers.core.placeholders import fill
from councilpapers.load.finance.imports import raise_problems, read_imports
from councilpapers.load.finance.reading import Origin
from councilpapers.load.paper import LoadedPaper
from councilpapers.load.schema.blocks import ParaBlock
from councilpapers.load.schema.parts import Section
from councilpapers.load.style import Labels
from councilpapers.load.yamlsource import Path_, Source


@dataclass(frozen=True)
class Composed:
    document: m.Document
    disagreements: tuple[Disagreement, ...]
    mismatches: tuple[Mismatch, ...] = ()
    named: tuple[NamedValue, ...] = ()  # every named figure of paper.yaml with its value
    origins: dict[str, Origin] = field(default_factory=dict)  # an imported figure's name → where it was read
    imported_files: tuple[Path, ...] = ()  # every CSV file and workbook the paper read


def compose(loaded: LoadedPaper) -> Composed:
    """Compute, number and resolve everything; every problem in the paper is reported together."""
    c = context_of(loaded)
    imported = read_imports(loaded)  # figures from finance: rows and figures read from files
    raise_problems(loaded, imported)
    engine = TableEngine(list(imported.located))
    results = engine.run()
    lookup = Lookup(results, engine.unreadable, imported.figures, loaded.source)
    problems: list[Problem] = []  # composing's own, in reading order
    document = _document(c, _blocks(c, engine, lookup, problems), lookup.named)
    checks, mismatches = reconcile(loaded, lookup, problems)
    document = replace(document, checks=checks)
    document = with_sheet_names(document)
    problems = list(loaded.problems) + engine.problems + lookup.named.problems + problems
    if problems:
        raise ContentError(problems)
    return Composed(
        document,
        tuple(disagreements(results, engine.located)),
        mismatches,
        named_values(loaded.paper.figures, lookup.named),
        imported.origins,
        imported.files,
    )


def _blocks(c: Context, engine: TableEngine, lookup: Lookup, problems: list[Problem]) -> Blocks:
    """The block composer: labels numbered first, so references may point forwards."""
    inlines = Prose(Numbering(c, problems).targets, lookup, problems).inlines
    tables = TableBlocks(c, engine.results, engine.located, inlines, problems)
    return Blocks(c, inlines, tables, problems)


def _document(c: Context, b: Blocks, named: NamedFigures) -> m.Document:
    paper = c.loaded.paper
    date = min((r.date for r in paper.report_to), default=None)
    return m.Document(
        slug=c.loaded.slug,
        title=paper.subject,
        language=c.style.language,
        author=paper.report_of or c.council,
        date=date.isoformat() if date else "2000-01-01",
        council=c.council,
        report_type=paper.report_type,
        front=compose_front(c, b),
        sections=tuple(_section(c, b, n, s, src, p) for n, (s, src, p) in enumerate(sections(c.loaded), start=1)),
        appendices=_appendix_tree(c, b),
        layout=compose_layout(c),
        exempt=c.loaded.exempt,
        restricted=restricted_mark(c.labels, c.loaded.exempt),
        draft=fill(c.labels.draft, {"date": long_date(datetime.date.today())}) if paper.status == "draft" else None,
        figures=model_figures(paper.figures, named),
    )


def restricted_mark(labels: Labels, paragraph: int | None) -> str | None:
    """The mark on every page of a paper not for publication, with its paragraph."""
    return fill(labels.restricted_mark, {"paragraph": str(paragraph)}) if paragraph else None


def _section(c: Context, b: Blocks, number: int, section: Section, source: Source, path: Path_) -> m.Section:
    blocks: list[m.Block] = []
    count = 0
    for index, block in enumerate(section.blocks):
        where = path + ("blocks", index)
        if isinstance(block, ParaBlock):
            count += 1
            number_shown, anchor = c.paragraph_number(number, count), c.anchor(f"p{number}-{count}")
            blocks.append(b.paragraph(block, number_shown, anchor, source, where, 3))
        else:
            blocks.extend(b.blocks_of(block, source, where, 3))
    title = section.title.upper() if c.style.numbering.capitalise_sections else section.title
    return m.Section(c.section_number(number), title, c.anchor(f"s{number}"), tuple(blocks))


def _appendix_tree(c: Context, b: Blocks) -> tuple[m.Appendix, ...]:
    """Appendices with their parts; built from the last part up so each finds its children."""
    built: dict[str, m.Appendix] = {}
    entries = appendices(c)
    for e in reversed(entries):
        parts = tuple(built.pop(f"{e.anchor}-{i + 1}") for i in range(len(e.appendix.parts)))
        blocks = tuple(
            b.block(block, e.source, e.path + ("blocks", i), e.level + 1) for i, block in enumerate(e.appendix.blocks)
        )
        landscape = e.appendix.orientation == "landscape"
        if parts and not blocks and not landscape and not parts[0].landscape:
            parts = (replace(parts[0], new_page=False),) + parts[1:]  # the first part shares its title's page
        built[e.anchor] = m.Appendix(
            e.title,
            e.anchor,
            e.level,
            landscape,
            blocks,
            parts,
            name=e.short_name if e.title.startswith(e.short_name) else "",
        )
    return tuple(built[e.anchor] for e in entries if e.level == 2)
