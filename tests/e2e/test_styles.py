"""House styles: any council's paper from one set of templates, the format decided by data."""

from __future__ import annotations

import base64
import subprocess
import sys
import zipfile
from decimal import Decimal

import pytest
from pypdf import PdfReader

from councilpapers.commands import main
from councilpapers.compose.document import compose
from councilpapers.core.errors import ContentError
from councilpapers.core.model import ItemList, plain
from councilpapers.load.paper import load_paper
from councilpapers.load.style import style_names

from ..helpers import MINIMAL_BODY, MINIMAL_PAPER, ROOT, changed, write_paper

FICTIONAL = """\
style: neutral
council: Borsetshire County Council
report_type: Report for Decision
masthead: [Item 7, For general release]
report_to:
  - body: Cabinet
    date: 2026-03-04
subject: Library opening hours
report_of: Director of Communities
summary:
  - The libraries' hours from April.
recommendations:
  - numbered:
      - To approve the hours in section 1.
      - text: To note the savings below
        bullets: [Felpersham, Borchester]
contact_officers:
  - name: Jo Grundy
    email: jo.grundy-smith@borsetshire.example
body: [body.yaml]
"""


def build(content, output, *formats: str) -> None:
    assert main(["--content", str(content), "--output", str(output), "--format", ",".join(formats)]) == 0


def docx_text(path) -> str:
    with zipfile.ZipFile(path) as package:
        return "".join(package.read(n).decode("utf-8") for n in package.namelist() if n.endswith(".xml"))


def xlsx_text(path) -> str:
    return docx_text(path)


