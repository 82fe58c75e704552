"""Incremental builds: the record of the last build, checked in full before it is trusted.

The record (`.councilpapers-build.json` in the output folder) says which outputs are up to date,
so a record that lies could make a changed paper be skipped for good (an entry that lists no
input files) or make the build read files anywhere (an entry that names `/` as a folder to list).
Before a build uses it, the record must fit, whole:

- its schema: `version`, `toolkit` (the fingerprint of the toolkit that wrote it), `seal` and
  `entries`, each entry `paper <folder> <format>` or `packs <meeting>[ supplement]` with its
  `inputs` (`files`: path → SHA-256 or null, `listing`: folder → names, `settings`: name → text)
  and `outputs` (file → SHA-256), and nothing else;
- its seal: the SHA-256 of the toolkit's fingerprint and the entries as written, so that an
  entry changed by hand does not fit;
- its paths: every input lies in the content folder, the output folder or the toolkit's
  templates, every output in the output folder;
- what every entry of its kind records: each file of a listed folder among its files; a paper's
  own folder listed, with `content/defaults.yaml` and a house style; a meeting's file.

Anything else sets the whole record aside: every output is rebuilt, and the build's note says
why, in the words of `Unfit`. The record is read only when it is a file of at most 20 MB.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

VERSION = 2
MAX_RECORD_BYTES = 20_000_000
_SHA256 = re.compile(r"[0-9a-f]{64}")
_WRITER = re.compile(r"[a-z][a-z0-9]*")
_TOP = {"version", "toolkit", "seal", "entries"}


class Unfit(Exception):
    """Why a record is set aside, as the build's note says it: "the record of the last build …"."""


class Places:
    """Where a record may point: the content folder, the output folder and the toolkit's
    templates, and how a record names a path (its keys: see cache.Snapshot)."""

    def __init__(
        self, content: Path, output: Path, templates: Path, path: Callable[[str], Path], key: Callable[[Path], str]
    ) -> None:
        self.content, self.output, self.templates, self.path, self.key = content, output, templates, path, key
        self.inputs = _roots(content, output, templates)
        self.outputs = _roots(output)
        self.styles = _roots(templates / "styles")
        self.seen: dict[tuple[str, Roots], bool] = {}


def seal(toolkit: str, entries: Any) -> str:
    """The seal of a record: its toolkit's fingerprint and entries, as canonical JSON."""
    text = json.dumps({"toolkit": toolkit, "entries": entries}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(b"councilpapers build record\0" + text.encode()).hexdigest()


def read_record(file: Path, places: Places) -> dict[str, Any]:
    """The entries of the record in `file`, each checked; Unfit when anything does not fit."""
    if file.is_symlink() or not file.is_file():
        raise Unfit("is not a file (a link or something else stands in its place)")
    size = file.stat().st_size
    if size > MAX_RECORD_BYTES:
        raise Unfit(f"is {size:,} bytes, more than any build writes ({MAX_RECORD_BYTES:,})")
    try:
        data = json.loads(file.read_text(encoding="utf-8"), object_pairs_hook=_no_repeats)
    except (OSError, ValueError, RecursionError):
        raise Unfit("could not be read") from None
    return check_record(data, places)


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise ValueError("a name given twice")
    return out


def check_record(data: Any, places: Places) -> dict[str, Any]:
    if isinstance(data, dict) and "version" in data and data["version"] != VERSION:
        raise Unfit(f"was written in another form (version {str(data['version'])[:20]}, not {VERSION})")
    if not isinstance(data, dict) or set(data) != _TOP:
        raise Unfit("could not be read (it is not a record this toolkit writes)")
    toolkit, entries = data["toolkit"], data["entries"]
    if not _is_hash(toolkit) or not _is_hash(data["seal"]) or not isinstance(entries, dict):
        raise Unfit("could not be read (its toolkit, seal or entries are not what a build writes)")
    if data["seal"] != seal(toolkit, entries):
        raise Unfit("was changed after the build wrote it (its seal does not match its entries)")
    for name, entry in entries.items():
        _check_entry(name, entry, places)
    return entries


def _is_hash(value: Any) -> bool:
    return isinstance(value, str) and _SHA256.fullmatch(value) is not None


def _check_entry(name: str, entry: Any, places: Places) -> None:
    kind, subject, writer = _entry_name(name)
    where = f"names {name!r}, which"
    files, listing, settings, outputs = _entry_schema(entry, where)
    for key in [*files, *listing]:
        if not _inside(places.path(key), places.inputs, places.seen):
            raise Unfit(f"{where} names {key[:200]!r}, outside the content and output folders")
    for key in outputs:
        if not _relative(key) or not _inside(places.output / key, places.outputs, places.seen):
            raise Unfit(f"{where} names the output {key[:200]!r}, outside the output folder")
    for folder, names in listing.items():
        missing = next((n for n in names if places.key(places.path(folder) / n) not in files), None)
        if missing is not None:
            raise Unfit(f"{where} lists {folder}/{missing[:200]} but records no hash of it")
    if kind == "paper" and (settings.get("format") != writer or places.key(places.content / subject) not in listing):
        raise Unfit(f"{where} does not record the folder of its paper, or its format, as a build does")
    styles = kind != "paper" or any(_is_style(k, places) for k in files)
    if not _needed(kind, subject, places) <= set(files) or not styles:
        raise Unfit(f"{where} does not record every file a build of it reads")


def _entry_schema(entry: Any, where: str) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any]]:
    """An entry's files, listing, settings and outputs, each of the type a build writes."""
    if not isinstance(entry, dict) or set(entry) != {"inputs", "outputs"}:
        raise Unfit(f"{where} holds something other than inputs and outputs")
    inputs, outputs = entry["inputs"], entry["outputs"]
    if not isinstance(inputs, dict) or set(inputs) != {"files", "listing", "settings"}:
        raise Unfit(f"{where} has inputs other than files, listing and settings")
    files, listing, settings = inputs["files"], inputs["listing"], inputs["settings"]
    if not _mapping(files, lambda v: v is None or _is_hash(v)) or not _mapping(outputs, _is_hash):
        raise Unfit(f"{where} records a file without its SHA-256")
    if not _mapping(listing, lambda v: isinstance(v, list) and all(_relative(n) for n in v)):
        raise Unfit(f"{where} lists a folder's files as something other than their names inside it")
    if not _mapping(settings, lambda v: isinstance(v, str)) or not {"toolkit", "content"} <= set(settings):
        raise Unfit(f"{where} records its settings without the toolkit and the content folder")
    return files, listing, settings, outputs


