"""Loading stage: a paper folder → validated content, every problem reported at once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from councilpapers.core.errors import ContentError, Problem, UsageError
from councilpapers.load.defaults import default_style
from councilpapers.load.exemptions import Exemption, meeting_exemptions
from councilpapers.load.fonts import font_problems
from councilpapers.load.messages import describe, did_you_mean
from councilpapers.load.schema.paper import FRONT_FIELDS, Paper
from councilpapers.load.schema.parts import Part
from councilpapers.load.style import HouseStyle, Labels, load_style
from councilpapers.load.validate import inside, outside_problem, read_source, validate
from councilpapers.load.yamlsource import Source


@dataclass(frozen=True)
class LoadedPart:
    """One body or appendix file: its validated content and its source for locating problems."""

    source: Source
    part: Part


@dataclass(frozen=True)
class LoadedPaper:
    slug: str
    source: Source
    paper: Paper
    body: tuple[LoadedPart, ...]
    appendices: tuple[LoadedPart, ...]
    style: HouseStyle
    problems: tuple[Problem, ...] = ()  # found while loading but not stopping it (duplicate keys)
    exemption: Exemption | None = None  # where a meeting marks it not for publication

    @property
    def exempt(self) -> int | None:
        """Its Schedule 12A paragraph: its own `exempt:`, else a meeting's; None when it may be published."""
        if self.paper.exempt:
            return self.paper.exempt.paragraph
        return self.exemption.paragraph if self.exemption else None


def load_paper(folder: Path) -> LoadedPaper:
    """Read and validate paper.yaml and every file it lists: only files inside content/."""
    problems: list[Problem] = []
    duplicates: list[Problem] = []
    content = folder.parent
    if not inside(folder, content) or not inside(folder / "paper.yaml", content):
        raise ContentError([outside_problem(folder / "paper.yaml", content)])
    source = read_source(folder / "paper.yaml", problems, duplicates)
    paper = validate(source, Paper, problems) if source else None
    if source is None:
        raise ContentError(problems)
    body = _load_parts(folder, source, "body", _file_list(source, "body"), "sections", problems, duplicates)
    appendices = _load_parts(
        folder, source, "appendices", _file_list(source, "appendices"), "appendices", problems, duplicates
    )
    style = _style_of(folder, source, paper, problems) if paper is not None else None
    if style is not None:
        problems.extend(font_problems([source, *(p.source for p in (*body, *appendices))], style.fonts.family))
    complete = paper is not None and len(body) == len(paper.body) and len(appendices) == len(paper.appendices)
    if not complete or paper is None or style is None or any(p not in duplicates for p in problems):
        raise ContentError(problems)
    exemption = meeting_exemptions(content).get(folder.name)
    return LoadedPaper(folder.name, source, paper, tuple(body), tuple(appendices), style, tuple(problems), exemption)


def _style_of(folder: Path, source: Source, paper: Paper, problems: list[Problem]) -> HouseStyle | None:
    """The paper's house style, and the paper checked against it (report type, fields, labels)."""
    name = paper.style or default_style(folder.parent)
    try:
        style = load_style(name)
    except UsageError as exc:
        problems.append(source.problem(("style",), str(exc)))
        return None
    except ContentError as exc:
        problems.extend(exc.problems)
        return None
    problems.extend(front_sheet_problems(source, paper, style, name))
    return style


def front_sheet_problems(source: Source, paper: Paper, style: HouseStyle, name: str) -> list[Problem]:
    """A report type the style knows, every field it requires, no field it has no place for."""
    problems = []
    kind = style.report_type(paper.report_type)
    if kind is None:
        known = ", ".join(f"'{t.name}'" for t in style.report_types)
        problems.append(
            source.problem(
                ("report_type",), f"the style {name} has no report type {describe(paper.report_type)}; it knows {known}"
            )
        )
    for key in kind.requires if kind is not None else ():
        if key != "meeting_date" and not getattr(paper, key):
            problems.append(
                source.problem((), f"missing field '{key}': a {paper.report_type} needs it in the style {name}")
            )
    for key in FRONT_FIELDS:
        if key in paper.model_fields_set and getattr(paper, key) and not style.shows(key):
            problems.append(source.problem((key,), f"the style {name} has no place for '{key}' on its front sheet"))
    if style.council is None and paper.council is None:
        problems.append(source.problem((), f"missing field 'council': the style {name} names no council"))
    for label, text in paper.labels.items():
        if label not in Labels.model_fields:
            problems.append(
                source.problem(
                    ("labels", label), f"no label '{label}'" + did_you_mean(label, list(Labels.model_fields))
                )
            )
        elif (wrong := label_problem(label, text)) is not None:
            problems.append(source.problem(("labels", label), wrong))
    return problems


def label_problem(label: str, text: str) -> str | None:
    """What the house style's own check says of a paper's label (a template's placeholders), or None."""
    try:
        Labels.model_validate({label: text})
    except ValidationError as exc:
        return str(exc.errors()[0]["msg"])
    return None


def _file_list(source: Source, field: str) -> list[str]:
    """The file names listed under a field, read from the raw data so that a paper.yaml with
    other problems still has its files checked."""
    names = source.data.get(field) if isinstance(source.data, dict) else None
    return [n for n in names if isinstance(n, str)] if isinstance(names, list) else []


def _load_parts(
    folder: Path,
    paper_source: Source,
    field: str,
    names: list[str],
    expected: str,
    problems: list[Problem],
    duplicates: list[Problem],
) -> list[LoadedPart]:
    parts = []
    for index, name in enumerate(names):
        file = folder / name
        if Path(name).name != name or not file.is_file():
            problems.append(paper_source.problem((field, index), f"no file '{name}' in {folder.name}/"))
            continue
        if not inside(file, folder.parent):
            problems.append(
                paper_source.problem(
                    (field, index),
                    f"'{name}' is a link to a file outside {folder.parent.name}/: copy the file in instead",
                )
            )
            continue
        source = read_source(file, problems, duplicates)
        part = validate(source, Part, problems) if source else None
        if part is None or source is None:
            continue
        if not getattr(part, expected):
            other = "appendices" if expected == "sections" else "sections"
            problems.append(
                source.problem(
                    (),
                    f"a file listed under '{field}' needs '{expected}:'"
                    + (f" (this one has '{other}:')" if getattr(part, other) else ""),
                )
            )
        parts.append(LoadedPart(source, part))
    return parts
