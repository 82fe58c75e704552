"""Incremental builds: an output is rebuilt only when something it was made from changed.

Each output file of a build is recorded in a manifest in the output folder with the files it
was made from (their SHA-256 at the start of that build), the toolkit's own fingerprint (its
code and the versions of the libraries that write the files), and the hash of the bytes
written. Before building, every recorded file is hashed again: when nothing differs, the
output file is still there with the same bytes, and no file has appeared in or gone from the
paper's folder, the output is up to date and is not re-rendered.

The manifest is checked in full before it is used (record.py: its schema, its seal, the paths
it names, what each entry must record); one that does not fit is set aside, everything is
rebuilt and the build says why. Entries made by another toolkit are not written again.

The files are hashed once, at the start, before anything is read: a file changed during a
build is recorded with its old hash, so the next build sees the change and rebuilds.
`--force` rebuilds what it is asked to whatever the manifest says, and records it beside the
entries of everything else.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from councilpapers.build.record import VERSION, Places, Unfit, read_record, seal
from councilpapers.core.paths import ROOT, TEMPLATES

MANIFEST = ".councilpapers-build.json"
MANDATORY = ("toolkit", "content")
LIBRARIES = (
    "weasyprint",
    "pydyf",
    "fonttools",
    "uharfbuzz",
    "python-docx",
    "openpyxl",
    "jinja2",
    "pyyaml",
    "pydantic",
    "pikepdf",
)

Record = dict[str, Any]  # an output's inputs as the manifest's JSON holds them: files, listing, settings


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Snapshot:
    """The hash of each input file, each read once per build (on first use)."""

    def __init__(self, root: Path = ROOT):
        self.root = root
        self._hashes: dict[Path, str | None] = {}

    def hash(self, path: Path, fresh: bool = False) -> str | None:
        path = path.absolute()
        if fresh or path not in self._hashes:
            try:
                self._hashes[path] = digest(path.read_bytes()) if path.is_file() else None
            except OSError:
                self._hashes[path] = None
        return self._hashes[path]

    def key(self, path: Path) -> str:
        """A file's name in the manifest: relative to the project where it lies inside it."""
        path = path.absolute()
        return str(path.relative_to(self.root)) if path.is_relative_to(self.root) else str(path)

    def path(self, key: str) -> Path:
        return self.root / key if not Path(key).is_absolute() else Path(key)

    def files(self, paths: Iterable[Path]) -> dict[str, str | None]:
        return {self.key(p): self.hash(p) for p in sorted(set(paths))}


def folder_files(folder: Path) -> list[Path]:
    """Every file under a folder (a paper's YAML and the finance files it imports), hidden ones
    too: a body file may be named .part.yaml."""
    return sorted(p for p in folder.rglob("*") if p.is_file())


def template_files(templates: Path) -> list[Path]:
    """The templates every output depends on: all of templates/ but the house styles, which
    each output records one by one (the style it used and its logo)."""
    styles = templates / "styles"
    return [p for p in folder_files(templates) if not p.is_relative_to(styles)]


def toolkit_fingerprint() -> str:
    """The toolkit's code and the versions of the libraries that shape the files it writes."""
    from importlib import metadata

    h = hashlib.sha256()
    package = ROOT / "councilpapers"
    for path in sorted(package.rglob("*.py")):
        h.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes() + b"\0")
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        h.update(f"{name}={version}\0".encode())
    return h.hexdigest()


@dataclass
class Inputs:
    """What an output (a paper's file, a meeting's packs) was made from."""

    files: list[Path]
    folders: list[Path]  # folders whose every file it read: a new file there is a change
    settings: dict[str, str] = field(default_factory=dict)  # toolkit, format, draft date …

    def as_data(self, snapshot: Snapshot) -> Record:
        return {
            "files": snapshot.files(self.files),
            "listing": {snapshot.key(f): listing_of(f) for f in sorted(set(self.folders))},
            "settings": self.settings,
        }


@dataclass
class Entry:
    inputs: Record
    outputs: dict[str, str]  # output file (relative to the output folder) → hash of its bytes


class Manifest:
    """The record of the last build into an output folder, checked in full before it is used
    (record.py): one that does not fit is set aside, `unreadable`, with the `reason` why."""

    def __init__(self, output: Path, content: Path, toolkit: str):
        self.output, self.toolkit = output, toolkit
        self.entries: dict[str, Entry] = {}
        self.unreadable = False
        self.reason = ""
        self._read(content)  # --force rebuilds what it is asked to, and keeps the record of the rest

    def _read(self, content: Path) -> None:
        file = self.output / MANIFEST
        if not file.exists() and not file.is_symlink():
            return
        keys = Snapshot()
        places = Places(content, self.output, TEMPLATES, keys.path, keys.key)
        try:
            entries = read_record(file, places)
        except Unfit as exc:
            self.unreadable, self.reason = True, str(exc)  # rebuilt from scratch; the next record replaces it
            return
        self.entries = {k: Entry(v["inputs"], dict(v["outputs"])) for k, v in entries.items()}

    def fresh(self, name: str, snapshot: Snapshot, now: dict[str, str]) -> bool:
        """Whether the outputs recorded under `name` were made from files that all still hash
        the same, with the same settings (`now`: the toolkit, the format, today's date for a
        draft), no file added to or gone from the folders it read, and are there as written."""
        entry = self.entries.get(name)
        if entry is None:
            return False
        recorded = entry.inputs
        settings = recorded.get("settings", {})
        if any(k not in settings for k in MANDATORY) or settings != {k: now.get(k) for k in settings}:
            return False
        for folder, names in recorded.get("listing", {}).items():
            if names != listing_of(snapshot.path(folder)):
                return False
        if any(snapshot.hash(snapshot.path(k)) != v for k, v in recorded.get("files", {}).items()):
            return False
        return all(snapshot.hash(self.output / p, fresh=True) == h for p, h in entry.outputs.items())

    def record(self, name: str, inputs: Inputs, files: dict[Path, bytes], snapshot: Snapshot) -> None:
        outputs = {self._name(p): digest(d) for p, d in sorted(files.items())}
        self.entries[name] = Entry(inputs.as_data(snapshot), outputs)

    def _name(self, path: Path) -> str:
        return str(path.relative_to(self.output)) if path.is_relative_to(self.output) else str(path)

    def data(self) -> bytes:
        """The record as written, sealed (record.py); entries made by another toolkit are left out:
        none of them is up to date."""
        entries = {
            k: {"inputs": e.inputs, "outputs": e.outputs}
            for k, e in sorted(self.entries.items())
            if e.inputs.get("settings", {}).get("toolkit") == self.toolkit
        }
        record = {"version": VERSION, "toolkit": self.toolkit, "seal": seal(self.toolkit, entries), "entries": entries}
        return (json.dumps(record, indent=1, sort_keys=True) + "\n").encode()

    @property
    def path(self) -> Path:
        return self.output / MANIFEST


def listing_of(folder: Path) -> list[str]:
    return [str(p.relative_to(folder)) for p in folder_files(folder)] if folder.is_dir() else []
