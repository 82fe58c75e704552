"""The package's import graph, read from its source: every `import` and `from … import` of a
councilpapers module, wherever it stands (module level, a function, `if TYPE_CHECKING:`)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "councilpapers"

# The stages in pipeline order, and what each may import besides itself. Writers see only the
# core (the Document); nothing imports a later stage; the commands may use everything.
STAGES = ("core", "load", "compose", "compare", "writers", "build", "commands")
ALLOWED = {
    "core": {"core"},
    "load": {"core", "load"},
    "compose": {"core", "load", "compose"},
    "compare": {"core", "load", "compose", "compare"},
    "writers": {"core", "writers"},
    "build": {"core", "load", "compose", "compare", "writers", "build"},
    "commands": set(STAGES),
}


def module_name(file: Path) -> str:
    parts = list(file.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(f): f for f in sorted(PACKAGE.rglob("*.py"))}


def imports_of(file: Path, known: set[str]) -> set[str]:
    """The package's modules that `file` imports (a name imported from a package counts as its
    submodule where there is one)."""
    name = module_name(file)
    package = name if file.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in known}
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, package)
            if base is None:
                continue
            subs = {f"{base}.{a.name}" for a in node.names} & known
            found |= subs or ({base} & known)
            if subs and len(subs) < len(node.names) and base in known:
                found.add(base)
    return found - {name}


def _absolute(node: ast.ImportFrom, package: str) -> str | None:
    if node.level:
        parts = package.split(".")
        parts = parts[: len(parts) - node.level + 1]
        return ".".join(parts + ([node.module] if node.module else []))
    if node.module and node.module.split(".")[0] == "councilpapers":
        return node.module
    return None


def graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imports_of(file, set(found)) for name, file in found.items()}


def stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in STAGES else None


def reachable(edges: dict[str, set[str]], start: str) -> set[str]:
    """Every module `start` imports, directly or through others."""
    seen: set[str] = set()
    todo = list(edges.get(start, ()))
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(edges.get(node, ()))
    return seen


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every group of modules that import each other round a circle, each sorted."""
    reach = {node: reachable(edges, node) for node in edges}
    groups = {
        tuple(sorted(n for n in reach[node] if node in reach.get(n, ()))) for node in edges if node in reach[node]
    }
    return sorted(list(group) for group in groups)


def backward_imports(edges: dict[str, set[str]]) -> list[str]:
    """Each import of a stage its importer may not use, as 'importer → imported'."""
    out = []
    for importer, targets in sorted(edges.items()):
        own = stage(importer)
        for target in sorted(targets):
            theirs = stage(target)
            outside = own is None or theirs is None or theirs not in ALLOWED[own]
            if outside and "councilpapers" not in (importer, target):
                out.append(f"{importer} ({own}) → {target} ({theirs})")
    return out
