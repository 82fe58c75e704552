"""Build stage, what an output's record says beyond its input files: what was restricted when it
was made (a digest of the files that decide it, so that an up-to-date build parses nothing),
and a meeting's warnings, replayed when its packs are skipped."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from councilpapers.build.cache import Manifest


class Restriction:
    """What is restricted (every paper not for publication: its own `exempt:` or a meeting's),
    as each output records it. An output made when the answer was different is out of date: it
    is made again, in its right place, and checked for the newly restricted text. Finding the
    answer means reading every meeting, so an output also records a digest of the files that
    decide it (the meetings, the committees, each paper.yaml): while they are unchanged, its
    recorded answer stands and nothing is parsed (an up-to-date build stays quick)."""

    def __init__(self, content: Path, manifest: Manifest) -> None:
        self.content, self.manifest = content, manifest
        self.digest = digest_of(
            [
                *sorted((content / "meetings").glob("*.yaml")),
                *sorted((content / "committees").glob("*.yaml")),
                *sorted(content.glob("*/paper.yaml")),
            ]
        )
        self._value: str | None = None

    @property
    def value(self) -> str:
        if self._value is None:
            from councilpapers.build.guard import restricted_slugs

            self._value = ",".join(sorted(restricted_slugs(self.content)))
        return self._value

    def now(self, entry: str) -> dict[str, str]:
        """The settings an output's record is compared with."""
        settings = recorded(self.manifest, entry)
        if settings.get("restricted_by") == self.digest and "restricted" in settings:
            return {"restricted_by": self.digest, "restricted": settings["restricted"]}
        if settings.get("restricted") == self.value:  # those files changed, but not what is restricted
            return {"restricted_by": settings.get("restricted_by", ""), "restricted": self.value}
        return self.settings()

    def settings(self) -> dict[str, str]:
        """What an output records."""
        return {"restricted_by": self.digest, "restricted": self.value}


def digest_of(files: list[Path]) -> str:
    import hashlib

    h = hashlib.sha256()
    for file in files:
        h.update(str(file.name).encode() + b"\0")
        h.update(file.read_bytes() if file.is_file() else b"")
        h.update(b"\0")
    return h.hexdigest()


def recorded(manifest: Manifest, entry: str) -> dict[str, str]:
    """An entry's recorded settings (empty when there is none)."""
    found = manifest.entries.get(entry)
    settings = found.inputs.get("settings", {}) if found is not None else {}
    return settings if isinstance(settings, dict) else {}


def recorded_warnings(manifest: Manifest, entry: str) -> dict[str, str]:
    """A meeting's warnings as its packs' record keeps them (never a reason to rebuild)."""
    return {"warnings": recorded(manifest, entry).get("warnings", "")}
