"""Shared helpers: the project's paths and small content folders written for one test."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
PAPER = CONTENT / "budget-2018-20"
SEEDS = Path(__file__).resolve().parent / "seeds"
GOLDENS = Path(__file__).resolve().parent / "goldens"

MINIMAL_PAPER = """\
style: manchester-2018
report_type: Report for Resolution
report_to:
  - body: Executive
    date: 2018-02-07
subject: A test paper
report_of: The Treasurer
summary:
  - A summary.
recommendations:
  - To note the report.
wards_affected: All
financial_consequences: None.
contact_officers:
  - name: A Officer
    position: Treasurer
body: [body.yaml]
"""

MINIMAL_BODY = """\
sections:
  - title: Budget
    blocks:
      - para: The net budget is {budget.total.net|£m}.
      - table:
          id: budget
          caption: Budget
          tolerance: 1
          columns:
            - {id: area, header: Service Area, type: text}
            - {id: net, header: Net Budget, unit: "£,000"}
          rows:
            - {id: a, area: Alpha, net: 1000}
            - {id: b, area: Beta, net: 2500}
            - {id: total, area: Total, sum: above, published: {net: 3500}}
"""


def write_paper(folder: Path, paper: str = MINIMAL_PAPER, **files: str) -> Path:
    """A paper folder holding paper.yaml and the given files (body='…' → body.yaml)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "paper.yaml").write_text(textwrap.dedent(paper), encoding="utf-8")
    files.setdefault("body", MINIMAL_BODY)
    for name, text in files.items():
        (folder / f"{name.replace('_', '-')}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def copy_real_paper(tmp: Path) -> Path:
    """A copy of the February paper that a test may change."""
    target = tmp / "content" / PAPER.name
    shutil.copytree(PAPER, target)
    return target


def untitled_captions(document) -> list[str]:
    """The captions of every table the paper prints without a title, front sheet included."""
    tables = list(document.tables()) + [b for f in document.front.fields for b in f.blocks if b.kind == "table"]
    return [t.caption for t in tables if not t.title]


def changed(text: str, old: str, new: str, count: int = -1) -> str:
    """`text` with `old` replaced by `new`, as a test edits content: an edit that finds nothing
    fails the test here, instead of letting it pass on content it never changed."""
    assert old in text, f"the test's edit finds nothing to change: {old!r} is not in the text"
    return text.replace(old, new, count)
