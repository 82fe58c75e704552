"""Each paper as an accessible web page (output/<paper>.html): what a reader on a phone, a
screen reader or a keyboard meets, checked in the page itself and in headless Chromium."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import replace
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from councilpapers.commands import main
from councilpapers.compose.document import compose
from councilpapers.core.colours import contrast
from councilpapers.core.errors import RenderError
from councilpapers.core.model import FieldLines, ItemList, Paragraph, Quote, Table, plain
from councilpapers.load.paper import load_paper
from councilpapers.writers.web import render_web

from ..helpers import CONTENT, ROOT, changed

PAPERS = sorted(p.parent.name for p in CONTENT.glob("*/paper.yaml"))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """Every paper and pack with the default formats, as `build.py` makes them."""
    output = tmp_path_factory.mktemp("output")
    assert main(["--output", str(output)]) == 0
    return output


class Page(HTMLParser):
    """The parts of a page the tests read: elements with their attributes, text by element."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.open: list[str] = []
        self.tables: list[dict] = []
        self.headings: list[tuple[int, str]] = []
        self.text: list[str] = []
        self._heading: list[str] | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag == "table":
            self.tables.append({"caption": "", "ths": {}, "tds": [], "_in_caption": False})
        elif tag == "caption" and self.tables:
            self.tables[-1]["_in_caption"] = True
        elif tag == "th" and self.tables:
            self.tables[-1]["ths"][attributes.get("id")] = attributes
        elif tag == "td" and self.tables:
            self.tables[-1]["tds"].append(attributes)
        elif re.fullmatch(r"h[1-6]", tag):
            self._heading = []
        if tag not in ("meta", "img", "br", "link", "input"):
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag == "caption" and self.tables:
            self.tables[-1]["_in_caption"] = False
        if re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self.headings.append((int(tag[1]), " ".join("".join(self._heading).split())))
            self._heading = None
        if self.open and self.open[-1] == tag:
            self.open.pop()

    def handle_data(self, data):
        if self.tables and self.tables[-1]["_in_caption"]:
            self.tables[-1]["caption"] += data
        if self._heading is not None:
            self._heading.append(data)
        if not {"style", "script", "title"} & set(self.open):
            self.text.append(data)

    def plain(self) -> str:
        return " ".join("".join(self.text).split())


def web_page(built: Path, slug: str) -> str:
    return (built / f"{slug}.html").read_text(encoding="utf-8")


