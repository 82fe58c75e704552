"""XLSX writer, layout stage: which sheet, row and column each table, cell and note goes to."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from councilpapers.core import cellnames
from councilpapers.core.errors import RenderError
from councilpapers.core.expressions import BinOp, CellRef, Name, Neg, Num, SumOf, cell_refs
from councilpapers.core.model import (
    WORKBOOK_SHEETS,
    Appendix,
    Cell,
    Column,
    Document,
    Heading,
    ItemList,
    Paragraph,
    Quote,
    Row,
    Table,
    plain,
)
from councilpapers.core.numbers import table_number
from councilpapers.writers.xlsx.formulas import formula_text, number_format, reference

COVER, CONTENTS, NOTES, FIGURES, CHECKS = WORKBOOK_SHEETS[:5]
ROLES = ("data", "heading", "total")
NOT_AVAILABLE, NOT_APPLICABLE = "[x]", "[z]"
SYMBOLS = (
    (NOT_AVAILABLE, "not available: the paper prints no figure or text where one could be"),
    (
        NOT_APPLICABLE,
        "not applicable: a total or a computed column the paper leaves empty on this row, or the Group "
        "of a row that comes before the table's first sub-heading",
    ),
)
GROUP_HEADER = "Group"
_SHEET_UNSAFE = re.compile(r"[\[\]:*?\\]")
_CELL_LIKE = re.compile(r"^([A-Za-z]{1,3}\d+|[Rr]\d*([Cc]\d*)?|[Cc]\d*)$")
_NUMBER_TEXT = re.compile(r"^(-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?)(%?)$")
_STARS = re.compile(r"^(\*+)\s*(.*)$", re.S)
_UNITS = {"£,000": "£ thousands", "£000": "£ thousands", "£000s": "£ thousands", "£m": "£ millions"}
_UNIT_WORDS = {"fte": "full-time equivalent"}

Place = tuple[str, int, int]  # sheet, row, column (1-based)


@dataclass
class Note:
    number: int
    text: str
    sheet: str

    @property
    def marker(self) -> str:
        return f"[note {self.number}]"


@dataclass(frozen=True)
class Written:
    """What one workbook cell holds: a formula, a number (with its format), text or a symbol."""

    kind: str  # formula, number, text or symbol
    value: str | Decimal | int
    number_format: str = "General"
    cached: Decimal | int | None = None  # a formula's value, as the paper computed it


@dataclass
class Placed:
    """One table on its own sheet: title and notes about it, then an Excel table of its data rows
    (the group a heading row opens becomes a column), then its totals in a table of their own."""

    table: Table
    sheet: str
    name: str  # the Excel table's displayName
    location: str  # where the table is in the paper
    title: str = ""
    intro: tuple[str, ...] = ()
    row_notes: dict[str, list[Note]] = field(default_factory=dict)
    stars: dict[str, Note] = field(default_factory=dict)  # "*" → the note the paper marks with it
    totals_name: str = ""  # the Excel table of its totals

    @cached_property
    def data(self) -> list[Row]:
        rows = [r for r in self.table.rows if r.role == "data"]
        return rows or [r for r in self.table.rows if r.role == "total"]

    @cached_property
    def totals(self) -> list[Row]:
        return [r for r in self.table.rows if r.role == "total" and r not in self.data]

    @property
    def has_groups(self) -> bool:
        return any(r.role == "heading" for r in self.table.rows)

    @property
    def has_notes_column(self) -> bool:
        return bool(self.row_notes)

    @property
    def width(self) -> int:
        return self.has_groups + len(self.table.columns) + self.has_notes_column

    @property
    def header_row(self) -> int:
        return 2 + len(self.intro)  # the title is row 1

    @property
    def data_last(self) -> int:
        return self.header_row + len(self.data)

    @property
    def totals_title_row(self) -> int:
        return self.data_last + 2  # after one empty row

    @property
    def totals_header_row(self) -> int:
        return self.totals_title_row + 1

    @property
    def last_row(self) -> int:
        return self.totals_header_row + len(self.totals) if self.totals else self.data_last

    def column_of(self, index: int) -> int:
        """The worksheet column of the model's column `index` (0-based)."""
        return 1 + self.has_groups + index

    def row_of(self, row: Row) -> int:
        return self._rows[row.id]

    @cached_property
    def _rows(self) -> dict[str, int]:
        """Row id → worksheet row (the intro above the table must be final when this is first read)."""
        rows = {row.id: self.header_row + 1 + n for n, row in enumerate(self.data)}
        rows.update({row.id: self.totals_header_row + 1 + n for n, row in enumerate(self.totals)})
        return rows

    def headers(self) -> list[str]:
        names = [GROUP_HEADER] * self.has_groups + [self.marked(header_text(c)) for c in self.table.columns]
        return unique(names + ["Notes"] * self.has_notes_column)

    def marked(self, text: str) -> str:
        """The paper's "Social Workers*" as "Social Workers [note 5]"."""
        match = re.search(r"\s*(\*+)$", text)
        if match and match.group(1) in self.stars:
            return f"{text[: match.start()]} {self.stars[match.group(1)].marker}"
        return text

    def groups(self) -> dict[str, str]:
        """Row id → the label of the heading row above it ("Income:" → "Income"), [z] before the first."""
        found, current = {}, NOT_APPLICABLE
        for row in self.table.rows:
            if row.role == "heading":
                label = next((plain(c.inlines) for c in row.cells if plain(c.inlines)), row.id)
                current = self.marked(label.strip().rstrip(":").strip()) or NOT_APPLICABLE
            else:
                found[row.id] = current if row.role == "data" else NOT_APPLICABLE
        return found

    @cached_property
    def repeated(self) -> dict[tuple[str, int], str]:
        """(row id, column) → the grouped label a data row shares with the rows above it."""
        found: dict[tuple[str, int], str] = {}
        for index, column in enumerate(self.table.columns):
            if not column.grouped:
                continue
            current = ""
            outer = [i for i, c in enumerate(self.table.columns[:index]) if c.grouped]
            for row in self.table.rows:
                text = plain(row.cells[index].inlines)
                if row.role != "data" or any(plain(row.cells[i].inlines) for i in outer):
                    current = ""  # a new group of the columns to its left starts a new group here too
                if row.role != "data":
                    continue
                if text:
                    current = text
                elif current:
                    found[(row.id, index)] = current
        return found


