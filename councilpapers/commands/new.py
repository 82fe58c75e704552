"""`build.py new <slug> [--style NAME]`: a paper folder with every field of the style's front
sheet present and explained, ready to fill in, which builds straight away."""

from __future__ import annotations

import argparse
import datetime
import re
from pathlib import Path
from typing import TYPE_CHECKING

from councilpapers.commands.options import COMMAND_WORDS, add_content, add_debug, rel
from councilpapers.core.errors import UsageError

if TYPE_CHECKING:
    from councilpapers.load.style import HouseStyle

NAME = "new"
SUMMARY = "start a paper: content/SLUG/ with every front-sheet field of the style, ready to fill in"
SLUG = r"^[a-z0-9][a-z0-9-]*$"  # a paper folder's name


def add_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("slug", nargs="*", metavar="SLUG", help="the new paper's folder name")
    p.add_argument("--style", help="the house style (default: neutral, for any council; see templates/styles/)")
    p.add_argument("--council", help="the council, for a style that names none")
    add_content(p)
    add_debug(p)


def run(args: argparse.Namespace) -> int:
    from councilpapers.load.defaults import DEFAULT_STYLE
    from councilpapers.load.style import load_style

    if len(args.slug) != 1:
        raise UsageError("write: build.py new SLUG [--style NAME] [--council NAME]")
    (slug,) = args.slug
    if slug in COMMAND_WORDS:
        raise UsageError(f"'{slug}' is a command's name (build.py {slug}): choose another name for the paper")
    name = args.style or DEFAULT_STYLE
    for path in scaffold(args.content, slug, name, load_style(name), args.council):
        print(f"wrote {rel(path)}")
    print(f"build it with: build.py {slug}")
    return 0


# For each front-sheet field: the comment an author reads, and the YAML to start from.
FIELDS = {
    "report_to": (
        "The committees the report goes to, each with its meeting date.",
        "report_to:\n  - body: Executive\n    date: {date}\n",
    ),
    "meeting_date": ("(Printed from the first report_to date: nothing to write.)", ""),
    "subject": (
        "The subject: also the title of the PDF and Word document.",
        "subject: Write the report's subject here\n",
    ),
    "report_of": ("Who the report is from.", "report_of: Director of Finance\n"),
    "purpose": (
        "Why the report is brought: paragraphs, or blocks (text:, bullets:).",
        "purpose:\n  - To set out why the committee receives this report.\n",
    ),
    "summary": (
        "A few paragraphs saying what the report is about.",
        "summary:\n  - This report sets out what the committee is asked to consider.\n",
    ),
    "recommendations": (
        "Several plain recommendations are numbered for you; or write blocks.",
        "recommendations:\n  - To note the report.\n  - To approve the proposals in section 2.\n",
    ),
    "wards_affected": ("The wards the report affects, or All.", "wards_affected: All\n"),
    "strategy_outcomes": (
        "Each outcome of the council's strategy, and this report's contribution "
        '(contribution: "" where there is none).',
        "strategy_outcomes:\n  - outcome: A thriving economy\n"
        "    contribution: Say how the report contributes, or leave it empty.\n",
    ),
    "implications": (
        'The policies the body of the report covers (or {policy: ..., answer: "Yes"} pairs).',
        "implications:\n  - Equal Opportunities\n  - Risk Management\n  - Legal Considerations\n",
    ),
    "financial_consequences": (
        "One text, a list of paragraphs, or {revenue: ..., capital: ...}.",
        "financial_consequences:\n  revenue: The proposals are within the approved budget.\n  capital: None.\n",
    ),
    "contact_officers": (
        "Each contact: name, and optionally position, telephone (in quotes) and email.",
        "contact_officers:\n  - name: A Officer\n    position: Head of Finance\n"
        '    telephone: "01234 567890"\n    email: a.officer@example.org\n',
    ),
    "background_documents": ("Documents the report relies on, one per line.", "background_documents:\n  - None\n"),
}

BODY = """\
# yaml-language-server: $schema=../../schema/part.schema.json
# The body of the paper: sections, numbered for you. See docs/authoring.md.
sections:
  - title: Introduction
    blocks:
      - para: A numbered paragraph. Write the report's introduction here.
      - bullets:
          - A point
          - Another point
  - title: Financial implications
    label: finance
    blocks:
      - para: The budget totals {budget.total.net|£m}, set out below.
      - table:
          id: budget
          title: "Table 1: Budget"
          columns:
            - {{id: area, header: Service area, type: text}}
            - {{id: net, header: Net budget, unit: "£,000"}}
          rows:
            - {{id: first, area: First service, net: 1200}}
            - {{id: second, area: Second service, net: 800}}
            - {{id: total, area: Total, sum: above}}
"""


def scaffold(content: Path, slug: str, style_name: str, style: HouseStyle, council: str | None) -> list[Path]:
    """Write content/<slug>/paper.yaml and sections.yaml; refuse to touch an existing folder."""
    if not re.match(SLUG, slug):
        raise UsageError(f"'{slug}' is not a paper name: use lowercase letters, digits and -")
    folder = content / slug
    if folder.exists():
        raise UsageError(f"{folder} already exists: choose another name")
    if style.council is None and not council:
        raise UsageError(f'the style {style_name} names no council: give one with --council "Name of Council"')
    folder.mkdir(parents=True)
    paper, body = folder / "paper.yaml", folder / "sections.yaml"
    paper.write_text(paper_yaml(style_name, style, council), encoding="utf-8")
    body.write_text(BODY.replace("{{", "{").replace("}}", "}"), encoding="utf-8")
    return [paper, body]


def paper_yaml(style_name: str, style: HouseStyle, council: str | None) -> str:
    kind = style.report_types[0]
    others = ", ".join(f'"{t.name}"' for t in style.report_types[1:])
    lines = [
        "# yaml-language-server: $schema=../../schema/paper.schema.json",
        f"# A paper in the {style_name} house style (templates/styles/{style_name}.yaml).",
        "# The front sheet's fields, in the style's order; see docs/authoring.md.",
        f"style: {style_name}",
    ]
    if style.council is None:
        lines.append(f"council: {_quoted(council or '')}")
    lines.append(f"report_type: {kind.name}" + (f"        # or {others}" if others else ""))
    date = datetime.date.today().isoformat()
    for spec in style.front_sheet:
        comment, text = FIELDS[spec.field]
        required = " (required)" if spec.field in kind.requires else ""
        lines.append(f"\n# {spec.field}{required}: {comment}")
        if text:
            lines.append(text.format(date=date).rstrip("\n"))
    lines += [
        '\n# Named figures for {name} in text: {value: 12.5, unit: "£m"}, or a formula of others.',
        "figures: {}",
        "body: [sections.yaml]",
        "",
    ]
    return "\n".join(lines)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
