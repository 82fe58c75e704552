"""Loading stage, house styles: a council's report format as a validated data file.

A house style (`templates/styles/<name>.yaml`) decides, for every writer at once, the
council's name and logo, its report types, the front sheet's fields, order and labels,
numbering, page, fonts, colours, running header and footer, and the language. The code
knows no council: everything a council says in its own words lives in its style.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, StringConstraints

from councilpapers.core.errors import ContentError, Problem, UsageError
from councilpapers.core.paths import FONTS, STYLES
from councilpapers.load.fonts import font_problems
from councilpapers.load.images import image_problem
from councilpapers.load.notices import NoticeLabels
from councilpapers.load.rules import Nation
from councilpapers.load.schema.paper import FRONT_FIELDS
from councilpapers.load.schema.placeholders import (
    AppendixText,
    DifferenceText,
    DraftText,
    ExclusionText,
    ExemptText,
    MarkerText,
    ParagraphText,
    RestrictedText,
    RunningText,
    SectionText,
    SupplementText,
    UrgentText,
    WithheldText,
)
from councilpapers.load.schema.strict import Strict
from councilpapers.load.validate import read_validated
from councilpapers.load.yamlsource import Source

Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]
if TYPE_CHECKING:
    FrontKey = str
else:
    FrontKey = Literal[tuple(FRONT_FIELDS)]
PAGE_SIZES = {"A4": (210, 297), "A3": (297, 420), "Letter": (215.9, 279.4)}
# A web address a page may link: https:// or http://, or a path relative to the page (no scheme,
# so never javascript: or data:), without spaces, quotes or angle brackets.
WebAddress = Annotated[str, StringConstraints(pattern=r"^(https?://[^\s\"'<>]+|[A-Za-z0-9._~/-][^\s\"'<>:]*)$")]


class ReportType(Strict):
    name: str = Field(description='The wording on the masthead: "Report for Resolution".')
    requires: list[FrontKey] = Field([], description="Front-sheet fields a paper of this type must have.")


class FrontFieldStyle(Strict):
    field: FrontKey = Field(description="Which content field (paper.yaml) this is.")
    display: Literal["title", "line", "heading"] = Field(
        "heading", description="title: the subject; line: label beside the value; heading: label above it."
    )


class Labels(Strict):
    """Every label and fixed phrase the front sheet and body print; a paper may override any."""

    report_to: str = "Report to:"
    meeting_date: str = "Date of meeting:"
    subject: str = "Subject:"
    report_of: str = "Report of:"
    purpose: str = "Purpose of report"
    summary: str = "Summary"
    recommendations: str = "Recommendations"
    wards_affected: str = "Wards affected:"
    strategy_outcomes: str = "Strategy outcomes and this report's contribution"
    outcome_column: str = "Strategy outcome"
    contribution_column: str = "Contribution of this report"
    implications: str = "Implications"
    implications_intro: str = "Full details are in the body of the report, along with any implications for"
    financial_consequences: str = "Financial consequences"
    revenue: str = "Financial consequences – revenue"
    capital: str = "Financial consequences – capital"
    contact_officers: str = "Contact officers:"
    name: str = "Name:"
    position: str = "Position:"
    telephone: str = "Telephone:"
    email: str = "Email:"
    background_documents: str = "Background documents"
    background_note: str = ""
    appendix: AppendixText = Field("Appendix {number}", description="An appendix's name; {number} is its number.")
    exempt_notice: ExemptText = Field(
        "Not for publication: paragraph {paragraph} of Part 1 of Schedule 12A to the Local Government Act 1972",
        description="The masthead line of an exempt paper; {paragraph} is its paragraph.",
    )
    restricted_mark: RestrictedText = Field(
        "NOT FOR PUBLICATION\nSchedule 12A, paragraph {paragraph}",
        description="On every page, in every format, of a paper not for publication (its own `exempt:` or a "
        "meeting's); {paragraph} is its paragraph.",
    )
    not_available: str = Field(
        "This table is not available.", description="Printed for a table whose figures are lost."
    )
    published_differs: DifferenceText = Field(
        "{where}: the published paper shows {published}; this table prints {computed}. {reason}",
        description="A note under a table that prints a computed figure where the published paper shows "
        "another, as the content accepts: {where} is the row and column, {published} and {computed} the "
        "figures as the table prints them, {reason} the accepted reason.",
    )
    draft: DraftText = Field(
        "DRAFT – built {date}",
        description="The mark on every page of a draft paper (status: draft); {date} is the day it was built.",
    )


class PackLabels(Strict):
    """The words of an agenda pack's front sheet and web page."""

    agenda: str = "Agenda"
    supplement: str = "Supplementary agenda"
    supplement_intro: SupplementText = Field(
        "These items were to follow when the agenda was published on {published}.",
        description="{published} is the main agenda's publication date.",
    )
    exempt_pack: str = Field(
        "This pack includes items not for publication. Do not share it.",
        description="Under the title of the members' pack that includes exempt items.",
    )
    date: str = "Date:"
    time: str = "Time:"
    venue: str = "Venue:"
    published: str = "Published:"
    membership: str = "Membership"
    chair: str = "Chair:"
    deputy: str = "Deputy chair:"
    members: str = "Members:"
    substitutes: str = "Substitutes:"
    contact: str = "Contact"
    item: str = "Item"
    title: str = "Business"
    pages: str = "Pages"
    to_follow: str = "To follow"
    not_for_publication: str = Field(
        "NOT FOR PUBLICATION", description="On every page of an exempt item in the members' pack."
    )
    documents: str = "Documents"
    attached: str = Field(
        "", description='Printed after the title of an item whose pages the pack carries: "(ATTACHED)"; "" none.'
    )
    banner: str = Field(
        "", description='Printed at the top of a public pack\'s first page: "Public Document Pack"; "" none.'
    )
    report: str = Field("Report", description="An item's report, listed above its appendices and other documents.")
    part_a: str = Field("Part A – Open business", description="The heading row before the business held in public.")
    part_b: str = Field(
        "Part B – Business not for publication",
        description="The heading row before the exempt business, where the press and public may be excluded.",
    )
    exclusion: ExclusionText = Field(
        "To resolve that the press and public be excluded from the meeting during consideration of the "
        "following business on the grounds that it involves the likely disclosure of exempt information as "
        "defined in {paragraphs} of Part 1 of Schedule 12A to the Local Government Act 1972.",
        description='The exclusion resolution drafted under the Part B heading; {paragraphs} is "paragraph 3" '
        'or "paragraphs 1 and 3", from the exempt items.',
    )
    urgent: UrgentText = Field(
        "Urgent item: the Chair has agreed to consider it as a matter of urgency under section 100B(4)(b) "
        "of the Local Government Act 1972 because {reason}",
        description="Under an urgent item; {reason} is the chair's reason, as the meeting file gives it.",
    )
    late: str = Field("Late item", description="Beside an item that was to follow, once it has arrived.")
    withheld: WithheldText = Field(
        "{title} is not for publication: paragraph {paragraph} of Part 1 of Schedule 12A to the Local "
        "Government Act 1972. It is in the members' pack.",
        description="The page that stands in the public pack for an exempt document of a public item; "
        "{title} is the document, {paragraph} its paragraph.",
    )
    meeting_documents: str = Field(
        "Meeting documents", description="The agenda web page's heading above its links to the packs."
    )
    pack_link: str = Field("Agenda pack", description="The agenda web page's link to the public pack (PDF).")
    supplement_link: str = Field(
        "Supplementary agenda pack", description="The agenda web page's link to the supplementary pack (PDF)."
    )
    front_sheet_link: str = Field(
        "Agenda front sheet", description="The agenda web page's link to the front sheet alone (PDF)."
    )
    alternative_formats: str = Field(
        "To ask for the agenda or its documents in another format, such as large print or audio,"
        " contact the clerk to the meeting.",
        description="The agenda web page's sentence on other formats, at its foot.",
    )
    alternative_formats_url: WebAddress | None = Field(
        None,
        description="Where a reader asks for another format (https://… or a path relative to the agenda "
        "page): the sentence above links there. No link when unset.",
    )
    accessibility: str = Field(
        "Accessibility statement", description="The agenda web page's link to the accessibility statement."
    )
    accessibility_url: WebAddress | None = Field(
        None,
        description="The address of the accessibility statement (https://… or a path relative to the agenda "
        "page). The agenda web page links it at its foot; no link when unset.",
    )


