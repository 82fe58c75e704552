"""Hostile and careless content: every case ends quickly in a located error, exit 1, no traceback."""

from __future__ import annotations

import contextlib
import io
import sys

import pytest

from councilpapers.commands import main

from ..bounded import Bounded, build_bounded, files_of, run_bounded
from ..helpers import MINIMAL_BODY, MINIMAL_PAPER, ROOT, changed, write_paper


def build(content, *args) -> Bounded:
    """build.py with `args` on `content`, in a child bounded at 30 s and 1 GiB (tests/bounded.py):
    a build writes only the print HTML; check writes nothing."""
    writes = [] if args[:1] == ("check",) else ["--output", str(content.parent / "output"), "--format", "html"]
    return run_bounded([sys.executable, str(ROOT / "build.py"), *args, "--content", str(content), *writes], 30)


BOMB = (
    "sections:\n  - title: Bomb\n    blocks:\n      - bullets: "
    + "".join(f"\n        - &a{i} [{', '.join([f'*a{i - 1}'] * 10) if i else 'lol'}]" for i in range(9))
    + "\n"
)

CASES = {
    "alias bomb": (BOMB, "anchors and aliases (& and *) are not supported: write the value out"),
    "recursive alias": ("sections: &r [*r]\n", "anchors and aliases (& and *) are not supported"),
    "deep nesting": (
        "sections:\n  - title: Deep\n    blocks:\n      - bullets: " + "[" * 500 + "]" * 500 + "\n",
        "nested too deeply: at most 40 levels of lists and mappings",
    ),
    "control byte": (
        changed(MINIMAL_BODY, "Alpha", "Al\x01pha"),
        "the file holds the control character U+0001, which YAML does not allow: delete it",
    ),
    "escaped control": (
        changed(MINIMAL_BODY, "area: Alpha", 'area: "Al\\x01pha"'),
        "the text holds the character U+0001, which documents cannot hold: delete it",
    ),
    "escaped non-character": (
        changed(MINIMAL_BODY, "area: Alpha", 'area: "Al\\ufffepha"'),
        "the text holds the character U+FFFE",
    ),
    "not a number": (changed(MINIMAL_BODY, "net: 1000", "net: .nan"), "'.nan' is not a number that can be printed"),
    "infinity": (changed(MINIMAL_BODY, "net: 1000", "net: .inf"), "'.inf' is not a number that can be printed"),
    "huge integer": (
        changed(MINIMAL_BODY, "net: 1000", "net: 1000000000000000000000000000000"),
        "is too large to print exactly",
    ),
    "huge float": (changed(MINIMAL_BODY, "net: 1000", "net: 1.0e+308"), "is too large to print exactly"),
    "no in a text column": (
        changed(MINIMAL_BODY, "area: Alpha", "area: No"),
        "expected text, got No, which YAML reads as true or false: put it in quotes ('No')",
    ),
    "date in a text column": (
        changed(MINIMAL_BODY, "area: Alpha", "area: 2018-04-01"),
        "expected text, got 2018-04-01, which YAML reads as a date: put it in quotes",
    ),
    "tab": (
        changed(MINIMAL_BODY, "      - para:", "\t- para:"),
        "YAML syntax error: a tab: indent with spaces, not tabs",
    ),
    "colon in a value": (
        changed(MINIMAL_BODY, "title: Budget", "title: Budget: 2018"),
        "YAML syntax error: a colon followed by a space inside an unquoted value: put the whole value "
        "in quotes: '- title: Budget: 2018'",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_body_ends_fast_in_a_located_error(tmp_path, case):
    body, message = CASES[case]
    content = tmp_path / "content"
    write_paper(content / "p")
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(["--content", str(content), "--output", str(tmp_path / "output"), "--format", "html"]) == 0
    before = files_of(tmp_path / "output")
    write_paper(content / "p", body=body)
    for command in ([], ["check"]):
        result = build(content, *command)
        assert not result.timed_out, result.ended_in_time()
        assert result.code == 1, result.output
        assert "Traceback" not in result.output and "internal error" not in result.output
        assert message in result.output, result.output
        assert "body.yaml:" in result.output
    assert files_of(tmp_path / "output") == before  # the earlier build's output, byte for byte


def test_a_status_of_no_in_paper_yaml_says_to_quote_it(tmp_path):
    content = tmp_path / "content"
    write_paper(content / "p", changed(MINIMAL_PAPER, "wards_affected: All", "wards_affected: No"))
    result = build(content)
    assert (
        "paper.yaml:12:1: wards_affected: expected text, got No, which YAML reads as true or false: "
        "put it in quotes ('No')" in result.stderr
    )


def test_a_file_too_large_is_refused_before_it_is_read(tmp_path):
    content = tmp_path / "content"
    write_paper(content / "p", body=MINIMAL_BODY + "#" + "x" * 1_100_000 + "\n")
    result = build(content)
    assert result.code == 1 and "body.yaml:1:1: the file is 1,100," in result.stderr
    assert "a content file holds at most 1,000,000: split it into several" in result.stderr


def test_one_bad_paper_does_not_stop_check_for_the_others(tmp_path):
    content = tmp_path / "content"
    write_paper(content / "a", body=changed(MINIMAL_BODY, "Alpha", "Al\x01pha"))
    write_paper(content / "b", body=changed(MINIMAL_BODY, "net: 1000", "net: '1,000'"))
    result = build(content, "check")
    assert "a/body.yaml:" in result.stdout and "b/body.yaml:" in result.stdout


def test_a_five_thousand_term_formula_is_a_located_error(tmp_path):
    content = tmp_path / "content"
    formula = " + ".join(["a.net"] * 5000)
    body = changed(
        MINIMAL_BODY,
        "{id: total, area: Total, sum: above, published: {net: 3500}}",
        f'{{id: total, area: Total, formula: "{formula}"}}',
    )
    write_paper(content / "p", body=body)
    result = build(content)
    assert result.code == 1 and "Traceback" not in result.stderr
    assert "body.yaml:15:" in result.stderr and "at most 1,000: total a long list of rows with sum:" in result.stderr


def test_deeply_bracketed_formula_is_a_located_error(tmp_path):
    content = tmp_path / "content"
    body = changed(
        MINIMAL_BODY,
        "{id: total, area: Total, sum: above, published: {net: 3500}}",
        '{id: total, area: Total, formula: "' + "(" * 300 + "a" + ")" * 300 + '"}',
    )
    write_paper(content / "p", body=body)
    result = build(content)
    assert result.code == 1 and "Traceback" not in result.stderr and "body.yaml:15:" in result.stderr


SECRET = "password: hunter2-do-not-print\n"


def test_a_linked_file_outside_the_content_is_refused_unread(tmp_path):
    outside = tmp_path / "secret.yaml"
    outside.write_text(SECRET, encoding="utf-8")
    content = tmp_path / "content"
    folder = write_paper(content / "p", changed(MINIMAL_PAPER, "body: [body.yaml]", "body: [body.yaml, linked.yaml]"))
    (folder / "linked.yaml").symlink_to(outside)
    for command in ([], ["check"]):
        result = build(content, *command)
        output = result.stdout + result.stderr
        assert result.code == 1 and "hunter2" not in output and "Traceback" not in output
        assert "body[1]: 'linked.yaml' is a link to a file outside content/: copy the file in instead" in output


def test_a_paper_folder_linked_from_outside_is_refused(tmp_path):
    elsewhere = write_paper(tmp_path / "elsewhere" / "p", body=changed(MINIMAL_BODY, "Alpha", "hunter2"))
    content = tmp_path / "content"
    content.mkdir()
    (content / "p").symlink_to(elsewhere, target_is_directory=True)
    result = build(content)
    assert result.code == 1 and "hunter2" not in result.stdout + result.stderr
    assert "paper.yaml is a link to a file outside content/" in result.stderr
    assert not (tmp_path / "output").exists()


def test_weasyprint_warnings_are_never_dropped():
    from councilpapers.core.errors import RenderError
    from councilpapers.writers.pdf.weasy import laid_out

    html = (
        "<html lang='en-GB'><head><title>t</title><style>p { colour: red }</style></head><body><p>x</p></body></html>"
    )
    with pytest.raises(RenderError, match=r"warning: Ignored `colour: red"):
        laid_out(html)


def test_a_long_url_wraps_in_the_pdf_instead_of_running_off_the_page(tmp_path):
    from pypdf import PdfReader

    url = "https://www.example.org/" + "x" * 128  # no hyphen or slash to break at
    assert len(url) == 152
    content = tmp_path / "content"
    write_paper(content / "p", body=changed(MINIMAL_BODY, "The net budget is", f"See {url} The net budget is"))
    result = build_bounded(content, tmp_path / "out", "--format", "pdf", timeout=60)
    assert result.code == 0, result.stderr
    reader = PdfReader(io.BytesIO((tmp_path / "out" / "p.pdf").read_bytes()))
    lines = "\n".join(page.extract_text() for page in reader.pages)
    assert url in lines.replace("\n", "")  # nothing lost
    assert max(len(line) for line in lines.splitlines()) < 100  # no line runs off the page's edge
