"""The PDF's structure tree as a screen reader resolves a table: every data cell's header cells
found through the ID tree, every header cell with its Scope, in a paper and in a pack; and the
PDF writer's speed-ups (pydyf's page references built once, fewer garbage collections) leave
every byte as it was."""

from __future__ import annotations

import contextlib
import gc
import io
import re

import page
import pikepdf
import pydyf
import pytest

from councilpapers.commands import main
from councilpapers.core.errors import RenderError
from councilpapers.writers.html import render_html
from councilpapers.writers.pdf import collector, lay_out, weasy
from councilpapers.writers.pdf import tags as tagging
from councilpapers.writers.pdf.idtree import LEAF, add_id_tree, scope_of
from councilpapers.writers.pdf.pagerefs import page_references_once

PERSONNEL = "personnel-committee-2010-12-22"


def elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Every structure element in the tree, depth first."""

    def walk(node):
        if isinstance(node, pikepdf.Array):
            for item in node:
                yield from walk(item)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            yield node
            yield from walk(node.get("/K"))

    return list(walk(pdf.Root.StructTreeRoot.K))


def id_tree(node: pikepdf.Object, limits: list | None = None) -> list[tuple[str, pikepdf.Object]]:
    """The name tree's entries in the order it holds them; each node's /Limits checked."""
    if "/Names" in node:
        names = node.Names
        entries = [(str(names[i]), names[i + 1]) for i in range(0, len(names), 2)]
    else:
        entries = [entry for kid in node.Kids for entry in id_tree(kid, [])]
    if limits is None:
        assert "/Limits" not in node, "the root of a name tree has no Limits"
    else:
        assert [str(x) for x in node.Limits] == [entries[0][0], entries[-1][0]]
    return entries


def resolve_headers(data: bytes) -> tuple[int, dict[str, int]]:
    """Every /Headers entry of every TD looked up in the ID tree, which must give a TH of the
    tree; every TH must have a Scope. The number of entries resolved, and THs by Scope."""
    pdf = pikepdf.open(io.BytesIO(data))
    tree = elements(pdf)
    inside = {e.objgen for e in tree}
    entries = id_tree(pdf.Root.StructTreeRoot.IDTree)
    keys = [k for k, _ in entries]
    assert keys == sorted(keys, key=lambda k: k.encode()) and len(set(keys)) == len(keys)
    by_id = dict(entries)
    assert set(by_id) == {str(e.ID) for e in tree if "/ID" in e}, "every ID in the tree, nothing else"
    resolved = 0
    for cell in (e for e in tree if e.S == "/TD" and "/Headers" in e.get("/A", {})):
        for name in cell.A.Headers:
            header = by_id[str(name)]
            assert header.S == "/TH" and header.objgen in inside and str(header.ID) == str(name)
            resolved += 1
    scopes: dict[str, int] = {}
    for th in (e for e in tree if e.S == "/TH"):
        assert th.A.O == "/Table" and str(th.A.Scope) in ("/Column", "/Row", "/Both")
        scopes[str(th.A.Scope)] = scopes.get(str(th.A.Scope), 0) + 1
    return resolved, scopes


def test_every_header_a_data_cell_names_resolves_through_the_id_tree(pdf_path):
    resolved, _ = resolve_headers(pdf_path.read_bytes())
    assert resolved > 1000  # the February paper's tables: every figure has its column's and row's headers


def test_every_header_cell_has_the_scope_its_html_cell_gives(pdf_path, document):
    """Each header cell of the print HTML is one TH (the repeated headers of a long table are
    not tagged again), with the Scope of its HTML scope."""
    html = render_html(document)
    _, scopes = resolve_headers(pdf_path.read_bytes())
    assert scopes.get("/Row", 0) == len(re.findall(r'<th scope="row(?:group)?"', html)) > 0
    assert scopes.get("/Column", 0) == len(re.findall(r'<th scope="col(?:group)?"', html)) > 0


def test_the_february_papers_ids_are_split_into_leaves_of_the_id_tree(pdf_path):
    pdf = pikepdf.open(pdf_path)
    root = pdf.Root.StructTreeRoot.IDTree
    assert len(id_tree(root)) > LEAF and "/Kids" in root and "/Names" not in root


def test_the_paper_with_its_id_tree_passes_pdf_ua_1(pdf_path):
    report = page.validate_pdf(str(pdf_path), profile="ua1")
    assert report.is_compliant, str(report)


def test_a_packs_table_headers_resolve_too(tmp_path):
    """The Personnel Committee's public pack: its front sheet's agenda table and its paper's."""
    assert main(["pack", PERSONNEL, "--output", str(tmp_path)]) == 0
    pack = tmp_path / "meetings" / PERSONNEL / f"{PERSONNEL}.pdf"
    resolved, scopes = resolve_headers(pack.read_bytes())
    assert resolved > 0 and scopes.get("/Row") and scopes.get("/Column")
    report = page.validate_pdf(str(pack), profile="ua1")
    assert report.is_compliant, str(report)


# ---- the ID tree and Scope, on their own ----------------------------------------------------


def small_tree(count: int) -> tuple[pydyf.PDF, pydyf.Dictionary, list[pydyf.Dictionary]]:
    """A pydyf PDF whose structure root holds `count` TH elements with IDs, in no order."""
    pdf = pydyf.PDF()
    root = pydyf.Dictionary({"Type": "/StructTreeRoot", "K": pydyf.Array()})
    pdf.add_object(root)
    cells = []
    for n in sorted(range(count), key=lambda n: (n * 7919) % count):
        cell = pydyf.Dictionary({"Type": "/StructElem", "S": "/TH", "ID": pydyf.String(f"{n}-0-{n}")})
        pdf.add_object(cell)
        root["K"].append(cell.reference)
        cells.append(cell)
    return pdf, root, cells


