"""Make the demonstration PDFs the sample meetings are supplied with, using the toolkit itself.

The sources are samples/demonstration/<name>/ (invented papers, marked DEMONSTRATION ONLY);
each is built as a tagged PDF and copied to content/meetings/documents/demonstration-<name>.pdf.
Run it after changing a source: `make demonstration`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "samples" / "demonstration"
TARGET = ROOT / "content" / "meetings" / "documents"


def main() -> int:
    with tempfile.TemporaryDirectory() as output:
        built = subprocess.run(
            [sys.executable, str(ROOT / "build.py"), "--content", str(SOURCES), "--output", output, "--format", "pdf"],
            check=False,
        )
        if built.returncode:
            return built.returncode
        TARGET.mkdir(parents=True, exist_ok=True)
        for pdf in sorted(Path(output).rglob("*.pdf")):
            target = TARGET / f"demonstration-{pdf.name}"
            shutil.copyfile(pdf, target)
            print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
