"""Loading stage, part 1: YAML text → plain data with the line of every value.

PyYAML keeps the last of two duplicate keys without a word; here a duplicate key is a
problem. Only YAML's safe types are built (no tags that construct objects).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from .errors import ContentError, Problem

Path_ = tuple[Any, ...]

# libyaml's parser where PyYAML was built with it (several times faster); same nodes and marks.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Source:
    """One YAML file's data and where each value (by its path of keys and indices) stands."""

    file: Path
    data: Any
    marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)     # duplicate keys: the first value is kept

    def locate(self, path: Path_) -> tuple[int, int]:
        """The line and column of a path, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path and path not in self.marks:
            path = path[:-1]
        return self.marks.get(path, (1, 1))

    def problem(self, path: Path_, message: str) -> Problem:
        line, column = self.locate(path)
        return Problem(self.file, line, column, field_name(path), message)


def field_name(path: Path_) -> str:
    """`sections[2].blocks[0].para` from ('sections', 2, 'blocks', 0, 'para')."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def load_yaml(file: Path) -> Source:
    """Read one YAML file. A syntax error is a ContentError; duplicate keys are listed in
    `source.problems` (the first value kept) so that the rest of the file can still be checked."""
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError([Problem(file, 1, 1, "", f"cannot read the file: {exc}")]) from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise ContentError([syntax_problem(file, exc)]) from None
    finally:
        loader.dispose()
    source = Source(file, None)
    source.data = _build(node, (), source, source.problems, yaml.SafeLoader(""))
    return source


def syntax_problem(file: Path, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = exc.problem or "not valid YAML"
    hint = f" ({exc.context})" if exc.context else ""
    return Problem(file, line, column, "", f"YAML syntax error: {what}{hint}")


def _build(node, path: Path_, source: Source, problems: list[Problem], constructor) -> Any:
    source.marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.MappingNode):
        return _build_mapping(node, path, source, problems, constructor)
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), source, problems, constructor) for i, item in enumerate(node.value)]
    if node is None:
        return None
    if node.tag == FLOAT_TAG:
        return _decimal(node, path, source, problems)
    try:
        return constructor.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as exc:
        problems.append(source.problem(path, f"cannot read this value: {exc.problem}"))
        return None


FLOAT_TAG = "tag:yaml.org,2002:float"


def _decimal(node, path: Path_, source: Source, problems: list[Problem]) -> Decimal | None:
    """A YAML number with a fraction, exactly as written (10.160 stays 10.160, not a float)."""
    text = node.value.replace("_", "").strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        problems.append(source.problem(path, f"'{node.value}' is not a number that can be printed: "
                                              "write a finite number such as 12.5"))
        return None
    return value


def _build_mapping(node, path: Path_, source: Source, problems: list[Problem], constructor) -> dict:
    out: dict = {}
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            problems.append(source.problem(path, "merge keys (<<) are not supported: write the fields out"))
            continue
        key = constructor.construct_object(key_node, deep=True)
        line, column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
        if key in out:
            first_line = source.marks[path + (key,)][0]
            problems.append(Problem(source.file, line, column, field_name(path + (key,)),
                                    f"duplicate key '{key}' (first written on line {first_line}); "
                                    "a second value would silently replace the first"))
            continue
        source.marks[path + (key,)] = (line, column)
        out[key] = _build(value_node, path + (key,), source, problems, constructor)
    return out
