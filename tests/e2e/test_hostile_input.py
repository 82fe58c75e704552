"""Author text that hung the build or reached Python (issue 22): format strings, long words,
characters the house font lacks, a logo that is not what its name says, and watch's server.

Each case runs the command line in a subprocess with a time-out and a bound of its own: the build
ends in a located one-line problem (file:line:column: field: message, exit 1, no traceback) and
leaves the output of an earlier good build byte for byte as it was, or it builds.
"""

from __future__ import annotations

import contextlib
import http.client
import io
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ..helpers import MINIMAL_BODY, ROOT, changed, write_paper

URL = "https://www.example.org/documents/" + "a1b2c3d4e5" * 17  # 204 characters, no place to break


def command(*args: str | Path, timeout: float = 60) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *map(str, args)], capture_output=True, text=True, timeout=timeout
    )
    return result, time.perf_counter() - started


def build(content: Path, output: Path, formats: str = "html", timeout: float = 60):
    return command("--content", content, "--output", output, "--format", formats, timeout=timeout)


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def earlier(tmp_path_factory):
    """A good paper built once; each case copies its content and output and changes the content."""
    folder = tmp_path_factory.mktemp("earlier")
    write_paper(folder / "content" / "p")
    result, _ = build(folder / "content", folder / "output")
    assert result.returncode == 0, result.stderr
    return folder


def refused(tmp_path, earlier, edit, message: str, within: float = 20, formats: str = "html") -> str:
    """The paper changed by `edit(folder)` is refused within `within` seconds with `message` on one
    located line, exit 1, and the earlier build's files are left as they were."""
    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(earlier / "content", content)
    shutil.copytree(earlier / "output", output)
    before = files(output)
    edit(content / "p")
    result, seconds = build(content, output, formats, timeout=within + 30)
    assert seconds < within, f"took {seconds:.1f}s"
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if message in line]
    assert lines, result.stderr
    assert re.match(r"^\S+\.yaml:\d+:\d+: ", lines[0]), lines[0]  # file, line and column
    assert files(output) == before
    return lines[0]


def edit_yaml(name: str, old: str, new: str):
    def edit(folder: Path) -> None:
        file = folder / name
        file.write_text(changed(file.read_text(encoding="utf-8"), old, new), encoding="utf-8")

    return edit


# ---- 1. placeholders: {name} only, never Python's str.format --------------------------------------

PLACEHOLDERS = {
    "unknown name": ('labels: {appendix: "{nummer}"}', "labels.appendix: unknown placeholder {nummer}; use {number}"),
    "position": ('labels: {appendix: "{0}"}', "labels.appendix: unknown placeholder {0}; use {number}"),
    "lone brace": ('labels: {appendix: "{"}', "labels.appendix: a { with no } to close it: write {{ for a brace"),
    "width (a 200 MB page)": (
        'labels: {appendix: "{number:>100000000}"}',
        "labels.appendix: a placeholder takes no width or format: {number:>100000000}; write {number} alone",
    ),
    "attribute (Python's internals)": (
        'labels: {appendix: "{number.__class__.__mro__}"}',
        "labels.appendix: a placeholder takes no attribute: {number.__class__.__mro__}; write {number} alone",
    ),
    "conversion": (
        'labels: {exempt_notice: "paragraph {paragraph!r}"}',
        "labels.exempt_notice: a placeholder takes no conversion: {paragraph!r}; write {paragraph} alone",
    ),
    "draft date": ('labels: {draft: "DRAFT {day}"}', "labels.draft: unknown placeholder {day}; use {date}"),
    "section width (a hung PDF)": (
        'numbering: {sections: "{n:>1000000}"}',
        "numbering.sections: a placeholder takes no width or format: {n:>1000000}; write {n} alone",
    ),
    "paragraph": (
        'numbering: {paragraphs: "{s}.{p}"}',
        "numbering.paragraphs: unknown placeholder {p}; use {s} or {n}",
    ),
}


