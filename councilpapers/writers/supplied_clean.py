"""Writing stage, a supplied PDF made safe to publish: nothing in it runs when a reader opens it.

A PDF that someone else supplies may carry JavaScript (run when it opens, when a page is shown,
when a link or a form field is used), links that start a program, send a form or read data in,
embedded files, multimedia and an XFA form (with its scripts). `clean` takes them all out of an
open document, in place: every additional-actions dictionary (`/AA`, of the document, a page, an
annotation or a form field) and every action of those kinds wherever one is held (`/OpenAction`,
a link's, a field's or a bookmark's `/A`, and the actions chained after them by `/Next`). The
document's JavaScript and embedded-file trees, files attached to annotations or objects and media
go with pikepdf's sanitizer (`pikepdf.sanitize`), which is kept for exactly this. Links to web
pages and to places in the document stay, and so does everything on the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pikepdf

# Actions that run code, start a program, send or read data, play media or open an embedded file.
UNSAFE_ACTIONS = {
    "/JavaScript": "JavaScript",
    "/Launch": "links that start a program",
    "/SubmitForm": "form submission",
    "/ImportData": "data import",
    "/Rendition": "multimedia",
    "/RichMediaExecute": "multimedia",
    "/Movie": "multimedia",
    "/Sound": "multimedia",
    "/GoToE": "links into embedded files",
}
ACTION_KEYS = ("/A", "/OpenAction")
MAX_CHAIN = 50  # a longer /Next chain is cut off (a hostile file may chain actions without end)


def clean(pdf: pikepdf.Pdf) -> list[str]:
    """Take out everything in the document that could run, in place; what was found, in words
    ("JavaScript", "embedded files"), each once, in a fixed order."""
    import pikepdf
    from pikepdf import sanitize

    found: set[str] = set()
    if _has_attachments(pdf):
        found.add("embedded files")
    names = pdf.Root.get("/Names")
    if isinstance(names, pikepdf.Dictionary) and "/JavaScript" in names:
        found.add("JavaScript")
    _sweep(pdf, found)
    _forms(pdf, found)
    sanitize.Sanitizer().remove_javascript().remove_attachments().remove_multimedia().remove_collection().apply(pdf)
    order = [*dict.fromkeys(UNSAFE_ACTIONS.values()), "actions run by events", "embedded files", "an XFA form"]
    return [what for what in order if what in found]


def _has_attachments(pdf: pikepdf.Pdf) -> bool:
    import pikepdf

    if len(pdf.attachments):
        return True
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", pikepdf.Array()):
            if isinstance(annotation, pikepdf.Dictionary) and annotation.get("/Subtype") == "/FileAttachment":
                return True
    return False


def _sweep(pdf: pikepdf.Pdf, found: set[str]) -> None:
    """Every dictionary reachable from the catalog: its /AA removed, each unsafe action it holds
    removed and each action's /Next chain pruned of unsafe ones."""
    import pikepdf

    seen = pikepdf.ObjectSet()
    pending: list[pikepdf.Object] = [pdf.Root]
    while pending:
        node = pending.pop()
        if not isinstance(node, (pikepdf.Array, pikepdf.Dictionary, pikepdf.Stream)) or (
            node.is_indirect and not seen.add(node)
        ):
            continue
        if isinstance(node, pikepdf.Array):
            pending.extend(node)
            continue
        if "/AA" in node:
            del node["/AA"]
            found.add("actions run by events")
        for key in ACTION_KEYS:
            action = node.get(key)
            if action is not None and _action(action) and _unsafe(action, found):
                del node[key]
        for key, value in node.items():
            if key != "/Parent" and isinstance(value, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream)):
                pending.append(value)


def _action(value: pikepdf.Object) -> bool:
    import pikepdf

    return isinstance(value, pikepdf.Dictionary) and isinstance(value.get("/S"), pikepdf.Name)


def _unsafe(action: pikepdf.Object, found: set[str], depth: int = 0) -> bool:
    """Whether the action itself is unsafe (and what it is); the unsafe ones chained after it are
    removed from its /Next, which is cut off past MAX_CHAIN."""
    import pikepdf

    kind = str(action.get("/S"))
    if kind in UNSAFE_ACTIONS or "/JS" in action:
        found.add(UNSAFE_ACTIONS.get(kind, "JavaScript"))
        return True
    following = action.get("/Next")
    if following is None:
        return False
    chained = list(following) if isinstance(following, pikepdf.Array) else [following]
    kept = [] if depth >= MAX_CHAIN else [a for a in chained if _action(a) and not _unsafe(a, found, depth + 1)]
    if not kept:
        del action["/Next"]
    else:
        action["/Next"] = kept[0] if len(kept) == 1 else pikepdf.Array(kept)
    return False


def _forms(pdf: pikepdf.Pdf, found: set[str]) -> None:
    """The XFA form (and its scripts) removed; the AcroForm's calculation order, whose
    calculations went with the fields' /AA, and its call for XFA rendering with it."""
    import pikepdf

    form = pdf.Root.get("/AcroForm")
    if not isinstance(form, pikepdf.Dictionary):
        return
    if "/XFA" in form:
        del form["/XFA"]
        found.add("an XFA form")
    for key in ("/CO", "/NeedsRendering"):
        if key in form:
            del form[key]
    if "/NeedsRendering" in pdf.Root:
        del pdf.Root["/NeedsRendering"]
