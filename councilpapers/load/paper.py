"""Loading stage: a paper folder → validated content, every problem reported at once."""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from councilpapers.core.errors import ContentError, Problem, UsageError
from councilpapers.load.schema import (
    ALL_FIELD_NAMES,
    BLOCK_KINDS,
    FRONT_BLOCK_KINDS,
    FRONT_FIELDS,
    SHEET_NAME,
    Paper,
    Part,
)
from councilpapers.load.style import HouseStyle, Labels, load_style
from councilpapers.load.yamlsource import Source, load_yaml


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


def inside(path: Path, root: Path) -> bool:
    """Whether a path, symlinks followed, lies inside a folder (itself resolved)."""
    return path.resolve().is_relative_to(root.resolve())


def outside_problem(file: Path, root: Path) -> Problem:
    return Problem(
        file,
        1,
        1,
        "",
        f"{file.name} is a link to a file outside {root.name}/: the toolkit reads "
        f"only files inside {root.name}/; copy the file in instead",
    )


def load_paper(folder: Path) -> LoadedPaper:
    """Read and validate paper.yaml and every file it lists: only files inside content/."""
    problems: list[Problem] = []
    duplicates: list[Problem] = []
    content = folder.parent
    if not inside(folder, content) or not inside(folder / "paper.yaml", content):
        raise ContentError([outside_problem(folder / "paper.yaml", content)])
    source = _read(folder / "paper.yaml", problems, duplicates)
    paper = _validate(source, Paper, problems) if source else None
    if source is None:
        raise ContentError(problems)
    body = _load_parts(folder, source, "body", _file_list(source, "body"), "sections", problems, duplicates)
    appendices = _load_parts(
        folder, source, "appendices", _file_list(source, "appendices"), "appendices", problems, duplicates
    )
    style = _style_of(folder, source, paper, problems) if paper is not None else None
    complete = paper is not None and len(body) == len(paper.body) and len(appendices) == len(paper.appendices)
    if not complete or paper is None or style is None or any(p not in duplicates for p in problems):
        raise ContentError(problems)
    return LoadedPaper(folder.name, source, paper, tuple(body), tuple(appendices), style, tuple(problems))


DEFAULT_STYLE = "neutral"


def default_style(content: Path) -> str:
    """The style of papers that name none: content/defaults.yaml's `style:`, else the neutral one."""
    file = content / "defaults.yaml"
    if not file.is_file():
        return DEFAULT_STYLE
    if not inside(file, content):
        raise ContentError([outside_problem(file, content)])
    source = load_yaml(file)
    data = source.data if isinstance(source.data, dict) else {}
    if set(data) - {"style"} or not isinstance(data.get("style", ""), str):
        raise ContentError([source.problem((), "defaults.yaml holds only `style: <name>`")])
    return data.get("style", DEFAULT_STYLE)


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
    for label in paper.labels:
        if label not in Labels.model_fields:
            problems.append(
                source.problem(
                    ("labels", label), f"no label '{label}'" + did_you_mean(label, list(Labels.model_fields))
                )
            )
    return problems


def read_validated(file: Path, model: type[BaseModel], problems: list[Problem]) -> tuple[Source | None, Any]:
    """One YAML file read and validated against a model; its problems added to `problems`."""
    duplicates: list[Problem] = []
    source = _read(file, problems, duplicates)
    return source, (_validate(source, model, problems) if source else None)


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
        source = _read(file, problems, duplicates)
        part = _validate(source, Part, problems) if source else None
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


def _read(file: Path, problems: list[Problem], duplicates: list[Problem]) -> Source | None:
    """A file's source; its duplicate keys are problems that still let checking go on."""
    try:
        source = load_yaml(file)
    except ContentError as exc:
        problems.extend(exc.problems)
        return None
    problems.extend(source.problems)
    duplicates.extend(source.problems)
    return source


def _validate(source: Source, model: type[BaseModel], problems: list[Problem]) -> Any:
    if not isinstance(source.data, dict):
        problems.append(source.problem((), "expected a mapping of fields at the top of the file"))
        return None
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        problems.extend(_problem(source, error, model) for error in exc.errors())
        return None


def _problem(source: Source, error: Any, model: type[BaseModel] | None = None) -> Problem:
    path = data_path(source.data, error["loc"])
    if error["type"] == "string_type" and path in source.raw:
        return source.problem(path, read_as(source.raw[path], error.get("input")))
    if error["type"] == "extra_forbidden" and model is not None:
        allowed = fields_here(model, source.data, path)
        if allowed:
            name = str(path[-1])
            listed = f"; allowed here: {', '.join(allowed)}" if len(allowed) <= 12 else ""
            return source.problem(path, f"unknown field '{name}'{did_you_mean(name, allowed)}{listed}")
    return source.problem(path, author_message(error, path))


