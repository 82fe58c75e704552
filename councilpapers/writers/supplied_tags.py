"""Writing stage, a supplied PDF's tags carried into the pack: its structure tree grafted into the pack's.

Marked content is numbered page by page (MCIDs), so its numbers stay; what they belong to is
found through the page's `/StructParents` key in the ParentTree, and the supplied document's
keys (0, 1, 2 …) are the pack's own keys too: kept, its text would be read as the front sheet's.
So every key of its pages, annotations and form XObjects becomes a fresh key of the pack's
ParentTree, holding a copy of the supplied document's entry; its elements go under one `Part`
element for the item (the item's title as `/T`, its language as `/Lang`), placed among the
pack's elements in page order; the role and class names it relies on come along (one the pack
already maps otherwise is renamed), and its IDs take a prefix of the item's, so they stay unique
in the pack (its IDTree merged into the pack's).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from councilpapers.core.errors import RenderError

if TYPE_CHECKING:
    import pikepdf

# The standard structure types of PDF 1.7 (14.8.4), which a RoleMap may not map to others.
# fmt: off
STANDARD = frozenset((
    "/Document", "/Part", "/Art", "/Sect", "/Div", "/BlockQuote", "/Caption", "/TOC", "/TOCI", "/Index", "/NonStruct",
    "/Private", "/P", "/H", "/H1", "/H2", "/H3", "/H4", "/H5", "/H6", "/L", "/LI", "/Lbl", "/LBody", "/Table",
    "/TR", "/TH", "/TD", "/THead", "/TBody", "/TFoot", "/Span", "/Quote", "/Note", "/Reference", "/BibEntry",
    "/Code", "/Link", "/Annot", "/Ruby", "/RB", "/RT", "/RP", "/Warichu", "/WT", "/WP", "/Figure", "/Formula",
    "/Form",
))
# fmt: on


def tags_problem(pdf: pikepdf.Pdf) -> str | None:
    """Why the document's tags cannot be carried into a pack ("is not tagged"); None if they can."""
    import pikepdf

    root = pdf.Root.get("/StructTreeRoot")
    if not isinstance(root, pikepdf.Dictionary) or not _kids(root):
        return "is not tagged"
    if not isinstance(root.get("/ParentTree"), pikepdf.Dictionary):
        return "has tags without a ParentTree (what its text belongs to)"
    return None


def untag(pages: Sequence[pikepdf.Page]) -> None:
    """Pages whose tags do not come along lose their keys into the ParentTree, so that their
    content is not read as whatever the pack's entries under those keys are."""
    for page in pages:
        for owner in _key_holders(page):
            for key in ("/StructParents", "/StructParent"):
                if key in owner:
                    del owner[key]


def graft(
    out: pikepdf.Pdf,
    source: pikepdf.Pdf,
    pages: Sequence[pikepdf.Page],
    title: str,
    prefix: str,
    replaced: dict[tuple[int, int], pikepdf.Object] | None = None,
) -> pikepdf.Object:
    """The source's structure tree under a new Part element of the pack's, for `pages` (the
    source's pages as inserted in `out`, in order; `replaced`, annotations copied again since:
    the first copy → the one on the page); the Part element."""
    import pikepdf

    theirs = source.Root.StructTreeRoot
    ours = out.Root.get("/StructTreeRoot")
    if not isinstance(ours, pikepdf.Dictionary):
        raise RenderError("the pack has no structure tree to carry a supplied PDF's tags into")
    keys = _renumber(ours, pages)
    tree, their_tree = pikepdf.NumberTree(ours.ParentTree), pikepdf.NumberTree(theirs.ParentTree)
    for old, new in keys.items():
        if old in their_tree:
            tree[new] = _copy(out, their_tree[old])
    ours.ParentTreeNextKey = max([*keys.values(), _next_key(ours) - 1]) + 1
    part = out.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Part, T=pikepdf.String(title))
    )
    top, language = _top(theirs, source)
    if language is not None:
        part.Lang = pikepdf.String(language)
    kids = [_copy(out, kid) for kid in top]
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            kid.P = part
    part.K = pikepdf.Array(kids)
    renamed = {
        **_merge_map(out, ours, theirs, "/RoleMap", prefix),
        **_merge_map(out, ours, theirs, "/ClassMap", prefix),
    }
    for element in _elements(kids):
        _rename(element, renamed, prefix)
        _retarget(element, replaced or {})
    _merge_ids(out, ours, theirs, prefix)
    _place(out, ours, part, pages[0])
    return part


