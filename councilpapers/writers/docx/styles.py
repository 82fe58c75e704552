"""Word writer, styles: the named paragraph, table and list styles an author can restyle (styles.xml)."""

from __future__ import annotations

from collections.abc import Iterable

from lxml.etree import _Element

from councilpapers.core.page import Layout
from councilpapers.writers.docx.measures import (
    CONTACT_TAB,
    FONT,
    LISTS,
    NUMBER_INDENT,
    OUTLINE,
    QUOTE_INDENT,
    tabs,
    text_width,
    word_font,
)
from councilpapers.writers.docx.ooxml import PPR_ORDER, indent, mm, ordered, rpr, w

# lxml ships no type information: mypy reads _Element as Any.

LIST_NAMES = {
    "ListBullet": "List Bullet",
    "ListNumber": "List Number",
    "ListRoman": "List Roman",
    "ListAlpha": "List Alpha",
}


def size(points: float) -> dict[str, _Element]:
    half = round(points * 2)
    return {"sz": w("sz", val=half), "szCs": w("szCs", val=half)}


def spacing(before: int = 0, after: int = 0, line: int | None = None) -> _Element:
    extra = {"line": line, "lineRule": "auto"} if line else {}
    return w("spacing", before=before, after=after, **extra)


def style(
    kind: str,
    style_id: str,
    name: str,
    based: str | None = None,
    custom: bool = False,
    ppr: dict[str, _Element] | None = None,
    rpr_parts: dict[str, _Element] | None = None,
    extra: Iterable[_Element] = (),
    default: bool = False,
    next_style: str | None = None,
) -> _Element:
    """One w:style; built-in styles keep Word's own names so Word treats them as its own."""
    attrs: dict[str, object] = {"type": kind, "styleId": style_id}
    attrs.update({"default": 1} if default else {})
    attrs.update({"customStyle": 1} if custom else {})
    return w(
        "style",
        w("name", val=name),
        w("basedOn", val=based) if based else None,
        w("next", val=next_style) if next_style else None,
        w("qFormat") if kind != "numbering" else None,
        ordered("pPr", PPR_ORDER, ppr) if ppr else None,
        rpr(**rpr_parts) if rpr_parts else None,
        *extra,
        **attrs,
    )


def doc_defaults(language: str, points: float = 11, font: str = FONT) -> _Element:
    """Arial 11pt in the paper's language (spelling, hyphenation and screen readers use it);
    right-to-left text, should any appear, keeps Word's usual default language."""
    fonts = w("rFonts", ascii=font, hAnsi=font, eastAsia=font, cs=font)
    lang = w("lang", val=language, eastAsia=language, bidi="ar-SA")
    return w(
        "docDefaults",
        w("rPrDefault", rpr(rFonts=fonts, **size(points), lang=lang)),
        w("pPrDefault", ordered("pPr", PPR_ORDER, {"spacing": spacing(after=154, line=282)})),
    )


def base_styles() -> list[_Element]:
    return [
        style("paragraph", "Normal", "Normal", default=True, ppr={"widowControl": w("widowControl")}),
        style("character", "DefaultParagraphFont", "Default Paragraph Font", default=True),
        style(
            "table",
            "TableNormal",
            "Normal Table",
            default=True,
            extra=[
                w(
                    "tblPr",
                    w("tblInd", w=0, type="dxa"),
                    w(
                        "tblCellMar",
                        w("top", w=0, type="dxa"),
                        w("left", w=108, type="dxa"),
                        w("bottom", w=0, type="dxa"),
                        w("right", w=108, type="dxa"),
                    ),
                )
            ],
        ),
        style("numbering", "NoList", "No List", default=True),
    ]


def labelled(after: int, label: int) -> dict[str, _Element]:
    """A label, a tab at `label` twips, then the value: the front sheet's fields."""
    return {"tabs": tabs(("left", label)), "spacing": spacing(after=after), "ind": indent(label, label)}


def front_styles(width: int, label: int) -> list[_Element]:
    return [
        style(
            "paragraph",
            "Title",
            "Title",
            "Normal",
            next_style="Normal",
            ppr=labelled(160, label),
            rpr_parts={"b": w("b"), **size(11)},
        ),
        style(
            "paragraph",
            "Masthead",
            "Masthead",
            "Normal",
            custom=True,
            next_style="Normal",
            ppr={
                "pBdr": w("pBdr", w("bottom", val="single", sz=12, space=4, color="000000")),
                "tabs": tabs(("right", width)),
                "spacing": spacing(after=200),
            },
            rpr_parts={"b": w("b"), **size(14)},
        ),
        style("paragraph", "FrontSheetField", "Front Sheet Field", "Normal", custom=True, ppr=labelled(160, label)),
        style(
            "paragraph",
            "FrontSheetLabel",
            "Front Sheet Label",
            "Normal",
            custom=True,
            next_style="Normal",
            ppr={"keepNext": w("keepNext"), "keepLines": w("keepLines"), "spacing": spacing(before=240, after=120)},
            rpr_parts={"b": w("b"), **size(12)},
        ),
        style(
            "paragraph",
            "ContactDetails",
            "Contact Details",
            "Normal",
            custom=True,
            ppr={"keepLines": w("keepLines"), "tabs": tabs(("left", CONTACT_TAB)), "spacing": spacing(after=160)},
        ),
    ]