@dataclass
class Plan:
    document: Document
    tables: list[Placed]
    notes: list[Note]
    places: dict[tuple[str, str, str], Place]
    figures: dict[str, Place] = field(default_factory=dict)  # named figure → its cell on the Figures sheet
    symbols: set[Place] = field(default_factory=set)  # cells that hold [x] or [z] instead of a figure
    fractions: set[Place] = field(default_factory=set)  # percentages, held as fractions (87.1% as 0.871)
    values: dict[tuple[str, str, str], object] = field(default_factory=dict)  # each cell's exact value

    def address(self, ref: CellRef | Name) -> Place:
        try:
            if isinstance(ref, Name):
                return self.figures[".".join(ref.parts)]
            return self.places[(ref.table, ref.row, ref.column)]
        except KeyError:
            raise RenderError(f"a formula refers to {ref}, a cell that is not in the workbook") from None

    def formula(self, formula, sheet: str, percent: bool = False) -> str:
        """The formula for a cell on `sheet`; one that computes a percentage gives its fraction.
        Arithmetic that binary floating point cannot do exactly (a division, figures with
        decimals) is rounded to 9 decimals, so that a spreadsheet shows the digits the paper
        prints: LibreOffice shows 362.795 computed as 362.79499999999996 as 362.79."""
        text = formula_text(formula, sheet, self.address, self.symbols.__contains__, None, self.fractions.__contains__)
        if not self._exact_in_binary(formula):
            text = f"ROUND({text},{BINARY_DECIMALS})"
        return f"=({text})/100" if percent else "=" + text

    def _exact_in_binary(self, node) -> bool:
        """Whether a spreadsheet computes the formula without rounding: whole numbers added,
        subtracted and multiplied."""
        if isinstance(node, Num):
            return _whole(node.value)
        if isinstance(node, CellRef):
            return _whole(self.values.get((node.table, node.row, node.column)))
        if isinstance(node, Name):
            return _whole(self.values.get((FIGURES, ".".join(node.parts), "")))
        if isinstance(node, SumOf):
            return all(self._exact_in_binary(ref) for ref in node.cells)
        if isinstance(node, Neg):
            return self._exact_in_binary(node.operand)
        if isinstance(node, BinOp):
            return node.op != "/" and self._exact_in_binary(node.left) and self._exact_in_binary(node.right)
        return False

    def reference(self, target: str, sheet: str) -> str:
        """A reconciliation's figure (table.row.column or a figure's name) as a reference from `sheet`."""
        parts = tuple(target.split("."))
        place = self.address(CellRef(*parts) if len(parts) == 3 else Name(parts))
        return reference(place, sheet) + (
            "*100" if place in self.fractions else ""
        )  # a percentage as the paper prints it

    def written(self, placed: Placed, row: Row, index: int) -> Written:
        """What the workbook writes for the model's cell `index` of `row`."""
        column, cell = placed.table.columns[index], row.cells[index]
        if cell.formula is not None:
            text = self.formula(cell.formula, placed.sheet, column.percent)
            return Written("formula", text, _format(column, placed), fraction(cell.value, column.percent))
        if cell.value is not None:
            return Written("number", fraction(cell.value, column.percent), _format(column, placed))
        text = plain(cell.inlines) or placed.repeated.get((row.id, index), "")
        if not column.numeric and (number := number_in_text(text)):
            return Written("number", *number)
        if text:
            return Written("text", placed.marked(text))
        return Written("symbol", _symbol(placed, row, index))

    def defined_names(self) -> list[tuple[str, Place]]:
        """The stable name of every typed figure (cellnames), with the cell that holds it."""
        found = []
        for placed in self.tables:
            for row in placed.data + placed.totals:
                for index, (column, cell) in enumerate(zip(placed.table.columns, row.cells)):
                    if column.numeric and cell.value is not None and cell.formula is None:
                        place = (placed.sheet, placed.row_of(row), placed.column_of(index))
                        found.append((cellnames.cell_name(placed.table.id, row.id, column.id), place))
        for figure in self.document.figures:
            if figure.formula is None and figure.id in self.figures:
                found.append((cellnames.figure_name(figure.id), self.figures[figure.id]))
        return found