def _entry_name(name: str) -> tuple[str, str, str]:
    """(paper, folder, format) or (packs, meeting, ''): Unfit for any other name."""
    kind, _, rest = name.partition(" ")
    if kind == "paper" and " " in rest:
        subject, writer = rest.rsplit(" ", 1)
        if _WRITER.fullmatch(writer) and _component(subject):
            return kind, subject, writer
    if kind == "packs" and _component(rest.removesuffix(" supplement")):
        return kind, rest.removesuffix(" supplement"), ""
    raise Unfit(f"names {name[:200]!r}, which is neither a paper's file nor a meeting's packs")


def _needed(kind: str, subject: str, places: Places) -> set[str]:
    needed = {places.key(places.content / "defaults.yaml")}
    if kind == "packs":
        needed.add(places.key(places.content / "meetings" / f"{subject}.yaml"))
    return needed


def _is_style(key: str, places: Places) -> bool:
    path = places.path(key)
    return path.suffix == ".yaml" and _inside(path, places.styles, places.seen)


def _mapping(value: Any, fits: Callable[[Any], bool]) -> bool:
    return isinstance(value, dict) and all(isinstance(k, str) and k and fits(v) for k, v in value.items())


def _component(name: str) -> bool:
    """One folder's or file's name: no separator, not . or .."""
    return bool(name) and name not in (".", "..") and "/" not in name and "\\" not in name and "\0" not in name


def _relative(name: Any) -> bool:
    """A path inside a folder, as written: relative, no .. (the names of a listing, an output)."""
    if not isinstance(name, str) or not name or "\0" in name or "\\" in name:
        return False
    return not Path(name).is_absolute() and ".." not in Path(name).parts


Roots = tuple[tuple[str, str], ...]  # each folder as written (normalised) and with its links followed


def _roots(*folders: Path) -> Roots:
    return tuple((_written(str(f)), os.path.realpath(f)) for f in folders)


def _written(path: str) -> str:
    """The path made absolute and normal, as text (Path's parsing, for every key of a record
    and each of its entries, would cost more than the rest of an up-to-date build)."""
    return os.path.normpath(os.path.join(os.getcwd(), path))  # noqa: PTH109, PTH118 (text: see above)


def _under(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _inside(path: Path, roots: Roots, seen: dict[tuple[str, Roots], bool]) -> bool:
    """Whether the path lies in one of the folders, as written and with every link followed
    (`seen`: the answers of this record, which names the templates once for each entry)."""
    text = str(path)
    if "\0" in text:
        return False
    if (text, roots) not in seen:
        try:
            real = os.path.realpath(text)
        except (OSError, ValueError):
            real = ""
        seen[text, roots] = any(_under(_written(text), w) and _under(real, r) for w, r in roots if real)
    return seen[text, roots]
