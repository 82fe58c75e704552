"""Notices writer: the notices a clerk publishes about a meeting (core/notices.py: the notices of
holding part of it in private), each as an accessible web page and a tagged PDF/UA-1 file.

Both come from one template (templates/notice.html.j2): the PDF laid out by WeasyPrint from its
print form, the web page in its screen form with the house font embedded and a
Content-Security-Policy that lets it fetch nothing (as the paper's web page, writers/web.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from councilpapers.core.notices import MeetingNotice
from councilpapers.writers.html import render_template
from councilpapers.writers.pdf.weasy import laid_out, tagged_pdf
from councilpapers.writers.web import screen_page


def render_notice(notice: MeetingNotice, mode: str) -> str:
    """The notice as HTML: "print" (what the PDF is laid out from) or "web" (the web page)."""
    if mode == "print":
        return render_template("notice.html.j2", notice=notice, mode=mode, placement=None)
    return screen_page("notice.html.j2", notice.layout, notice.language, notice=notice, mode=mode)


def write_notice_pdf(notice: MeetingNotice) -> bytes:
    return tagged_pdf(laid_out(render_notice(notice, "print")))


def write_notice_web(notice: MeetingNotice) -> bytes:
    return render_notice(notice, "web").encode("utf-8")


def write_private_notices(notices: Sequence[MeetingNotice]) -> dict[str, bytes]:
    """Each notice as `<slug>.html` and `<slug>.pdf` (file name → bytes), for the meeting's
    publication folder: `compose.privatemeeting.compose_private_notices(loaded, style)` makes them."""
    files: dict[str, bytes] = {}
    for notice in notices:
        files[f"{notice.slug}.html"] = write_notice_web(notice)
        files[f"{notice.slug}.pdf"] = write_notice_pdf(notice)
    return files
