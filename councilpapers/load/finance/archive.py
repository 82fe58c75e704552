"""Loading stage, figures from finance: a workbook's zip checked before openpyxl reads any of it.

An .xlsx file is a zip of XML parts. openpyxl, opening a workbook read-only, reads all of its
shared strings, its styles, its list of sheets and names, and scans every sheet once for its
size; so each part it reads is bounded here, first by the size the zip declares for it unzipped
(the zip module never unpacks more than that) and then by a count of its XML elements, before it
is read. Which parts those are is found as openpyxl finds them (its content types, its workbook
part and relationships); parts it leaves unread in read-only mode (pivot caches, comments)
count only towards the workbook's whole unzipped size.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from councilpapers.core.errors import display_path
from councilpapers.load.finance.failure import ImportFailure
from councilpapers.load.finance.limits import (
    ADVICE,
    MAX_PART_BYTES,
    MAX_PART_ELEMENTS,
    MAX_PARTS,
    MAX_SHEET_BYTES,
    MAX_SHEET_ELEMENTS,
    MAX_SHEETS,
    MAX_STRINGS,
    MAX_STRINGS_BYTES,
    MAX_UNDECLARED,
    MAX_UNZIPPED_BYTES,
)

UNREAD = ("xl/pivotCache/", "xl/pivotTables/", "xl/comments", "xl/tables/", "xl/externalLinks/", "customXml/")
SHEETS = ("xl/worksheets/", "xl/chartsheets/")
STRINGS = "xl/sharedStrings.xml"  # where Excel keeps them; openpyxl finds them by their content type
XML = (".xml", ".rels")
_ENDS = (b" ", b">", b"/", b"\t", b"\n", b"\r")
_DESCRIBED = {
    "xl/styles.xml": "its styles",
    "xl/workbook.xml": "its list of sheets and names",
    "[Content_Types].xml": "its list of parts",
}


def _strings(name: str) -> str:
    return f"the part holding its shared strings, the texts of its cells ({name}),"


def _described(name: str) -> str:
    return f"{_DESCRIBED[name]} ({name})" if name in _DESCRIBED else f"the part {name}"


def tags(data: bytes, name: bytes) -> int:
    """How many elements named `name` the XML holds, with or without a namespace prefix (at
    least as many as there are: text cannot hold a bare "<", so none is missed)."""
    return sum(data.count(start + name + end) for start in (b"<", b":") for end in _ENDS)


def elements(data: bytes) -> int:
    """How many elements the XML holds, at least (every start tag: a "<" not followed by "/")."""
    return data.count(b"<") - data.count(b"</")


def check_workbook(file: Path) -> None:
    """Refuse a workbook whose parts, unzipped, would make openpyxl read more than the limits
    allow, naming the part (a sheet by its title); a file that is not a zip is refused too."""
    try:
        with zipfile.ZipFile(file) as archive:
            _Check(file, archive).run()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
        raise ImportFailure(
            f"{display_path(file)} is not an .xlsx workbook (it cannot be opened as one): save it as .xlsx"
        ) from None


@dataclass
class _Check:
    file: Path
    archive: zipfile.ZipFile

    def fail(self, message: str) -> ImportFailure:
        return ImportFailure(f"{display_path(self.file)}: {message}: {ADVICE}")

    def run(self) -> None:
        infos = {info.filename: info for info in self.archive.infolist()}
        self.declared(infos)
        # what says which parts are read, then those parts, as openpyxl finds them
        for name in infos:
            if name == "[Content_Types].xml" or name.endswith(".rels") and not name.startswith(UNREAD):
                self.part(infos[name])
        found = self.found(infos)
        if found is None:
            return  # openpyxl cannot find its parts either, and says so when it opens the file
        strings, sheets = found
        if strings in infos:
            data = self.read(infos[strings], MAX_STRINGS_BYTES, _strings(strings))
            if (count := tags(data, b"si")) > MAX_STRINGS:
                raise self.fail(
                    f"the workbook holds {count:,} shared strings (distinct texts); at most {MAX_STRINGS:,} are read"
                )
        self.sheets(infos, sheets)
        targets = {target for _, target in sheets} | {strings}
        for name, info in infos.items():
            if name.endswith(".xml") and not name.startswith(UNREAD + SHEETS) and name not in targets:
                self.part(info)

    def declared(self, infos: dict[str, zipfile.ZipInfo]) -> None:
        """The sizes the zip declares, before anything is read: each part's (but the sheets',
        named by their titles once the list of sheets is read), then the whole workbook's."""
        if len(infos) > MAX_PARTS:
            raise self.fail(f"the workbook is made of {len(infos):,} parts (files in its zip); at most {MAX_PARTS:,}")
        for name, info in infos.items():
            if name == STRINGS:
                self.within(info, MAX_STRINGS_BYTES, _strings(name))
            elif name.endswith(XML) and not name.startswith(UNREAD + SHEETS):
                self.within(info, MAX_PART_BYTES, _described(name))
        unzipped = sum(info.file_size for info in infos.values())
        if unzipped > MAX_UNZIPPED_BYTES:
            raise self.fail(f"the workbook unpacks to {unzipped:,} bytes; at most {MAX_UNZIPPED_BYTES:,} are read")

    def within(self, info: zipfile.ZipInfo, limit: int, name: str) -> None:
        if info.file_size > limit:
            raise self.fail(f"{name} unpacks to {info.file_size:,} bytes; at most {limit:,} are read")

    def read(self, info: zipfile.ZipInfo, limit: int, name: str) -> bytes:
        """The part's bytes, refused unread when it unpacks to more than `limit`."""
        self.within(info, limit, name)
        return self.archive.read(info)

    def part(self, info: zipfile.ZipInfo) -> None:
        name = _described(info.filename)
        count = elements(self.read(info, MAX_PART_BYTES, name))
        if count > MAX_PART_ELEMENTS:
            raise self.fail(f"{name} holds {count:,} XML elements; at most {MAX_PART_ELEMENTS:,} are read")

    def found(self, infos: dict[str, zipfile.ZipInfo]) -> tuple[str, list[tuple[str, str]]] | None:
        """The shared strings' part and each sheet's (title, part), or None when openpyxl's own
        reading of its list of parts fails (the workbook part is bounded before it is read)."""
        from openpyxl.packaging.manifest import Manifest
        from openpyxl.reader.excel import _find_workbook_part
        from openpyxl.reader.workbook import WorkbookParser
        from openpyxl.xml.constants import SHARED_STRINGS
        from openpyxl.xml.functions import fromstring

        try:
            package: Any = Manifest.from_tree(fromstring(self.archive.read("[Content_Types].xml")))
            workbook = _find_workbook_part(package).PartName[1:]
            if workbook in infos:
                self.part(infos[workbook])
            parser = WorkbookParser(self.archive, workbook, keep_links=False)
            parser.parse()
            sheets = [(sheet.name, rel.target) for sheet, rel in parser.find_sheets()]
            strings = package.find(SHARED_STRINGS)
        except ImportFailure:
            raise
        except Exception:  # a damaged list of parts: openpyxl raises many kinds
            return None
        return (strings.PartName[1:] if strings is not None else ""), sheets

    def sheets(self, infos: dict[str, zipfile.ZipInfo], sheets: list[tuple[str, str]]) -> None:
        """Each sheet's part bounded, and their sum: openpyxl scans a sheet as it opens the
        workbook (to its end, when the sheet does not declare its size), a part named by several
        sheets once for each."""
        if len(sheets) > MAX_SHEETS:
            raise self.fail(f"the workbook has {len(sheets):,} sheets; at most {MAX_SHEETS:,} are read")
        total, scanned, counts = 0, 0, dict[str, tuple[int, bool]]()
        for title, target in sheets:
            if target not in infos:
                continue
            total += infos[target].file_size
            if total > MAX_UNZIPPED_BYTES:
                raise self.fail(
                    f"its {len(sheets):,} sheets unpack to more than {MAX_UNZIPPED_BYTES:,} bytes, each counted "
                    "for every sheet that names it"
                )
            if target not in counts:
                data = self.read(infos[target], MAX_SHEET_BYTES, f"sheet {title}")
                counts[target] = tags(data, b"c"), declares_size(data)
            count, declared = counts[target]
            if count > MAX_SHEET_ELEMENTS:
                raise self.fail(
                    f"sheet {title} holds {count:,} cells, empty (formatted) ones too; "
                    f"at most {MAX_SHEET_ELEMENTS:,} are read"
                )
            scanned += 0 if declared else count
            if scanned > MAX_UNDECLARED:
                raise self.fail(
                    f"its sheets that do not declare their size hold {scanned:,} cells together, empty ones too; "
                    f"at most {MAX_UNDECLARED:,} are read (a workbook saved by Excel or LibreOffice declares it)"
                )


def declares_size(data: bytes) -> bool:
    """Whether a sheet's XML declares its size (a dimension element before its cells), so that
    openpyxl, opening the workbook, stops reading the sheet there."""
    found = [i for i in (data.find(b"<dimension"), data.find(b":dimension")) if i >= 0]
    cells = data.find(b"sheetData")
    return bool(found) and (cells < 0 or min(found) < cells)
