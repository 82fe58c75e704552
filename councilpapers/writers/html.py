"""HTML writer: the Document through the Jinja templates (sandboxed, autoescaped)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NoReturn

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

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
    return env


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
