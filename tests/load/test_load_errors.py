"""Bad input: each problem named by file, line and field, in an author's words, all at once."""

from __future__ import annotations

import pytest

from councilpapers.compose.document import compose
from councilpapers.core.errors import ContentError
from councilpapers.load.paper import load_paper

from ..helpers import MINIMAL_BODY, MINIMAL_PAPER, changed, write_paper


def problems(folder) -> list[str]:
    with pytest.raises(ContentError) as caught:
        compose(load_paper(folder))
    return [f"{p.file.name}:{p.line}:{p.column}: {p.field}: {p.message}" for p in caught.value.problems]


def test_minimal_paper_composes(tmp_path):
    document = compose(load_paper(write_paper(tmp_path / "p"))).document
    assert document.sections[0].blocks[0].number == "1.1"


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    folder = write_paper(tmp_path / "p", body=changed(MINIMAL_BODY, "title: Budget", "title: [Budget"))
    [message] = problems(folder)
    assert message.startswith("body.yaml:")
    assert "YAML syntax error" in message


def test_duplicate_key_is_rejected_with_both_lines(tmp_path):
    body = changed(MINIMAL_BODY, "      - para: The net", "      - para: First.\n        para: The net")
    assert problems(write_paper(tmp_path / "p", body=body)) == [
        "body.yaml:5:9: sections[0].blocks[0].para: duplicate key 'para' (first written on line 4); "
        "a second value would silently replace the first"
    ]


def test_unknown_field_suggests_the_right_one(tmp_path):
    paper = changed(MINIMAL_PAPER, "subject:", "subjet:")
    assert problems(write_paper(tmp_path / "p", paper=paper)) == [
        "paper.yaml:1:1: subject: missing required field 'subject'",
        "paper.yaml:6:1: subjet: unknown field 'subjet' (did you mean 'subject'?)",
    ]


def test_figure_written_as_text_in_a_table(tmp_path):
    body = changed(MINIMAL_BODY, "net: 2500", "net: '2,500'")
    assert problems(write_paper(tmp_path / "p", body=body)) == [
        "body.yaml:14:35: sections[0].blocks[1].table.rows[1].net: expected a number, got '2,500' (write it without commas)"
    ]


def test_wrong_type_in_front_sheet(tmp_path):
    paper = changed(MINIMAL_PAPER, "date: 2018-02-07", "date: next Tuesday")
    assert problems(write_paper(tmp_path / "p", paper=paper)) == [
        "paper.yaml:5:5: report_to[0].date: expected a date such as 2018-02-07, got 'next Tuesday'"
    ]


def test_reference_to_a_figure_that_does_not_exist(tmp_path):
    body = changed(MINIMAL_BODY, "{budget.total.net|£m}", "{budget.totl.net|£m}")
    assert problems(write_paper(tmp_path / "p", body=body)) == [
        "body.yaml:4:33: sections[0].blocks[0].para: {budget.totl.net|£m}: no row 'totl' in table budget "
        "(did you mean 'total'?)"
    ]


def test_every_problem_in_every_file_is_reported_not_just_the_first(tmp_path):
    body = changed(
        changed(MINIMAL_BODY, "title: Budget", "titel: Budget"), "      - para: The net", "      - para: [The net"
    )
    paper = changed(MINIMAL_PAPER, "wards_affected: All", "wards_affected: [All]")
    assert problems(write_paper(tmp_path / "p", paper=paper, body=changed(body, "[The net", "The net"))) == [
        "body.yaml:2:5: sections[0].title: missing required field 'title'",
        "body.yaml:2:5: sections[0].titel: unknown field 'titel' (did you mean 'title'?); allowed here: blocks, label, title",
        "paper.yaml:12:1: wards_affected: expected text, got a list",
    ]


def test_every_figure_and_reference_problem_is_reported(tmp_path):
    body = changed(
        changed(MINIMAL_BODY, "net: 2500", "net: 'lots'"), "{budget.total.net|£m}", "{see:nowhere} {nothing}"
    )
    assert problems(write_paper(tmp_path / "p", body=body)) == [
        "body.yaml:4:33: sections[0].blocks[0].para: {see:nowhere}: no paragraph, section or appendix has the label "
        "'nowhere'",
        "body.yaml:4:47: sections[0].blocks[0].para: {nothing}: no named figure 'nothing' in paper.yaml",
        "body.yaml:14:35: sections[0].blocks[1].table.rows[1].net: expected a number, got 'lots'",
    ]


