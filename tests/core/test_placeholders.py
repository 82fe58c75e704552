"""Placeholders in a style's or paper's words: {name} only, {{ }} for braces, never a Python format."""

from __future__ import annotations

import time

import pytest

from councilpapers.core.placeholders import PlaceholderError, Template, fill, literal, parse


def test_a_template_is_its_text_and_named_placeholders():
    assert parse("Page {page} of {pages}", ("page", "pages")) == Template(
        (("text", "Page "), ("field", "page"), ("text", " of "), ("field", "pages"))
    )
    assert fill("Appendix {number}", {"number": "2"}) == "Appendix 2"
    assert fill("{s}.{n}", {"s": "3", "n": "10"}) == "3.10"
    assert parse("", ("n",)).pieces == ()
    assert fill("no placeholder", {}) == "no placeholder"


def test_doubled_braces_print_one_brace():
    assert fill("Annex {{{number}}}", {"number": "4"}) == "Annex {4}"
    assert fill("{{number}}", {"number": "4"}) == "{number}"
    assert fill(literal("a {b} }"), {}) == "a {b} }"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{nummer}", "unknown placeholder {nummer}; use {number}"),
        ("{0}", "unknown placeholder {0}; use {number}"),
        ("{}", "unknown placeholder {}; use {number}"),
        ("{NUMBER}", "unknown placeholder {NUMBER}; use {number}"),
        ("{", "a { with no } to close it: write {{ for a brace"),
        ("Appendix {number", "a { with no } to close it: write {{ for a brace"),
        ("a{b{number}", "a { with no } to close it: write {{ for a brace"),
        ("}", "a } with no { before it: write }} for a brace"),
        ("{number:>100000000}", "a placeholder takes no width or format: {number:>100000000}; write {number} alone"),
        ("{number!r}", "a placeholder takes no conversion: {number!r}; write {number} alone"),
        ("{number.__class__.__mro__}", "a placeholder takes no attribute: {number.__class__.__mro__}"),
        ("{number[0]}", "a placeholder takes no index: {number[0]}; write {number} alone"),
    ],
)
def test_anything_else_in_braces_is_refused_in_an_authors_words(text, message):
    with pytest.raises(PlaceholderError) as raised:
        parse(text, ("number",))
    assert message in str(raised.value)


def test_a_misspelt_name_among_several_is_guessed_and_the_names_listed_in_order():
    with pytest.raises(PlaceholderError, match=r"unknown placeholder \{pags\} \(did you mean \{pages\}\?\); use "):
        parse("{pags}", ("page", "pages", "item"))
    with pytest.raises(PlaceholderError, match=r"use \{s\} or \{n\}$"):
        parse("{m}", ("s", "n"))
    with pytest.raises(PlaceholderError, match=r"this text takes no placeholders"):
        parse("{x}", ())


def test_a_long_bad_placeholder_is_quoted_short():
    with pytest.raises(PlaceholderError) as raised:
        parse("{" + "x" * 10_000 + "}", ("n",))
    assert len(str(raised.value)) < 120


def test_filling_never_reaches_the_values_attributes_or_widths():
    class Number(str):
        secret = "internals"

    assert fill("{n}", {"n": Number("7")}) == "7"
    with pytest.raises(PlaceholderError, match="no value for {n}"):
        parse("{n}", ("n",)).fill({})


def test_parsing_takes_time_in_proportion_to_the_text():
    started = time.perf_counter()
    for text in ("}}" * 200_000, "{n}" * 100_000, "{{" * 200_000, "x" * 1_000_000):
        parse(text, ("n",))
    with pytest.raises(PlaceholderError):
        parse("{" + "a" * 1_000_000, ("n",))
    assert time.perf_counter() - started < 5
