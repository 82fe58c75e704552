"""HTML writer: the Document through the Jinja templates (sandboxed, autoescaped)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined
from markupsafe import Markup
from jinja2.sandbox import SandboxedEnvironment

from ..errors import RenderError
from ..model import Document
from . import register

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals["unsupported"] = _unsupported
    env.globals["page_field"] = page_field
    env.filters["css_string"] = css_string
    return env


def css_string(text: str) -> Markup:
    """Text as a CSS string literal, safe inside <style>: quotes, backslashes, '<' and new lines escaped."""
    escaped = "".join(ch if ch.isalnum() or ch in " .,:;!?()-–'£%/&@" else f"\\{ord(ch):x} " for ch in str(text))
    return Markup(f'"{escaped}"')


def page_field(name: str) -> Markup:
    """A running header or footer's page field as CSS generated content."""
    fields = {"page": "counter(page)", "pages": "counter(pages)", "item_page": "counter(page)", "item": '""'}
    if name not in fields:
        raise RenderError(f"the running header or footer has no field '{name}'")
    return Markup(fields[name])


def _unsupported(what: str, kind: str):
    raise RenderError(f"the HTML templates have no way to show a {what} of kind '{kind}'")


def render_html(document: Document, heading_offset: int = 0) -> str:
    """The paper as one HTML page, stylesheet included; its headings `heading_offset` levels
    deeper than the Document's (1 when the paper sits under an agenda item in a pack)."""
    if not 0 <= heading_offset <= 2:
        raise RenderError(f"a paper's headings can sit 0 to 2 levels deeper, not {heading_offset}")
    stylesheet = (TEMPLATES / "paper.css").read_text(encoding="utf-8")
    return environment().get_template("paper.html.j2").render(doc=document, stylesheet=stylesheet,
                                                               heading_offset=heading_offset)


@register("html", ".html", "the paper as one HTML page (the source of the PDF)")
def write_html(document: Document) -> bytes:
    return render_html(document).encode("utf-8")