def test_missing_body_file(tmp_path):
    folder = write_paper(tmp_path / "p", paper=changed(MINIMAL_PAPER, "[body.yaml]", "[body.yaml, more.yaml]"))
    assert problems(folder) == ["paper.yaml:17:19: body[1]: no file 'more.yaml' in p/"]


def test_unknown_block_kind_suggests(tmp_path):
    body = changed(MINIMAL_BODY, "      - para: The net", "      - paar: The net")
    [message] = problems(write_paper(tmp_path / "p", body=body))
    assert message.startswith("body.yaml:4:9: sections[0].blocks[0]: a block starts with one of: para, text,")
    assert "(did you mean 'para'?)" in message


def test_unknown_table_column_in_a_row(tmp_path):
    body = changed(MINIMAL_BODY, "area: Beta, net: 2500", "area: Beta, nett: 2500")
    assert problems(write_paper(tmp_path / "p", body=body)) == [
        "body.yaml:14:35: sections[0].blocks[1].table.rows[1].nett: unknown column 'nett' in table budget (did you mean 'net'?)"
    ]


def test_expressions_cannot_run_code(tmp_path):
    body = changed(MINIMAL_BODY, "net: 2500", "net: \"=__import__('os').system('true')\"")
    [message] = problems(write_paper(tmp_path / "p", body=body))
    assert "may use only numbers, names, brackets and + - * /" in message


def test_circular_reference(tmp_path):
    body = changed(changed(MINIMAL_BODY, "net: 1000", 'net: "=b.net"'), "net: 2500", 'net: "=a.net"')
    found = problems(write_paper(tmp_path / "p", body=body))
    assert any("circular reference: budget.a.net → budget.b.net → budget.a.net" in m for m in found)


def test_lone_brace_in_text(tmp_path):
    body = changed(MINIMAL_BODY, "The net budget is", "The {net budget is")
    [message] = problems(write_paper(tmp_path / "p", body=body))
    assert message.endswith("a lone { or } in the text: write {{ or }} for a brace")


def test_money_format_on_a_count(tmp_path):
    body = changed(MINIMAL_BODY, 'unit: "£,000"', "unit: FTE")
    [message] = problems(write_paper(tmp_path / "p", body=body))
    assert message.endswith("'£m' needs a money figure (unit £, £,000, £'000 or £m), this one is in FTE")


def test_duplicate_key_does_not_hide_the_other_problems(tmp_path):
    paper = changed(MINIMAL_PAPER, "wards_affected: All", "wards_affected: All\nwards_affected: Some")
    body = changed(MINIMAL_BODY, "net: 2500", "net: '2,500'")
    assert problems(write_paper(tmp_path / "p", paper=paper, body=body)) == [
        "body.yaml:14:35: sections[0].blocks[1].table.rows[1].net: expected a number, got '2,500' (write it without commas)",
        "paper.yaml:13:1: wards_affected: duplicate key 'wards_affected' (first written on line 12); "
        "a second value would silently replace the first",
    ]


@pytest.mark.parametrize(
    "change, expected",
    [
        (("      - para: The net", "      - numberd: [a]\n      - para: The net"), "a block starts with one of"),
        (
            ("          tolerance: 1", "          tolerence: 1"),
            "unknown field 'tolerence' (did you mean 'tolerance'?); allowed here: caption, columns, id, notes, orientation, "
            "rows, scoring, sheet, title, tolerance, unavailable, zero",
        ),
        (
            (
                "      - para: The net budget is {budget.total.net|£m}.",
                "      - para: The net budget is {budget.total.net|£m}.\n        lable: x",
            ),
            "unknown field 'lable' (did you mean 'label'?); allowed here: blocks, label, para",
        ),
        (
            ("  - title: Budget", "  - title: Budget\n    numbered: true"),
            "unknown field 'numbered'; allowed here: blocks, label, title",
        ),
    ],
)
def test_did_you_mean_draws_on_the_fields_allowed_there(tmp_path, change, expected):
    folder = write_paper(tmp_path / "p", body=MINIMAL_BODY.replace(*change))
    with pytest.raises(ContentError) as caught:
        load_paper(folder)
    messages = [p.message for p in caught.value.problems]
    assert any(expected in m for m in messages), messages


