"""Web writer: the paper as an accessible web page (`output/<paper>.html`), the form GOV.UK
asks public bodies to publish in.

A screen page, not the print layout: no page boxes, running headers or fixed widths; tables
scroll sideways in a focusable, labelled region; headings, landmarks and a contents list.
It is made from the same Document through the same block templates as the PDF's HTML.
The page is one self-contained file: its stylesheet is inline, the house style's font is
embedded (a subset, as WOFF2 data: URIs) and so is the logo, and a Content-Security-Policy
forbids it to fetch anything, so it works opened from output/ or copied anywhere.
"""

from __future__ import annotations

import base64
import html
import io
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

from councilpapers.core.colours import AA_TEXT, contrast
from councilpapers.core.errors import RenderError
from councilpapers.core.model import Document
from councilpapers.core.page import Layout
from councilpapers.core.paths import TEMPLATES
from councilpapers.writers.html import css_string, render_template

FACES = (  # CSS weight and style of each of the house font's faces (their files in Layout.fonts)
    ("normal", "normal", "Regular"),
    ("bold", "normal", "Bold"),
    ("normal", "italic", "Italic"),
    ("bold", "italic", "BoldItalic"),
)

# The embedded font keeps the characters of the page (and all of printable ASCII, so that
# small edits rarely change the set): about a quarter of the bytes and time of a fixed
# Latin set. Anything the font lacks falls back to the next font of the stack.
ASCII = "".join(chr(c) for c in range(0x20, 0x7F))
FONTS_MARK = "/* the house font, embedded */"

# Policy of the page: it may use its own inline styles and data: fonts and images, nothing else.
POLICY = "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:"

# Words the page adds around the paper (a skip link, the contents list's name), by language.
LABELS = {
    "en": {"skip": "Skip to main content", "contents": "Contents"},
    "cy": {"skip": "Neidio i'r prif gynnwys", "contents": "Cynnwys"},
}


def render_web(document: Document) -> str:
    """The paper's web page as HTML text."""
    layout = document.layout
    check_contrast(document)
    labels = LABELS.get(document.language.split("-")[0].lower(), LABELS["en"])
    page = render_template(
        "web.html.j2",
        css="web.css",
        doc=document,
        heading_offset=0,
        web=True,
        fonts=Markup(FONTS_MARK),
        logo=logo_uri(document.front.logo.file) if document.front.logo else None,
        labels=labels,
        policy=POLICY,
    )
    characters = "".join(sorted(set(html.unescape(page)) | set(ASCII)))
    italic = "<em>" in page or "<blockquote" in page  # the only italic text of the page
    return page.replace(FONTS_MARK, font_faces(layout.font, dict(layout.fonts), characters, italic), 1)


def write_web(document: Document) -> bytes:
    return render_web(document).encode("utf-8")


# ---- fonts --------------------------------------------------------------------------------


def screen_page(template: str, layout: Layout, language: str, **context: object) -> str:
    """A page of templates/ for the screen (web.css, the house font embedded as far as the page
    needs it, the content security policy and the page words of its language): the agenda page
    and the notices' web pages, beside the paper's own."""
    labels = LABELS.get(language.split("-")[0].lower(), LABELS["en"])
    page = render_template(template, css="web.css", labels=labels, policy=POLICY, fonts=Markup(FONTS_MARK), **context)
    characters = "".join(sorted(set(html.unescape(page)) | set(ASCII)))
    faces = font_faces(layout.font, dict(layout.fonts), characters, italic=False)
    return page.replace(FONTS_MARK, faces, 1)


def font_faces(family: str, files: dict[str, Path], characters: str, italic: bool = True) -> str:
    """@font-face rules for the house style's font (`files`: face → its file), each face cut
    down to `characters` and embedded as WOFF2 (OFL fonts may be embedded in a document,
    subsets included); the italic faces only for a page with italic text."""
    rules = []
    for weight, slant, face in FACES:
        if slant == "italic" and not italic:
            continue
        if face not in files:
            raise RenderError(f"the layout names no file for the face {face} of the font '{family}'")
        data = _subset_woff2(files[face], characters)
        rules.append(
            f"@font-face {{ font-family: {css_string(family)}; font-weight: {weight}; font-style: {slant};"
            f' font-display: swap; src: url("data:font/woff2;base64,{data}") format("woff2"); }}'
        )
    return "\n".join(rules)


@lru_cache(maxsize=32)
def _subset_woff2(path: Path, characters: str) -> str:
    """The font cut down to `characters`, as base64 WOFF2 (cached: a watch rebuild whose
    characters did not change pays nothing). HarfBuzz cuts it (a millisecond a face, where
    fontTools took a quarter of a second decoding the layout tables); fontTools packs it."""
    import uharfbuzz as hb
    from fontTools.ttLib import TTFont

    wanted = hb.SubsetInput()
    for character in characters:
        wanted.unicode_set.add(ord(character))
    for kept in (hb.SubsetInputSets.NAME_ID, hb.SubsetInputSets.NAME_LANG_ID):
        every = wanted.sets(kept)  # the font keeps its names, copyright and licence
        every.clear()
        every.invert()
    # no hinting, as web fonts are served: less than half the bytes
    wanted.flags = hb.SubsetFlags.NO_HINTING | hb.SubsetFlags.NOTDEF_OUTLINE
    cut = hb.subset(hb.Face(hb.Blob.from_file_path(str(path))), wanted)
    font = TTFont(io.BytesIO(cut.blob.data), recalcTimestamp=False)  # the same bytes on every build
    font.flavor = "woff2"
    buffer = io.BytesIO()
    font.save(buffer)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def logo_uri(file: str) -> str:
    """The house style's logo (a PNG or JPEG in templates/styles/, checked when the style is
    loaded) as a data: URI."""
    path = TEMPLATES / file
    kind = "png" if path.suffix.lower() == ".png" else "jpeg"
    return f"data:image/{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


# ---- colour contrast ----------------------------------------------------------------------


def check_contrast(document: Document) -> None:
    """The house style's text colour must read on white and on its table fills (WCAG AA)."""
    layout = document.layout
    text = layout.colour("text")
    poor = [
        f"text {text} on {name} {background} is {ratio:.2f}:1"
        for name, background in (
            ("the page", "#ffffff"),
            *[(n, layout.colour(n)) for n in ("header_fill", "heading_fill")],
        )
        if (ratio := contrast(text, background)) < AA_TEXT
    ]
    if poor:
        raise RenderError(
            f"the house style's colours are too faint for the web page ({'; '.join(poor)}); "
            f"WCAG AA needs {AA_TEXT}:1: change colours: in the style"
        )
