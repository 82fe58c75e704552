"""The agenda web page as a reader meets it, in headless Chromium: axe-core finds nothing, one
h1, a skip link the keyboard reaches, landmarks, links underlined and outlined on focus, the
house font embedded and nothing fetched, no sideways scrolling at 320 px; each item with its
status and documents (format and size), the packs linked, and every link opens a file."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pikepdf
import pytest
from pydantic import ValidationError

from councilpapers.commands import main
from councilpapers.load.style import PackLabels
from councilpapers.writers.web import POLICY

from ..helpers import ROOT, ROOTS

BROWSER = ROOT / "tests" / "browser"

MEETING = """\
style: neutral
council: Borsetshire County Council
committee: Cabinet
date: 2026-03-04
time: "14:00"
venue: County Hall, Felpersham
membership:
  chair: Councillor J Archer
  members: [Councillor S Pargetter, Councillor K Pritchard]
clerk: {name: Jo Grundy, telephone: "01234 567890", email: jo.grundy@borsetshire.example}
published: 2026-02-24
items:
  - {number: "1", title: Apologies, purpose: To receive apologies for absence., procedural: true}
  - number: "2"
    title: Libraries
    items:
      - {number: 2a, title: Opening hours, paper: minimal}
      - {number: 2b, title: Supplied report, document: supplied.pdf}
  - {number: "3", title: Late report, to_follow: true}
  - {number: "4", title: Sale of the old depot, document: depot.pdf, exempt: {paragraph: 3}}
"""


def build(content: Path, output: Path, *extra: str) -> None:
    assert main(["pack", "cabinet", "--content", str(content), "--output", str(output), *extra]) == 0


def look(folder: Path) -> dict:
    """What Chromium sees of the meeting's agenda page (tests/browser/agenda.mjs), with the
    page's text and the files its folder holds as it is seen."""
    if shutil.which("node") is None or not (BROWSER / "node_modules").is_dir() or shutil.which("chromium") is None:
        pytest.skip("the browser tests need `make test`'s set-up (Chromium, Node.js, tests/browser/node_modules)")
    page = folder / "index.html"
    result = subprocess.run(
        ["node", str(BROWSER / "agenda.mjs"), str(page)], capture_output=True, text=True, timeout=240
    )
    assert result.returncode == 0, result.stderr[-2000:]
    seen = json.loads(result.stdout)[str(page)]
    seen["html"] = page.read_text(encoding="utf-8")
    seen["files"] = sorted(p.name for p in folder.iterdir() if p.is_file())
    return seen


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The meeting built as a clerk builds it, its agenda page seen in Chromium as published:
    first, once the late report has come and the supplement is built, and after a rebuild.
    Returns the meeting's publication folder and what was seen each time."""
    content, output = tmp_path_factory.mktemp("content"), tmp_path_factory.mktemp("output")
    shutil.copytree(ROOTS / "minimal", content / "minimal")
    (content / "meetings").mkdir()
    for name in ("supplied.pdf", "depot.pdf"):
        supplied = pikepdf.new()
        supplied.add_blank_page()
        supplied.save(content / "meetings" / name)
    meeting = content / "meetings" / "cabinet.yaml"
    meeting.write_text(MEETING, encoding="utf-8")
    folder = output / "meetings" / "cabinet"
    build(content, output)
    seen = {"first": look(folder)}
    arrived = MEETING.replace("to_follow: true}", "to_follow: true, paper: minimal}")
    meeting.write_text(
        arrived.replace("published: 2026-02-24", "published: 2026-02-24\nsupplement_published: 2026-02-27")
    )
    build(content, output, "--supplement")
    seen["supplement"] = look(folder)
    build(content, output, "--force")
    seen["again"] = look(folder)
    return folder, seen


def test_axe_core_finds_nothing_and_the_page_reflows_at_320px(site):
    for when, page in site[1].items():
        assert page["violations"] == [], when
        assert page["passes"] > 25
        assert page["overflow"] <= 0, f"the page {when} scrolls sideways on a 320 px screen"


def test_one_h1_landmarks_and_a_skip_link_the_keyboard_reaches(site):
    page = site[1]["first"]
    assert page["h1"] == ["Cabinet"]
    assert page["landmarks"] == ["header", "nav", "main", "footer"]
    assert page["skip"] == {"href": "#main", "target": "main"}
    assert page["skipShown"] and page["focusAfterSkip"] == "main"


def test_links_are_underlined_and_every_link_shows_its_focus(site):
    for page in site[1].values():
        assert page["underlined"]
        assert page["links"] and all(link["outline"] and link["visible"] for link in page["links"])
        assert {link["focusBackground"] for link in page["links"]} == {"rgb(255, 221, 0)"}


def test_the_house_font_is_embedded_and_nothing_is_fetched(site):
    text = site[1]["first"]["html"]
    sources = re.findall(r"url\(\"?([^)\"]*)", text)
    assert sources and all(s.startswith("data:font/woff2;base64,") for s in sources)
    assert "fonts/" not in text
    for page in site[1].values():
        assert page["requests"] == []
        assert page["policy"] == POLICY
        assert {"Liberation Sans normal normal", "Liberation Sans bold normal"} <= set(page["fonts"])