def fraction(value, percent: bool):
    """A percentage as the fraction a spreadsheet holds (87.1 → 0.871); other figures as they are."""
    return value / Decimal(100) if percent and value is not None else value


def _format(column: Column, placed: Placed) -> str:
    return number_format(column, placed.table.zero) if column.numeric else "General"


def _symbol(placed: Placed, row: Row, index: int) -> str:
    """[z] for an empty cell of a total or of a computed column; [x] for a figure or text the paper does not give."""
    if row.role != "data":
        return NOT_APPLICABLE
    computed = any(r.cells[index].formula is not None for r in placed.table.rows if r.role == "data")
    return NOT_APPLICABLE if computed else NOT_AVAILABLE


def number_in_text(text: str) -> tuple[Decimal, str] | None:
    """A text cell that is a number ("981", "87.1%") as the number and its format (87.1% → 0.871, 0.0%)."""
    match = _NUMBER_TEXT.match(text.strip())
    if not match:
        return None
    value = Decimal(match.group(1).replace(",", ""))
    decimals = "." + "0" * len(match.group(2)) if match.group(2) else ""
    if match.group(3):
        return value / 100, f"0{decimals}%"
    return value, ("#,##0" if "," in match.group(1) else "0") + decimals


def plan(document: Document) -> Plan:
    """Lay out every table of the document, one per sheet, in reading order, with their notes."""
    locations = table_locations(document)
    reserved = set(WORKBOOK_SHEETS)
    sheets, names = Names(reserved, 31, " ({n})"), Names({"contents", "notes", "figures", "checks"}, 255)
    chosen = {t.id: sheets.take(t.sheet) for t in document.tables() if t.sheet}  # the authors' first
    tables = [
        Placed(
            t, chosen.get(t.id) or sheets.take(sheet_title(t)), names.take(table_name(t.id)), locations.get(t.id, "")
        )
        for t in document.tables()
    ]
    for placed in tables:
        if placed.totals:
            placed.totals_name = names.take(f"{placed.name}_totals")
    result = Plan(document, tables, [], {})
    for placed in tables:
        _notes_for(result, placed)
        placed.intro = _intro(placed, document.draft)
        placed.intro = (_contains(placed),) + placed.intro[1:]  # the rows it names follow from the intro's length
    for placed in tables:
        for row in placed.data + placed.totals:
            for index, column in enumerate(placed.table.columns):
                place = (placed.sheet, placed.row_of(row), placed.column_of(index))
                result.places[(placed.table.id, row.id, column.id)] = place
                result.values[(placed.table.id, row.id, column.id)] = row.cells[index].value
    for placed in tables:
        for row in placed.data + placed.totals:
            for index, column in enumerate(placed.table.columns):
                if row.cells[index].formula is None and row.cells[index].value is None:
                    if not plain(row.cells[index].inlines) and (row.id, index) not in placed.repeated:
                        result.symbols.add(result.places[(placed.table.id, row.id, column.id)])
    for placed in tables:
        for row in placed.data + placed.totals:
            for column in placed.table.columns:
                if column.percent and column.numeric:
                    result.fractions.add(result.places[(placed.table.id, row.id, column.id)])
    if document.figures:
        result.figures = {f.id: (FIGURES, FIGURES_HEADER + 1 + n, 2) for n, f in enumerate(document.figures)}
        result.fractions |= {result.figures[f.id] for f in document.figures if f.percent}
        result.values |= {(FIGURES, f.id, ""): f.value for f in document.figures}
    return result


