"""Papers of random structure, sizes and text: every build succeeds or fails with located
errors (file:line:column), exit 1 and no traceback; never anything else."""

from __future__ import annotations

import re
from decimal import Decimal

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from councilpapers.commands import main

from ..helpers import MINIMAL_PAPER, write_paper

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
SAFE = st.text(st.characters(whitelist_categories=("L", "N", "Zs", "Pd", "Po", "Sc")), min_size=1, max_size=80)
TRICKY = st.one_of(
    TEXT,
    st.sampled_from(
        ["{see:nowhere}", "**bold**", "*it*", "{{x}}", "{nope|%}", "a { b", "{budget.r0.net|n:2}", "{budget.r0.net|£m}"]
    ),
)
WORDS = st.one_of(SAFE, SAFE, SAFE, SAFE, TRICKY)  # mostly valid, so the writers run too
NUMBER = st.one_of(
    st.integers(-(10**9), 10**9),
    st.integers(-(10**9), 10**9),
    st.decimals(-(10**6), 10**6, places=3, allow_nan=False),
    st.sampled_from(["1,000", "=r0.net * 2", "=nope", True, None, "TBC"]),
)


def blocks(depth: int = 0):
    kinds = [
        st.builds(lambda t: {"para": t}, WORDS),
        st.builds(lambda t: {"text": t}, WORDS),
        st.builds(lambda t: {"heading": t}, WORDS),
        st.builds(lambda items: {"bullets": items}, st.lists(WORDS, min_size=0, max_size=4)),
        st.builds(
            lambda items, style, start: {"numbered": items, "style": style, "start": start},
            st.lists(WORDS, min_size=1, max_size=4),
            st.sampled_from(["decimal", "roman", "alpha"]),
            st.integers(1, 30),
        ),
        st.builds(table, st.lists(NUMBER, min_size=1, max_size=5), st.booleans()),
        st.builds(lambda t: {"quote": t}, WORDS),
    ]
    odd = st.dictionaries(
        st.sampled_from(["para", "tabel", "quote", "repeat", "numbered"]), TRICKY, min_size=1, max_size=2
    )
    return st.lists(st.one_of(*kinds, *kinds, odd), min_size=1, max_size=5)


def table(values, with_total):
    rows = [{"id": f"r{i}", "area": f"Row {i}", "net": v} for i, v in enumerate(values)]
    if with_total:
        rows.append({"id": "total", "area": "Total", "sum": "above"})
    return {
        "table": {
            "id": "budget",
            "caption": "Budget",
            "columns": [
                {"id": "area", "header": "Area", "type": "text"},
                {"id": "net", "header": "Net", "unit": "£,000"},
            ],
            "rows": rows,
        }
    }


def to_yaml(data) -> str:
    def plain(value):
        if isinstance(value, Decimal):
            return float(value)
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    return yaml.safe_dump(plain(data), allow_unicode=True, sort_keys=False)


LOCATED = re.compile(r"^\S+\.yaml:\d+:\d+: ")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(st.lists(st.tuples(SAFE, blocks()), min_size=1, max_size=3), st.one_of(st.none(), st.none(), st.none(), TEXT))
def test_every_random_paper_builds_or_fails_with_located_errors(tmp_path_factory, sections, garbage):
    folder = tmp_path_factory.mktemp("p") / "content" / "p"
    body = to_yaml({"sections": [{"title": t, "blocks": b} for t, b in sections]})
    if garbage is not None:
        body += garbage
    write_paper(folder, MINIMAL_PAPER, body=body)
    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(
            [
                "--content",
                str(folder.parent),
                "--output",
                str(folder.parent.parent / "out"),
                "--format",
                "html,model,docx",
            ]
        )
    lines = err.getvalue().splitlines()
    assert code in (0, 1), err.getvalue()
    assert "Traceback" not in err.getvalue() and "internal error" not in err.getvalue()
    if code == 1:
        assert lines[-1].startswith("content error:"), err.getvalue()
        assert all(LOCATED.match(line) for line in lines[:-1]), err.getvalue()
