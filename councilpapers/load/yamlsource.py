"""Loading stage, part 1: YAML text → plain data with the line of every value.

PyYAML keeps the last of two duplicate keys without a word; here a duplicate key is a
problem. Only YAML's safe types are built (no tags that construct objects).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from councilpapers.core.errors import ContentError, Problem
from councilpapers.load.text import (
    REFUSED,
    character_name,
    long_word,
    long_word_message,
    refused_character,
    refused_message,
)

Path_ = tuple[Any, ...]

# libyaml's parser where PyYAML was built with it (several times faster); same nodes and marks.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Source:
    """One YAML file's data and where each value (by its path of keys and indices) stands."""

    file: Path
    data: Any
    marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # duplicate keys: the first value is kept
    raw: dict[Path_, str] = field(default_factory=dict)  # as written, where YAML read a word as true/false or a date
    lines: list[str] = field(default_factory=list)  # the file's text, to find words inside a long value

    def locate(self, path: Path_) -> tuple[int, int]:
        """The line and column of a path, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path and path not in self.marks:
            path = path[:-1]
        return self.marks.get(path, (1, 1))

    def problem(self, path: Path_, message: str) -> Problem:
        line, column = self.locate(path)
        return Problem(self.file, line, column, field_name(path), message)

    def problem_at(self, path: Path_, written: str, message: str) -> Problem:
        """A problem with words inside a value (a reference in a paragraph): located where they
        are written, on whichever line of the value, or at the value where they cannot be found
        (a reference that YAML folded across two lines)."""
        line, column = self.locate(path)
        later = [mark for mark, _ in self.marks.values() if mark > line]
        end = min([*later, len(self.lines) + 1])
        for number in range(line, end):
            at = self.lines[number - 1].find(written, column - 1 if number == line else 0)
            if at >= 0:
                return Problem(self.file, number, at + 1, field_name(path), message)
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


MAX_FILE_BYTES = 1_000_000  # a content file: the February paper's largest is about 30 kB
MAX_DEPTH = 40  # nesting of mappings and lists
MAX_DIGITS = 15  # a figure is printed exactly only up to this many digits
XML_ILLEGAL = REFUSED  # what no document can hold (load/text.py), for finance's text as for YAML's


def load_yaml(file: Path) -> Source:
    """Read one YAML file. A syntax error is a ContentError; duplicate keys and values that
    cannot be used are listed in `source.problems` so that the rest of the file is still checked.
    Anchors and aliases are refused (an alias bomb or a recursive alias never expands), and
    the file's size and nesting are capped."""
    text = _read(file)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise ContentError([syntax_problem(file, exc, text)]) from None
    except yaml.reader.ReaderError as exc:
        raise ContentError([reader_problem(file, text, exc)]) from None
    except RecursionError:
        raise ContentError(
            [Problem(file, 1, 1, "", f"the file nests lists and mappings too deeply (at most {MAX_DEPTH} levels)")]
        ) from None
    finally:
        loader.dispose()
    source = Source(file, None, lines=text.splitlines())
    source.data = Builder(source).build(node, ())
    return source


def _read(file: Path) -> str:
    try:
        if file.stat().st_size > MAX_FILE_BYTES:
            raise ContentError(
                [
                    Problem(
                        file,
                        1,
                        1,
                        "",
                        f"the file is {file.stat().st_size:,} bytes; a content file "
                        f"holds at most {MAX_FILE_BYTES:,}: split it into several",
                    )
                ]
            )
        return file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(
            [Problem(file, 1, 1, "", f"the file is not UTF-8 text (byte {exc.start}): save it as UTF-8")]
        ) from None
    except OSError as exc:
        raise ContentError([Problem(file, 1, 1, "", f"cannot read the file: {exc.strerror or exc}")]) from None


def reader_problem(file: Path, text: str, exc: yaml.reader.ReaderError) -> Problem:
    """A character YAML does not allow (a raw control byte), located and named."""
    before = text[: exc.position]
    line, column = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
    character = exc.character if isinstance(exc.character, str) else chr(exc.character)
    return Problem(
        file,
        line,
        column,
        "",
        f"the file holds the control character U+{ord(character):04X}, which YAML does not allow: delete it "
        f"({character_name(character)})",
    )


YAML_HINTS = {
    "mapping values are not allowed here": "a colon followed by a space inside an unquoted value: "
    "put the whole value in quotes",
    "mapping values are not allowed in this context": "a colon followed by a space inside an unquoted value: "
    "put the whole value in quotes",
    "found character '\\t' that cannot start any token": "a tab: indent with spaces, not tabs",
    "found character that cannot start any token": "a character that cannot start a value here "
    "(a tab, or a ` or @): indent with spaces, or quote the value",
    "did not find expected ',' or '}'": "a { … } mapping that is not closed: close it with }, or quote a value "
    "that holds a comma or braces",
    "did not find expected ',' or ']'": "a [ … ] list that is not closed: close it with ], or quote a value "
    "that holds a comma or brackets",
    "did not find expected key": "the indentation does not line up with the field above",
    "found undefined alias": "a * (an alias): write the value out, or quote text that starts with *",
}


def syntax_problem(file: Path, exc: yaml.MarkedYAMLError, text: str = "") -> Problem:
    """A YAML syntax error in an author's words, with the line it is on quoted."""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = exc.problem or "not valid YAML"
    lines = text.splitlines()
    written = lines[line - 1] if 0 < line <= len(lines) else ""
    if what.startswith("found character") and "\t" in written[: column + 1]:
        what = "found character '\\t' that cannot start any token"
    hint = next((h for key, h in YAML_HINTS.items() if what.startswith(key)), None)
    quoted = f": {written.strip()[:80]!r}" if written.strip() else ""
    if hint:
        return Problem(file, line, column, "", f"YAML syntax error: {hint}{quoted}")
    context = f" ({exc.context})" if exc.context else ""
    return Problem(file, line, column, "", f"YAML syntax error: {what}{context}{quoted}")