class PackNumbering(Strict):
    """How an agenda numbers its sub-items and its pages."""

    sub_items: Literal["letters", "bracketed-roman", "roman"] = Field(
        "letters",
        description='A sub-item that gives no number: letters "5a, 5b"; bracketed-roman "5(i), 5(ii)"; '
        'roman "i., ii." (under its item).',
    )
    count_front_sheet: bool = Field(
        True,
        description="false: the pack's page numbers start at the first item's first page "
        "(the front sheet is unnumbered).",
    )


class Numbering(Strict):
    sections: SectionText = Field("{n}.", description='"{n}.0" prints 1.0; "{n}." prints 1.; "" no numbers.')
    paragraphs: ParagraphText = Field("{s}.{n}", description='{s} the section number, {n} the paragraph; "" none.')
    capitalise_sections: bool = Field(False, description="Section headings in capitals (the 2010 format).")
    capitalise_front_headings: bool = Field(False, description="Front-sheet headings in capitals.")
    decimal: MarkerText = Field("{n}.", description="Marker of numbered lists: {n}. or {n}) or ({n}).")
    roman: MarkerText = Field("({n})", description="Marker of roman lists: ({n}) or {n}).")
    alpha: MarkerText = Field("({n})", description="Marker of lettered lists: ({n}), {n}) or {n}.")
    recommendations: Literal["numbered", "as-written"] = Field(
        "numbered", description="Several plain recommendations: numbered 1, 2 … or as paragraphs."
    )