@pytest.mark.parametrize("case", sorted(PLACEHOLDERS))
def test_a_papers_placeholder_is_a_name_it_allows_or_a_located_error(tmp_path, earlier, case):
    line, message = PLACEHOLDERS[case]
    found = refused(tmp_path, earlier, edit_yaml("paper.yaml", "subject:", f"{line}\nsubject:"), message, within=15)
    assert "paper.yaml:6:" in found


def test_doubled_braces_print_a_brace_and_the_numbers_follow_the_papers_patterns(tmp_path):
    content, output = tmp_path / "content", tmp_path / "output"
    paper = changed(
        (ROOT / "tests" / "roots" / "minimal" / "paper.yaml").read_text(encoding="utf-8"),
        "subject:",
        'numbering: {sections: "{{{n}}}", paragraphs: "{s}-{n}"}\nsubject:',
    )
    write_paper(content / "p", paper)
    result, _ = build(content, output)
    assert result.returncode == 0, result.stderr
    html = (output / "p.print.html").read_text(encoding="utf-8")
    assert '<span class="num">{1}</span>' in html and '<span class="num">1-1</span>' in html


@contextlib.contextmanager
def style(text: str = "", image: bytes | None = None, edits: tuple[tuple[str, str], ...] = ()):
    """The neutral house style with `edits` and `text` after it, as a style of its own in
    templates/styles/ for one test (the loader reads styles only from that folder)."""
    from councilpapers.load.style import STYLES

    name = f"test-hostile-{time.monotonic_ns()}"
    file, logo = STYLES / f"{name}.yaml", STYLES / f"{name}.png"
    neutral = (STYLES / "neutral.yaml").read_text(encoding="utf-8")
    for old, new in edits:
        neutral = changed(neutral, old, new)
    try:
        if image is not None:
            logo.write_bytes(image)
        file.write_text(neutral + text.replace("LOGO", logo.name), encoding="utf-8")
        yield name
    finally:
        file.unlink(missing_ok=True)
        logo.unlink(missing_ok=True)


def styled(name: str):
    def edit(folder: Path) -> None:
        paper = folder / "paper.yaml"
        text = changed(paper.read_text(encoding="utf-8"), "style: manchester-2018", f"style: {name}")
        text = changed(text, "report_type: Report for Resolution", "report_type: Report for Decision")
        paper.write_text(text + "council: Borsetshire County Council\n", encoding="utf-8")

    return edit


def test_a_styles_placeholders_are_located_in_the_style(tmp_path, earlier):
    edits = (
        ("labels:\n", 'labels:\n  appendix: "Appendix {0}"\n'),
        ('right: "Page {page} of {pages}"', 'right: "Page {pag} of {pages}"'),
    )
    with style('pack_labels: {supplement_intro: "Published {published:%Y}"}\n', edits=edits) as name:
        result, seconds = build(*_copied(tmp_path, earlier, styled(name)))
    assert seconds < 15 and result.returncode == 1 and "Traceback" not in result.stderr
    err = result.stderr
    assert f"{name}.yaml:" in err and "labels.appendix: unknown placeholder {0}; use {number}" in err
    assert "footer.right: unknown placeholder {pag} (did you mean {page}?); use {council}, {subject}" in err
    assert (
        "pack_labels.supplement_intro: a placeholder takes no width or format: {published:%Y}; write {published} alone"
        in err
    )


def _copied(tmp_path, earlier, edit) -> tuple[Path, Path]:
    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(earlier / "content", content)
    edit(content / "p")
    return content, output


# ---- 2. a word too long to lay out ------------------------------------------------------------------