def test_a_sentence_that_restates_an_unreadable_figure_points_to_it(tmp_path):
    folder = write_paper(
        tmp_path / "p",
        body=changed(
            changed(MINIMAL_BODY, "net: 2500", "net: '2,500'"),
            "The net budget is {budget.total.net|£m}.",
            "Beta is {budget.b.net|£m}.",
        ),
    )
    with pytest.raises(ContentError) as caught:
        compose(load_paper(folder))
    messages = [p.message for p in caught.value.problems]
    assert "expected a number, got '2,500' (write it without commas)" in messages
    assert "{budget.b.net|£m}: that cell's figure cannot be read (see its own problem)" in messages


@pytest.mark.parametrize(
    ("sheet", "message"),
    [
        (
            "'Budget: 2018'",
            "body.yaml:8:11: sections[0].blocks[1].table.sheet: 'Budget: 2018' is not a sheet name: at most 31 "
            "characters, none of [ ] : * ? / \\, not starting or ending with an apostrophe or a space",
        ),
        ("A name far longer than Excel's thirty-one", "is not a sheet name: at most 31 characters"),
        (
            "contents",
            "'contents' is one of the workbook's own sheets (Cover, Contents, Notes, Figures, Checks, History)",
        ),
    ],
)
def test_a_sheet_name_excel_would_refuse_is_named_where_it_is_written(tmp_path, sheet, message):
    body = changed(
        MINIMAL_BODY, "          caption: Budget\n", f"          caption: Budget\n          sheet: {sheet}\n"
    )
    [problem] = problems(write_paper(tmp_path / "p", body=body))
    assert problem.startswith("body.yaml:8:") and message in problem, problem


def test_two_tables_may_not_share_a_sheet(tmp_path):
    second = MINIMAL_BODY.split("      - table:\n", 1)[1].replace("id: budget", "id: other")
    body = MINIMAL_BODY + "      - table:\n" + second
    body = changed(body, "          caption: Budget\n", "          caption: Budget\n          sheet: Budget sheet\n")
    assert [p.split(": ", 1)[1] for p in problems(write_paper(tmp_path / "p", body=body))] == [
        "sections[0].blocks[2].table.sheet: sheet 'Budget sheet' is used twice"
    ]


@pytest.mark.parametrize(
    ("written", "figure"),
    [("2,500", "2500"), ("1,234,567", "1234567"), ("-3,027.5", "-3027.5"), ("1,027,000.25", "1027000.25")],
)
def test_a_figure_with_commas_inside_braces_is_named_as_one_figure(tmp_path, written, figure):
    """In {id: b, net: 2,500} YAML reads the comma as the end of the field: the author still
    hears about the figure they wrote, where they wrote it."""
    body = changed(MINIMAL_BODY, "net: 2500}", f"net: {written}}}")
    assert problems(write_paper(tmp_path / "p", body=body)) == [
        f"body.yaml:14:35: sections[0].blocks[1].table.rows[1].net: '{written}': inside {{ }} a comma separates "
        f"fields, so a figure written with commas falls apart: write it without commas ({figure})"
    ]


def test_a_bad_reference_in_a_long_paragraph_is_located_on_its_own_line(tmp_path):
    body = changed(
        MINIMAL_BODY,
        "      - para: The net budget is {budget.total.net|£m}.",
        "      - para: >-\n          The net budget\n          is what it is,\n          and it is {budget.totl.net|£m} in all.",
    )
    assert problems(write_paper(tmp_path / "p", body=body)) == [
        "body.yaml:7:21: sections[0].blocks[0].para: {budget.totl.net|£m}: no row 'totl' in table budget "
        "(did you mean 'total'?)"
    ]