def unprintable(value: int | Decimal) -> str | None:
    """Why a figure cannot be printed exactly (too many digits), or None: the rule for typed
    and imported figures alike."""
    digits = len(str(abs(value)).replace(".", "").lstrip("0")) if isinstance(value, Decimal) else len(str(abs(value)))
    if abs(value) >= 10**MAX_DIGITS or digits > MAX_DIGITS + 6:
        return (
            f"{value} is too large to print exactly: a figure has at most {MAX_DIGITS} digits before the decimal point"
        )
    return None


class Builder:
    """Plain data from YAML nodes, every value's position kept; what cannot be used is a problem."""

    def __init__(self, source: Source) -> None:
        self.source, self.constructor = source, yaml.SafeLoader("")
        self.seen: set[int] = set()

    def problem(self, path: Path_, message: str) -> None:
        self.source.problems.append(self.source.problem(path, message))

    def build(self, node: yaml.Node | None, path: Path_, depth: int = 0) -> Any:
        if node is None:
            return None
        self.source.marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if id(node) in self.seen:
            self.problem(path, "anchors and aliases (& and *) are not supported: write the value out")
            return None
        if depth > MAX_DEPTH:
            self.problem(path, f"nested too deeply: at most {MAX_DEPTH} levels of lists and mappings")
            return None
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        return self.scalar(node, path)

    def scalar(self, node: yaml.Node, path: Path_) -> Any:
        if node.tag == FLOAT_TAG:
            return self.number(_decimal(node, path, self.source, self.source.problems), path)
        try:
            value = self.constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            self.problem(path, f"cannot read this value: {exc.problem}")
            return None
        if isinstance(value, str):
            return self.text(value, path)
        if isinstance(value, (bool, datetime.date, datetime.datetime)):
            self.source.raw[path] = node.value
        return self.number(value, path) if isinstance(value, int) and not isinstance(value, bool) else value

    def text(self, value: str, path: Path_) -> str:
        """Text every format can print (load/text.py): a character none can hold is a problem, and
        left out so that checking goes on; so is a word too long to lay out in time."""
        if (bad := refused_character(value)) is not None:
            self.problem(path, refused_message(bad))
            value = REFUSED.sub("", value)
        if (word := long_word(value)) is not None:
            self.source.problems.append(self.source.problem_at(path, word[:40], long_word_message(word)))
        return value

    def number(self, value: int | Decimal | None, path: Path_) -> int | Decimal | None:
        """A figure that can be printed exactly, or a problem."""
        if value is None:
            return None
        if (message := unprintable(value)) is not None:
            self.problem(path, message)
            return None
        return value

    def mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for key_node, value_node, cut in _rejoined(node):
            if cut:
                figure = ",".join([value_node.value, *cut])
                self.source.marks[path + (key_node.value,)] = (
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
                self.problem(
                    path + (key_node.value,),
                    f"'{figure}': inside {{ }} a comma separates fields, so a figure written with commas "
                    f"falls apart: write it without commas ({figure.replace(',', '')})",
                )
                continue
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problem(path, "merge keys (<<) are not supported: write the fields out")
                continue
            key = (
                self.constructor.construct_object(key_node, deep=True)
                if isinstance(key_node, yaml.ScalarNode)
                else None
            )
            if key is None or isinstance(key, (list, dict)):
                self.problem(path, "a field name must be plain text")
                continue
            line, column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if key in out:
                first_line = self.source.marks[path + (key,)][0]
                self.source.problems.append(
                    Problem(
                        self.source.file,
                        line,
                        column,
                        field_name(path + (key,)),
                        f"duplicate key '{key}' (first written on line {first_line}); "
                        "a second value would silently replace the first",
                    )
                )
                continue
            self.source.marks[path + (key,)] = (line, column)
            out[key] = self.build(value_node, path + (key,), depth + 1)
        return out


FLOAT_TAG = "tag:yaml.org,2002:float"
_GROUP = re.compile(r"\d{3}(\.\d+)?")  # a group of thousands, the last with its decimals


def _rejoined(mapping: yaml.MappingNode) -> list[tuple[yaml.Node, yaml.Node, list[str]]]:
    """The mapping's pairs, each with the digit groups a comma cut from its figure: in
    `{net: 45,548}` the comma ends the figure 45 and starts a field 548 with no value."""
    pairs: list[tuple[yaml.Node, yaml.Node, list[str]]] = []
    for key, value in mapping.value:
        if pairs and mapping.flow_style and _plain(key) and _GROUP.fullmatch(key.value) and _plain(value, ""):
            last = pairs[-1][1]
            if _plain(last) and re.fullmatch(r"-?\d{1,3}", last.value):
                pairs[-1][2].append(key.value)
                continue
        pairs.append((key, value, []))
    return pairs


def _plain(node: yaml.Node, value: str | None = None) -> bool:
    """A scalar written without quotes (and, given `value`, reading exactly that)."""
    return isinstance(node, yaml.ScalarNode) and not node.style and (value is None or node.value == value)


def _decimal(node: yaml.Node, path: Path_, source: Source, problems: list[Problem]) -> Decimal | None:
    """A YAML number with a fraction, exactly as written (10.160 stays 10.160, not a float)."""
    text = node.value.replace("_", "").strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        problems.append(
            source.problem(
                path, f"'{node.value}' is not a number that can be printed: write a finite number such as 12.5"
            )
        )
        return None
    return value
