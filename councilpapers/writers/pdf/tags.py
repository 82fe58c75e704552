"""PDF writer, tagging: one structure element per HTML element, however many pages it spans.

WeasyPrint 70 builds its tag tree page by page, so a table that runs over three pages becomes
three Table elements (its header rows, repeated on each page, tagged each time), and a
section or paragraph cut by a page break becomes two. While WeasyPrint writes, `one_element_
per_html_element()` records which HTML element each structure element comes from; once the
tree is built, adjacent fragments of one element are merged, the header rows a table repeats
on later pages are taken out of the tree (their cells' Headers pointing at the first), and each
link's description becomes the words the reader sees; each table header cell gets its Scope and
the tree an ID tree (idtree.py), and pydyf's page references are built once, not for every
element (pagerefs.py). `finish_tagging()` then marks all content outside the tree (repeated
headers, running headers and footers) as artifacts and records the document's language in its
XMP metadata.
"""

from __future__ import annotations

import io
import re
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import TYPE_CHECKING
from xml.etree.ElementTree import Element

from councilpapers.core.errors import RenderError
from councilpapers.writers.pdf.idtree import add_id_tree, scope_of
from councilpapers.writers.pdf.pagerefs import page_references_once

if TYPE_CHECKING:
    import pikepdf
    import pydyf
    from weasyprint.document import Document
    from weasyprint.formatting_structure.boxes import Box

# WeasyPrint and pydyf ship no type information: mypy reads their Box, Document, PDF, Dictionary,
# Array and String as Any (pikepdf is typed).

Origin = tuple[Element, str]  # the HTML element a structure element comes from, and its (pseudo-)tag


def _origin(box: Box) -> Origin | None:
    """The HTML element (and pseudo-element) a box comes from; None for anonymous boxes."""
    element = getattr(box, "element", None)
    return None if element is None else (element, box.element_tag)


@contextmanager
def one_element_per_html_element() -> Iterator[None]:
    """While WeasyPrint writes a PDF: merge the page fragments of each tagged HTML element."""
    import weasyprint.pdf as pdf_module
    import weasyprint.pdf.tags as tags

    if not hasattr(tags, "_build_box_tree") or getattr(pdf_module, "add_tags", None) is not tags.add_tags:
        raise RenderError(
            "this WeasyPrint has no tag builder where the PDF writer expects it (the pinned version is 70.0)"
        )
    build, add = tags._build_box_tree, pdf_module.add_tags
    origins: dict[int, Origin | None] = {}
    keep: list[pydyf.Dictionary] = []  # the structure elements, alive while their ids are keys

    def recording_build(
        box: Box,
        parent: pydyf.Dictionary,
        pdf: pydyf.PDF,
        page_number: int,
        nums: object,
        annotations: object,
        marks: object,
    ) -> Iterator[pydyf.Dictionary]:
        for element in build(box, parent, pdf, page_number, nums, annotations, marks):
            if box.link_annotation is not None and box.element is not None:
                words = " ".join("".join(box.element.itertext()).split())
                box.link_annotation["Contents"] = _string(words or box.link_annotation["Contents"])
            origin = origins.setdefault(id(element), _origin(getattr(box, "_box", box)))
            if element.get("S") == "/TH" and origin is not None and "Scope" not in element["A"]:
                element["A"]["Scope"] = scope_of(origin[0].get("scope"))
            keep.append(element)
            yield element

    def merging_add(pdf: pydyf.PDF, document: Document, version: object, streams: object) -> None:
        with page_references_once(pdf):
            add(pdf, document, version, streams)
        merger = TreeMerger(pdf, origins)
        merger.merge_root()
        add_id_tree(pdf, merger.deref, merger.root())

    tags._build_box_tree, pdf_module.add_tags = recording_build, merging_add
    try:
        yield
    finally:
        tags._build_box_tree, pdf_module.add_tags = build, add


def _plain(value: object) -> str:
    """The text of a pydyf String (its str() is not its text), or of anything else."""
    return value.string if hasattr(value, "string") else str(value)