def heading_styles(sections_numbered: bool = False) -> list[_Element]:
    sizes = {1: 12, 2: 11, 3: 11, 4: 11, 5: 11, 6: 11}
    found = []
    for level, points in sizes.items():
        look = {"b": w("b"), **({"i": w("i")} if level >= 3 else {}), **size(points)}
        props = {
            "keepNext": w("keepNext"),
            "keepLines": w("keepLines"),
            "spacing": spacing(before=round(points * 22), after=round(points * 10)),
            "outlineLvl": w("outlineLvl", val=level - 1),
        }
        props.update({"tabs": tabs(("left", NUMBER_INDENT))} if level == 1 else {})
        if level == 1 and sections_numbered:
            props["numPr"] = w("numPr", w("numId", val=OUTLINE))
        found.append(
            style(
                "paragraph",
                f"Heading{level}",
                f"heading {level}",
                "Normal",
                next_style="Normal",
                ppr=props,
                rpr_parts=look,
            )
        )
    return found


def body_styles() -> list[_Element]:
    return [
        style(
            "paragraph",
            "NumberedParagraph",
            "Numbered Paragraph",
            "Normal",
            custom=True,
            ppr={
                "numPr": w("numPr", w("ilvl", val=1), w("numId", val=OUTLINE)),
                "tabs": tabs(("left", NUMBER_INDENT)),
                "ind": indent(NUMBER_INDENT, NUMBER_INDENT),
            },
        ),
        style("paragraph", "Quote", "Quote", "Normal", ppr={"ind": indent(QUOTE_INDENT)}, rpr_parts={"i": w("i")}),
        style(
            "paragraph",
            "ListContinue",
            "List Continue",
            "Normal",
            ppr={"spacing": spacing(after=66), "ind": indent(mm(7))},
        ),
        style(
            "paragraph",
            "ListContinue2",
            "List Continue 2",
            "Normal",
            ppr={"spacing": spacing(after=66), "ind": indent(mm(14))},
        ),
        style(
            "paragraph",
            "Footer",
            "footer",
            "Normal",
            ppr={"spacing": spacing(after=0), "tabs": tabs(("center", 0), ("right", 0))},
            rpr_parts={"color": w("color", val="333333"), **size(9)},
        ),
        *list_styles(),
    ]


def list_styles() -> list[_Element]:
    found = []
    for kind, (abstract, _, _, _, ids) in LISTS.items():
        for depth, style_id in enumerate(ids):
            name = LIST_NAMES[ids[0]] + (f" {depth + 1}" if depth else "")
            numbering = w("numPr", w("ilvl", val=depth) if depth else None, w("numId", val=abstract + 1))
            found.append(
                style(
                    "paragraph",
                    style_id,
                    name,
                    "Normal",
                    custom=kind in ("roman", "alpha"),
                    ppr={"numPr": numbering, "spacing": spacing(after=66)},
                )
            )
    return found


def table_styles(points: float = 9, front_points: float = 10) -> list[_Element]:
    # Rows never split, so widow control has nothing to do in a cell (and LibreOffice then
    # leaves empty lines at the foot of rows carried to a new page).
    text = {"widowControl": w("widowControl", val=0), "spacing": spacing(after=0, line=250)}
    border = {
        side: w(side, val="single", sz=4, space=0, color="000000")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    }
    margins = w(
        "tblCellMar",
        w("top", w=40, type="dxa"),
        w("left", w=80, type="dxa"),
        w("bottom", w=40, type="dxa"),
        w("right", w=80, type="dxa"),
    )
    borders = w("tblBorders", *border.values())
    return [
        style(
            "table", "CouncilTable", "Council Table", "TableNormal", custom=True, extra=[w("tblPr", borders, margins)]
        ),
        style("paragraph", "TableText", "Table Text", "Normal", custom=True, ppr=text, rpr_parts=size(points)),
        style(
            "paragraph", "FrontTableText", "Front Table Text", "TableText", custom=True, rpr_parts=size(front_points)
        ),
        style("paragraph", "TableFigure", "Table Figure", "TableText", custom=True, ppr={"jc": w("jc", val="right")}),
        style(
            "paragraph",
            "TableHeading",
            "Table Heading",
            "TableText",
            custom=True,
            ppr={"keepNext": w("keepNext")},
            rpr_parts={"b": w("b")},
        ),
        style(
            "paragraph",
            "TableHeadingFigure",
            "Table Heading Figure",
            "TableHeading",
            custom=True,
            ppr={"jc": w("jc", val="right")},
        ),
        style(
            "paragraph",
            "Caption",
            "caption",
            "Normal",
            next_style="Normal",
            ppr={"keepNext": w("keepNext"), "spacing": spacing(before=120, after=80)},
            rpr_parts={"b": w("b")},
        ),
        style(
            "paragraph",
            "TableNote",
            "Table Note",
            "Normal",
            custom=True,
            ppr={"spacing": spacing(before=60, after=154)},
            rpr_parts=size(8.5),
        ),
    ]


def fill_styles(styles_element: _Element, language: str, layout: Layout) -> None:
    """Replace the template's styles with this writer's (Word still knows all its built-ins);
    sizes and widths from the Document's layout."""
    for child in list(styles_element):
        styles_element.remove(child)
    styles_element.append(doc_defaults(language, layout.font_size, word_font(layout)))
    for group in (base_styles, body_styles):
        styles_element.extend(group())
    styles_element.extend(heading_styles(bool(layout.section_numbers)))
    styles_element.extend(front_styles(text_width(layout, False), mm(layout.label_width_mm)))
    styles_element.extend(table_styles(layout.table_font_size, layout.front_table_font_size))
