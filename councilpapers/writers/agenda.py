"""Writing stage, the agenda web page: a meeting's agenda for the screen, from the Pack.

Made like the paper web pages (web.py) and from the same stylesheet (web.css): one column that
reflows to 320 px, a skip link, header, contents, main and footer landmarks, visible links and
focus, the house font embedded (a subset, as WOFF2 data: URIs) and a Content-Security-Policy
that fetches nothing. Each item is listed with its number, title, purpose and status (to
follow, urgent, late, not for publication) and the documents it links, each with its format
and size; then the meeting's own files and the house style's accessibility words.
"""

from __future__ import annotations

from councilpapers.core.colours import AA_TEXT, contrast
from councilpapers.core.errors import RenderError
from councilpapers.core.pack import AgendaLinks, Pack
from councilpapers.core.page import Layout
from councilpapers.writers.web import screen_page


def render_agenda(pack: Pack, links: AgendaLinks) -> str:
    """The meeting's agenda page as HTML text."""
    check_colours(pack.layout)
    return screen_page("agenda.html.j2", pack.layout, pack.language, pack=pack, links=links)


def check_colours(layout: Layout) -> None:
    """The house style's text colour must read on white and on the header fill (WCAG AA), as on
    the paper web pages."""
    text = layout.colour("text")
    poor = [
        f"text {text} on {name} {background} is {ratio:.2f}:1"
        for name, background in (("the page", "#ffffff"), ("header_fill", layout.colour("header_fill")))
        if (ratio := contrast(text, background)) < AA_TEXT
    ]
    if poor:
        raise RenderError(
            f"the house style's colours are too faint for the agenda web page ({'; '.join(poor)}); "
            f"WCAG AA needs {AA_TEXT}:1: change colours: in the style"
        )