def test_the_package_and_shared_templates_name_no_council():
    hits = subprocess.run(
        [
            "grep",
            "-rli",
            "manchester",
            "councilpapers",
            "templates/paper.html.j2",
            "templates/blocks.html.j2",
            "templates/layout.css.j2",
            "templates/paper.css",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout.split()
    assert [h for h in hits if "__pycache__" not in h] == []


def test_a_fictional_councils_paper_says_nothing_of_manchester(tmp_path):
    content, output = tmp_path / "content", tmp_path / "output"
    write_paper(content / "library-hours", FICTIONAL)
    build(content, output, "pdf", "docx", "xlsx", "html", "web")
    pdf = "".join(page.extract_text() for page in PdfReader(output / "library-hours.pdf").pages)
    texts = {
        "pdf": pdf,
        "html": (output / "library-hours.print.html").read_text(encoding="utf-8"),
        "web": (output / "library-hours.html").read_text(encoding="utf-8"),
        "docx": docx_text(output / "library-hours.docx"),
        "xlsx": xlsx_text(output / "library-hours.xlsx"),
    }
    for kind, text in texts.items():
        assert "manchester" not in text.lower(), kind
        assert "Borsetshire County Council" in text, kind
    assert "Item 7" in pdf and "For general release" in pdf
    assert "Date of meeting:" in pdf and "4 March 2026" in pdf
    assert "Contact officer:" in pdf and "jo.grundy-smith@borsetshire.example" in pdf
    # no empty heading for the fields this paper leaves out
    for absent in ("Wards affected", "Financial consequences", "Background documents", "Strategy outcome"):
        assert absent not in pdf, absent
    assert 'href="mailto:jo.grundy-smith@borsetshire.example"' in texts["html"]
    assert 'href="mailto:jo.grundy-smith@borsetshire.example"' in texts["web"]


def test_the_masthead_and_front_sheet_follow_the_style_order(tmp_path):
    document = compose(load_paper(write_paper(tmp_path / "p", FICTIONAL))).document
    assert document.front.masthead == (
        "Borsetshire County Council",
        "Report for Decision",
        "Item 7",
        "For general release",
    )
    assert [f.key for f in document.front.fields] == [
        "report_to",
        "meeting_date",
        "subject",
        "report_of",
        "summary",
        "recommendations",
        "contact_officers",
    ]
    assert document.language == "en-GB" and document.council == "Borsetshire County Council"


def test_several_recommendations_are_numbered_by_the_style_with_sub_items(tmp_path):
    document = compose(load_paper(write_paper(tmp_path / "p", FICTIONAL))).document
    (recommendations,) = document.front.field("recommendations").blocks
    assert isinstance(recommendations, ItemList)
    assert [i.marker for i in recommendations.items] == ["1.", "2."]
    assert plain(recommendations.items[1].children[0].items[0].inlines) == "Felpersham"


def test_numbering_comes_from_the_style_and_the_paper_may_override_it(tmp_path):
    sections = compose(load_paper(write_paper(tmp_path / "a"))).document.sections
    assert (sections[0].number, sections[0].blocks[0].number) == ("1.0", "1.1")
    paper = changed(
        MINIMAL_PAPER,
        "style: manchester-2018\n",
        'style: manchester-2018\nnumbering: {sections: "{n}.", paragraphs: ""}\n',
    )
    sections = compose(load_paper(write_paper(tmp_path / "b", paper))).document.sections
    assert (sections[0].number, sections[0].blocks[0].number) == ("1.", None)
    paper = changed(
        changed(
            MINIMAL_PAPER,
            "style: manchester-2018\n",
            "style: manchester-2010\npurpose: [Why.]\nimplications: [{policy: Anti-Poverty, answer: 'No'}]\n",
        ),
        "summary:\n  - A summary.\n",
        "",
    )
    sections = compose(load_paper(write_paper(tmp_path / "c", paper))).document.sections
    assert (sections[0].number, sections[0].title, sections[0].blocks[0].number) == ("1.", "BUDGET", "1.1")


def test_list_markers_are_the_styles_and_a_list_may_continue(tmp_path):
    body = changed(
        MINIMAL_BODY,
        "      - para: The net",
        "      - numbered: [a, b]\n        style: roman\n        start: 9\n      - para: The net",
    )
    document = compose(load_paper(write_paper(tmp_path / "p", body=body))).document
    (roman,) = [b for b in document.sections[0].blocks if isinstance(b, ItemList)]
    assert [i.marker for i in roman.items] == ["(ix)", "(x)"]


def test_anchors_carry_the_papers_slug(tmp_path):
    document = compose(load_paper(write_paper(tmp_path / "my-paper"))).document
    assert document.sections[0].anchor == "my-paper-s1"
    assert document.sections[0].blocks[0].anchor == "my-paper-p1-1"
    assert document.tables()[0].anchor == "my-paper-t-budget"


def problems(folder) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_paper(folder)
    return [str(p) for p in caught.value.problems]


def test_a_missing_required_field_is_a_located_error(tmp_path):
    paper = changed(MINIMAL_PAPER, "summary:\n  - A summary.\n", "")
    assert problems(write_paper(tmp_path / "p", paper)) == [
        f"{tmp_path}/p/paper.yaml:1:1: missing field 'summary': a Report for Resolution needs it in the style manchester-2018"
    ]


def test_a_report_type_the_style_does_not_know_is_an_error(tmp_path):
    paper = changed(MINIMAL_PAPER, "report_type: Report for Resolution", "report_type: Report for Decision")
    (message,) = problems(write_paper(tmp_path / "p", paper))
    assert message.endswith(
        "paper.yaml:2:1: report_type: the style manchester-2018 has no report type "
        "'Report for Decision'; it knows 'Report for Resolution', 'Report for Information'"
    )


def test_a_field_the_style_has_no_place_for_is_an_error(tmp_path):
    paper = MINIMAL_PAPER + "purpose: [Why the report is brought.]\n"
    (message,) = problems(write_paper(tmp_path / "p", paper))
    assert "purpose: the style manchester-2018 has no place for 'purpose' on its front sheet" in message


def test_an_unknown_style_or_label_is_an_error(tmp_path):
    paper = changed(MINIMAL_PAPER, "style: manchester-2018", "style: borsetshire")
    (message,) = problems(write_paper(tmp_path / "a", paper))
    assert (
        "style: no house style 'borsetshire' in templates/styles/; styles: manchester-2010, manchester-2018, neutral"
        in message
    )
    paper = MINIMAL_PAPER + "labels: {contact_officer: 'Contact:'}\n"
    (message,) = problems(write_paper(tmp_path / "b", paper))
    assert "labels.contact_officer: no label 'contact_officer' (did you mean 'contact_officers'?)" in message


def test_labels_may_be_overridden_by_the_paper(tmp_path):
    paper = MINIMAL_PAPER + "labels: {contact_officers: 'Contact:', telephone: 'Tel:'}\n"
    document = compose(load_paper(write_paper(tmp_path / "p", paper))).document
    assert document.front.field("contact_officers").label == "Contact:"


def test_an_empty_financial_consequences_prints_no_heading(tmp_path):
    paper = changed(MINIMAL_PAPER, "financial_consequences: None.\n", "")
    document = compose(load_paper(write_paper(tmp_path / "p", paper))).document
    assert document.front.field("financial_consequences") is None


def test_an_appendix_keeps_its_own_number_and_references_say_it(tmp_path):
    body = changed(MINIMAL_BODY, "The net budget is", "See {see:annex}. The net budget is")
    appendix = "appendices:\n  - title: Costs\n    number: 2\n    label: annex\n    blocks: [{text: Costs.}]\n"
    paper = changed(MINIMAL_PAPER, "body: [body.yaml]", "body: [body.yaml]\nappendices: [appendix.yaml]")
    document = compose(load_paper(write_paper(tmp_path / "p", paper, body=body, appendix=appendix))).document
    assert document.appendices[0].title == "Appendix 2: Costs"
    assert "See Appendix 2." in plain(document.sections[0].blocks[0].inlines)


def test_an_exempt_paper_says_so_on_its_masthead(tmp_path):
    paper = MINIMAL_PAPER + "exempt: {paragraph: 3}\n"
    document = compose(load_paper(write_paper(tmp_path / "p", paper))).document
    assert document.exempt == 3
    assert document.front.masthead[-1] == (
        "Not for publication: paragraph 3 of Part 1 of Schedule 12A to the Local Government Act 1972"
    )


def test_figures_print_at_their_typed_precision_and_can_be_computed(tmp_path):
    paper = MINIMAL_PAPER + (
        "figures:\n  rate: {value: 2.99, unit: '%'}\n  part: {value: 1.25, unit: £m}\n"
        "  whole: {value: 10.160, unit: £m}\n"
        "  share: {formula: part / whole * 100, unit: '%', decimals: 1}\n"
    )
    body = changed(
        MINIMAL_BODY,
        "The net budget is {budget.total.net|£m}.",
        "Figures are {rate} {rate|%} {part|£m} {part|£m:1} {whole|£m} {share|%} {budget.total.net|£m}.",
    )
    document = compose(load_paper(write_paper(tmp_path / "p", paper, body=body))).document
    assert (
        plain(document.sections[0].blocks[0].inlines) == "Figures are 2.99% 2.99% £1.25m £1.3m £10.160m 12.3% £3.500m."
    )


def test_a_format_that_does_not_fit_a_named_figure_is_located(tmp_path):
    paper = MINIMAL_PAPER + "figures:\n  cost: {value: 264.8, unit: £m}\n"
    body = changed(MINIMAL_BODY, "The net budget is {budget.total.net|£m}.", "Up {cost|%}.")
    with pytest.raises(ContentError) as caught:
        compose(load_paper(write_paper(tmp_path / "p", paper, body=body)))
    (problem,) = caught.value.problems
    assert problem.line == 4 and "{cost|%}: '%' needs a percentage" in problem.message


@pytest.mark.parametrize("style", style_names())
def test_new_scaffolds_a_paper_that_builds_in_every_style(tmp_path, style):
    content, output = tmp_path / "content", tmp_path / "output"
    args = [
        "new",
        "fresh-paper",
        "--style",
        style,
        "--council",
        "Borsetshire County Council",
        "--content",
        str(content),
    ]
    assert main(args) == 0
    text = (content / "fresh-paper" / "paper.yaml").read_text(encoding="utf-8")
    assert f"style: {style}" in text and "(required)" in text
    build(content, output, "pdf", "docx")
    pdf = "".join(page.extract_text() for page in PdfReader(output / "fresh-paper.pdf").pages)
    assert "Write the report's subject here" in pdf and "£2.000m" in pdf
    assert main(args) == 1  # never overwrites a paper


def test_new_needs_a_council_where_the_style_names_none(tmp_path, capsys):
    assert main(["new", "x", "--style", "neutral", "--content", str(tmp_path)]) == 1
    assert "names no council: give one with --council" in capsys.readouterr().err


def test_an_outside_style_file_cannot_be_named(tmp_path):
    paper = changed(MINIMAL_PAPER, "style: manchester-2018", "style: ../../etc/passwd")
    (message,) = problems(write_paper(tmp_path / "p", paper))
    assert "no house style '../../etc/passwd'" in message


def test_help_lists_new():
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--help"], capture_output=True, text=True)
    assert "build.py new SLUG" in result.stdout


def test_the_same_figure_prints_the_same_in_pdf_word_and_workbook(tmp_path):
    body = changed(
        changed(MINIMAL_BODY, "net: 1000}", "net: 1000.5}"),
        "The net budget is {budget.total.net|£m}.",
        "The net budget is {budget.total.net}.",
    )
    content, output = tmp_path / "content", tmp_path / "output"
    write_paper(content / "p", body=body)
    build(content, output, "pdf", "docx", "xlsx")
    pdf = "".join(page.extract_text() for page in PdfReader(output / "p.pdf").pages)
    assert "The net budget is 3,501." in pdf and "1,001" in pdf
    import docx
    from openpyxl import load_workbook

    word = "\n".join(p.text for p in docx.Document(output / "p.docx").paragraphs)
    assert "The net budget is 3,501." in word
    sheet = load_workbook(output / "p.xlsx").worksheets[-1]
    typed = next(c for row in sheet.iter_rows() for c in row if c.value == Decimal("1000.5") or c.value == 1000.5)
    assert typed.number_format == "[>=0.5]#,##0;[>-0.5]#,##0;(#,##0)"  # Excel shows 1,001: half away from zero


def test_a_styles_logo_is_in_every_output_with_its_alt_text(tmp_path):
    from PIL import Image

    from councilpapers.load.style import STYLES

    name = f"test-logo-{abs(hash(str(tmp_path))) % 10**8}"
    image, style = STYLES / f"{name}.png", STYLES / f"{name}.yaml"
    try:
        Image.new("RGB", (120, 40), "navy").save(image)
        neutral = (STYLES / "neutral.yaml").read_text(encoding="utf-8")
        style.write_text(
            neutral + f"logo: {{file: {name}.png, alt: Borsetshire County Council logo, width_mm: 30}}\n",
            encoding="utf-8",
        )
        content, output = tmp_path / "content", tmp_path / "output"
        write_paper(content / "p", changed(FICTIONAL, "style: neutral", f"style: {name}"))
        build(content, output, "pdf", "docx", "html", "web")
        assert f'<img class="logo" src="styles/{name}.png" alt="Borsetshire County Council logo"' in (
            output / "p.print.html"
        ).read_text(encoding="utf-8")
        # the web page carries the image itself, so it shows wherever the page is copied
        web = (output / "p.html").read_text(encoding="utf-8")
        embedded = base64.b64encode(image.read_bytes()).decode("ascii")
        assert f'<img class="logo" src="data:image/png;base64,{embedded}" alt="Borsetshire County Council logo">' in web
        reader = PdfReader(output / "p.pdf")
        assert any("/XObject" in (page["/Resources"] or {}) for page in reader.pages[:1])
        import page as validator

        assert validator.validate_pdf(str(output / "p.pdf"), profile="ua1").is_compliant
        assert 'descr="Borsetshire County Council logo"' in docx_text(output / "p.docx")
    finally:
        image.unlink(missing_ok=True)
        style.unlink(missing_ok=True)


def test_a_logo_outside_the_styles_folder_is_refused(tmp_path):
    from councilpapers.load.style import STYLES

    name = f"test-badlogo-{abs(hash(str(tmp_path))) % 10**8}"
    style = STYLES / f"{name}.yaml"
    try:
        neutral = (STYLES / "neutral.yaml").read_text(encoding="utf-8")
        style.write_text(neutral + "logo: {file: ../../README.md, alt: x}\n", encoding="utf-8")
        paper = changed(FICTIONAL, "style: neutral", f"style: {name}")
        (message,) = problems(write_paper(tmp_path / "p", paper))
        assert f"{name}.yaml" in message and "logo.file: no image '../../README.md' in templates/styles/" in message
    finally:
        style.unlink(missing_ok=True)


def test_a_paper_can_sit_deeper_with_all_its_headings_moved_together(tmp_path):
    from councilpapers.writers.html import render_html

    document = compose(load_paper(write_paper(tmp_path / "p", FICTIONAL))).document
    import re as _re

    levels = lambda html: _re.findall(r"<h(\d)", html)  # noqa: E731
    alone, nested = levels(render_html(document)), levels(render_html(document, heading_offset=1))
    assert alone[0] == "1" and [int(n) + 1 for n in alone] == [int(n) for n in nested]


def test_colours_and_fonts_come_from_the_style(tmp_path):
    from councilpapers.load.style import STYLES

    name = f"test-colours-{abs(hash(str(tmp_path))) % 10**8}"
    style = STYLES / f"{name}.yaml"
    try:
        style.write_text(
            (STYLES / "neutral.yaml").read_text(encoding="utf-8")
            + "colours: {header_fill: '#ccddee'}\nfonts: {size_pt: 12, table_size_pt: 10}\n",
            encoding="utf-8",
        )
        content, output = tmp_path / "content", tmp_path / "output"
        write_paper(content / "p", changed(FICTIONAL, "style: neutral", f"style: {name}"), body=MINIMAL_BODY)
        build(content, output, "html", "docx")
        html = (output / "p.print.html").read_text(encoding="utf-8")
        assert (
            "background: #ccddee" in html
            and "font-size: 12.0pt" in html
            and "table.figures { font-size: 10.0pt" in html
        )
        word = docx_text(output / "p.docx")
        assert 'w:fill="CCDDEE"' in word and '<w:sz w:val="24"/>' in word
    finally:
        style.unlink(missing_ok=True)


def test_an_email_address_does_not_break_at_its_hyphen_in_word(tmp_path):
    content, output = tmp_path / "content", tmp_path / "output"
    write_paper(content / "p", FICTIONAL)
    build(content, output, "docx")
    word = docx_text(output / "p.docx")
    assert 'HYPERLINK "mailto:jo.grundy-smith@borsetshire.example"' in word
    assert "<w:t>jo.grundy</w:t><w:noBreakHyphen/><w:t>smith@borsetshire.example</w:t>" in word


NESTED = """\
sections:
  - title: Recommendations
    blocks:
      - numbered:
          - text: To approve the plan, and in particular
            numbered: [the hours, the staffing, the budget]
          - To note the report.
"""


def test_numbered_lists_nest_with_the_styles_markers_in_every_output(tmp_path):
    content, output = tmp_path / "content", tmp_path / "output"
    write_paper(content / "p", FICTIONAL, body=NESTED)
    document = compose(load_paper(content / "p")).document
    (outer,) = document.sections[0].blocks
    assert [i.marker for i in outer.items] == ["1.", "2."]
    assert [i.marker for i in outer.items[0].children[0].items] == ["i)", "ii)", "iii)"]
    build(content, output, "pdf", "docx")
    pdf = PdfReader(output / "p.pdf").pages[1].extract_text()
    assert "i) the hours\nii) the staffing\niii) the budget\n2. To note the report." in pdf
    numbering = zipfile.ZipFile(output / "p.docx").read("word/numbering.xml").decode("utf-8")
    assert '<w:numFmt w:val="lowerRoman"/><w:lvlText w:val="%2)"/>' in numbering.replace("\n", "")


def test_new_uses_the_neutral_style_unless_told(tmp_path):
    assert main(["new", "plain", "--council", "Borsetshire County Council", "--content", str(tmp_path)]) == 0
    text = (tmp_path / "plain" / "paper.yaml").read_text(encoding="utf-8")
    assert "style: neutral" in text and 'council: "Borsetshire County Council"' in text
    assert "# meeting_date: (Printed from the first report_to date: nothing to write.)" in text


def test_a_house_font_must_have_all_four_faces(tmp_path):
    import shutil

    from councilpapers.load.style import FONTS, _check_files, load_style
    from councilpapers.load.yamlsource import load_yaml

    family = f"Test Sans {abs(hash(str(tmp_path))) % 10**6}"
    regular = FONTS / f"{family.replace(' ', '')}-Regular.ttf"
    shutil.copy(FONTS / "LiberationSans-Regular.ttf", regular)
    try:
        neutral = load_style("neutral")
        style = neutral.model_copy(update={"fonts": neutral.fonts.model_copy(update={"family": family})})
        source = load_yaml(ROOT / "templates" / "styles" / "neutral.yaml")
        (problem,) = _check_files(style, source)
        assert problem.field == "fonts.family"
        assert f"no font '{family}' in templates/fonts/ (missing " in problem.message
        assert "-Bold.ttf, " in problem.message and "-BoldItalic.ttf)" in problem.message
    finally:
        regular.unlink()
