"""The notice rules of each nation (templates/rules/notice.yaml) at the bank holidays where the
nations differ, the latest date that complies, the located findings, the notices of a private
meeting (England) and the notices written as a web page and a tagged PDF."""

from __future__ import annotations

import datetime
import html
import io
import re
import textwrap
import typing

import pytest
from pypdf import PdfReader

from councilpapers.compose.cleardays import Calendar, clear_days, latest_publication, notice_of, on_day, shortfall
from councilpapers.compose.notice import notice_findings
from councilpapers.compose.privatemeeting import compose_private_notices, private_items
from councilpapers.core.errors import ContentError
from councilpapers.load.meeting import load_meeting
from councilpapers.load.rules import AGENDA, PRIVATE_INTENTION, Nation, notice_rules
from councilpapers.load.style import HouseStyle, load_style
from councilpapers.writers.notices import write_private_notices

D = datetime.date
ENG, WLS, SCT = Calendar("ENG"), Calendar("WLS"), Calendar("SCT")


def style(nation: str = "england", **changes: typing.Any) -> HouseStyle:
    return load_style("neutral").model_copy(update={"nation": nation, **changes})


def agenda_shortfall(nation: str, published: D, meeting: D) -> str | None:
    notice = notice_of(style(nation))
    rule = notice.rules.rule(AGENDA, meeting)
    assert rule is not None
    return shortfall(published, meeting, rule, notice)


# ---- the rules, as data --------------------------------------------------------------------


def test_every_nation_shipped_has_its_rules_with_their_legal_source():
    rules = notice_rules().nations
    assert set(rules) == set(typing.get_args(Nation)) == {"england", "wales", "scotland"}  # not Northern Ireland
    assert {n: r.holidays for n, r in rules.items()} == {"england": "ENG", "wales": "WLS", "scotland": "SCT"}
    for nation in rules.values():
        for rule in nation.rules:
            assert rule.source and rule.citation and rule.clear_days
            assert rule.confirmed or rule.note, f"{nation.name}: an unconfirmed rule says what is unsettled"
    today = D(2026, 3, 4)
    assert [rules[n].rule(AGENDA, today).days for n in ("england", "wales", "scotland")] == [5, 3, 3]
    assert rules["england"].rule(AGENDA, today).source == "s.100B(3) of the Local Government Act 1972"
    assert rules["wales"].rule(AGENDA, today).source == "s.100BA(3) of the Local Government Act 1972"
    assert rules["scotland"].rule(AGENDA, today).source == "s.50B(3) of the Local Government (Scotland) Act 1973"
    # England's five days date from 1 October 2002 (SI 2002/715); before, three
    assert rules["england"].rule(AGENDA, D(2002, 9, 30)).days == 3
    assert rules["england"].rule(AGENDA, D(2002, 10, 1)).days == 5
    # the 28-day notice of a private meeting from 10 September 2012; none in Wales or Scotland
    assert rules["england"].rule(PRIVATE_INTENTION, D(2012, 9, 9)) is None
    assert rules["england"].rule(PRIVATE_INTENTION, D(2012, 9, 10)).days == 28
    assert rules["scotland"].rule(PRIVATE_INTENTION, today) is None


def test_a_style_chooses_only_a_nation_whose_rules_are_shipped():
    data = load_style("neutral").model_dump()
    with pytest.raises(ValueError, match="nation"):
        HouseStyle.model_validate(data | {"nation": "northern-ireland"})
    assert load_style("neutral").nation == "england"  # the shipped styles are English


# ---- clear days at the bank holidays where the nations differ --------------------------------


def test_easter_monday_is_a_working_day_in_scotland_only():
    # Thursday 29 March 2018 for Thursday 5 April: Good Friday everywhere, Easter Monday (2 April) not in Scotland
    published, meeting = D(2018, 3, 29), D(2018, 4, 5)
    assert [clear_days(published, meeting, c, "working") for c in (ENG, WLS, SCT)] == [2, 2, 3]
    assert agenda_shortfall("scotland", published, meeting) is None
    welsh = agenda_shortfall("wales", published, meeting)
    assert welsh == (
        "Thursday 29 March 2018 leaves 2 clear working days, fewer than the 3 required by s.100BA(3) of the Local "
        "Government Act 1972, before the meeting on Thursday 5 April 2018 (Wales: weekends, bank holidays in "
        "Wales and closures do not count): publish by Wednesday 28 March 2018 at the latest"
    )
    assert "publish by Monday 26 March 2018 at the latest" in agenda_shortfall("england", published, meeting)