def _kids(element: pikepdf.Object) -> list[pikepdf.Object]:
    import pikepdf

    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _key_holders(page: pikepdf.Page) -> Iterator[pikepdf.Object]:
    """The page, its annotations and its XObjects (and theirs), each once: what may hold a key."""
    import pikepdf

    yield page.obj
    for annotation in page.obj.get("/Annots", pikepdf.Array()):
        if isinstance(annotation, pikepdf.Dictionary):
            yield annotation
    seen, pending = pikepdf.ObjectSet(), [page.obj.get("/Resources")]
    while pending:
        resources = pending.pop()
        xobjects = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) else None
        if not isinstance(xobjects, pikepdf.Dictionary):
            continue
        for _, xobject in sorted(xobjects.items()):
            if isinstance(xobject, pikepdf.Stream) and seen.add(xobject):
                yield xobject
                pending.append(xobject.get("/Resources"))


def _renumber(ours: pikepdf.Object, pages: Sequence[pikepdf.Page]) -> dict[int, int]:
    """Each key of the pages into the ParentTree (old → new), renumbered in page order from the
    pack's next free key; a key that two objects share stays shared."""
    keys: dict[int, int] = {}
    following = _next_key(ours)
    for page in pages:
        for owner in _key_holders(page):
            for name in ("/StructParents", "/StructParent"):
                if name in owner:
                    old = int(owner[name])
                    if old not in keys:
                        keys[old], following = following, following + 1
                    owner[name] = keys[old]
    return keys


def _next_key(root: pikepdf.Object) -> int:
    import pikepdf

    used = max(pikepdf.NumberTree(root.ParentTree).keys(), default=-1) + 1
    stated = root.get("/ParentTreeNextKey")
    return max(used, int(stated)) if isinstance(stated, int) else used


def _copy(out: pikepdf.Pdf, value: pikepdf.Object) -> pikepdf.Object:
    """A foreign object copied into `out`: indirect ones through qpdf, which copies each object
    once (the pages inserted before stay the ones elements point to), direct ones by hand."""
    import pikepdf

    if not isinstance(value, pikepdf.Object):
        return value  # a number or a boolean, as pikepdf hands them over
    if value.is_indirect:
        return out.copy_foreign(value)
    if isinstance(value, pikepdf.Array):
        return pikepdf.Array([_copy(out, item) for item in value])
    if isinstance(value, pikepdf.Dictionary):
        return pikepdf.Dictionary({key: _copy(out, item) for key, item in value.items()})
    return value


def _top(root: pikepdf.Object, source: pikepdf.Pdf) -> tuple[list[pikepdf.Object], str | None]:
    """The elements that go under the item's Part, and their language: the kids of the source's one
    Document element (a document inside the pack's), else the kids of its root."""
    import pikepdf

    kids = _kids(root)
    language = source.Root.get("/Lang")
    if len(kids) == 1 and _standard(kids[0].get("/S"), root) == "/Document":
        inner = _kids(kids[0])
        if inner and all(isinstance(k, pikepdf.Dictionary) and "/S" in k for k in inner):
            language = kids[0].get("/Lang", language)
            kids = inner
    return kids, None if language is None else str(language)


def _standard(kind: pikepdf.Object | None, root: pikepdf.Object) -> str | None:
    """A structure type as the role map resolves it (at most ten steps)."""
    import pikepdf

    roles = root.get("/RoleMap")
    name = None if kind is None else str(kind)
    for _ in range(10):
        if name is None or name in STANDARD or not isinstance(roles, pikepdf.Dictionary) or name not in roles:
            break
        name = str(roles[name])
    return name


def _merge_map(out: pikepdf.Pdf, ours: pikepdf.Object, theirs: pikepdf.Object, key: str, prefix: str) -> dict[str, str]:
    """The source's role (or class) map entries added to the pack's; the names renamed because
    the pack maps them otherwise, or because they are standard types (old → new)."""
    import pikepdf

    source = theirs.get(key)
    if not isinstance(source, pikepdf.Dictionary):
        return {}
    if not isinstance(ours.get(key), pikepdf.Dictionary):
        ours[key] = pikepdf.Dictionary()
    target = ours[key]
    renamed = {}
    for name, value in sorted(source.items()):
        copied = _copy(out, value)
        clash = name in target and target[name] != copied
        if clash or (key == "/RoleMap" and name in STANDARD):
            renamed[name] = new = f"{name}-{prefix}"
            target[new] = copied
        else:
            target[name] = copied
    return renamed