class PageStyle(Strict):
    size: Literal[tuple(PAGE_SIZES)] = "A4"  # type: ignore[valid-type]  # the names of PAGE_SIZES, read at run time
    margins_mm: list[float] = Field(
        [20, 20, 22, 20], min_length=4, max_length=4, description="top, right, bottom, left"
    )
    landscape_margins_mm: list[float] = Field([15, 15, 18, 15], min_length=4, max_length=4)


class Fonts(Strict):
    family: str = Field("Liberation Sans", description="A font bundled in templates/fonts/.")
    size_pt: float = Field(11, ge=6, le=16)
    table_size_pt: float = Field(9, ge=6, le=14)
    front_table_size_pt: float = Field(10, ge=6, le=14)


class Colours(Strict):
    text: Colour = "#000000"
    rule: Colour = "#000000"
    header_fill: Colour = "#e6e6e6"
    heading_fill: Colour = "#f3f3f3"


class RunningStyle(Strict):
    """Text with placeholders: {council} {subject} {committee} {date} {report_type} {page} {pages}
    ({item} and {item_page} once the paper sits in an agenda pack), {{ and }} for braces; \\n starts a new line."""

    left: RunningText = ""
    center: RunningText = ""
    right: RunningText = ""


class LogoStyle(Strict):
    file: str = Field(description="An image under templates/styles/ (PNG or JPEG).")
    alt: str = Field(min_length=1, description="What the logo says, for screen readers.")
    width_mm: float = Field(40, gt=0, le=120)


