"""The layout holds: stages import only earlier stages, no module imports itself round a circle,
no module passes 400 lines."""

from __future__ import annotations

from .imports import PACKAGE, STAGES, backward_imports, cycles, graph, imports_of, modules, stage

LONGEST_MODULE = 400


def test_every_module_belongs_to_a_stage_folder():
    loose = [name for name in modules() if name != "councilpapers" and stage(name) is None]
    assert loose == [], f"modules outside the stage folders {STAGES}: {loose}"


def test_no_stage_imports_a_later_stage_and_writers_see_only_the_core():
    assert backward_imports(graph()) == []


def test_no_import_circles():
    assert cycles(graph()) == []


def test_no_module_passes_400_lines():
    long = {name: n for name, file in modules().items() if (n := len(file.read_text().splitlines())) > LONGEST_MODULE}
    assert long == {}


def test_the_checker_sees_a_backward_import_and_a_circle():
    """The rules above would catch what they are for: a loader importing the composer, a
    writer importing a loader, and two modules importing each other."""
    edges = {
        "councilpapers.load.paper": {"councilpapers.compose.document"},
        "councilpapers.writers.web": {"councilpapers.load.style"},
        "councilpapers.compose.document": {"councilpapers.compose.front"},
        "councilpapers.compose.front": {"councilpapers.compose.document"},
    }
    assert backward_imports(edges) == [
        "councilpapers.load.paper (load) → councilpapers.compose.document (compose)",
        "councilpapers.writers.web (writers) → councilpapers.load.style (load)",
    ]
    assert cycles(edges) == [["councilpapers.compose.document", "councilpapers.compose.front"]]


def test_the_graph_reads_lazy_and_type_checking_imports():
    """An import inside a function, or under `if TYPE_CHECKING:`, is an edge like any other."""
    render = imports_of(PACKAGE / "build" / "render.py", set(modules()))
    assert "councilpapers.writers.pdf" in render  # inside render_file
    assert "councilpapers.core.pack" in render  # under TYPE_CHECKING
    assert "councilpapers.core.model" in graph()["councilpapers.writers.html"]
    assert imports_of(PACKAGE / "core" / "paths.py", set(modules())) == set()