def _elements(kids: list[pikepdf.Object]) -> Iterator[pikepdf.Object]:
    """Every structure element under `kids`, each once."""
    import pikepdf

    seen, pending = pikepdf.ObjectSet(), list(reversed(kids))
    while pending:
        node = pending.pop()
        if not isinstance(node, pikepdf.Dictionary) or "/S" not in node or (node.is_indirect and not seen.add(node)):
            continue
        yield node
        pending.extend(reversed(_kids(node)))


def _rename(element: pikepdf.Object, renamed: dict[str, str], prefix: str) -> None:
    """The element's type and classes renamed as the maps were; its ID, and the IDs its
    attributes name as a cell's headers, prefixed."""
    import pikepdf

    kind = str(element.S)
    if kind in renamed:
        element.S = pikepdf.Name(renamed[kind])
    classes = element.get("/C")
    if isinstance(classes, pikepdf.Name) and str(classes) in renamed:
        element.C = pikepdf.Name(renamed[str(classes)])
    elif isinstance(classes, pikepdf.Array):
        element.C = pikepdf.Array(
            [pikepdf.Name(renamed.get(str(c), str(c))) if isinstance(c, pikepdf.Name) else c for c in classes]
        )
    if "/ID" in element:
        element.ID = pikepdf.String(f"{prefix}-{element.ID}")
    attributes = element.get("/A", pikepdf.Array())
    for owner in list(attributes) if isinstance(attributes, pikepdf.Array) else [attributes]:
        headers = owner.get("/Headers") if isinstance(owner, pikepdf.Dictionary) else None
        if isinstance(headers, pikepdf.Array):
            owner.Headers = pikepdf.Array([pikepdf.String(f"{prefix}-{h}") for h in headers])


def _retarget(element: pikepdf.Object, replaced: dict[tuple[int, int], pikepdf.Object]) -> None:
    """The element's object references (an annotation, as a link or a form field) to the copy
    of the annotation that is on the page."""
    import pikepdf

    for kid in _kids(element) if replaced else ():
        target = kid.get("/Obj") if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR" else None
        if isinstance(target, pikepdf.Dictionary) and target.is_indirect and target.objgen in replaced:
            kid.Obj = replaced[target.objgen]


def _merge_ids(out: pikepdf.Pdf, ours: pikepdf.Object, theirs: pikepdf.Object, prefix: str) -> None:
    """The source's IDTree entries, prefixed as its elements' IDs are, added to the pack's."""
    import pikepdf

    if not isinstance(theirs.get("/IDTree"), pikepdf.Dictionary):
        return
    if not isinstance(ours.get("/IDTree"), pikepdf.Dictionary):
        ours.IDTree = pikepdf.NameTree.new(out).obj
    tree = pikepdf.NameTree(ours.IDTree)
    for name, element in pikepdf.NameTree(theirs.IDTree).items():
        tree[f"{prefix}-{name}"] = _copy(out, element)


def _place(out: pikepdf.Pdf, ours: pikepdf.Object, part: pikepdf.Object, first: pikepdf.Page) -> None:
    """The item's element among the pack's, in page order: under the pack's one Document element
    (or its root), before the first element that starts on a later page."""
    import pikepdf

    top = _kids(ours)
    container = top[0] if len(top) == 1 and _standard(top[0].get("/S"), ours) == "/Document" else ours
    index = {page.obj.objgen: n for n, page in enumerate(out.pages)}
    at = index[first.obj.objgen]
    kids = _kids(container)
    later = (n for n, kid in enumerate(kids) if _first_page(kid, index) > at)
    kids.insert(next(later, len(kids)), part)
    part.P = container
    container.K = pikepdf.Array(kids)


def _first_page(element: pikepdf.Object, index: dict[tuple[int, int], int]) -> int:
    """The index of the first page an element (or the first of its descendants) names; -1 if none."""
    import pikepdf

    if not isinstance(element, pikepdf.Dictionary):
        return -1
    page = element.get("/Pg")
    if isinstance(page, pikepdf.Dictionary) and page.is_indirect:
        return index.get(page.objgen, -1)
    for kid in _kids(element):
        found = _first_page(kid, index)
        if found >= 0:
            return found
    return -1