def paragraphs(blocks) -> list[str]:
    """The text of every paragraph, list item, quote, labelled line and table cell."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, (Paragraph, Quote)):
            out.append(plain(block.inlines))
            out.extend(paragraphs(getattr(block, "children", ())))
        elif isinstance(block, ItemList):
            for item in block.items:
                out.append(plain(item.inlines))
                out.extend(paragraphs(item.children))
        elif isinstance(block, FieldLines):
            out.extend(f"{label} {plain(value)}" for label, value in block.lines)
        elif isinstance(block, Table):
            out.extend(plain(cell.inlines) for row in block.rows for cell in row.cells)
            out.extend(plain(note) for note in block.notes)
            out.extend(c.header for c in block.columns)
    return out


def every_paragraph(document) -> list[str]:
    found = [text for field in document.front.fields for text in paragraphs(field.blocks)]
    for section in document.sections:
        found.extend(paragraphs(section.blocks))

    def appendix(a):
        found.extend(paragraphs(a.blocks))
        for part in a.parts:
            appendix(part)

    for a in document.appendices:
        appendix(a)
    return [" ".join(t.split()) for t in found if t.strip()]


def bookmarks(pdf: Path) -> list[tuple[int, str]]:
    reader = PdfReader(pdf)
    out: list[tuple[int, str]] = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, " ".join(item.title.split())))

    walk(reader.outline, 1)
    return out


# ---- the page itself ----------------------------------------------------------------------


@pytest.mark.parametrize("slug", PAPERS)
def test_every_paper_is_built_as_a_web_page_whose_headings_are_the_pdfs_bookmarks(built, slug):
    page = Page(web_page(built, slug))
    assert page.headings == bookmarks(built / f"{slug}.pdf")
    levels = [level for level, _ in page.headings]
    assert levels.count(1) == 1 and levels[0] == 1
    assert [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1] == []


@pytest.mark.parametrize("slug", PAPERS)
def test_the_text_of_every_paragraph_and_table_cell_is_on_the_page(built, slug):
    document = compose(load_paper(CONTENT / slug)).document
    text = Page(web_page(built, slug)).plain()
    missing = [t for t in every_paragraph(document) if t not in text]
    assert missing == []
    assert document.title in text


@pytest.mark.parametrize("slug", PAPERS)
def test_landmarks_skip_link_and_contents_of_sections_and_appendices(built, slug):
    html = web_page(built, slug)
    page = Page(html)
    document = compose(load_paper(CONTENT / slug)).document
    tags = [tag for tag, _ in page.elements]
    assert re.search(r'<html lang="en-GB">', html)
    assert tags.count("header") == 1 and tags.count("nav") == 1 and tags.count("main") == 1
    assert tags.index("header") < tags.index("nav") < tags.index("main")
    first_link = next(a for tag, a in page.elements if tag == "a")
    assert first_link["href"] == "#main" and ("main", {"id": "main", "tabindex": "-1"}) in page.elements
    ids_on_page = [a["id"] for _, a in page.elements if a.get("id")]
    assert len(ids_on_page) == len(set(ids_on_page))  # no id twice
    links = [a["href"][1:] for tag, a in page.elements if tag == "a" and (a.get("href") or "").startswith("#")]
    assert set(links) <= set(ids_on_page)  # every cross-reference and contents entry lands somewhere
    nav = html[html.index("<nav") : html.index("</nav>")]
    targets = re.findall(r'href="#([^"]+)"', nav)
    ids = {a.get("id") for _, a in page.elements}
    assert set(targets) <= ids
    assert [s.anchor for s in document.sections] == targets[: len(document.sections)]
    assert [a.anchor for a in document.appendices] == [
        t for t in targets if t in {a.anchor for a in document.appendices}
    ]
    # a screen page: no print page boxes, running headers or millimetre widths
    css = re.sub(r'url\("data:[^"]*"\)', "", html[: html.index("</style>")])  # the fonts' bytes aside
    assert "@page" not in css and re.search(r"\d(mm|pt)\b", css) is None


@pytest.mark.parametrize("slug", PAPERS)
def test_every_table_has_a_caption_header_cells_and_a_labelled_scrolling_region(built, slug):
    html = web_page(built, slug)
    page = Page(html)
    document = compose(load_paper(CONTENT / slug)).document
    assert len(page.tables) >= len(document.tables())
    for table in page.tables:
        assert table["caption"].strip()
        assert table["ths"]
        ids = {i for i in table["ths"] if i}
        for td in table["tds"]:
            if td.get("headers"):
                assert set(td["headers"].split()) <= ids, (table["caption"], td)
    for t in document.tables():
        region = re.search(
            rf'<div class="table-scroll" role="region" tabindex="0" aria-labelledby="([^"]+)" id="{t.anchor}">', html
        )
        assert region and f'<caption id="{region.group(1)}"' in html
    # every figure of a table with row labels is read with its row's and its column's header
    for table in page.tables:
        figures = [td for td in table["tds"] if "num" in (td.get("class") or "")]
        if any(th.get("scope") == "row" for th in table["ths"].values()):
            assert all(len(td["headers"].split()) >= 2 for td in figures), table["caption"]


def test_two_row_headers_name_the_group_and_the_column(built):
    html = web_page(built, "budget-2018-20")
    anchor = "budget-2018-20-t-budget_summary"
    assert f'<th id="{anchor}-g1" scope="colgroup" colspan="3">2017/18</th>' in html
    assert f'<th id="{anchor}-c0" scope="col" class="text" rowspan="2">Service Area</th>' in html
    net = re.search(rf'<td class="num" headers="{anchor}-g1 {anchor}-c2 ({anchor}-r\d+)">([^<]+)</td>', html)
    assert net, "the 2017/18 net budget cells name the year, the column and the row"
    row = re.search(rf'<th id="{net.group(1)}" scope="row"[^>]*>([^<]+)</th>', html)
    assert row and unescape(row.group(1)) == "Children's Safeguarding"


def test_the_page_fetches_nothing_fonts_and_styles_travel_inside_it(built, tmp_path):
    html = web_page(built, "budget-2018-20")
    page = Page(html)
    assert not any(tag in ("link", "script", "iframe", "object", "embed") for tag, _ in page.elements)
    for tag, attributes in page.elements:
        for name in ("src", "srcset", "poster", "data"):
            assert not attributes.get(name) or attributes[name].startswith("data:"), (tag, attributes)
    css = html[html.index("<style>") : html.index("</style>")]
    assert re.findall(r"url\(\"?([^\")]*)", css) and all(
        u.startswith("data:font/woff2;base64,") for u in re.findall(r"url\(\"?([^\")]*)", css)
    )
    assert css.count('@font-face { font-family: "Liberation Sans"') == 4
    assert '--font: "Liberation Sans", Arial, Helvetica, sans-serif' in css
    policy = [
        a["content"] for tag, a in page.elements if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert policy == ["default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:"]
    # a copy elsewhere is the same page: nothing it needs stays behind in output/
    copy = tmp_path / "elsewhere.html"
    shutil.copy(built / "budget-2018-20.html", copy)
    assert copy.read_text(encoding="utf-8") == html


def test_email_addresses_are_links(built):
    html = web_page(built, "budget-2018-20")
    assert re.search(r'<a href="mailto:[^"@]+@manchester\.gov\.uk">[^<]+@manchester\.gov\.uk</a>', html)


def test_faint_house_style_colours_are_refused_with_the_contrast_found(document):
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    faint = replace(
        document.layout,
        colours=(("text", "#999999"), ("rule", "#000000"), ("header_fill", "#e6e6e6"), ("heading_fill", "#f3f3f3")),
    )
    with pytest.raises(RenderError, match=r"text #999999 on the page #ffffff is 2\.85:1.*WCAG AA needs 4\.5:1"):
        render_web(replace(document, layout=faint))


def test_agenda_web_pages_link_to_paper_web_pages_that_exist(built):
    """Each meeting's agenda page is the index.html of its publication folder: the paper web
    pages it links are copies beside it, so the folder can be uploaded as it is."""
    linked = []
    agendas = sorted((built / "meetings").glob("*/index.html"))
    assert [a.parent.name for a in agendas] == sorted(p.stem for p in (CONTENT / "meetings").glob("*.yaml"))
    for agenda in agendas:
        for href in re.findall(r'href="([^"#:]+)"', agenda.read_text(encoding="utf-8")):
            target = (agenda.parent / href).resolve()
            assert target.is_file() and target.parent == agenda.parent.resolve(), (agenda.parent.name, href)
            linked.append(target.name)
    assert {f"{slug}.html" for slug in PAPERS} & set(linked)
    assert all(f"{slug}.html" in linked for slug in ("budget-2018-20", "demand-capacity-2016"))


# ---- in a real browser --------------------------------------------------------------------


def test_every_paper_web_page_passes_axe_core_and_reflows_at_320px_in_headless_chromium(built):
    browser = ROOT / "tests" / "browser"
    if shutil.which("node") is None or not (browser / "node_modules").is_dir() or shutil.which("chromium") is None:
        pytest.skip("the browser tests need `make test`'s set-up (Chromium, Node.js, tests/browser/node_modules)")
    pages = [str(built / f"{slug}.html") for slug in PAPERS]
    result = subprocess.run(["node", str(browser / "web.mjs"), *pages], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert {page: report[page]["violations"] for page in pages} == {page: [] for page in pages}
    for page in pages:
        seen = report[page]
        assert seen["passes"] > 25
        assert seen["requests"] == []  # nothing fetched: no network, no file beside the page
        assert {"Liberation Sans normal normal", "Liberation Sans bold normal"} <= set(seen["fonts"])
        assert seen["overflow"] <= 0  # no sideways scrolling of the page on a 320 px screen
        assert all(r and r["focusable"] and r["name"] and r["fits"] for r in seen["regions"]), seen["regions"]
        assert [tuple(h) for h in seen["headings"]] == Page(Path(page).read_text(encoding="utf-8")).headings


def test_every_sample_meetings_agenda_page_passes_axe_core_and_reflows_at_320px(built):
    """The index.html of each sample meeting's publication folder, as a clerk would upload it."""
    browser = ROOT / "tests" / "browser"
    if shutil.which("node") is None or not (browser / "node_modules").is_dir() or shutil.which("chromium") is None:
        pytest.skip("the browser tests need `make test`'s set-up (Chromium, Node.js, tests/browser/node_modules)")
    pages = [str(p) for p in sorted((built / "meetings").glob("*/index.html"))]
    assert len(pages) == len(list((CONTENT / "meetings").glob("*.yaml")))
    result = subprocess.run(["node", str(browser / "agenda.mjs"), *pages], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert {page: report[page]["violations"] for page in pages} == {page: [] for page in pages}
    for page in pages:
        assert report[page]["requests"] == []  # nothing fetched
        assert report[page]["overflow"] <= 0  # no sideways scrolling on a 320 px screen
        assert len(report[page]["h1"]) == 1


def test_text_is_data_on_the_web_page_too(tmp_path):
    from ..helpers import MINIMAL_BODY, write_paper

    body = changed(MINIMAL_BODY, "The net budget is", "<script>alert(1)</script> {{{{ 7*7 }}}} <em>x</em> is")
    page = render_web(compose(load_paper(write_paper(tmp_path / "p", body=body))).document)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} &lt;em&gt;x&lt;/em&gt; is" in page
    assert "<script" not in page and "<em>" not in page
    assert page.count("@font-face") == 2  # no italic text, no italic faces


