"""HTML writer: the Document through the Jinja templates (sandboxed, autoescaped)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from ..errors import RenderError
from ..model import Document
from . import register

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals["unsupported"] = _unsupported
    return env


def _unsupported(what: str, kind: str):
    raise RenderError(f"the HTML templates have no way to show a {what} of kind '{kind}'")


def render_html(document: Document) -> str:
    """The paper as one HTML page, stylesheet included."""
    stylesheet = (TEMPLATES / "paper.css").read_text(encoding="utf-8")
    return environment().get_template("paper.html.j2").render(doc=document, stylesheet=stylesheet)


@register("html", ".html", "the paper as one HTML page (the source of the PDF)")
def write_html(document: Document) -> bytes:
    return render_html(document).encode("utf-8")
