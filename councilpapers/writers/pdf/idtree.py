"""PDF writer, table headers a screen reader can resolve: each TH's Scope, and the ID tree.

WeasyPrint 70 gives every table header cell (TH) an `/ID` and every data cell (TD) `/Headers`
naming its header cells' IDs, but writes no `/IDTree` in the StructTreeRoot, through which a
reader finds the element an ID names (PDF 1.7, 14.7.2), and no `/Scope` on a TH (14.8.5.7).
`scope_of()` says a TH's Scope from the HTML cell's `scope` attribute, which the templates
write on every header cell; `add_id_tree()` maps the ID of every element left in the
structure tree (after fragments are merged and repeated table headers taken out) to its
element: a name tree, its keys in order, split into /Kids with /Limits when it is large.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from councilpapers.core.errors import RenderError

if TYPE_CHECKING:
    import pydyf  # ships no type information: its PDF, Dictionary and String are Any to mypy

LEAF = 64  # names in one node of the ID tree, and kids in one node above the leaves

# HTML's scope attribute → the PDF's: a group of columns or rows is headed as its columns or rows.
SCOPES = {"col": "/Column", "colgroup": "/Column", "row": "/Row", "rowgroup": "/Row"}


def scope_of(html_scope: str | None) -> str:
    """A TH's Scope: the HTML cell's scope; a cell without one heads its column, as WeasyPrint
    reads it when it lists each data cell's Headers (only scope="row" makes a row header)."""
    return SCOPES.get((html_scope or "").strip().lower(), "/Column")


def add_id_tree(pdf: pydyf.PDF, deref: Callable[[object], pydyf.Dictionary | None], root: pydyf.Dictionary) -> None:
    """The StructTreeRoot's /IDTree: every element in the tree with an /ID, by its ID. Nothing
    is added to a tree whose elements have no IDs."""
    found: dict[str, pydyf.Dictionary] = {}
    for element in _elements(deref, root):
        if "ID" not in element:
            continue
        key = _text(element["ID"])
        if key in found:
            raise RenderError(
                f"two structure elements of the PDF have one ID, {key!r}: table headers would be ambiguous"
            )
        found[key] = element
    if found:
        names = [(key, found[key]) for key in sorted(found, key=_order)]
        root["IDTree"] = _tree(pdf, names).reference


def _elements(deref: Callable[[object], pydyf.Dictionary | None], root: pydyf.Dictionary) -> Iterator[pydyf.Dictionary]:
    """Every structure element reachable from the root through /K, each once."""
    seen: set[int] = set()
    stack = list(root.get("K", ()))
    while stack:
        element = deref(stack.pop())
        if element is None or id(element) in seen:
            continue
        seen.add(id(element))
        yield element
        kids = element.get("K", ())
        stack.extend(kids if isinstance(kids, list) else [kids])


def _text(value: object) -> str:
    return value.string if hasattr(value, "string") else str(value)


def _order(key: str) -> bytes:
    """A name tree's keys are in the order of their bytes as written: ASCII (the IDs WeasyPrint
    writes), else UTF-16BE after its byte-order mark, as pydyf writes a string."""
    return key.encode("ascii") if key.isascii() else b"\xfe\xff" + key.encode("utf-16-be")


Node = tuple[str, str, "pydyf.Dictionary"]  # a node's first and last key, and the node


def _tree(pdf: pydyf.PDF, names: list[tuple[str, pydyf.Dictionary]]) -> pydyf.Dictionary:
    """The name tree's root: the names themselves when they fit in one node, else /Kids of
    leaves (and of nodes above them, LEAF kids each), each with the /Limits of its keys."""
    import pydyf

    chunks = [names[i : i + LEAF] for i in range(0, len(names), LEAF)]
    if len(chunks) == 1:
        return _node(pdf, Names=_names(chunks[0]))
    nodes: list[Node] = [
        (chunk[0][0], chunk[-1][0], _node(pdf, Names=_names(chunk), Limits=_limits(chunk[0][0], chunk[-1][0])))
        for chunk in chunks
    ]
    while len(nodes) > LEAF:
        groups = [nodes[i : i + LEAF] for i in range(0, len(nodes), LEAF)]
        nodes = [
            (group[0][0], group[-1][1], _node(pdf, Kids=_kids(group), Limits=_limits(group[0][0], group[-1][1])))
            for group in groups
        ]
    return _node(pdf, Kids=pydyf.Array(node.reference for _, _, node in nodes))


def _names(chunk: list[tuple[str, pydyf.Dictionary]]) -> pydyf.Array:
    import pydyf

    return pydyf.Array(item for key, element in chunk for item in (pydyf.String(key), element.reference))


def _kids(group: list[Node]) -> pydyf.Array:
    import pydyf

    return pydyf.Array(node.reference for _, _, node in group)


def _limits(first: str, last: str) -> pydyf.Array:
    import pydyf

    return pydyf.Array([pydyf.String(first), pydyf.String(last)])


def _node(pdf: pydyf.PDF, **values: object) -> pydyf.Dictionary:
    import pydyf

    node = pydyf.Dictionary(values)
    pdf.add_object(node)
    return node