def test_the_same_paper_gives_the_same_bytes_another_day(document, monkeypatch):
    """The embedded font carries no build time, so a forced rebuild matches an earlier build."""
    import time

    from councilpapers.writers import web

    first = render_web(document)
    web._subset_woff2.cache_clear()
    later = time.time() + 86400
    monkeypatch.setattr(time, "time", lambda: later)
    assert render_web(document) == first


def test_a_paper_not_for_publication_says_so_and_asks_search_engines_to_keep_out(tmp_path):
    from ..helpers import MINIMAL_PAPER, write_paper

    public = compose(load_paper(write_paper(tmp_path / "open", MINIMAL_PAPER))).document
    exempt = compose(load_paper(write_paper(tmp_path / "closed", MINIMAL_PAPER + "exempt: {paragraph: 3}\n"))).document
    assert "robots" not in render_web(public)
    page = render_web(exempt)
    assert '<meta name="robots" content="noindex, nofollow, noarchive">' in page
    assert "Not for publication: paragraph 3 of Part 1 of Schedule 12A" in page


def test_the_embedded_font_has_every_character_of_the_page_and_keeps_its_licence(built):
    """Each face is cut down to the page's characters, still carrying its copyright and OFL
    licence (name IDs 0, 13 and 14) and its kerning, as the SIL Open Font License asks."""
    import base64
    import io

    from fontTools.ttLib import TTFont

    html = web_page(built, "budget-2018-20")
    text = unescape(re.sub(r"<[^>]+>", "", html[html.index("<body") :]))
    faces = re.findall(r'url\("data:font/woff2;base64,([^"]+)"\)', html)
    assert len(faces) == 4
    for data in faces:
        font = TTFont(io.BytesIO(base64.b64decode(data)))
        names = {record.nameID: record.toUnicode() for record in font["name"].names}
        assert "Liberation" in names[4] and "Copyright" in names[0]
        assert "SIL Open Font License" in names[13] and names[14].startswith("http")
        missing = {c for c in text if not c.isspace() and ord(c) not in font.getBestCmap()}
        assert not missing
        assert {r.FeatureTag for r in font["GPOS"].table.FeatureList.FeatureRecord} >= {"kern"}
        assert font.flavor == "woff2" and "fpgm" not in font  # web fonts without hinting
