"""An agenda as the style numbers and words it, and checked against its papers: sub-items
numbered by the style, items out of order and papers for another meeting warned of, a style
that requires the meeting date enforced, supplied files of one name kept apart, the style's
pack wording (banner, "(ATTACHED)") and page numbering origin on the front sheet."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from councilpapers.compose.agenda import agenda_warnings, date_problems
from councilpapers.compose.pack import compose_pack, published_name
from councilpapers.core.errors import ContentError
from councilpapers.core.pack import PUBLIC
from councilpapers.load.meeting import load_meeting, numbered, sub_item_number
from councilpapers.load.style import load_style
from councilpapers.writers.pack import render_front
from tests.helpers import write_paper

MEETING = """\
style: manchester-2018
committee: Executive
date: 2018-02-07
time: "10:00"
venue: Town Hall
published: 2018-01-30
items:
  - number: "1"
    title: Apologies
    procedural: true
  - number: "5"
    title: Libraries
    items:
      - {title: Opening hours, procedural: true}
      - {title: Staffing, procedural: true}
  - number: "4"
    title: Budget
    paper: alpha
"""


def meeting_file(content: Path, text: str = MEETING) -> Path:
    (content / "meetings").mkdir(parents=True, exist_ok=True)
    write_paper(content / "alpha")
    file = content / "meetings" / "executive.yaml"
    file.write_text(text, encoding="utf-8")
    return file


@pytest.mark.parametrize(
    ("scheme", "numbers"), [("letters", ["5a", "5b"]), ("bracketed-roman", ["5(i)", "5(ii)"]), ("roman", ["i.", "ii."])]
)
def test_sub_items_without_numbers_are_numbered_as_the_style_says(scheme, numbers):
    assert [sub_item_number("5", n, scheme) for n in range(2)] == numbers


def test_a_meeting_numbers_its_unnumbered_sub_items_and_keeps_given_numbers(tmp_path):
    loaded = load_meeting(meeting_file(tmp_path / "content"), tmp_path / "content")
    libraries = loaded.meeting.items[1]
    assert [i.number for i in libraries.items] == ["5a", "5b"]
    assert [i.number for i in numbered(loaded.meeting.items, "", "roman")[1].items] == ["5a", "5b"]


def test_an_item_without_a_number_is_refused_where_it_is(tmp_path):
    file = meeting_file(
        tmp_path / "content", MEETING.replace('  - number: "4"\n    title: Budget', "  - title: Budget")
    )
    with pytest.raises(ContentError) as caught:
        load_meeting(file, tmp_path / "content")
    assert 'give the item its number: number: "5"' in str(caught.value)
    assert "executive.yaml:16:5: items[2]" in str(caught.value)


def test_items_out_of_order_and_a_paper_for_another_meeting_are_warned_of(tmp_path):
    loaded = load_meeting(meeting_file(tmp_path / "content"), tmp_path / "content")
    report_to = {"alpha": [("Executive", datetime.date(2018, 3, 14))]}
    warnings = agenda_warnings(loaded, report_to)
    assert "executive.yaml: item 4 comes after item 5: number the items in the order they are taken" in warnings
    assert any(
        "item 4, alpha: its paper.yaml reports to Executive – 14 March 2018, not this meeting "
        "(Executive – 7 February 2018)" in w
        for w in warnings
    )
    assert agenda_warnings(loaded, {"alpha": [("the executive", datetime.date(2018, 2, 7))]}) == [
        "executive.yaml: item 4 comes after item 5: number the items in the order they are taken"
    ]


def test_a_style_that_requires_the_meeting_date_refuses_a_paper_for_another_date(tmp_path):
    loaded = load_meeting(meeting_file(tmp_path / "content"), tmp_path / "content")
    other = {"alpha": [("Executive", datetime.date(2018, 3, 14))]}
    problems = date_problems(loaded, other, {"alpha"})
    assert len(problems) == 1 and problems[0].line == 18 and "requires the meeting date" in problems[0].message
    assert date_problems(loaded, other, set()) == []


def test_two_supplied_files_of_one_name_in_two_folders_are_published_as_two():
    assert published_name("a/report.pdf") != published_name("b/report.pdf")
    assert published_name("a/report.pdf") == "a-report.pdf"


def test_the_styles_banner_attached_wording_and_page_origin_reach_the_front_sheet(tmp_path):
    from dataclasses import replace

    from councilpapers.compose.document import compose
    from councilpapers.compose.layout import layout_of
    from councilpapers.load.paper import load_paper

    content = tmp_path / "content"
    loaded = load_meeting(meeting_file(content), content)
    style = load_style("manchester-2018")
    style = style.model_copy(
        update={
            "pack_labels": style.pack_labels.model_copy(
                update={"banner": "Public Document Pack", "attached": "(ATTACHED)"}
            ),
            "pack_numbering": style.pack_numbering.model_copy(update={"count_front_sheet": False}),
        }
    )
    papers = {"alpha": compose(load_paper(content / "alpha")).document}
    layout = layout_of(style, {"council": "", "subject": "", "committee": "Executive", "date": ""})
    pack = compose_pack(loaded, style, papers, layout, content, PUBLIC)
    html = render_front(pack, "print", {"4": (3, 4)}, page_base=2)
    assert '<p class="banner">Public Document Pack</p>' in html
    assert "Budget (ATTACHED)" in html and "Apologies (ATTACHED)" not in html
    assert ">1–2<" in html  # the first item's pages counted from 1, the front sheet left out
    assert "counter(page)" not in html.split("</style>")[0].split("@page { @bottom-right")[-1][:40]
    plain = replace(pack, count_front_sheet=True)
    assert ">3–4<" in render_front(plain, "print", {"4": (3, 4)})


def test_a_misspelt_key_in_a_meeting_file_gets_a_did_you_mean_and_the_keys_allowed_there(tmp_path):
    text = MEETING.replace("    paper: alpha\n", "    paper: alpha\n    documnets: []\n")
    with pytest.raises(ContentError) as caught:
        load_meeting(meeting_file(tmp_path / "content", text), tmp_path / "content")
    message = str(caught.value)
    assert "items[2].documnets: unknown field 'documnets' (did you mean 'documents'?)" in message
    assert "allowed here: document, documents, exempt" in message