def _string(text: str | pydyf.String) -> pydyf.String:
    import pydyf

    return text if isinstance(text, pydyf.String) else pydyf.String(text)


class TreeMerger:
    """Merges adjacent structure elements that come from one HTML element."""

    def __init__(self, pdf: pydyf.PDF, origins: dict[int, Origin | None]) -> None:
        self.pdf, self.origins = pdf, origins

    def deref(self, reference: object) -> pydyf.Dictionary | None:
        """The pydyf object a reference (b'12 0 R') points to, or None for MCIDs and others."""
        if isinstance(reference, (bytes, str)) and str(
            reference if isinstance(reference, str) else reference.decode()
        ).endswith(" 0 R"):
            number = int((reference.decode() if isinstance(reference, bytes) else reference).split()[0])
            return self.pdf.objects[number]
        return None

    def root(self) -> pydyf.Dictionary:
        root = self.deref(self.pdf.catalog["StructTreeRoot"])
        if root is None:
            raise RenderError("WeasyPrint wrote a tagged PDF whose structure tree root is not an object")
        return root

    def merge_root(self) -> None:
        import pydyf

        for reference in self.root()["K"]:
            self.merge(self.deref(reference), pydyf)

    def merge(self, element: pydyf.Dictionary | None, pydyf: ModuleType) -> None:
        if element is None or "K" not in element:
            return
        kids = list(element["K"])
        if element.get("S") == "/Table":
            kids = self._drop_repeated_headers(element, kids)
        merged: list[object] = []
        for kid in kids:
            child, previous = self.deref(kid), self.deref(merged[-1]) if merged else None
            if child is not None and previous is not None and self._same(previous, child):
                self._absorb(previous, child)
                continue
            merged.append(kid)
        element["K"] = pydyf.Array(merged)
        for kid in merged:
            self.merge(self.deref(kid), pydyf)

    def _same(self, first: pydyf.Dictionary, second: pydyf.Dictionary) -> bool:
        origin = self.origins.get(id(first))
        return (
            origin is not None
            and origin == self.origins.get(id(second))
            and first.get("S") == second.get("S")
            and first.get("Type") == "/StructElem"
        )

    def _absorb(self, first: pydyf.Dictionary, second: pydyf.Dictionary) -> None:
        """Move the second fragment's children into the first."""
        for kid in second["K"]:
            child = self.deref(kid)
            if child is not None and "P" in child:
                child["P"] = first.reference
            first["K"].append(kid)

    def _drop_repeated_headers(self, table: pydyf.Dictionary, kids: list[object]) -> list[object]:
        """Keep a table's first THead; later ones (repeated on later pages) leave the tree,
        and the cells that named their header cells name the first header's cells instead."""
        heads = [k for k in kids if (self.deref(k) or {}).get("S") == "/THead"]
        if len(heads) < 2:
            return kids
        first = self._header_ids(self.deref(heads[0]))
        renamed: dict[str, pydyf.String] = {}
        for head in heads[1:]:
            for position, key in self._header_ids(self.deref(head)).items():
                if position in first:
                    renamed[_plain(key)] = first[position]
        self._rename_headers(table, renamed)
        return [k for k in kids if k not in heads[1:]]

    def _header_ids(self, head: pydyf.Dictionary) -> dict[str, pydyf.String]:
        """Position (row-column, as WeasyPrint numbers them) → ID of each TH under a THead."""
        found = {}
        for th in self._descendants(head, "/TH"):
            key = _plain(th.get("ID", ""))
            if key:
                found[key.split("-", 1)[-1]] = th["ID"]
        return found

    def _rename_headers(self, table: pydyf.Dictionary, renamed: dict[str, pydyf.String]) -> None:
        import pydyf

        if not renamed:
            return
        for cell in self._descendants(table, "/TD"):
            attributes = cell.get("A")
            if attributes is not None and "Headers" in attributes:
                attributes["Headers"] = pydyf.Array([renamed.get(_plain(h), h) for h in attributes["Headers"]])

    def _descendants(self, element: pydyf.Dictionary, kind: str) -> Iterator[pydyf.Dictionary]:
        for kid in element.get("K", ()):
            child = self.deref(kid)
            if child is None:
                continue
            if child.get("S") == kind:
                yield child
            yield from self._descendants(child, kind)