def fields_here(model: type[BaseModel], data: Any, path: tuple) -> list[str]:
    """The fields an author may write where `path` ends: the model of the mapping that holds it."""
    from councilpapers.load import schema as s

    parents = {
        "table": s.Table,
        "columns": s.Column,
        "report_to": s.ReportTo,
        "contact_officers": s.ContactOfficer,
        "strategy_outcomes": s.StrategyOutcome,
        "sections": s.Section,
        "appendices": s.Appendix,
        "parts": s.Appendix,
        "exempt": s.Exempt,
        "numbering": s.NumberingOverride,
        "reconcile": s.Reconciliation,
        "rows_from": s.RowsFrom,
        "value_from": s.ValueFrom,
        "financial_consequences": s.FinancialConsequences,
        "implications": s.Implication,
        "bullets": s.ListItemWithChildren,
        "numbered": s.ListItemWithChildren,
    }
    holder = data
    for part in path[:-1]:
        holder = holder[part] if isinstance(holder, (dict, list)) else None
    names = [p for p in path[:-1] if isinstance(p, str)]
    if not isinstance(holder, dict):
        return []
    found: Any
    if len(path) == 1:
        found = model
    elif len(names) >= 2 and names[-2] == "figures" and path[-2] == names[-1]:
        found = s.NamedFigure
    elif (
        names
        and names[-1] in parents
        and names[-1] not in ("bullets", "numbered")
        and (isinstance(path[-2], int) or path[-2] == names[-1])
    ):
        found = parents[names[-1]]  # an item of sections, columns, report_to …
    elif any(kind in holder for kind in BLOCK_KINDS):
        found = BLOCK_KINDS[next(kind for kind in BLOCK_KINDS if kind in holder)]
    else:
        found = parents.get(names[-1]) if names else None
    return sorted(found.model_fields) if found is not None else []


def read_as(written: str, value: Any) -> str:
    """YAML read a word as something else: say so, and to put it in quotes."""
    what = "true or false" if isinstance(value, bool) else "a date"
    return f"expected text, got {written}, which YAML reads as {what}: put it in quotes ('{written}')"


def data_path(data: Any, loc: tuple) -> tuple:
    """Pydantic's location with its union tags removed: the path of keys and indices in the file."""
    path, node = [], data
    for position, part in enumerate(loc):
        rest = loc[position + 1 :]
        if (
            isinstance(node, dict)
            and part in node
            and part in BLOCK_KINDS
            and rest
            and not isinstance(node[part], (dict, list))
            and rest[0] not in ("",)
        ):
            continue  # the union's tag (a block's kind), not the key of the same name
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        elif isinstance(part, str) and part in BLOCK_KINDS or part in ("text", "item", "str", "rows_from", "row"):
            if not (isinstance(node, dict) and part in node):
                continue
        else:
            path.append(part)
            break
        path.append(part)
    return tuple(path)


def describe(value: Any) -> str:
    """An input value as an author wrote it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in value)
        return f"'{shown}'" if len(shown) < 60 else f"'{shown[:57]}…'"
    if isinstance(value, (int, float, Decimal)):
        return f"the number {value}"
    if isinstance(value, dict):
        return "a mapping of fields"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return str(value)


def author_message(error: dict, path: tuple) -> str:
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    name = path[-1] if path and isinstance(path[-1], str) else ""
    if kind == "missing":
        return f"missing required field '{error['loc'][-1]}'"
    if kind == "extra_forbidden":
        return f"unknown field '{name}'{did_you_mean(str(name), ALL_FIELD_NAMES)}"
    if kind in ("string_type",):
        hint = (
            " (put it in quotes)"
            if isinstance(value, (int, float, Decimal)) or isinstance(value, datetime.date)
            else ""
        )
        return f"expected text, got {describe(value)}{hint}"
    if kind in ("int_type", "float_type", "int_from_float", "decimal_type", "is_instance_of"):
        return f"expected a number, got {describe(value)}" + (
            " (write it without commas)" if isinstance(value, str) and "," in value else ""
        )
    if kind == "literal_error":
        return f"expected one of {ctx.get('expected')}, got {describe(value)}"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern"))
        return f"{describe(value)} " + PATTERN_HINTS.get(pattern, f"does not have the form {pattern}")
    if kind == "list_type":
        return f"expected a list, got {describe(value)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping of fields, got {describe(value)}"
    if kind in ("date_type", "date_from_datetime_parsing", "date_parsing"):
        return f"expected a date such as 2018-02-07, got {describe(value)}"
    if kind == "bool_type":
        return f"expected true or false, got {describe(value)}"
    if kind == "too_short":
        return "must not be empty"
    if kind == "block_kind":
        keys = list(value) if isinstance(value, dict) else []
        guess = next((did_you_mean(k, list(BLOCK_KINDS)) for k in keys if did_you_mean(k, list(BLOCK_KINDS))), "")
        return f"a block starts with one of: {', '.join(BLOCK_KINDS)}; got {describe(value)}{guess}"
    if kind == "front_block":
        return f"a paragraph (text) or a block ({', '.join(FRONT_BLOCK_KINDS)}); got {describe(value)}"
    if kind == "union_type" or kind == "list_item":
        return f"a list item is text, or {{text: ..., bullets: [...]}}; got {describe(value)}"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"{error['msg'].lower()}, got {describe(value)}"
    return f"{error['msg']}, got {describe(value)}"


PATTERN_HINTS = {
    SHEET_NAME: "is not a sheet name: at most 31 characters, none of [ ] : * ? / \\, not starting or ending "
    "with an apostrophe or a space",
    r"^[a-z][a-z0-9_]*$": "is not a valid id: use lowercase letters, digits and _, starting with a letter",
    r"^([01][0-9]|2[0-3]):[0-5][0-9]$": 'is not a time: write it as "10:00" (24-hour clock, in quotes)',
    r"^[0-9]{1,3}[a-z]?$": 'is not an item number: write "5", or "5a" for a sub-item (in quotes)',
    r"^#[0-9a-fA-F]{6}$": "is not a colour: write it as #rrggbb",
    r"^[a-z]{2}(-[A-Z]{2})?$": "is not a language: write it as en-GB",
}


def did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, [c for c in choices if c != word], n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""