BINARY_DECIMALS = 9


def _whole(value) -> bool:
    """An empty cell (0), or a whole number a double holds exactly."""
    return value is None or (value == int(value) and abs(value) < 2**53) if not isinstance(value, str) else False


FIGURES_HEADER = 3  # the Figures and Checks sheets: title, one line, then the table's header row


# Words a name cut short must not end on ("Children's Services and").
_DANGLING = frozenset("a an and at by for from in into of on or per the to with within".split())


def sheet_title(table: Table) -> str:
    """The sheet name the author chose for the table, or a readable one from its title or
    caption within Excel's 31 characters, cut at a word and not ending on "and" or "of":
    "Children's Services and Education net budgets …" → "Children's Services", "Budget 2017/18"
    → "Budget 2017-18"."""
    if table.sheet:
        return table.sheet
    text = (table.title or table.caption or table.id).replace("/", "-")
    text = re.sub(r"\s+", " ", _SHEET_UNSAFE.sub(" ", text)).strip().strip("'").strip()
    if len(text) > 31:
        words = (text[:32].rsplit(" ", 1)[0] if " " in text[:32] else text[:31]).split(" ")
        while len(words) > 1 and words[-1].strip(",;-–(").casefold() in _DANGLING | {""}:
            words.pop()
        text = " ".join(words).rstrip(" ,;-–(").strip()
    return text or table.id[:31]


def _notes_for(plan: Plan, placed: Placed) -> None:
    table, markers = placed.table, []
    texts = [plain(note) for note in table.notes]
    used = "\n".join([plain(c.inlines) for r in table.rows for c in r.cells] + [header_text(c) for c in table.columns])
    for text in texts:
        star = _STARS.match(text)
        if star and re.search(re.escape(star.group(1)) + r"(\s|$)", used) and star.group(1) not in placed.stars:
            placed.stars[star.group(1)] = _add_note(plan, star.group(2), placed.sheet)
        else:
            markers.append(_add_note(plan, text, placed.sheet).marker)
    for row in table.rows:
        for column, cell in zip(table.columns, row.cells):
            if cell.differs:
                note = _add_note(plan, differs_text(plan, placed, row, column, cell), placed.sheet)
                placed.row_notes.setdefault(row.id, []).append(note)
    placed.title = " ".join([table.caption] + markers)