def test_2_january_is_a_bank_holiday_in_scotland_only():
    # Friday 29 December 2017 for Friday 5 January 2018: New Year's Day everywhere, 2 January in Scotland
    published, meeting = D(2017, 12, 29), D(2018, 1, 5)
    assert [clear_days(published, meeting, c, "working") for c in (ENG, WLS, SCT)] == [3, 3, 2]
    assert agenda_shortfall("wales", published, meeting) is None
    scottish = agenda_shortfall("scotland", published, meeting)
    assert "leaves 2 clear working days" in scottish and "bank holidays in Scotland" in scottish
    assert "publish by Thursday 28 December 2017 at the latest" in scottish


def test_st_andrews_day_on_a_saturday_moves_to_the_monday_in_scotland():
    # 30 November 2019 was a Saturday: Scotland's holiday was Monday 2 December
    published, meeting = D(2019, 11, 28), D(2019, 12, 5)
    assert [clear_days(published, meeting, c, "working") for c in (ENG, SCT)] == [4, 3]
    assert latest_publication(meeting, 3, SCT, "working") == D(2019, 11, 28)
    assert latest_publication(meeting, 3, ENG, "working") == D(2019, 11, 29)
    assert agenda_shortfall("scotland", published, meeting) is None
    assert agenda_shortfall("scotland", D(2019, 11, 29), meeting).startswith(
        "Friday 29 November 2019 leaves 2 clear working days"
    )


def test_christmas_on_a_weekend_moves_both_holidays_to_the_next_week():
    # Christmas 2021 fell on a Saturday: 27 and 28 December were bank holidays, and 3 January 2022
    published, meeting = D(2021, 12, 23), D(2022, 1, 5)
    assert clear_days(published, meeting, ENG, "working") == 5  # 24, 29, 30, 31 December and 4 January
    assert agenda_shortfall("england", published, meeting) is None
    late = agenda_shortfall("england", D(2021, 12, 24), meeting)
    assert "leaves 4 clear working days" in late and "publish by Thursday 23 December 2021 at the latest" in late


def test_the_latest_date_that_complies_is_a_working_day():
    # the Executive of Wednesday 7 February 2018: its agenda was published on Tuesday 30 January
    assert latest_publication(D(2018, 2, 7), 5, ENG, "working") == D(2018, 1, 30)
    assert agenda_shortfall("england", D(2018, 1, 30), D(2018, 2, 7)) is None
    # the earliest clear day a Monday: publish on the Friday before, not the Sunday
    assert on_day(latest_publication(D(2018, 2, 12), 5, ENG, "working")) == "Friday 2 February 2018"
    assert on_day(latest_publication(D(2018, 2, 13), 5, ENG, "working")) == "Monday 5 February 2018"
    # 28 clear calendar days: 9 January for 7 February; a Sunday moves back to the Friday
    assert latest_publication(D(2018, 2, 7), 28, ENG, "calendar") == D(2018, 1, 9)
    assert latest_publication(D(2018, 2, 5), 28, ENG, "calendar") == D(2018, 1, 5)
    assert clear_days(D(2018, 1, 9), D(2018, 2, 7), ENG, "calendar") == 28


def test_the_councils_closures_and_the_meetings_do_not_count():
    published, meeting = D(2016, 5, 20), D(2016, 5, 31)
    assert agenda_shortfall("england", published, meeting) is None  # Spring Bank Holiday 30 May not counted
    council = notice_of(style(closures=[D(2016, 5, 24)]))
    rule = council.rules.rule(AGENDA, meeting)
    assert "leaves 4 clear working days" in shortfall(published, meeting, rule, council)
    both = notice_of(style(closures=[D(2016, 5, 24)]), [D(2016, 5, 25)])
    assert clear_days(published, meeting, both.calendar, "working") == 3


# ---- a meeting file's findings, located --------------------------------------------------------

MEETING = """\
style: neutral
council: Borsetshire County Council
committee: Cabinet
date: 2018-02-07
time: "14:00"
venue: County Hall, Felpersham
clerk: {name: Jo Grundy, telephone: "01234 567890", email: jo.grundy@borsetshire.example}
published: 2018-01-31
items:
  - {number: "1", title: Apologies, procedural: true}
  - {number: "2", title: Libraries, paper: library-hours}
"""

