"""Loading stage: one YAML file read and validated against a model; only files inside the content folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from councilpapers.core.errors import ContentError, Problem
from councilpapers.load.messages import author_message, did_you_mean, read_as
from councilpapers.load.schema.blocks import BLOCK_KINDS, ListItemWithChildren
from councilpapers.load.schema.paper import (
    ContactOfficer,
    Exempt,
    FinancialConsequences,
    Implication,
    NamedFigure,
    NumberingOverride,
    Reconciliation,
    ReportTo,
    StrategyOutcome,
    ValueFrom,
)
from councilpapers.load.schema.parts import Appendix, Section
from councilpapers.load.schema.tables import Column, RowsFrom, Table
from councilpapers.load.yamlsource import Path_, Source, load_yaml

Model = TypeVar("Model", bound=BaseModel)


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


def read_validated(file: Path, model: type[Model], problems: list[Problem]) -> tuple[Source | None, Model | None]:
    """One YAML file read and validated against a model; its problems added to `problems`."""
    duplicates: list[Problem] = []
    source = read_source(file, problems, duplicates)
    return source, (validate(source, model, problems) if source else None)


def read_source(file: Path, problems: list[Problem], duplicates: list[Problem]) -> Source | None:
    """A file's source; its duplicate keys are problems that still let checking go on."""
    try:
        source = load_yaml(file)
    except ContentError as exc:
        problems.extend(exc.problems)
        return None
    problems.extend(source.problems)
    duplicates.extend(source.problems)
    return source


def validate(source: Source, model: type[Model], problems: list[Problem]) -> Model | None:
    if not isinstance(source.data, dict):
        problems.append(source.problem((), "expected a mapping of fields at the top of the file"))
        return None
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        problems.extend(_problem(source, error, model) for error in exc.errors())
        return None


def _problem(source: Source, error: ErrorDetails, model: type[BaseModel] | None = None) -> Problem:
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


def _meeting_parents() -> dict[str, type[BaseModel]]:
    """The models of a meeting file's (and a committee file's) mappings, by the key that holds them."""
    from councilpapers.load.meeting_schema import Clerk, Item, ItemDocument, Membership, Urgent
    from councilpapers.load.notices import PrivateNotice

    return {
        "items": Item,
        "standing_items": Item,
        "documents": ItemDocument,
        "membership": Membership,
        "clerk": Clerk,
        "urgent": Urgent,
        "exempt": Exempt,
        "private_notice": PrivateNotice,
    }


def fields_here(model: type[BaseModel], data: Any, path: Path_) -> list[str]:
    """The fields an author may write where `path` ends: the model of the mapping that holds it."""
    if model.__name__ in ("Meeting", "Committee"):
        return _meeting_fields(model, data, path)
    parents: dict[str, type[BaseModel]] = {
        "table": Table,
        "columns": Column,
        "report_to": ReportTo,
        "contact_officers": ContactOfficer,
        "strategy_outcomes": StrategyOutcome,
        "sections": Section,
        "appendices": Appendix,
        "parts": Appendix,
        "exempt": Exempt,
        "numbering": NumberingOverride,
        "reconcile": Reconciliation,
        "rows_from": RowsFrom,
        "value_from": ValueFrom,
        "financial_consequences": FinancialConsequences,
        "implications": Implication,
        "bullets": ListItemWithChildren,
        "numbered": ListItemWithChildren,
    }
    holder = data
    for part in path[:-1]:
        holder = holder[part] if isinstance(holder, (dict, list)) else None
    names = [p for p in path[:-1] if isinstance(p, str)]
    if not isinstance(holder, dict):
        return []
    found: type[BaseModel] | None
    if len(path) == 1:
        found = model
    elif len(names) >= 2 and names[-2] == "figures" and path[-2] == names[-1]:
        found = NamedFigure
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


def _meeting_fields(model: type[BaseModel], data: Any, path: Path_) -> list[str]:
    """In a meeting or committee file: the top's fields, or those of the mapping the last key names."""
    names = [p for p in path[:-1] if isinstance(p, str)]
    found = model if len(path) == 1 else _meeting_parents().get(names[-1]) if names else None
    return sorted(found.model_fields) if found is not None else []


def data_path(data: Any, loc: tuple[int | str, ...]) -> Path_:
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
        if isinstance(node, dict) and part in node:  # noqa: SIM114  # apart, mypy knows the list's index is an int
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