def _add_note(plan: Plan, text: str, sheet: str) -> Note:
    plan.notes.append(Note(len(plan.notes) + 1, text, sheet))
    return plan.notes[-1]


def differs_text(plan: Plan, placed: Placed, row: Row, column: Column, cell: Cell) -> str:
    """The note for a published figure that disagrees with the computed one."""
    published = table_number(cell.published, column.decimals, column.percent)
    computed = plain(cell.inlines) or "no figure"
    label = plain(row.cells[0].inlines) or row.id
    how = "from the rows above" if _sums_rows_above(placed, row, column, cell) else "by the formula"
    formula = ""
    if cell.formula is not None and how == "by the formula":
        formula = f" ({_formula_words(cell.formula, placed.table.id)})"
    return (
        f"{label}, {header_text(column)}. The published paper shows {published}; "
        f"computed {how}{formula}, the figure is {computed}."
    )


def _formula_words(formula, table: str) -> str:
    """The formula in the paper's own names: row.column, or table.row.column for another table."""

    def words(ref: CellRef | Name) -> str:
        if isinstance(ref, Name):
            return ".".join(ref.parts)
        return f"{ref.row}.{ref.column}" if ref.table == table else str(ref)

    return formula_text(formula, "", lambda ref: ("", 0, 0), None, words)


def _sums_rows_above(placed: Placed, row: Row, column: Column, cell: Cell) -> bool:
    if not isinstance(cell.formula, SumOf):
        return False
    above = {r.id for r in placed.table.rows[: placed.table.rows.index(row)]}
    return all(
        ref.table == placed.table.id and ref.column == column.id and ref.row in above for ref in cell.formula.cells
    )


def _intro(placed: Placed, draft: str | None = None) -> tuple[str, ...]:
    """The lines above the table; the first stands in for `_contains`, which names rows that
    depend on how many lines there are."""
    table, lines = placed.table, ["This worksheet contains one table of data."]
    differs = any(cell.differs for row in table.rows for cell in row.cells)
    if placed.has_groups:
        lines.append(
            f"The {GROUP_HEADER} column gives the sub-heading the paper prints above each row, "
            "so each row can be sorted and filtered on its own."
        )
    if differs:
        lines.append(
            "Where the published paper shows a different total, this table shows the computed one "
            "and a note in the Notes column gives the published figure."
        )
    if any(cell.formula is not None for row in table.rows for cell in row.cells):
        lines.append(
            "Totals and other computed figures are formulas, so they follow any change to the figures they use."
        )
    if any((cell.value or 0) < 0 for row in table.rows for cell in row.cells):
        lines.append("Negative figures are shown in brackets.")
    if _picks_rows(placed):
        lines.append(
            "Some totals add up particular rows by their place: sort a copy of this sheet, "
            "or undo the sort, before reading them."
        )
    empty = any(
        c.value is None and c.formula is None and not plain(c.inlines)
        for row in table.rows
        if row.role != "heading"
        for c in row.cells
    )
    if empty or placed.has_groups:
        lines.append(
            "[x] marks a figure the paper does not give; [z] a cell that does not apply (see the Cover sheet)."
        )
    if placed.location:
        lines.append(f"Source: {placed.location}.")
    if draft:
        lines.append(f"{draft}: a draft, whose figures may still change.")  # on screen, not only in print
    return tuple(lines)


def _contains(placed: Placed) -> str:
    """The sheet's first line: what tables it holds and on which rows (placed.intro in place)."""
    table = placed.table
    line = "This worksheet contains one table of data."
    if placed.totals:
        line = (
            f"This worksheet contains two tables: the data (rows {placed.header_row} to {placed.data_last}) "
            f"and, below it, its totals (rows {placed.totals_header_row} to {placed.last_row})."
        )
    if table.notes or any(cell.differs for row in table.rows for cell in row.cells):
        line += " Some cells refer to notes, which are on the Notes sheet."
    return line