PRIVATE = """\
style: neutral
council: Borsetshire County Council
committee: Cabinet
date: 2018-02-07
time: "14:00"
venue: County Hall, Felpersham
clerk: {name: Jo Grundy, telephone: "01234 567890", email: jo.grundy@borsetshire.example}
published: 2018-01-30
items:
  - {number: "1", title: Apologies, procedural: true}
  - number: "2"
    title: Sale of the Felpersham depot
    exempt: {paragraph: 3}
    items:
      - {number: 2a, title: Valuation, procedural: true}
  - number: "3"
    title: Staffing
    items:
      - {number: 3a, title: Restructure of the library service, procedural: true, exempt: {paragraph: 4}}
"""

PAPER = """\
style: neutral
council: Borsetshire County Council
report_type: Report for Decision
report_to: [{body: Cabinet, date: 2018-02-07}]
subject: Library opening hours
report_of: Director of Communities
summary: [The libraries' hours from April.]
recommendations: [To approve the hours.]
contact_officers: [{name: Jo Grundy}]
body: [body.yaml]
"""

BODY = "sections:\n  - title: Hours\n    blocks:\n      - para: The hours are set out here.\n"


def meeting(tmp_path, text: str, paper: str = PAPER):
    content = tmp_path / "content"
    (content / "meetings").mkdir(parents=True, exist_ok=True)
    file = content / "meetings" / "cabinet.yaml"
    file.write_text(textwrap.dedent(text), encoding="utf-8")
    (content / "library-hours").mkdir(exist_ok=True)
    (content / "library-hours" / "paper.yaml").write_text(paper, encoding="utf-8")
    (content / "library-hours" / "body.yaml").write_text(BODY, encoding="utf-8")
    return load_meeting(file, content)


def test_a_short_notice_names_the_file_the_line_of_published_and_the_latest_date(tmp_path):
    loaded = meeting(tmp_path, MEETING)
    (finding,) = notice_findings(loaded)
    assert (finding.file, finding.line, finding.field) == (loaded.file, 8, "published")
    assert finding.message.startswith("Wednesday 31 January 2018 leaves 4 clear working days, fewer than the 5")
    assert finding.message.endswith("publish by Tuesday 30 January 2018 at the latest")
    assert str(finding).endswith(f"cabinet.yaml:8:{finding.column}: published: {finding.message}")
    assert notice_findings(meeting(tmp_path, MEETING.replace("2018-01-31", "2018-01-30"))) == []
    # the same agenda in Scotland, where three clear days are enough
    assert notice_findings(loaded, style=style("scotland")) == []


def test_a_supplement_is_checked_against_its_own_date_unless_its_items_are_urgent(tmp_path):
    text = MEETING.replace("published: 2018-01-31", "published: 2018-01-30\nsupplement_published: 2018-02-02")
    late = '  - {number: "3", title: Late report, to_follow: true, paper: library-hours}\n'
    loaded = meeting(tmp_path, text + late)
    assert notice_findings(loaded) == []  # the agenda's own date complies
    (finding,) = notice_findings(loaded, "supplement")
    assert (finding.line, finding.field) == (9, "supplement_published")
    assert finding.message.startswith("the supplement (item 3) of Friday 2 February 2018 leaves 2 clear working days")
    urgent = late.replace("paper: library-hours}", "paper: library-hours, urgent: {reason: the bids close on Friday}}")
    assert notice_findings(meeting(tmp_path, text + urgent), "supplement") == []


# ---- the notices of a private meeting (England) ------------------------------------------------


def test_exempt_business_needs_both_notices_with_their_latest_dates(tmp_path):
    loaded = meeting(tmp_path, PRIVATE)
    assert [(i.number, i.paragraph) for i in private_items(loaded)] == [("2", 3), ("3a", 4)]  # 2a is within 2
    (finding,) = notice_findings(loaded)
    assert (finding.line, finding.field) == (13, "items[1].exempt")
    assert finding.message.startswith("items 2 and 3a are exempt (Schedule 12A): an executive takes exempt business")
    assert "publish them by Tuesday 9 January 2018 and Tuesday 30 January 2018 at the latest" in finding.message
    assert "reg. 5(2) of the Local Authorities (Executive Arrangements)" in finding.message
    assert "or say executive: false" in finding.message
    # not a meeting of an executive: no such notices
    assert notice_findings(meeting(tmp_path, PRIVATE + "executive: false\n")) == []
    # before the regulations came into force, or in Scotland: no such rule
    assert notice_findings(meeting(tmp_path, PRIVATE.replace("2018-0", "2012-0"))) == []
    assert notice_findings(loaded, style=style("scotland")) == []