def read_back(pdf: pydyf.PDF, root: pydyf.Dictionary) -> pikepdf.Pdf:
    pdf.catalog["StructTreeRoot"] = root.reference
    buffer = io.BytesIO()
    pdf.write(buffer)
    return pikepdf.open(io.BytesIO(buffer.getvalue()))


def deref(pdf: pydyf.PDF):
    return tagging.TreeMerger(pdf, {}).deref


@pytest.mark.parametrize("count", [3, LEAF, LEAF + 1, LEAF * LEAF + 5])
def test_the_id_tree_holds_each_id_once_in_order_with_limits_where_it_splits(count):
    pdf, root, _ = small_tree(count)
    add_id_tree(pdf, deref(pdf), root)
    written = read_back(pdf, root)
    tree = written.Root.StructTreeRoot.IDTree
    entries = id_tree(tree)
    assert [k for k, _ in entries] == sorted(f"{n}-0-{n}" for n in range(count))
    assert all(str(element.ID) == key for key, element in entries)
    assert ("/Names" in tree) == (count <= LEAF)
    if count > LEAF * LEAF:  # three levels: the root's kids have kids
        assert all("/Kids" in kid for kid in tree.Kids)


def test_a_tree_without_ids_gets_no_id_tree():
    pdf, root, _ = small_tree(0)
    add_id_tree(pdf, deref(pdf), root)
    assert "IDTree" not in root


def test_two_elements_with_one_id_are_refused():
    pdf, root, cells = small_tree(2)
    cells[1]["ID"] = pydyf.String(cells[0]["ID"].string)
    with pytest.raises(RenderError, match="two structure elements of the PDF have one ID"):
        add_id_tree(pdf, deref(pdf), root)


@pytest.mark.parametrize(
    ("html", "pdf"),
    [("col", "/Column"), ("colgroup", "/Column"), ("row", "/Row"), ("rowgroup", "/Row"), (None, "/Column")],
)
def test_a_header_cells_scope_follows_its_html_scope(html, pdf):
    assert scope_of(html) == pdf


# ---- page references once; the same bytes --------------------------------------------------


@pytest.fixture
def counted(monkeypatch):
    """How many times pydyf builds its page references."""
    calls = []
    built = pydyf.PDF.page_references.fget

    def counting(self):
        calls.append(1)
        return built(self)

    monkeypatch.setattr(pydyf.PDF, "page_references", property(counting))
    return calls


def test_page_references_are_built_again_only_when_a_page_is_added(counted):
    pdf = pydyf.PDF()
    for _ in range(3):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    with page_references_once(pdf):
        first = [pdf.page_references for _ in range(50)]
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
        after = pdf.page_references
    assert len(counted) == 2 and len(first[0]) == 3 and len(after) == 4
    assert type(pdf) is pydyf.PDF and pdf.page_references == after  # pydyf's own again


def test_the_write_builds_page_references_a_few_times_not_for_each_element_and_the_bytes_stay(
    document, counted, monkeypatch
):
    """The same layout written with pydyf's page references built on every read and Python's
    collector as it is, then with both speed-ups: the same bytes."""
    pages = lay_out(document)
    with monkeypatch.context() as plainly:
        plainly.setattr(tagging, "page_references_once", lambda pdf: contextlib.nullcontext())
        plainly.setattr(weasy, "fewer_collections", contextlib.nullcontext)
        plain = weasy.tagged_pdf(pages)
    every_read = len(counted)
    counted.clear()
    assert weasy.tagged_pdf(pages) == plain
    assert every_read > 50 * len(pages.pages) and len(counted) < every_read / 20, (every_read, len(counted))


# ---- fewer collections -------------------------------------------------------------------


def test_the_collectors_thresholds_come_back_after_the_outermost_region():
    before = gc.get_threshold()
    with collector.fewer_collections():
        raised = gc.get_threshold()
        with collector.fewer_collections():
            assert gc.get_threshold() == raised
        assert gc.get_threshold() == raised
    assert raised[0] == max(collector.YOUNG_THRESHOLD, before[0]) and raised[1:] == before[1:]
    assert gc.get_threshold() == before and gc.isenabled()


def test_each_time_peak_memory_grows_by_the_budget_the_region_collects_in_full():
    """A cycle of garbage left in a region is collected, past the budget, while the region lasts."""
    import time
    import weakref

    class Node:
        pass

    with collector.fewer_collections(budget=-1):  # any peak at all is past it
        cycle = Node()
        cycle.me = cycle
        gone = weakref.ref(cycle)
        del cycle
        deadline = time.monotonic() + 5
        while collector._REGION.collections == 0 and time.monotonic() < deadline:
            time.sleep(collector.POLL)
        assert gone() is None and collector._REGION.collections >= 1
        watcher = collector._REGION.watcher
    assert watcher is not None and not watcher.is_alive(), "the watcher stops with the region"


def test_what_the_build_holds_at_a_fork_is_frozen_only_while_it_forks():
    held = [[n] for n in range(1000)]
    assert gc.get_freeze_count() == 0
    with collector.frozen_for_fork():
        assert gc.get_freeze_count() >= len(held)
    assert gc.get_freeze_count() == 0
