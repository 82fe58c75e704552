"""Comparing stage, one paper: its figures (table cells and named figures) with what each is
computed from, and every sentence that restates one of them, found by the Document's walk."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from councilpapers.compose.document import Composed
from councilpapers.core import model as m
from councilpapers.core.expressions import Formula, cell_refs
from councilpapers.core.numbers import Number, table_number

# ---- the figures of one composed paper ---------------------------------------------------


@dataclass(frozen=True)
class Fig:
    """One figure of a paper: a table cell or a named figure, as the paper prints it."""

    key: str  # table.row.column, or the named figure's name
    label: str  # "Education, 2017/18 Net Budget (£,000)"
    value: Number
    shown: str  # as the paper prints it: 69,359, (503,475), 87.1%
    typed: bool  # typed by the author (else computed)
    uses: tuple[str, ...]  # the figures it is computed from
    table: str | None  # the table holding it
    where: str  # the title of its table, or "named figure"
    decimals: int
    percent: bool


def figures_of(composed: Composed) -> dict[str, Fig]:
    """Every figure of the paper with a value, in reading order (tables, then named figures)."""
    found: dict[str, Fig] = {}
    for table in composed.document.tables():
        label_column = next((i for i, c in enumerate(table.columns) if not c.numeric), None)
        for row in table.rows:
            name = plain_label(row, label_column)
            for column, cell in zip(table.columns, row.cells):
                if column.numeric and cell.value is not None:
                    key = f"{table.id}.{row.id}.{column.id}"
                    found[key] = Fig(
                        key,
                        f"{name}, {column_label(column)}",
                        cell.value,
                        m.plain(cell.inlines) or table_number(cell.value, column.decimals, column.percent),
                        cell.formula is None,
                        tuple(_cell_names(cell.formula)),
                        table.id,
                        table.title or table.caption,
                        column.decimals,
                        column.percent,
                    )
    for named in composed.named:
        figure = named.value
        unit = f" ({figure.unit})" if figure.unit and figure.unit != "%" else ""
        found[named.name] = Fig(
            named.name,
            f"{named.name.replace('_', ' ')}{unit}",
            figure.value,
            table_number(figure.value, figure.decimals, figure.percent),
            named.typed,
            named.uses,
            None,
            "named figure",
            figure.decimals,
            figure.percent,
        )
    return found


def plain_label(row: m.Row, label_column: int | None) -> str:
    text = m.plain(row.cells[label_column].inlines).strip() if label_column is not None else ""
    return text or row.id.replace("_", " ")


def column_label(column: m.Column) -> str:
    words = " ".join(w for w in (column.group, column.header or column.id, column.subheader) if w)
    return words + (f" ({column.unit})" if column.unit else "")


def _cell_names(formula: Formula | None) -> list[str]:
    return [str(ref) for ref in cell_refs(formula)] if formula is not None else []


# ---- the parts of a paper ----------------------------------------------------------------

Part = m.FrontField | m.Section | m.Appendix  # each holds blocks


def parts(document: m.Document) -> list[tuple[Part, str]]:
    """The front sheet's fields, the sections, the appendices and their parts, in reading
    order, each with its name in the report ("front sheet: Purpose", "section 5. Budget")."""
    found = (n for n in m.walk(document, inlines=False) if isinstance(n, (m.FrontField, m.Section, m.Appendix)))
    return [(part, part_name(part)) for part in found]


def part_name(part: Part) -> str:
    if isinstance(part, m.FrontField):
        return f"front sheet: {part.label}"
    if isinstance(part, m.Section):
        return f"section {' '.join(p for p in (part.number, part.title) if p)}"
    return part.title


Words = m.Text | m.Figure | m.Xref | m.Link  # the inline pieces that print words (bold and italic hold them)


def pieces(run: m.Inlines) -> Iterator[Words]:
    """The pieces of a run of inlines that print words (figures too), in reading order."""
    return (p for p in m.walk(run) if isinstance(p, Words))


# ---- the sentences that restate figures --------------------------------------------------


@dataclass(frozen=True)
class Mention:
    """A figure restated in a text: where, the words before it, and its printed wording."""

    where: str  # "paragraph 5.1", "front sheet: Financial Consequences – Revenue"
    before: str
    text: str
    source: str


def mentions(document: m.Document) -> list[Mention]:
    """Every figure restated in the paper's texts, in reading order."""
    out: list[Mention] = []
    for part, where in parts(document):
        last = None
        for block in part.blocks:
            if isinstance(block, m.Paragraph) and block.number:
                last = block.number
                here = f"paragraph {block.number}"
            else:
                here = where + (f", after paragraph {last}" if isinstance(part, m.Section) and last else "")
            _mentions(block, here, out)
    return out


def _mentions(node: m.Node, where: str, out: list[Mention]) -> None:
    """The figures restated in a block and all it holds: of a table, the cells without a
    figure of their own, and its notes."""
    if isinstance(node, tuple):
        _run_mentions(node, where, out)
    elif isinstance(node, m.Table):
        table = f"table '{node.title or node.caption}'"
        for child in m.contents(node):
            _mentions(child, f"note to {table}" if isinstance(child, tuple) else table, out)
    elif not (isinstance(node, m.Cell) and node.value is not None):
        for child in m.contents(node):
            _mentions(child, where, out)


def _run_mentions(run: m.Inlines, where: str, out: list[Mention]) -> None:
    text = ""
    for piece in pieces(run):
        if isinstance(piece, m.Figure):
            out.append(Mention(where, _tail(text), piece.text, piece.source))
        text += piece.text


def _tail(text: str, words: int = 7) -> str:
    kept = text.split()
    shown = " ".join(kept[-words:])
    return ("…" if len(kept) > words else "") + shown + (" " if text[-1:].isspace() else "")