def test_each_item_shows_its_status_and_its_documents_with_format_and_size(site):
    items = site[1]["first"]["items"]
    assert items["3"] == "3 Late report To follow"
    assert items["1"] == "1 Apologies To receive apologies for absence."
    assert items["4"] == (
        "4 Sale of the old depot Not for publication: paragraph 3 of Part 1 of Schedule 12A to the "
        "Local Government Act 1972"
    )
    assert "Supplied report (PDF 1 KB)" in items["2b"]
    assert re.fullmatch(
        r"2a Opening hours Opening hours \(PDF \d+ KB\) Opening hours \(Word \d+ KB\) Opening hours \(Web page\)",
        items["2a"],
    )
    for when in ("supplement", "again"):
        late = site[1][when]["items"]["3"]
        assert late.startswith("3 Late report Late item Late report (PDF ") and "To follow" not in late


def test_the_packs_are_linked_with_their_sizes_and_the_supplement_once_it_exists(site):
    folder, seen = site
    notices = [name for name in seen["first"]["meeting"] if "-private-notice" in name]  # its exempt item's
    assert seen["first"]["meeting"] == ["cabinet.pdf", "cabinet-front-sheet.pdf", *notices]
    for when in ("supplement", "again"):
        expected = ["cabinet.pdf", "cabinet-supplement.pdf", "cabinet-front-sheet.pdf", *notices]
        assert seen[when]["meeting"] == expected
    texts = {link["href"]: link["text"] for link in seen["again"]["links"]}
    for name, words in (("cabinet.pdf", "Agenda pack"), ("cabinet-supplement.pdf", "Supplementary agenda pack")):
        assert texts[name] == f"{words} (PDF {round((folder / name).stat().st_size / 1024)} KB)"


def test_every_link_opens_a_file_in_the_meetings_folder(site):
    for when, page in site[1].items():
        ids = Ids.of(page["html"])
        for link in page["links"]:
            href = link["href"]
            if href.startswith("#"):
                assert href[1:] in ids, (when, href)
            elif not href.startswith("mailto:"):
                assert "/" not in href and ":" not in href and href in page["files"], (when, href)


def test_nothing_of_the_exempt_item_is_linked(site):
    first = site[1]["first"]
    assert "(PDF" not in first["items"]["4"]
    assert "depot" not in " ".join(first["files"]) and "depot.pdf" not in first["html"]


class Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.ids |= {value for key, value in attrs if key == "id" and value}

    @classmethod
    def of(cls, page: str) -> set[str]:
        parser = cls()
        parser.feed(page)
        return parser.ids


# ---- the house style's accessibility words -------------------------------------------------


def small_pack(tmp_path: Path):
    """The public pack of a meeting with one procedural item, composed (not built)."""
    from councilpapers.build.pipeline import compose_meetings, load_meetings

    content = tmp_path / "content"
    (content / "meetings").mkdir(parents=True)
    (content / "meetings" / "cabinet.yaml").write_text(
        MEETING.split("items:\n")[0] + "items:\n  - {number: '1', title: Apologies, procedural: true}\n",
        encoding="utf-8",
    )
    meeting = load_meetings([content / "meetings" / "cabinet.yaml"], content)
    return compose_meetings(meeting, [], content)[0].packs[0]


def footer_of(page: bytes) -> str:
    text = page.decode("utf-8")
    return text[text.index("<footer") : text.index("</footer>")]


def test_the_accessibility_statement_is_linked_only_when_the_style_gives_its_address(tmp_path):
    from councilpapers.core.pack import AgendaLinks
    from councilpapers.writers.pack import write_pack_html

    pack = small_pack(tmp_path)
    plain = footer_of(write_pack_html(pack, AgendaLinks({}, [])))
    assert "<a " not in plain and "Accessibility statement" not in plain
    assert "in another format, such as large print or audio, contact the clerk to the meeting.</p>" in plain
    words = replace(
        pack.labels,
        accessibility_url="https://council.example/accessibility",
        alternative_formats_url="alternative-formats.html",
    )
    page = write_pack_html(replace(pack, labels=words), AgendaLinks({}, []))
    footer = footer_of(page)
    assert '<a href="https://council.example/accessibility">Accessibility statement</a>' in footer
    assert '<a href="alternative-formats.html">To ask for the agenda or its documents in another format' in footer
    assert b'href="#meeting-documents"' not in page  # no files, no heading for them


def test_an_urgent_item_gives_the_chairs_reason_and_a_late_one_says_so(tmp_path):
    from councilpapers.core.pack import AgendaLinks
    from councilpapers.writers.pack import write_pack_html

    pack = small_pack(tmp_path)
    reason = "Urgent item: the Chair has agreed to consider it because the lease ends on 6 March."
    item = replace(pack.items[0], urgent=reason, late=True)
    from councilpapers.core.pack import DocumentLink

    page = write_pack_html(replace(pack, items=(item,)), AgendaLinks({}, [])).decode("utf-8")
    assert f'<p class="status urgent">{reason}</p>' in page
    assert f'<p class="status"><strong>{pack.labels.to_follow}</strong></p>' in page  # no supplement yet
    supplement = DocumentLink("Supplementary agenda pack", f"{pack.meeting}-supplement.pdf", "PDF", "20 KB")
    page = write_pack_html(replace(pack, items=(item,)), AgendaLinks({}, [supplement])).decode("utf-8")
    assert f'<p class="status"><strong>{pack.labels.late}</strong></p>' in page
    assert "Urgent item" not in write_pack_html(pack, AgendaLinks({}, [])).decode("utf-8")


@pytest.mark.parametrize("address", ["javascript:alert(1)", "data:text/html,x", "a page.html", '"><script>'])
def test_an_address_that_is_not_a_web_address_is_refused(address):
    with pytest.raises(ValidationError, match="accessibility_url"):
        PackLabels(accessibility_url=address)
