"""HTML writer: the Document through the Jinja templates (sandboxed, autoescaped)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NoReturn

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from councilpapers.core.errors import RenderError
from councilpapers.core.model import Document
from councilpapers.core.paths import TEMPLATES


def environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["unsupported"] = _unsupported
    env.filters["css_string"] = css_string
    env.filters["boxed"] = boxed
    return env


LONG = 2_000  # text longer than this is laid out in boxes of about BOX characters (see boxed)
BOX = 300
_LONG_WORD = re.compile(r"\S{40,}")  # a word that may not fit a table's column: a box of its own


def boxed(text: str) -> Markup:
    """Text as WeasyPrint lays it out in time, unchanged to a reader. To break a line inside a
    word too long for it, WeasyPrint lays out the whole rest of the word's text box again, so a
    long paragraph of long words (web addresses) cost the square of its length (200-character
    words: 80,000 characters took 55 s). So a word of 40 characters or more is a span of its own
    (class "word", which may break anywhere, so a table's column need not be as wide as it), and
    text longer than LONG is cut, after a space, into spans of about BOX characters (1.5 s)."""
    if len(text) <= LONG and _LONG_WORD.search(text) is None:
        return escape(text)
    boxes = _boxes(text) if len(text) > LONG else [text]
    words = [Markup("").join(_words(box)) for box in boxes if box]
    return Markup("").join(Markup("<span>%s</span>") % box for box in words) if len(words) > 1 else words[0]


def _boxes(text: str) -> list[str]:
    boxes, start = [], 0
    while len(text) - start > BOX:
        space = max(text.rfind(c, start, start + BOX) for c in " \n\t")
        if space < start:
            space = min((at for at in (text.find(c, start + BOX) for c in " \n\t") if at >= 0), default=-1)
        if space < 0:
            break
        boxes.append(text[start : space + 1])
        start = space + 1
    boxes.append(text[start:])
    return boxes


def _words(text: str) -> list[Markup]:
    out, start = [], 0
    for word in _LONG_WORD.finditer(text):
        out += [escape(text[start : word.start()]), Markup('<span class="word">%s</span>') % word.group(0)]
        start = word.end()
    return [*out, escape(text[start:])]


def css_string(text: str) -> Markup:
    """Text as a CSS string literal, safe inside <style>: quotes, backslashes, '<' and new lines escaped."""
    escaped = "".join(ch if ch.isalnum() or ch in " .,:;!?()-–'£%/&@" else f"\\{ord(ch):x} " for ch in str(text))
    return Markup(f'"{escaped}"')


@dataclass(frozen=True)
class Placement:
    """Where a paper sits in an agenda pack: its item, the pack pages before it, the meeting
    its running header names, and whether its pages are marked not for publication."""

    item: str
    offset: int
    committee: str
    date: str
    bookmark: str
    mark: str | None = None
    item_offset: int = 0  # the item's pages before this document (its report's, for an appendix)
    bookmark_level: int = 1  # 2 for an item's later documents, under its report

    @property
    def page_symbols(self) -> Markup:
        """The pack's page numbers as a counter style: the item's page 1 prints offset + 1."""
        return Markup(" ".join(f'"{self.offset + n}"' for n in range(1, PACK_PAGES_PER_ITEM + 1)))

    @property
    def item_page_symbols(self) -> Markup:
        """The item's page numbers as a counter style: its page numbering runs on across its documents."""
        return Markup(" ".join(f'"{self.item_offset + n}"' for n in range(1, PACK_PAGES_PER_ITEM + 1)))


PACK_PAGES_PER_ITEM = 1000


def _unsupported(what: str, kind: str) -> NoReturn:
    raise RenderError(f"the HTML templates have no way to show a {what} of kind '{kind}'")


def render_template(name: str, css: str = "paper.css", **context: object) -> str:
    """A template of templates/ rendered in the sandbox, with its stylesheet (the print one, or
    web.css for the web page)."""
    stylesheet = Markup((TEMPLATES / css).read_text(encoding="utf-8"))
    return environment().get_template(name).render(stylesheet=stylesheet, **context)


def render_html(document: Document, heading_offset: int = 0, placement: Placement | None = None) -> str:
    """The paper as one HTML page, stylesheet included; its headings `heading_offset` levels
    deeper than the Document's (1 when the paper sits under an agenda item in a pack), its
    running header and footer the pack's when it has a `placement`."""
    if not 0 <= heading_offset <= 2:
        raise RenderError(f"a paper's headings can sit 0 to 2 levels deeper, not {heading_offset}")
    return render_template("paper.html.j2", doc=document, heading_offset=heading_offset, placement=placement)


def write_html(document: Document) -> bytes:
    return render_html(document).encode("utf-8")
