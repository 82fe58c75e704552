"""Word writer, XML pieces: WordprocessingML elements, runs, fields and bookmarks."""

from __future__ import annotations

from docx.oxml.parser import oxml_parser
from lxml.etree import _Element

# lxml ships no type information (no stubs, no py.typed): mypy reads _Element, the type of every
# element here, as Any.

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
NSMAP = {"w": W}

# Children of w:pPr and w:rPr in the order the schema requires (only those this writer uses).
PPR_ORDER = (
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "widowControl",
    "numPr",
    "pBdr",
    "tabs",
    "spacing",
    "ind",
    "jc",
    "outlineLvl",
    "rPr",
    "sectPr",
)
RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "color", "sz", "szCs", "lang")


def mm(value: float) -> int:
    """Millimetres in twentieths of a point (twips), Word's unit for lengths."""
    return round(value * 1440 / 25.4)


def w(tag: str, *children: _Element | None, **attrs: object) -> _Element:
    """A w: element with w: attributes and the children that are not None."""
    element = oxml_parser.makeelement(f"{{{W}}}{tag}", nsmap=NSMAP)
    for key, value in attrs.items():
        element.set(f"{{{W}}}{key}", str(value))
    element.extend(child for child in children if child is not None)
    return element


def ordered(tag: str, order: tuple[str, ...], parts: dict[str, _Element]) -> _Element:
    """A properties element whose children (a dict: name → element) follow the schema order."""
    unknown = set(parts) - set(order)
    if unknown:
        raise ValueError(f"{tag}: no place for {sorted(unknown)}")
    return w(tag, *(parts[name] for name in order if name in parts))


def ppr(style: str, **parts: _Element) -> _Element:
    """Paragraph properties: a style (Normal, the default, goes unsaid) and any of PPR_ORDER."""
    named = {} if style == "Normal" else {"pStyle": w("pStyle", val=style)}
    return ordered("pPr", PPR_ORDER, {**named, **parts})


def rpr(**parts: _Element) -> _Element:
    return ordered("rPr", RPR_ORDER, parts)


def paragraph(style: str, *content: _Element | None, **parts: _Element) -> _Element:
    props = ppr(style, **parts)
    return w("p", props if len(props) else None, *content)


def text(value: str, tag: str = "t") -> _Element:
    """Text in a w:t (or w:instrText), its leading and trailing spaces kept."""
    element = w(tag)
    if value != value.strip():
        element.set(XML_SPACE, "preserve")
    element.text = value
    return element


def switch(tag: str, on: bool | None) -> dict[str, _Element]:
    """An on/off run property: on, explicitly off (against a bold style), or left to the style."""
    if on is None:
        return {}
    return {tag: w(tag) if on else w(tag, val=0)}


def run(value: str, bold: bool | None = None, italic: bool | None = None) -> _Element:
    """A run of text; tabs and line breaks in the text become Word's own."""
    props = rpr(**switch("b", bold), **switch("i", italic))
    pieces: list[_Element] = []
    for index, line in enumerate(value.split("\n")):
        if index:
            pieces.append(w("br"))
        for number, chunk in enumerate(line.split("\t")):
            pieces.extend(([w("tab")] if number else []) + ([text(chunk)] if chunk else []))
    return w("r", props if len(props) else None, *pieces)


def tab() -> _Element:
    return w("r", w("tab"))


def field(instruction: str, cached: str, style_props: _Element | None = None) -> list[_Element]:
    """A complex field with its result already filled in, so Word has no reason to ask to update."""

    def piece(child: _Element) -> _Element:
        return w("r", style_props, child)

    return [
        piece(w("fldChar", fldCharType="begin")),
        piece(text(f" {instruction} ", "instrText")),
        piece(w("fldChar", fldCharType="separate")),
        piece(text(cached)),
        piece(w("fldChar", fldCharType="end")),
    ]


def bookmark_name(anchor: str) -> str:
    """Word's bookmark names: a letter first, then letters, digits and _, at most 40 characters."""
    name = "".join(c if c.isalnum() else "_" for c in anchor)
    return (name if name[:1].isalpha() else f"b_{name}")[:40]


def bookmarked(identity: int, anchor: str | None, runs: list[_Element]) -> list[_Element]:
    """Runs wrapped in a bookmark for the anchor, so cross-references can link to them."""
    if not anchor:
        return runs
    return [w("bookmarkStart", id=identity, name=bookmark_name(anchor)), *runs, w("bookmarkEnd", id=identity)]


def hyperlink(anchor: str, runs: list[_Element]) -> _Element:
    """A link to a bookmark in the same document."""
    return w("hyperlink", *runs, anchor=bookmark_name(anchor), history=1)


def shading(fill: str) -> _Element:
    return w("shd", val="clear", color="auto", fill=fill)


def indent(left: int, hanging: int = 0) -> _Element:
    return w("ind", left=left, hanging=hanging) if hanging else w("ind", left=left)