def _picks_rows(placed: Placed) -> bool:
    """Whether a formula refers to particular data rows of its own table from another row: a
    sort moves those rows and not the references (a total of every data row is safe)."""
    data = {row.id for row in placed.data}
    for row in placed.table.rows:
        for cell in row.cells:
            formula = cell.formula
            if formula is None:
                continue
            if isinstance(formula, SumOf) and {ref.row for ref in formula.cells} == data:
                continue
            if any(
                ref.table == placed.table.id and ref.row in data and ref.row != row.id for ref in cell_refs(formula)
            ):
                return True
    return False


def header_text(column: Column) -> str:
    """One header cell for the paper's header rows: '2018/19 Net Budget, subheader (£ thousands)'.
    An abbreviated header is written out ("Likelihood (L)"); a column the paper leaves without a
    header (row labels) is named by its id: an Excel table's headings must not be empty."""
    header = column.header or column.id.replace("_", " ").capitalize()
    if column.spelled:  # "Likelihood (L)"; "Risk score" for "Risk"
        word = column.header.strip()
        abbreviation = word.isalnum() and not re.search(rf"\b{re.escape(word)}\b", column.spelled, re.I)
        header = f"{column.spelled} ({column.header})" if abbreviation else column.spelled
    if column.group and column.group.casefold() not in header.casefold():
        header = f"{column.group} {header}"
    if column.subheader:
        header += f", {column.subheader}"
    return header + (f" ({unit_words(column.unit)})" if column.unit else "")


def unit_words(unit: str) -> str:
    """A unit as words a reader need not decode: £,000 → £ thousands, FTE → full-time equivalent."""
    return _UNITS.get(unit.replace(" ", ""), _UNIT_WORDS.get(unit.casefold(), unit))


def unique(names: list[str]) -> list[str]:
    """Excel table column names must differ (case-insensitively): repeat names get ' (2)'."""
    seen: set[str] = set()
    out = []
    for name in names:
        candidate, n = name, 1
        while candidate.casefold() in seen:
            n += 1
            candidate = f"{name} ({n})"
        seen.add(candidate.casefold())
        out.append(candidate)
    return out


class Names:
    """Unique names (case-insensitively), cut to a length, numbered when they repeat ("_2", or
    for a sheet, which people read, " (2)")."""

    def __init__(self, taken: set[str], limit: int, numbered: str = "_{n}"):
        self.taken, self.limit, self.numbered = {t.casefold() for t in taken}, limit, numbered

    def take(self, name: str) -> str:
        candidate, n = name[: self.limit], 1
        while candidate.casefold() in self.taken:
            n += 1
            suffix = self.numbered.format(n=n)
            candidate = f"{name[: self.limit - len(suffix)].rstrip()}{suffix}"
        self.taken.add(candidate.casefold())
        return candidate


def table_name(table_id: str) -> str:
    """An Excel table name from a table id: letters, digits, _ and ., not like a cell address."""
    name = re.sub(r"[^\w.]", "_", table_id)
    return name if name[:1].isalpha() and not _CELL_LIKE.match(name) else f"t_{name}"


# ---- where each table is in the paper ----------------------------------------------------


def table_locations(document: Document) -> dict[str, str]:
    """Table id → 'Section 5.0 …, paragraph 5.1' or the appendix (and its part) holding it."""
    found: dict[str, str] = {}
    for section in document.sections:
        _locate(section.blocks, f"Section {section.number} {section.title}", found, [None])
    for appendix in document.appendices:
        _locate_appendix(appendix, "", found)
    return found


def _locate_appendix(appendix: Appendix, parent: str, found: dict[str, str]) -> None:
    where = f"{appendix.title} ({parent})" if parent else appendix.title
    _locate(appendix.blocks, where, found, [None])
    for part in appendix.parts:
        _locate_appendix(part, appendix.title, found)


def _locate(blocks, where: str, found: dict[str, str], last: list) -> None:
    for block in blocks:
        if isinstance(block, Table):
            found[block.id] = where + (f", after paragraph {last[0]}" if last[0] else "")
        elif isinstance(block, Paragraph):
            last[0] = block.number or last[0]
            inside = where + (f", paragraph {block.number}" if block.number else "")
            _locate(block.children, inside, found, [None])
        elif not isinstance(block, (Heading, ItemList, Quote)):
            raise RenderError(f"the workbook has no way to show a block of kind '{block.kind}'")