@pytest.mark.parametrize("length", [100_000, 990_000])
def test_a_word_longer_than_a_line_can_break_is_refused_at_once(tmp_path, earlier, length):
    # it took 235 s to lay out a word of 100,000 characters; one of 990,000 was not laid out in 400 s
    found = refused(
        tmp_path,
        earlier,
        edit_yaml("body.yaml", "The net budget is", "See " + "x" * length + " The net budget is"),
        f"a word of {length:,} characters ('xxxxxxxxxxxxxxxxxxxx…'): break it or shorten it "
        "(a word holds at most 500 characters, so that a line can break)",
        within=20,
        formats="pdf",
    )
    assert "body.yaml:4:19: sections[0].blocks[0].para:" in found  # where the word starts


def test_a_word_of_501_characters_is_refused_and_one_of_500_builds(tmp_path, earlier):
    refused(
        tmp_path / "a",
        earlier,
        edit_yaml("body.yaml", "area: Alpha", "area: " + "y" * 501),
        "a word of 501 characters",
    )
    content, output = _copied(tmp_path / "b", earlier, edit_yaml("body.yaml", "area: Alpha", "area: " + "y" * 500))
    assert build(content, output)[0].returncode == 0


def _pdf_text(file: Path) -> tuple[str, list[tuple[str, float, float]]]:
    """The PDF's text, and each piece of text with its x position and its page's width."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(file.read_bytes()))
    placed: list[tuple[str, float, float]] = []
    text = []
    for page in reader.pages:
        width = float(page.mediabox.width)

        def seen(piece, cm, tm, font, size, width=width):
            if piece.strip():
                placed.append((piece, cm[4] + tm[4] * cm[0], width))

        text.append(page.extract_text(visitor_text=seen))
    return "\n".join(text), placed


def test_a_long_web_address_builds_and_breaks_across_lines_in_a_paragraph_and_a_table(tmp_path, earlier):
    edit = edit_yaml("body.yaml", "The net budget is", f"See {URL} The net budget is")
    content, output = _copied(tmp_path, earlier, edit)
    edit_yaml("body.yaml", "area: Alpha", f'area: "{URL}"')(content / "p")
    result, seconds = build(content, output, "pdf,docx,web", timeout=90)
    assert result.returncode == 0, result.stderr
    text, placed = _pdf_text(output / "p.pdf")
    assert text.replace("\n", "").count(URL) == 2  # nothing lost, in the paragraph and the table's cell
    assert max(len(line) for line in text.splitlines()) < 110  # broken across lines
    # the table still fits the page: its figures' column is not pushed off the page's edge
    assert any("3,500" in piece and x < page_width - 20 for piece, x, page_width in placed)
    web = (output / "p.html").read_text(encoding="utf-8")
    assert f'<span class="word">{URL}</span>' in web and ".word { overflow-wrap: anywhere; }" in web
    import page as validator

    assert validator.validate_pdf(str(output / "p.pdf"), profile="ua1").is_compliant  # its spans tagged too


def test_a_long_paragraph_of_long_words_is_laid_out_in_time(tmp_path, earlier):
    # 400 web addresses of 200 characters in one paragraph: 55 s to lay out before each long word
    # became a box of its own and long text was cut into short boxes (writers/html.py: boxed)
    words = " ".join(f"https://example.org/{n:04d}/" + "z" * 180 for n in range(400))
    content, output = _copied(
        tmp_path, earlier, edit_yaml("body.yaml", "The net budget is", words + " The net budget is")
    )
    result, seconds = build(content, output, "pdf", timeout=90)
    assert result.returncode == 0, result.stderr
    assert seconds < 40, f"took {seconds:.1f}s"
    text, _ = _pdf_text(output / "p.pdf")
    assert "https://example.org/0399/" in text.replace("\n", "")


# ---- 3. characters no format can hold, and characters the house font lacks -----------------------

CHARACTERS = {
    "emoji": (
        ("body.yaml", "The net budget is", "Smile 😀 The net budget is"),
        "sections[0].blocks[0].para: the house font Liberation Sans has no U+1F600 GRINNING FACE: "
        "the PDF cannot print it; write it in words or leave it out",
    ),
    "several missing": (
        ("body.yaml", "area: Alpha", "area: 中文 ✓"),
        "the house font Liberation Sans has no U+4E2D CJK UNIFIED IDEOGRAPH-4E2D, U+6587 CJK UNIFIED "
        "IDEOGRAPH-6587 or U+2713 CHECK MARK: the PDF cannot print them",
    ),
    "front sheet": (
        ("paper.yaml", "subject: A test paper", "subject: A test paper 🏛"),
        "subject: the house font Liberation Sans has no U+1F3DB CLASSICAL BUILDING",
    ),
    "delete": (
        ("body.yaml", "area: Alpha", 'area: "Al\\x7fpha"'),
        "the text holds the character U+007F, which documents cannot hold: delete it (U+007F DELETE)",
    ),
    "C1 from Windows-1252": (
        ("body.yaml", "area: Alpha", 'area: "Alpha\\x92s"'),
        "the character U+0092, which documents cannot hold: delete it (U+0092 PRIVATE USE TWO; it is most "
        "often '’' (RIGHT SINGLE QUOTATION MARK) pasted from a Windows-1252 file: type it again)",
    ),
    "raw delete": (
        ("body.yaml", "area: Alpha", "area: Al\x7fpha"),
        "the file holds the control character U+007F, which YAML does not allow: delete it (U+007F DELETE)",
    ),
    "escaped NUL": (
        ("body.yaml", "area: Alpha", 'area: "Al\\0pha"'),
        "the character U+0000, which documents cannot hold: delete it (U+0000 NULL)",
    ),
}


@pytest.mark.parametrize("case", sorted(CHARACTERS))
def test_a_character_no_format_or_font_can_print_is_refused_where_it_is_written(tmp_path, earlier, case):
    (name, old, new), message = CHARACTERS[case]
    found = refused(tmp_path, earlier, edit_yaml(name, old, new), message, formats="pdf")
    assert f"/{name}:" in found


def test_the_fonts_characters_build_in_every_format(tmp_path, earlier):
    text = "Café, naïve, Δ 5 ≥ 3 – “quoted” — €12, ½ and ¼; no-break\u00a0space and soft\u00adhyphen"
    content, output = _copied(
        tmp_path, earlier, edit_yaml("body.yaml", "The net budget is", text + ". The net budget is")
    )
    result, _ = build(content, output, "pdf,web", timeout=90)
    assert result.returncode == 0, result.stderr
    assert "Café, naïve, Δ 5 ≥ 3" in _pdf_text(output / "p.pdf")[0]


def test_a_styles_words_are_checked_against_its_font(tmp_path, earlier):
    with style(edits=(("labels:\n", 'labels:\n  summary: "Summary 😀"\n'),)) as name:
        result, seconds = build(*_copied(tmp_path, earlier, styled(name)))
    assert seconds < 15 and result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{name}.yaml:" in result.stderr
    assert "labels.summary: the house font Liberation Sans has no U+1F600 GRINNING FACE" in result.stderr


def test_a_meetings_words_are_checked_against_its_styles_font(tmp_path):
    content = tmp_path / "content"
    (content / "meetings").mkdir(parents=True)
    (content / "meetings" / "m.yaml").write_text(
        'style: manchester-2018\ncommittee: Executive\ndate: 2018-02-07\ntime: "10:00"\nvenue: Town Hall\n'
        'published: 2018-01-29\nitems:\n  - {number: "1", title: Apologies 📣, procedural: true}\n',
        encoding="utf-8",
    )
    result, seconds = command("pack", "m", "--content", content, "--output", tmp_path / "output", timeout=60)
    assert seconds < 20 and result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        "m.yaml:8:36: items[0].title: the house font Liberation Sans has no U+1F4E3 CHEERING MEGAPHONE" in result.stderr
    )
    assert not (tmp_path / "output").exists()


# ---- 4. a logo that is not the image its name says -----------------------------------------------

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="10"><rect width="40" height="10"/></svg>'


@pytest.mark.parametrize(
    ("image", "message"),
    [
        (SVG, "is an SVG drawing, not a PNG or JPEG image whatever its name says: save it as PNG"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 30, "begins as a PNG image but cannot be read as one"),
    ],
    ids=["an SVG named .png", "a PNG cut short"],
)
def test_a_logo_that_is_not_a_png_is_a_located_error_naming_the_logo(tmp_path, earlier, image, message):
    with style("logo: {file: LOGO, alt: Borsetshire County Council}\n", image) as name:
        content, output = _copied(tmp_path, earlier, styled(name))
        result, seconds = build(content, output, "pdf,docx,web")
    assert seconds < 20 and result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    (line,) = [line for line in result.stderr.splitlines() if message in line]
    assert f"{name}.yaml:" in line and f"logo.file: '{name}.png' " in line
    assert not output.exists()


# ---- 5. watch: its port, odd requests and idle connections ----------------------------------------


@pytest.mark.parametrize("port", ["70000", "-1", "eighty"])
def test_a_port_that_cannot_be_is_a_usage_error(tmp_path, port):
    result, seconds = command("watch", "p", "--content", tmp_path, "--port", port, timeout=20)
    assert result.returncode == 2 and seconds < 10
    assert result.stderr.startswith(f"usage error: watch: argument --port: '{port}' is not a port")
    assert len(result.stderr.strip().splitlines()) == 1


def _get(port: int, path: str, timeout: float = 5) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    connection.putrequest("GET", path, skip_accept_encoding=True)
    connection.endheaders()
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


def _threads(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    return int(status.split("Threads:")[1].split()[0])


def test_the_watch_server_answers_odd_paths_and_keeps_answering_with_a_thousand_idle_connections(tmp_path):
    from councilpapers.build.httpserver import MAX_WAITING, STREAMS, WORKERS

    content = tmp_path / "content"
    write_paper(content / "p", body=MINIMAL_BODY)
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "watch", "p", "--content", str(content)]
        + ["--output", str(tmp_path / "output"), "--format", "web", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    idle: list[socket.socket] = []
    try:
        assert process.stdout is not None
        port = int(process.stdout.readline().split("127.0.0.1:")[1].split("/")[0])
        assert "web page ready" in process.stdout.readline()
        assert _get(port, "/") == 200
        # a NUL, a name longer than a file system's 255 bytes, a deep path: not found, never a traceback
        for odd in ("/a%00b.html", "/" + "a" * 300 + ".html", "/" + "a" * 256 + "/p.html", "/a/" * 3000, "/%ff%fe"):
            assert _get(port, odd) == 404, odd

        started = time.monotonic()
        idle = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(1000)]
        assert time.monotonic() - started < 15
        started = time.monotonic()
        assert _get(port, "/p.html") == 200  # answered at once, beside 1,000 connections saying nothing
        assert time.monotonic() - started < 3
        assert _threads(process.pid) <= WORKERS + 8  # the workers and the watch's own threads, not 1,000
        time.sleep(0.5)
        closed = 0
        for connection in idle:
            connection.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                closed += connection.recv(1) == b""
        assert closed >= 1000 - MAX_WAITING  # the oldest idle ones closed to make room

        # live-reload streams are bounded too: one more than STREAMS is told to wait, the page still answers
        streams = []
        for _ in range(STREAMS):
            stream = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            stream.request("GET", "/_watch/events")
            assert stream.getresponse().status == 200
            streams.append(stream)
        assert _get(port, "/_watch/events") == 503 and _get(port, "/") == 200
        for stream in streams:
            stream.close()

        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0
        err = process.stderr.read() if process.stderr else ""
        assert "Traceback" not in err and "Error" not in err, err
    finally:
        for connection in idle:
            connection.close()
        if process.poll() is None:
            process.kill()
            process.wait()