def test_notices_too_late_are_located_at_their_dates(tmp_path):
    loaded = meeting(
        tmp_path, PRIVATE + "executive: true\nprivate_notice: {intention: 2018-01-16, confirmed: 2018-01-31}\n"
    )
    intention, confirmed = notice_findings(loaded)
    assert (intention.line, intention.field) == (21, "private_notice.intention")
    assert intention.message == (
        "the notice of intention of Tuesday 16 January 2018 leaves 21 clear days, fewer than the 28 required by "
        "reg. 5(2) of the Local Authorities (Executive Arrangements) (Meetings and Access to Information) (England) "
        "Regulations 2012, before the meeting on Wednesday 7 February 2018 (England: every day counts but the day "
        "of the notice and the day of the meeting): publish by Tuesday 9 January 2018 at the latest"
    )
    assert confirmed.field == "private_notice.confirmed"
    assert "leaves 4 clear working days" in confirmed.message and "Tuesday 30 January 2018" in confirmed.message
    on_time = meeting(tmp_path, PRIVATE + "private_notice: {intention: 2018-01-09, confirmed: 2018-01-30}\n")
    assert notice_findings(on_time) == []


def test_representations_need_a_response_and_urgency_needs_no_periods(tmp_path):
    text = (
        PRIVATE
        + "private_notice:\n  intention: 2018-01-09\n  confirmed: 2018-01-30\n  representations: [A resident asked for the sale to be discussed in public.]\n"
    )
    (finding,) = notice_findings(meeting(tmp_path, text))
    assert finding.field == "private_notice.representations" and "reg. 5(5)(c)" in finding.message
    urgent = (
        PRIVATE
        + "private_notice:\n  urgent: {agreed_by: 'Councillor A Jones, Chair of Scrutiny', reasons: The buyer withdraws on 9 February.}\n"
    )
    assert notice_findings(meeting(tmp_path, urgent)) == []


def test_a_paper_exempt_in_its_own_file_makes_its_item_private(tmp_path):
    loaded = meeting(tmp_path, MEETING.replace("2018-01-31", "2018-01-30"), PAPER + "exempt: {paragraph: 1}\n")
    assert [(i.number, i.paragraph) for i in private_items(loaded)] == [("2", 1)]
    (finding,) = notice_findings(loaded)
    assert finding.message.startswith("item 2 is exempt (Schedule 12A)")


def test_an_exempt_appendix_is_private_business_located_below_the_committees_standing_items(tmp_path):
    committees = tmp_path / "content" / "committees"
    committees.mkdir(parents=True)
    (committees / "cabinet.yaml").write_text(
        'name: Cabinet\ntime: "14:00"\nvenue: County Hall, Felpersham\nstanding_items:\n'
        '  - {number: "1", title: Apologies, procedural: true}\n'
        '  - {number: "2", title: Declarations of interest, procedural: true}\n',
        encoding="utf-8",
    )
    text = """\
style: neutral
council: Borsetshire County Council
committee_file: cabinet
date: 2018-02-07
published: 2018-01-30
items:
  - number: "3"
    title: Libraries
    paper: library-hours
    documents:
      - {title: "Appendix 1: bids received", paper: library-hours, exempt: {paragraph: 3}}
"""
    loaded = meeting(tmp_path, text)
    (finding,) = notice_findings(loaded)
    assert (finding.line, finding.field) == (11, "items[0].documents[0].exempt")
    assert finding.message.startswith("item 3 is exempt (Schedule 12A)")


# ---- the notices written --------------------------------------------------------------------------


def texts(files: dict[str, bytes], name: str) -> tuple[str, str, str]:
    """A notice's PDF text (read back with pypdf), its web page's text, and the page itself."""
    pdf = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(files[f"{name}.pdf"])).pages).split())
    page = files[f"{name}.html"].decode("utf-8")
    body = page[page.index("<body>") :]
    return pdf, " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split()), page


