"""The HTML the PDF is printed from: structure a screen reader relies on, and content kept as data."""

from __future__ import annotations

import re

from councilpapers.compose.document import compose
from councilpapers.load.paper import load_paper
from councilpapers.writers.html import render_html

from ..helpers import MINIMAL_BODY, changed, write_paper


def test_headings_never_skip_a_level(document):
    levels = [int(n) for n in re.findall(r"<h([1-6])\b", render_html(document))]
    assert levels[0] == 1 and levels.count(1) == 1
    jumps = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
    assert jumps == []


def test_language_title_and_header_cells(document):
    html = render_html(document)
    assert '<html lang="en-GB">' in html
    assert "<title>Children&#39;s Services and Education Budget and Business Planning: 2018-2020</title>" in html
    assert not re.search(r"<th(?=[\s>])(?![^>]*scope=)", html)
    assert html.count("<thead>") == len(document.tables()) + 1  # + the strategy-outcomes table


def test_text_is_data_not_markup_or_template(tmp_path):
    body = changed(MINIMAL_BODY, "The net budget is", "<script>alert(1)</script> {{{{ 7*7 }}}} is")
    html = render_html(compose(load_paper(write_paper(tmp_path / "p", body=body))).document)
    assert (
        '&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} is <span class="figure" data-source="budget.total.net">£3.500m</span>'
        in html
    )
    assert "<script>" not in html


def test_weasyprint_logged_errors_fail_the_pdf(document, monkeypatch):
    """A missing lang (or image alt) is only logged by WeasyPrint; here it stops the build."""
    import pytest

    from councilpapers.core.errors import RenderError
    from councilpapers.writers import pdf

    def without_lang(d):
        html = render_html(d).replace(' lang="en-GB"', "", 1)
        return html[: html.index('<main class="body">')] + "</body></html>"  # the front sheet is enough

    monkeypatch.setattr("councilpapers.writers.html.render_html", without_lang)  # what lay_out renders
    with pytest.raises(RenderError, match='Missing required "lang" attribute'):
        pdf.write_pdf(document)


def test_fetching_outside_the_project_is_refused(document, monkeypatch):
    import pytest

    from councilpapers.core.errors import RenderError
    from councilpapers.writers import pdf

    html = '<html lang="en-GB"><head><title>t</title></head><body><img src="https://example.org/x.png" alt="x"></body></html>'
    monkeypatch.setattr("councilpapers.writers.html.render_html", lambda d: html)
    with pytest.raises(RenderError, match="refused to fetch https://example.org/x.png"):
        pdf.write_pdf(document)