def finish_tagging(data: bytes, language: str) -> bytes:
    """Content outside the structure tree marked as artifacts; dc:language in the XMP metadata."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(data))
    root = pdf.Root.get("/StructTreeRoot")
    if root is not None:
        reachable = _reachable(root)
        numbers = _parent_tree(root)
        for page in pdf.pages:
            key = page.obj.get("/StructParents")
            if key is not None and int(key) in numbers:
                _artifacts(pdf, page, numbers[int(key)], reachable)
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:language"] = [language]
    buffer = io.BytesIO()
    pdf.save(buffer, deterministic_id=True)
    return buffer.getvalue()


def _reachable(root: pikepdf.Object) -> set[tuple[int, int]]:
    import pikepdf

    seen, stack = set(), [root.get("/K")]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
        elif isinstance(node, pikepdf.Dictionary) and node.objgen not in seen:
            if node.is_indirect:
                seen.add(node.objgen)
            stack.append(node.get("/K"))
    return seen


def _parent_tree(root: pikepdf.Object) -> dict[int, pikepdf.Object]:
    """StructParents key → the array mapping MCIDs to structure elements (a flat number tree)."""
    nums = root.ParentTree.get("/Nums")
    return {} if nums is None else {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}


def _artifacts(pdf: pikepdf.Pdf, page: pikepdf.Page, mapping: pikepdf.Object, reachable: set[tuple[int, int]]) -> None:
    """Marked content whose element is outside the tree becomes /Artifact; its mapping is emptied."""
    import pikepdf

    orphans = {
        i
        for i, element in enumerate(mapping)
        if isinstance(element, pikepdf.Dictionary) and element.objgen not in reachable
    }
    if not orphans:
        return
    if not _artifacts_in_place(pdf, page, orphans):
        _artifacts_parsed(pdf, page, orphans)
    for i in orphans:
        mapping[i] = pikepdf.Object.parse(b"null")


# WeasyPrint writes each marked-content sequence as "/Tag", "<</MCID n>>", "BDC" on lines of
# their own, and text as hex strings, so the operators can be found without parsing the stream.
_MARKED = re.compile(rb"^/[A-Za-z0-9]+\n<</MCID (\d+)>>\nBDC$", re.MULTILINE)


def _artifacts_in_place(pdf: pikepdf.Pdf, page: pikepdf.Page, orphans: set[int]) -> bool:
    """The orphans' BDC operators rewritten in the stream's bytes (fast); False, changing
    nothing, where the stream is not written as expected."""
    import pikepdf

    contents = page.obj.get("/Contents")
    if not isinstance(contents, pikepdf.Stream):
        return False
    raw = contents.read_bytes()
    found = [int(m.group(1)) for m in _MARKED.finditer(raw)]
    if len(found) != len(set(found)) or not orphans <= set(found):
        return False
    rewritten = _MARKED.sub(lambda m: b"/Artifact BMC" if int(m.group(1)) in orphans else m.group(0), raw)
    page.obj.Contents = pdf.make_stream(rewritten)
    return True


def _artifacts_parsed(pdf: pikepdf.Pdf, page: pikepdf.Page, orphans: set[int]) -> None:
    import pikepdf

    instructions: list[tuple[Collection[pikepdf.Object], pikepdf.Operator]] = []
    # pikepdf types an instruction without __iter__; it unpacks to (operands, operator) by indexing.
    for operands, operator in pikepdf.parse_content_stream(page):  # type: ignore[misc]
        if (
            str(operator) == "BDC"
            and len(operands) == 2
            and isinstance(operands[1], pikepdf.Dictionary)
            and int(operands[1].get("/MCID", -1)) in orphans
        ):
            instructions.append(([pikepdf.Name.Artifact], pikepdf.Operator("BMC")))
        else:
            instructions.append((operands, operator))
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))
