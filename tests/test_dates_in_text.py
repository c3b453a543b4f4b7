"""Dates a story states in its text, not beside its heading: a report that opens with the day
of what it reports ("On Wednesday, 25 November 2025, the Ambassador attended ...") is dated by
it, where the page states no other; a date later in the text (a career's, a history's), a
period, or a day after the fetch is none. And the date beside a link in a list of links is the
linked page's, not the page's own."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.core.items import Source
from crawler.extraction import extract
from tests.support.loopback_crawls import newsroom

FETCHED = datetime(2026, 1, 1, tzinfo=UTC)
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
REST = (
    "The project, carried out with the municipality, renewed the water supply of four villages"
    " and was funded by the development cooperation programme. Representatives of the local"
    " community thanked the donors and spoke of the next steps of the cooperation."
)


def _page(first: str, title: str = "Development project completed in Kruščica") -> bytes:
    return (
        "<html><head><meta charset='utf-8'><title>Embassy of Foo in Belgrade</title></head>"
        "<body><div id='menu'><a href='/'>Home</a> <a href='/news/'>News</a></div>"
        f"<div id='content'><h1>{title}</h1><p>{first} {REST}</p><p>{REST}</p></div>"
        "</body></html>"
    ).encode()


def _read(html: bytes, url: str = "https://n.example/news/development_project_completed") -> object:
    return extract(html, url, newsroom("https://n.example/"), FETCHED)


days = st.dates(date(2015, 1, 1), FETCHED.date() - timedelta(days=1))


@given(days)
def test_a_report_opening_with_its_day_is_dated_by_it(day: date) -> None:
    weekday = day.strftime("%A")
    first = f"On {weekday}, {day.day} {MONTHS[day.month - 1]} {day.year}, the Ambassador"
    result = _read(_page(f"{first} attended the completion of a development project."))
    assert isinstance(result, tuple), result
    assert result[0].published == day
    assert result[0].provenance["published"] is Source.LEAD


@pytest.mark.parametrize(
    ("first", "expected"),
    [
        # Serbian, its genitive month and its stops: the sentence goes on after "2. ".
        (
            "U sredu, 2. decembra 2025. godine, u Beogradu su održane političke konsultacije.",
            date(2025, 12, 2),
        ),
        (
            "On 28 October 2025 the Embassy hosted a reception for two hundred guests.",
            date(2025, 10, 28),
        ),
    ],
)
def test_the_first_sentence_is_read_whole(first: str, expected: date) -> None:
    result = _read(_page(first))
    assert isinstance(result, tuple), result
    assert result[0].published == expected


@pytest.mark.parametrize(
    "first",
    [
        # A date after the first sentence: a career's, not a report's.
        "Ms Jane Doe is the Ambassador of Foo to Serbia. She presented her credentials on"
        " 14 September 2023 to the President.",
        # A period: the days an office is closed.
        "The consular section will be closed from 24 December 2025 to 1 January 2026 for the"
        " holidays.",
        # A day after the fetch: an event to come.
        "On Thursday, 15 January 2026, the Embassy will host a concert of young musicians.",
    ],
)
def test_no_date_of_the_first_sentence_is_no_date(first: str) -> None:
    result = _read(_page(first))
    assert isinstance(result, tuple), result
    assert result[0].published is None


def _notices(entry: str) -> bytes:
    return (
        "<html><head><meta charset='utf-8'><title>Safety information</title></head><body>"
        "<div id='content'><h1>Safety information</h1>"
        f"<ul class='list_date'><li>{entry}</li></ul>"
        "<p>Information on the security situation in Serbia for travellers and residents;"
        " please also read the travel advice of the Ministry before you travel.</p>"
        "<h2>Emergency numbers</h2><p>Police 192, fire brigade 193, ambulance 194.</p>"
        f"<p>{REST}</p></div></body></html>"
    ).encode()


def test_the_date_beside_a_link_in_a_list_is_the_linked_pages() -> None:
    """The Japanese embassy's safety page lists its notices, one dated link each: the page
    states no date of its own (it is a section; a date beside its heading would keep it)."""
    link = "<a href='/news/demonstrations.html'>Demonstrations in Belgrade: a warning</a>"
    listed = _read(
        _notices(f"<span class='date'>2025/11/20</span> {link}"), "https://n.example/safety"
    )
    assert isinstance(listed, tuple), listed
    assert listed[0].provenance.get("published") is not Source.DATELINE
    # The same line with a short link (its section's) is the page's own date line.
    own = _read(_notices("20 November 2025 <a href='/news/'>News</a>"), "https://n.example/safety")
    assert isinstance(own, tuple), own
    assert own[0].published == date(2025, 11, 20)
    assert own[0].provenance.get("published") is Source.DATELINE


@given(st.integers(0, 30), st.integers(2, 20))
def test_a_day_further_on_in_the_first_sentence_dates_a_report_only_when_recent(
    recent: int, years: int
) -> None:
    """ "The Embassy announces that on <day> the call was published ..." dates a report
    fetched within a month; "Operation Althea was launched on 2 December 2004" (an about
    page's history) dates nothing, nor a teaser's line that ends with its date."""

    def first(day: date, after: str = " for students from Serbia.") -> str:
        written = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
        return f"The Embassy of Foo in Belgrade announces that on {written} a call{after}"

    day = FETCHED.date() - timedelta(days=recent + 1)
    result = _read(_page(first(day)))
    assert isinstance(result, tuple) and result[0].published == day, result
    old = day.replace(year=day.year - years)
    result = _read(_page(first(old)))
    assert isinstance(result, tuple) and result[0].published is None, result
    line = f"Call for scholarships published Embassy of Foo in Belgrade {day:%d.%m.%Y}."
    result = _read(_page(line))
    assert isinstance(result, tuple) and result[0].published is None, result


def test_paragraphs_each_opening_with_a_day_are_several_stories_not_one_dated() -> None:
    """A front page of whole stories, each opening with its day, read as one text: the first
    day is no date of the page (the page is a section or a listing, not this story)."""
    first = "On 15 November 2025 the Secretary General welcomed the President of Foo in Brussels."
    other = "On 12 October 2025 the President received the Deputy Secretary General in Belgrade."
    result = _read(_page(f"{first} {REST}</p><p>{other} {REST}"))
    assert isinstance(result, tuple), result
    assert result[0].published is None
    alone = _read(_page(first))
    assert isinstance(alone, tuple) and alone[0].published == date(2025, 11, 15), alone


@pytest.mark.parametrize(
    "first",
    [
        # The day a rule applies from: a notice's, not the day it was published.
        "Since 16 September 2025 the Embassy no longer receives applications for visas from"
        " applicants living in Serbia.",
        "From 1 December 2025, public documents exchanged between the two countries need no"
        " legalisation.",
        "自2025年11月7日起，中国和塞尔维亚之间使用公文书无需办理领事认证，改为办理附加证明书。",
    ],
)
def test_a_day_a_rule_applies_from_is_no_date_of_a_report(first: str) -> None:
    result = _read(_page(first, title="Legalisation of documents"))
    assert isinstance(result, tuple), result
    assert result[0].published is None


def test_a_sentence_under_the_heading_that_names_a_day_is_no_date_line() -> None:
    """China's embassy's page on relations opens with "Diplomatic relations ... were
    established on 2 January 1955.", short enough to sit where a date line would."""
    page = (
        "<html><head><meta charset='utf-8'><title>China and Serbia</title></head><body>"
        "<div id='content'><h1>China and Serbia</h1><p>Diplomatic relations between the two"
        " countries and their peoples were established on 2 January 1955.</p>"
        f"<p>{REST}</p><p>{REST}</p></div></body></html>"
    ).encode()
    result = _read(page, "https://n.example/relations/")
    assert isinstance(result, tuple), result
    assert result[0].published is None


def test_a_page_whose_only_date_says_when_it_was_updated_states_none() -> None:
    """htmldate reads "Page last updated: 13.09.2019" as the page's date where nothing else
    dates it: that is when the page changed, not when a story was published."""
    page = (
        "<html><head><meta charset='utf-8'><title>New visa application centre</title></head>"
        "<body><div id='content'><h1>New visa application centre</h1>"
        f"<p>{REST}</p><p>{REST}</p><p class='page-updated'>Page last updated: 13.09.2019</p>"
        "</div></body></html>"
    ).encode()
    result = _read(page, "https://n.example/services/new-visa-application-centre")
    assert isinstance(result, tuple), result
    assert result[0].published is None
    assert result[0].updated == datetime(2019, 9, 13, tzinfo=UTC)
    dated = page.replace(b"Page last updated: ", b"Published: ")
    result = _read(dated, "https://n.example/services/new-visa-application-centre")
    assert isinstance(result, tuple) and result[0].published == date(2019, 9, 13), result


CHINESE = (
    "应塞尔维亚共和国外交部长邀请，外交部长将于12月上旬出席在贝尔格莱德举行的中国—中东欧国家"
    "合作外长会晤。中方期待通过此次会晤，同各方共商合作大计，推动务实合作提质升级。"
)


def test_a_chinese_storys_date_line_under_its_heading_dates_it() -> None:
    """Chinese is written without spaces: a paragraph was a few "words" (runs between
    commas), so the story's prose was not found where it starts, nor its date line above."""
    page = (
        "<html><head><meta charset='utf-8'><title>驻塞尔维亚使馆</title></head><body>"
        "<div class='news-main'><h1>2025年11月30日外交部发言人主持例行记者会</h1>"
        "<div class='news-time'><span>2025-11-30 21:18</span> <span>来源：外交部网站</span></div>"
        "<div class='news-tools'><a href='javascript:window.print()'>【打印本页】</a></div>"
        f"<div class='content'><p>{CHINESE}</p><p>问：中方对此次会晤有何期待？</p>"
        f"<p>答：{CHINESE}</p></div></div></body></html>"
    ).encode()
    result = _read(page, "https://n.example/fyrth/202511/t20251130_11925102.htm")
    assert isinstance(result, tuple), result
    assert result[0].published == date(2025, 11, 30)
    assert result[0].provenance["published"] is Source.DATELINE


@pytest.mark.parametrize(
    ("first", "expected"),
    [
        # German writes its months with a capital: "26. November" goes on.
        (
            "Am 26. November 2025 fand in Novi Sad die Übergabe eines Projekts der Botschaft"
            " an die Gemeinde statt.",
            date(2025, 11, 26),
        ),
        ("On Nov. 28, 2025, the Embassy hosted a reception for two hundred guests.", None),
    ],
)
def test_a_first_sentence_goes_on_past_a_days_stop(first: str, expected: date | None) -> None:
    result = _read(_page(first))
    assert isinstance(result, tuple), result
    assert result[0].published == (expected or date(2025, 11, 28))


@pytest.mark.parametrize(
    "closing", ["28.10.2025.", "Belgrade, 28 October 2025", "Photo: 28 October 2025"]
)
def test_a_closing_line_with_a_date_leaves_the_lead_its_day(closing: str) -> None:
    """Only paragraphs of prose that open with a day make a page of several reports: a
    press release's closing date line, place and date, or a caption's date are none."""
    first = "On 28 October 2025 the Embassy hosted a reception for two hundred guests."
    result = _read(
        _page(first).replace(b"</div></body>", f"<p>{closing}</p></div></body>".encode())
    )
    assert isinstance(result, tuple), result
    assert result[0].published == date(2025, 10, 28)


def test_a_chinese_paragraph_opening_with_a_latin_word_is_cut_by_characters() -> None:
    """ "Xinhua 报道，…协议已于2004年12月2日签署…": the opening is its first characters, not
    the whole paragraph written without spaces after one Latin word."""
    first = (
        "Xinhua 报道，塞尔维亚总统武契奇表示，两国关于经济和技术合作的协议已于2004年12月2日签署，"
        "双方愿意继续推动各领域务实合作。"
    )
    result = _read(_page(first + CHINESE, title="中塞关系"))
    assert isinstance(result, tuple), result
    assert result[0].published is None


@pytest.mark.parametrize(
    "line",
    [
        "<p>Contact us<br>Last updated: 13.09.2019</p>",
        "<p><strong>Last updated</strong>: <span>13.09.2019</span></p>",
    ],
)
def test_an_update_line_is_read_whatever_its_markup(line: str) -> None:
    page = (
        "<html><head><meta charset='utf-8'><title>Visa centre</title></head><body>"
        f"<div id='content'><h1>New visa application centre</h1><p>{REST}</p><p>{REST}</p>"
        f"{line}</div></body></html>"
    ).encode()
    result = _read(page, "https://n.example/services/new-visa-application-centre")
    assert isinstance(result, tuple), result
    assert (result[0].published, result[0].updated) == (None, datetime(2019, 9, 13, tzinfo=UTC))


@pytest.mark.parametrize(
    "line",
    ["<p>Published: 13.09.2019 | Updated: 14.09.2019</p>"],
)
def test_a_line_of_when_published_and_updated_keeps_the_publication(line: str) -> None:
    page = (
        "<html><head><meta charset='utf-8'><title>Story</title></head><body>"
        f"<div id='content'><h1>New visa application centre opens</h1>{line}<p>{REST}</p>"
        f"<p>Second. {REST}</p><p>Third. {REST}</p></div></body></html>"
    ).encode()
    result = _read(page, "https://n.example/news/new-visa-application-centre-opens")
    assert isinstance(result, tuple), result
    assert result[0].published == date(2019, 9, 13)