class HouseStyle(Strict):
    """templates/styles/<name>.yaml: one council's report format."""

    council: str | None = Field(
        None,
        description="The council's name, on the masthead and in metadata; "
        "none in a style any council may use (the paper names it).",
    )
    language: str = Field("en-GB", pattern=r"^[a-z]{2}(-[A-Z]{2})?$")
    logo: LogoStyle | None = None
    report_types: list[ReportType] = Field(min_length=1)
    front_sheet: list[FrontFieldStyle] = Field(min_length=1, description="The front sheet's fields in order.")
    labels: Labels = Labels()
    numbering: Numbering = Numbering()
    page: PageStyle = PageStyle()
    fonts: Fonts = Fonts()
    colours: Colours = Colours()
    front_label_width_mm: float = Field(
        32, ge=15, le=80, description="Room for the front sheet's labels beside their values (Report to:, Subject: …)."
    )
    masthead_capitals: bool = Field(False, description="The masthead in capitals (the 2010 format).")
    contact_layout: Literal["labelled", "compact"] = Field(
        "labelled", description='labelled: "Name: …" lines; compact: "Name, Position Tel: …" then "Email: …".'
    )
    header: RunningStyle = RunningStyle()
    footer: RunningStyle = RunningStyle(center="Page {page} of {pages}")
    pack_labels: PackLabels = PackLabels()
    pack_numbering: PackNumbering = PackNumbering()
    pack_header: RunningStyle = Field(RunningStyle(), description="Header of the paper's pages in an agenda pack.")
    pack_footer: RunningStyle = Field(
        RunningStyle(center="Item {item} – Page {item_page}", right="{page}"),
        description="Footer of the paper's pages in an agenda pack.",
    )
    nation: Nation = Field(
        "england",
        description="Whose notice rules a meeting keeps (templates/rules/notice.yaml): england, wales or scotland; "
        "its bank holidays are not working days.",
    )
    closures: list[datetime.date] = Field(
        [], description="The council's own closure days, which are not working days for any of its meetings."
    )
    notice_labels: NoticeLabels = Field(
        NoticeLabels(), description="The words of the notices of a private meeting (England, executive meetings)."
    )

    def report_type(self, name: str) -> ReportType | None:
        return next((t for t in self.report_types if t.name == name), None)

    def shows(self, key: str) -> bool:
        return any(f.field == key for f in self.front_sheet)


def style_names() -> list[str]:
    return sorted(p.stem for p in STYLES.glob("*.yaml"))


def load_style(name: str) -> HouseStyle:
    """The named house style, validated; its problems are located in its own file."""
    file = STYLES / f"{name}.yaml"
    if "/" in name or "\\" in name or not file.is_file() or not file.resolve().is_relative_to(STYLES.resolve()):
        raise UsageError(f"no house style '{name}' in templates/styles/; styles: {', '.join(style_names())}")
    problems: list[Problem] = []
    source, style = read_validated(file, HouseStyle, problems)
    if source is not None and style is not None:  # a style is read only from a source
        problems.extend(_check_files(style, source))
        problems.extend(font_problems([source], style.fonts.family))
    if problems or style is None:
        raise ContentError(problems)
    return style


FONT_FACES = ("Regular", "Bold", "Italic", "BoldItalic")  # the faces every page may use


def font_file(family: str, face: str) -> Path:
    """A face of a house font: templates/fonts/LiberationSans-Bold.ttf."""
    return FONTS / f"{family.replace(' ', '')}-{face}.ttf"


def _check_files(style: HouseStyle, source: Source) -> list[Problem]:
    problems = []
    missing = [face for face in FONT_FACES if not font_file(style.fonts.family, face).is_file()]
    if missing:
        files = ", ".join(font_file(style.fonts.family, face).name for face in missing)
        problems.append(
            source.problem(("fonts", "family"), f"no font '{style.fonts.family}' in templates/fonts/ (missing {files})")
        )
    if style.logo is not None:
        logo = (STYLES / style.logo.file).resolve()
        if (
            not logo.is_relative_to(STYLES)
            or not logo.is_file()
            or logo.suffix.lower() not in (".png", ".jpg", ".jpeg")
        ):
            problems.append(
                source.problem(
                    ("logo", "file"), f"no image '{style.logo.file}' in templates/styles/ (a PNG or JPEG file)"
                )
            )
        elif (wrong := image_problem(logo)) is not None:
            problems.append(source.problem(("logo", "file"), wrong))
    return problems