def test_both_notices_are_written_as_a_web_page_and_a_tagged_pdf(tmp_path):
    import page as validator

    text = PRIVATE + (
        "private_notice:\n  intention: 2018-01-09\n  confirmed: 2018-01-30\n  representations_by: 2018-01-23\n"
        "  representations: [A resident asked for the sale to be discussed in public.]\n"
        "  response: The price offered would be disclosed; the decision will be published.\n"
    )
    loaded = meeting(tmp_path, text)
    files = write_private_notices(compose_private_notices(loaded, style()))
    assert sorted(files) == [
        "cabinet-private-notice-further.html",
        "cabinet-private-notice-further.pdf",
        "cabinet-private-notice.html",
        "cabinet-private-notice.pdf",
    ]
    pdf, web, page = texts(files, "cabinet-private-notice")
    for words in (
        "Borsetshire County Council",
        "Notice of intention to hold part of a meeting in private",
        "Date: Wednesday 7 February 2018",
        "Date of this notice: Tuesday 9 January 2018",
        "Borsetshire County Council gives notice that the Cabinet intends to hold part of its meeting on "
        "Wednesday 7 February 2018 in private",
        "regulation 5(2) of the Local Authorities (Executive Arrangements) (Meetings and Access to Information) "
        "(England) Regulations 2012",
        "Sale of the Felpersham depot",
        "Paragraph 3: Information relating to the financial or business affairs of any particular person",
        "Restructure of the library service",
        "Paragraph 4: Information relating to any consultations or negotiations",
        "to the contact below, by Tuesday 23 January 2018.",
        "Jo Grundy",
    ):
        assert words in pdf, words
        assert words in web, words
    assert "Valuation" not in pdf  # 2a is part of item 2
    further_pdf, further_web, _ = texts(files, "cabinet-private-notice-further")
    for words in (
        "Further notice of intention to hold part of a meeting in private",
        "regulation 5(4)",
        "Date of this notice: Tuesday 30 January 2018",
        "Representations received A resident asked for the sale to be discussed in public.",
        "Response to the representations The price offered would be disclosed; the decision will be published.",
    ):
        assert words in further_pdf, words
        assert words in further_web, words
    assert '<html lang="en-GB">' in page and '<main id="main"' in page and page.count("<h1>") == 1
    assert "Content-Security-Policy" in page and "default-src 'none'" in html.unescape(page)
    assert "<caption>Items to be considered in private</caption>" in page
    path = tmp_path / "notice.pdf"
    path.write_bytes(files["cabinet-private-notice.pdf"])
    assert validator.validate_pdf(str(path), profile="ua1").is_compliant


def test_the_notices_words_are_the_house_styles(tmp_path):
    loaded = meeting(tmp_path, PRIVATE)
    words = load_style("neutral").notice_labels.model_copy(
        update={"intention_title": "Private meeting: notice of intention", "no_representations": "None received."}
    )
    intention, further = compose_private_notices(loaded, style(notice_labels=words))
    assert intention.title == "Private meeting: notice of intention"
    assert ("Representations received", ("None received.",)) in [(s.heading, s.paragraphs) for s in further.sections]
    assert all(label != "Date of this notice:" for label, _ in intention.fields)  # no date recorded yet


def test_an_urgent_private_meeting_gets_the_notice_of_its_reasons(tmp_path):
    text = PRIVATE + (
        "private_notice:\n  urgent:\n    agreed_by: Councillor A Jones, Chair of the Scrutiny Committee\n"
        "    agreed: 2018-02-01\n    reasons: The buyer's offer lapses on 9 February.\n    published: 2018-02-01\n"
    )
    (notice,) = compose_private_notices(meeting(tmp_path, text), style())
    assert notice.slug == "cabinet-private-notice-urgent" and notice.title == "Notice of an urgent meeting in private"
    assert notice.sections[0].paragraphs == (
        "Councillor A Jones, Chair of the Scrutiny Committee agreed on Thursday 1 February 2018 that the meeting "
        "is urgent and cannot reasonably be deferred.",
        "The buyer's offer lapses on 9 February.",
    )
    assert "regulation 5(7)" in notice.intro[1]


def test_no_notices_where_the_rules_do_not_apply(tmp_path):
    assert compose_private_notices(meeting(tmp_path, MEETING), style()) == ()  # nothing exempt
    assert compose_private_notices(meeting(tmp_path, PRIVATE), style("wales")) == ()
    assert compose_private_notices(meeting(tmp_path, PRIVATE + "executive: false\n"), style()) == ()


def test_a_bad_private_notice_is_a_located_problem(tmp_path):
    with pytest.raises(ContentError) as error:
        meeting(tmp_path, PRIVATE + "private_notice: {intention: soon}\n")
    assert "private_notice.intention" in str(error.value)
