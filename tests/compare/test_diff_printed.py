"""`diff`'s differences are the difference of the printed figures: 4.82 → 4.87 is +0.05, not the
+0.04 of the unrounded 4.8249 and 4.8650; where both print alike, the change itself shows."""

from __future__ import annotations

import shutil
from decimal import Decimal

import pytest

from councilpapers.commands import main
from councilpapers.compare.figures import Fig
from councilpapers.compare.report import Change

from ..helpers import MINIMAL_BODY, MINIMAL_PAPER, ROOT, changed, write_paper
from .test_diff import git


def fig(value, decimals: int = 2, percent: bool = False) -> Fig:
    return Fig("t.r.c", "R, C", value, "", False, (), "t", "T", decimals, percent)


@pytest.mark.parametrize(
    "old, new, decimals, text, in_table",
    [
        (Decimal("4.8249"), Decimal("4.8650"), 2, "+0.05", "+0.05"),  # printed 4.82 and 4.87
        (Decimal("4.8650"), Decimal("4.8249"), 2, "\u22120.05", "(0.05)"),
        (Decimal("4.821"), Decimal("4.824"), 2, "+0.003", "+0.003"),  # both print 4.82: the change itself
        (Decimal("2.5"), Decimal("3.4"), 0, "+0.9", "+0.9"),  # both print 3
        (Decimal("0.5"), Decimal("1.49"), 0, "+0.99", "+0.99"),  # both print 1
        (Decimal("1.0000001"), Decimal("1.0000002"), 2, "0", "0"),  # too small to show at six places
        (1000, 1250, 0, "+250", "+250"),
        (Decimal("-0.4"), Decimal("0.6"), 0, "+1", "+1"),  # 0 → 1
    ],
)
def test_a_difference_is_of_the_printed_figures(old, new, decimals, text, in_table):
    change = Change(fig(old, decimals), fig(new, decimals))
    assert change.difference_text == text and change.difference_in_table == in_table


def test_a_change_of_decimals_differences_each_figure_as_it_printed():
    change = Change(fig(Decimal("4.8249"), 2), fig(Decimal("4.8650"), 1))  # 4.82 → 4.9
    assert change.difference == Decimal("0.08")


TABLE = """\
      - table:
          id: rates
          caption: Rates
          columns:
            - {id: area, header: Area, type: text}
            - {id: change, header: Change, unit: "£"}
            - {id: base, header: Base, unit: "£"}
            - {id: rate, header: Change of base, unit: "%", formula: change / base * 100, decimals: 2}
          rows:
            - {id: a, area: Alpha, change: 48249, base: 1000000}
"""


def test_diff_says_4_82_to_4_87_plus_0_05(tmp_path, capsys):
    body = changed(MINIMAL_BODY, "      - table:\n          id: budget", TABLE + "      - table:\n          id: budget")
    write_paper(tmp_path / "content" / "p", MINIMAL_PAPER, body=body)
    shutil.copytree(ROOT / "templates" / "styles", tmp_path / "templates" / "styles")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "As published")
    file = tmp_path / "content" / "p" / "body.yaml"
    file.write_text(changed(file.read_text(encoding="utf-8"), "change: 48249", "change: 48650"), encoding="utf-8")
    code = main(["diff", "p", "--content", str(tmp_path / "content")])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "48,249 → 48,650 (+401)" in out
    assert "Alpha, Change of base (%) [rates.a.rate]: 4.82 → 4.87 (+0.05)" in out  # not the +0.04 of 0.0401
