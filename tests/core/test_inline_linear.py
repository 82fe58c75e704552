"""Inline markup is read in one pass: 200 KB of unclosed markers parse in well under a second, and
the pieces are the ones the regular expression it replaced gave (issue 22: no input hangs it)."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys

import pytest

from councilpapers.core.inline import MarkupError, Piece, RefSpec, parse_inline

from ..helpers import ROOT

SIZE = 200_000
# Each case: text repeated to SIZE characters, and what the author gets: the text as it is
# (plain), pieces of markup, or the located error of a lone brace.
ADVERSARIAL = {
    "**a* ": "plain",  # the case that took 7 s at 40 KB (quadratic: minutes at 200 KB)
    "*a ** ": "plain",
    "** ": "plain",
    "*a **b ": "plain",
    "***a ": "pieces",  # ***a *** closes: bold around *a *
    "[a ": "plain",
    "[ **a](* ": "plain",
    "{a **b* ": "error",
    "{ ": "error",
    "{{a **b* [": "plain",
    "**a *b {c.d} ": "pieces",
    "*a **b** ": "pieces",
}
_CHILD = """
import json, sys, time
from councilpapers.core.inline import MarkupError, parse_inline
size, cases = int(sys.argv[1]), json.loads(sys.argv[2])
out = {}
for unit in cases:
    text = unit * (size // len(unit) + 1)  # whole units: 200 KB or a little more
    start = time.process_time()
    try:
        pieces = parse_inline(text)
        kind = "plain" if pieces == [text.replace("{{", "{")] else "pieces"
    except MarkupError as exc:
        kind = "error: " + str(exc)
    out[unit] = [kind, time.process_time() - start]
print(json.dumps(out))
"""


def test_adversarial_markup_parses_in_linear_time() -> None:
    """Every case of 200 KB ends within a second of processor time (the quadratic parser took
    about 7 s for 40 KB of the first); the whole run is bounded by a time-out, so a hang fails."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(SIZE), json.dumps(list(ADVERSARIAL))],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("parsing 200 KB of unclosed markup did not end within 60 s")
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    for unit, expected in ADVERSARIAL.items():
        kind, seconds = results[unit]
        assert seconds < 1.0, f"{unit!r} × {SIZE:,} characters took {seconds:.2f} s of processor time"
        if expected == "error":
            assert kind == "error: a lone { or } in the text: write {{ or }} for a brace", (unit, kind)
        else:
            assert kind == expected, (unit, kind)


def test_pieces_of_markup_as_written() -> None:
    assert parse_inline("a **bold** and *it* {x.y|pct} {{z}}") == [
        "a ",
        ("strong", ["bold"]),
        " and ",
        ("emph", ["it"]),
        " ",
        RefSpec("figure", "x.y", ("pct",), "{x.y|pct}"),
        " {z}",
    ]
    assert parse_inline("*a **b** c*") == [("emph", ["a ", ("strong", ["b"]), " c"])]
    assert parse_inline("2*3*4 and ** not bold**") == ["2*3*4 and ** not bold**"]
    with pytest.raises(MarkupError, match="lone"):
        parse_inline("**a {b** c}")


# The regular expression the one-pass parser replaced (quadratic on unclosed markers): the
# reference its pieces are compared with, on short texts where its time does not matter.
_OLD = re.compile(
    r"\{\{|\}\}|\{([^{}]*)\}|\*\*(?=\S)(.+?)(?<=\S)\*\*|(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])", re.S
)


def _old_parse(text: str) -> list[Piece]:
    from councilpapers.core import inline

    out: list[Piece] = []
    position = 0
    for match in _OLD.finditer(text):
        inline._add_text(out, text[position : match.start()])
        token = match.group(0)
        if token in ("{{", "}}"):
            inline._append(out, token[0])
        elif match.group(1) is not None:
            out.append(inline._ref(match.group(1)))
        elif match.group(2) is not None:
            out.append(("strong", _old_parse(match.group(2))))
        else:
            out.append(("emph", _old_parse(match.group(3))))
        position = match.end()
    rest = text[position:]
    if "{" in rest or "}" in rest:
        raise MarkupError("a lone { or } in the text: write {{ or }} for a brace")
    inline._add_text(out, rest)
    return out


def _outcome(parse: object, text: str) -> tuple[str, str]:
    try:
        return "pieces", repr(parse(text))  # type: ignore[operator]
    except MarkupError as exc:
        return "error", str(exc)


_ALPHABET = ["*", "**", "***", "{", "}", "{{", "}}", "a", "b1", " ", "\n", "\t", "\u00a0", "\u2003"]
_ALPHABET += ["x.y", "|", "_", "é", "Ω", "-", "(", "see:", "{a}", "{a.b|pct}", "{see:c}", "[", "]"]


def test_same_pieces_and_errors_as_the_regular_expression() -> None:
    """20,000 random mixes of markers, braces, letters and spaces (fixed seed): the same pieces,
    or the same error, as the regular expression gave (900,000 longer mixes agreed when it was written)."""
    rng = random.Random(22)
    for _ in range(20_000):
        text = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 24)))
        assert _outcome(parse_inline, text) == _outcome(_old_parse, text), repr(text)
