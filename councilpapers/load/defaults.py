"""Loading stage, content/defaults.yaml: the house style of papers and meetings that name none."""

from __future__ import annotations

from pathlib import Path

from councilpapers.core.errors import ContentError
from councilpapers.load.validate import inside, outside_problem
from councilpapers.load.yamlsource import load_yaml

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
    style = data.get("style", DEFAULT_STYLE)
    if set(data) - {"style"} or not isinstance(style, str):
        raise ContentError([source.problem((), "defaults.yaml holds only `style: <name>`")])
    return style
