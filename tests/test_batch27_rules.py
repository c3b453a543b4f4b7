"""Batch27's rules, read after its first sight: the lunar Hijri calendar's dates (alone, and
beside a Gregorian date in figures that reads both ways), a year with its calendar's mark
written on to it ("2026م"), a list of dated items alike that is no story (Drupal's views rows
with no title, announcements shown whole on their term's page), and a reading that opens with
a language switcher's items far above its heading."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hijridate import Gregorian
from hypothesis import given
from hypothesis import strategies as st
from lxml.html import document_fromstring

from crawler.core.families import FAMILIES
from crawler.core.items import Article, Reason, Rejected
from crawler.core.newsrooms import generic_newsroom
from crawler.extraction import extract
from crawler.extraction.dates import find_date, find_stated_date
from crawler.extraction.frame import stated_date, story_frame
from crawler.extraction.page import Page

FETCHED = datetime(2026, 12, 4, 12, tzinfo=UTC)
LATEST = FETCHED.date()
PROSE = (
    "The ambassador met the minister of trade today in Belgrade to discuss the joint committee"
    " on economic cooperation and the next business forum of both countries. "
) * 3


def _read(html: str, url: str, languages: tuple[str, ...] = ("en",)) -> Article | Rejected:
    result = extract(html.encode(), url, generic_newsroom(languages), FETCHED)
    return result[0] if isinstance(result, tuple) else result


def _hijri(day: date) -> tuple[int, int, int]:
    hijri = Gregorian(day.year, day.month, day.day).to_hijri()
    return hijri.year, hijri.month, hijri.day


# -- the lunar Hijri calendar --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "الخميس 17 جمادى الأولى 1448هـ",  # the month named, the year marked on to it
        "17 جمادى الاولى 1448",  # the alef without its hamza, no mark
        "١٧ جمادى الأولى ١٤٤٨ هـ",  # Arabic-Indic digits
        "1448/05/17هـ",  # the year first, in figures
        "Date: 17/05/1448 H",  # the day first, in figures, marked
        "17 Jumada al-Awwal 1448 AH",
    ],
)
def test_a_lunar_hijri_date_alone(text: str) -> None:
    # 17 Jumada I 1448 is 28 October 2026 in the Umm al-Qura calendar
    stated = find_date(text, LATEST)
    assert stated is not None and stated.day == date(2026, 10, 28)


@pytest.mark.parametrize(
    "text",
    [
        "Ref. 1448/05/17",  # figures without the calendar's mark: a file's number
        "17/05/1448",
        "17 Rajab 1600",  # no year the calendar holds
        "30 صفر 1447",  # Safar 1447 has 29 days
        "17 Foobar 1448",  # no month of the calendar
    ],
)
def test_no_lunar_date_where_the_text_does_not_state_one(text: str) -> None:
    assert find_date(text, LATEST) is None


def test_no_lunar_date_after_the_fetch() -> None:
    # 1 Rajab 1448 is in December 2026, after the fetch's day
    assert find_date("1 رجب 1448هـ", date(2026, 11, 1)) is None


def test_the_gregorian_date_beside_the_lunar_one_is_the_date() -> None:
    # The Saudi MOFA's Arabic pages: "... 1448هـ الموافق 29 أكتوبر 2026م" (the page's day,
    # whatever day the Umm al-Qura calendar counts for its lunar one)
    line = "التاريخ: الخميس 17 جمادى الأولى 1448هـ الموافق 29 أكتوبر 2026م"
    stated = find_stated_date(line, LATEST, ("ar", "en"))
    assert stated is not None and stated.day == date(2026, 10, 29)
    # the Arabic months are read with no language to read them by (batch30), the Levant's
    # "تشرين الأول" as well: the page's day, not the calendars' count between
    assert find_stated_date(line, LATEST, ()) == stated
    assert find_date(line, LATEST) == stated
    levant = "الخميس 17 جمادى الأولى 1448هـ الموافق 29 تشرين الأول 2026م"
    assert find_stated_date(levant, LATEST, ("ar",)) == stated


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Date: 7/2/2026 (16/01/1448 H)", date(2026, 7, 2)),  # the month first
        ("Date: 2/7/2026 (16/01/1448 H)", date(2026, 7, 2)),  # the day first
        ("11/10/2026 (29/05/1448 H)", date(2026, 11, 10)),
    ],
)
def test_a_lunar_date_orders_the_gregorian_date_beside_it(text: str, expected: date) -> None:
    # whatever order the page's other dates suggest
    for day_first in (True, False, None):
        stated = find_date(text, LATEST, day_first)
        assert stated is not None and stated.day == expected, day_first


@given(st.dates(min_value=date(2000, 1, 1), max_value=LATEST), st.booleans())
def test_any_day_beside_its_lunar_date_reads_as_that_day(day: date, day_first: bool) -> None:
    year, month, lunar_day = _hijri(day)
    figures = f"{day.day}/{day.month}" if day_first else f"{day.month}/{day.day}"
    # written either way, with the page's order unknown (None) or the other one
    for order in (None, not day_first):
        line = f"{figures}/{day.year} ({lunar_day:02}/{month:02}/{year} H)"
        stated = find_date(line, LATEST, order)
        assert stated is not None and stated.day == day, (line, order)


@given(st.dates(min_value=date(2000, 1, 1), max_value=LATEST))
def test_any_lunar_date_in_figures_reads_as_its_day(day: date) -> None:
    year, month, lunar_day = _hijri(day)
    stated = find_date(f"{year}/{month}/{lunar_day}هـ", LATEST)
    assert stated is not None and stated.day == day


@pytest.mark.parametrize("mark", ["ه.ش", "هـ.ش", "هـ ش", "ه ش", "هـش"])
def test_a_solar_date_marked_solar_is_never_lunar(mark: str) -> None:
    # Persian writes "solar Hijri" so: 11 Azar 1405, 2 December 2026 (not 11 Ramadan 1405)
    stated = find_date(f"تاریخ انتشار: ۱۴۰۵/۰۹/۱۱ {mark}", LATEST)
    assert stated is not None and stated.day == date(2026, 12, 2)
    assert find_date(f"1405/09/11 {mark}", LATEST) is None  # ASCII figures: no solar date


def test_a_solar_date_is_not_read_as_a_lunar_one() -> None:
    # "۱۴۰۵/۰۹/۱۱ ه.ش" is the solar calendar's 11 Azar 1405, 2 December 2026
    stated = find_date("۱۴۰۵/۰۹/۱۱ ه.ش", LATEST)
    assert stated is not None and stated.day == date(2026, 12, 2)
    # a solar day after the fetch is no date, not the lunar 20 Dhu al-Hijjah 1405 (1985)
    assert find_date("۱۴۰۵/۱۲/۲۰ ه.ش", LATEST) is None


def test_a_year_with_the_gregorian_mark() -> None:
    stated = find_stated_date("29 أكتوبر 2026م", LATEST, ("ar",))
    assert stated is not None and stated.day == date(2026, 10, 29)
    stated = find_date("29.10.2026م", LATEST)
    assert stated is not None and stated.day == date(2026, 10, 29)


def _sharepoint_story(date_line: str, box: str) -> str:
    return (
        "<html dir='ltr' lang='en-US'><head><title>Ambassador Meets the Speaker</title></head>"
        "<body><div id='contentBox'><div class='welcome'>"
        "<h1 class='page-title'>Ambassador Meets the Speaker of the National Assembly</h1>"
        f"<div class='newsDate'>{date_line}</div>"
        f"<div class='ms-rtestate-field'><p>{PROSE}</p><p>{PROSE}</p></div></div>"
        f"<div class='cbq-layout-main'><ul class='more-news'>{box}</ul></div></div></body></html>"
    )


def test_a_story_dated_by_its_lunar_companion_on_a_day_first_countrys_site() -> None:
    # The Saudi MOFA's SharePoint (".sa", "en-US"): "7/2/2026 (16/01/1448 H)" is 2 July
    box = (
        "<li><a href='/sites/serbia/EN/News/Pages/Other.aspx'>Ambassador Receives a"
        " Delegation</a><span class='date'>11/30/2026</span></li>"
    )
    html = _sharepoint_story(
        "<span>Date: </span><span>7/2/2026</span><span> (16/01/1448 H)</span>", box
    )
    article = _read(html, "https://embassies.mofa.gov.sa/sites/serbia/EN/News/Pages/Speaker.aspx")
    assert isinstance(article, Article), article
    assert article.published == date(2026, 7, 2)


# -- a list of dated items alike -----------------------------------------------------------------

_SUMMARIES = (
    "Gradonačelnik Novog Sada obišao je danas radove na rekonstrukciji Futoške ulice, na"
    " deonici od Bulevara oslobođenja do Ulice Hajduk Veljkove.",
    "Obaveštavaju se građani da će zbog radova na izgradnji toplovodne mreže biti privremeno"
    " izmenjen režim saobraćaja u Bulevaru oslobođenja.",
    "Gradonačelnik je svečano otvorio klizalište na Trgu slobode, koje će sugrađanima biti na"
    " raspolaganju do sredine januara.",
    "U Gradskoj kući danas su potpisani ugovori sa domaćinstvima koja će dobiti sredstva za"
    " energetsku sanaciju porodičnih kuća.",
)


def _views_rows(rows: list[str]) -> str:
    return (
        "<html lang='sr-Latn'><head><title>Саопштење | Grad Novi Sad</title></head><body>"
        "<div id='header'><h1 id='site-name'><a href='/lat'>Grad Novi Sad</a></h1></div>"
        "<ul class='links'><li><a href='/lat'>Početna</a></li><li><a href='/lat/vesti'>Vesti"
        "</a></li><li><a href='/lat/kontakt'>Kontakt</a></li></ul>"
        "<div id='content'><h1 class='title'>Саопштење</h1><div class='view-content'>"
        + "".join(
            f"<div class='views-row views-row-{n} views-row-{'odd' if n % 2 else 'even'}'>{row}"
            "</div>"
            for n, row in enumerate(rows, start=1)
        )
        + "</div><ul class='pager'><li><a href='/lat/vesti?page=1'>2</a></li></ul></div>"
        "</body></html>"
    )


def _teaser_row(n: int, summary: str) -> str:
    return (
        f"<div class='views-field-teaser'><p>{summary}</p></div>"
        f"<div class='views-field-created'><span>{n:02}.12.2026.</span></div>"
        f"<div class='views-field-view-node'><a href='/lat/node/{41880 + n}'>Opširnije</a></div>"
    )


def test_rows_of_summaries_with_no_title_are_a_listing() -> None:
    html = _views_rows([_teaser_row(n + 1, summary) for n, summary in enumerate(_SUMMARIES)])
    result = _read(html, "https://novisad.rs/lat/taxonomy/term/84/0", ("sr-Latn", "sr-Cyrl"))
    assert isinstance(result, Rejected) and result.reason is Reason.LISTING, result


def test_announcements_shown_whole_are_a_listing() -> None:
    rows = [
        f"<div class='views-field-body'><p>Četvrtak, {n + 1}. decembar 2026. godine<br>11.00"
        f" časova<br>Gradska kuća</p><p>{summary}</p></div>"
        f"<div class='views-field-created'>{n + 1:02}.12.2026.</div>"
        for n, summary in enumerate(_SUMMARIES[:3])
    ]
    result = _read(_views_rows(rows), "https://novisad.rs/lat/taxonomy/term/85", ("sr-Latn",))
    assert isinstance(result, Rejected) and result.reason is Reason.LISTING, result


def test_two_dated_rows_or_undated_rows_are_no_list_of_dated_items() -> None:
    # two items are a pair, not a list; rows that state no date are the listing rules' to
    # read (not this one's)
    two = _views_rows([_teaser_row(n + 1, summary) for n, summary in enumerate(_SUMMARIES[:2])])
    result = _read(two, "https://novisad.rs/lat/taxonomy/term/84/0", ("sr-Latn",))
    assert not (isinstance(result, Rejected) and "dated items" in result.detail), result
    undated = _views_rows(
        [
            f"<div class='views-field-teaser'><p>{summary}</p></div>"
            f"<a href='/lat/node/{n}'>Opširnije</a>"
            for n, summary in enumerate(_SUMMARIES)
        ]
    )
    result = _read(undated, "https://novisad.rs/lat/taxonomy/term/84/0", ("sr-Latn",))
    assert not (isinstance(result, Rejected) and "dated items" in result.detail), result


def test_a_story_beside_a_box_of_dated_items_is_a_story() -> None:
    box = "".join(
        f"<li class='item'><a href='/lat/node/{n}'>{summary}</a> {n + 1:02}.11.2026.</li>"
        for n, summary in enumerate(_SUMMARIES)
    )
    html = (
        "<html lang='sr-Latn'><head><title>Sednica Gradskog veća</title></head><body>"
        "<div id='content'><h1>Sednica Gradskog veća</h1><p>02.12.2026.</p>"
        "<p>Gradsko veće Grada Novog Sada na današnjoj sednici utvrdilo je Predlog odluke o"
        " budžetu Grada za narednu godinu, koji će se naći pred odbornicima Skupštine Grada.</p>"
        "<p>Na sednici su razmatrani i izveštaji o radu javnih komunalnih preduzeća, kao i"
        " program uređivanja građevinskog zemljišta za narednu godinu.</p></div>"
        f"<div class='sidebar'><h2>Najnovije</h2><ul>{box}</ul></div></body></html>"
    )
    article = _read(html, "https://novisad.rs/lat/sednica-gradskog-veca", ("sr-Latn",))
    assert isinstance(article, Article), article
    assert article.published == date(2026, 12, 2)


def test_a_story_whose_paragraphs_hold_dates_in_items_of_its_own() -> None:
    # a chronology told in a story: its items are longer than a teaser, or not alike
    items = "".join(f"<div class='step'><p>{n + 1}.11.2026. {PROSE}</p></div>" for n in range(3))
    html = (
        "<html><head><title>Chronology</title></head><body><h1>Chronology</h1>"
        f"<p>04.12.2026.</p>{items}</body></html>"
    )
    article = _read(html, "https://example.org/news/chronology-of-the-talks")
    assert isinstance(article, Article), article


# -- a reading that opens with a switcher's items ------------------------------------------------


def test_a_switchers_items_above_the_heading_leave_the_story_its_date() -> None:
    # Drupal 6 on novisad.rs: the site's name is an <h1> too, the switcher's items (the other
    # script untranslated, a <span>) open trafilatura's reading far above the heading, the
    # date stands under the heading past a "Čitaj mi" link; the story's address is a node's
    # number, so only a date the page states beside its heading makes it a story of a
    # newsroom whose stories state theirs.
    menu = "".join(f"<li><a href='/lat/m{n}'>Stavka {n}</a></li>" for n in range(8))
    services = "".join(f"<li><a href='/lat/s{n}'>Usluga broj {n}</a></li>" for n in range(5))
    html = (
        "<html lang='sr-Latn'><head><title>Obaveštenje o izmeni režima saobraćaja | Grad Novi"
        " Sad</title></head><body><div id='page'><div id='header'><div id='logo-title'>"
        "<div id='name-and-slogan'><h1 id='site-name'><a href='/lat'><span>Grad Novi Sad</span>"
        "</a></h1><div id='site-slogan'>Zvanična internet prezentacija</div></div></div>"
        "<div id='header-region'><div id='block-locale-0' class='block block-locale'>"
        "<div class='content'><ul><li class='sr first'><span class='locale-untranslated'>"
        "Ћирилица</span></li><li class='sr-Latn last active'><a href='/lat/node/41887'"
        " class='language-link active'>Latinica</a></li></ul></div></div>"
        "<div class='block'><div class='content'><a href='/lat/search/node'>Pretraga</a> |"
        " <a href='/lat/kontakt'>Kontakt</a></div></div></div></div>"
        f"<div id='navigation'><ul class='links primary-links'>{menu}</ul></div>"
        "<div id='container'><div id='sidebar-left' class='sidebar'><div class='block'>"
        f"<h2>Usluge za građane</h2><div class='content'><ul class='menu'>{services}</ul></div>"
        "</div></div><div id='main'><div class='breadcrumb'><a href='/lat'>Početna</a></div>"
        "<div id='content'><h1 class='title'>Obaveštenje o izmeni režima saobraćaja</h1>"
        "<div id='node-41887' class='node'><div class='citaj-mi'><a href='#'>Čitaj mi</a></div>"
        "<span class='submitted'>02.12.2026.</span><div class='content clear-block'>"
        "<p>Obaveštavaju se građani da će zbog izvođenja radova na izgradnji toplovodne mreže"
        " biti privremeno izmenjen režim saobraćaja u Bulevaru oslobođenja, na delu od Ulice"
        " Ćirila i Metodija do Ulice Vojvode Bojovića.</p><p>Saobraćaj će se odvijati jednom"
        " kolovoznom trakom u oba smera, uz regulisanje privremenom signalizacijom.</p>"
        "<p>Mole se učesnici u saobraćaju da poštuju privremenu saobraćajnu signalizaciju.</p>"
        "</div></div></div></div></div></div></body></html>"
    )
    article = _read(html, "https://novisad.rs/lat/node/41887", ("sr-Latn",))
    assert isinstance(article, Article), article
    assert article.published == date(2026, 12, 2)
    assert article.provenance["published"].value == "dateline"
    assert article.title == "Obaveštenje o izmeni režima saobraćaja"


def test_the_lunar_slack_is_a_few_days() -> None:
    # a reading is ordered by a lunar day two days off it (the moon sighted), not a week off
    near = find_date("7/2/2026 (18/01/1448 H)", LATEST)
    assert near is not None and near.day == date(2026, 7, 2)
    far = find_date("7/2/2026 (25/01/1448 H)", LATEST, day_first=True)
    assert far is not None and far.day == date(2026, 2, 7)


def test_a_story_under_a_few_dated_items_of_its_own_is_a_story() -> None:
    # a call's page: three dated steps over the story's paragraphs; its text is more than
    # what the items hold
    steps = "".join(
        f"<div class='row'><p>Step {n} of the call for students</p><span>0{n}.12.2026.</span></div>"
        for n in range(1, 4)
    )
    html = (
        "<html><head><title>Scholarships</title></head><body><h1>Scholarships</h1>"
        f"<p>04.12.2026.</p><div class='steps'>{steps}</div><p>{PROSE}</p><p>{PROSE}</p>"
        "</body></html>"
    )
    article = _read(html, "https://example.org/news/scholarships-for-students-2027")
    assert isinstance(article, Article), article


def test_long_dated_sections_are_a_story() -> None:
    # a session's report in sections, each under its day: the first as short as a teaser,
    # the others longer
    sections = "".join(
        f"<div class='section'><p>0{n}.12.2026.</p><p>{PROSE}</p>{f'<p>{PROSE}</p>' * (n > 1)}"
        "</div>"
        for n in range(1, 4)
    )
    html = (
        f"<html><head><title>Sessions</title></head><body><h1>Sessions</h1>{sections}</body></html>"
    )
    article = _read(html, "https://example.org/news/sessions-of-the-joint-committee")
    assert isinstance(article, Article), article


_NDC = (
    "<html lang='en'><head><title>Inauguration of Course 149</title></head><body>"
    "<div class='cookie'>This site uses cookies to help us improve it."
    " <a href='/cookies'>Find out more</a></div>"
    "<ul><li><a href='?lang=en'>English</a></li><li><a href='?lang=fr'>French</a></li></ul>"
    "<ul class='menu'>"
    + "".join(f"<li><a href='/m{n}'>Section {n}</a></li>" for n in range(8))
    + "</ul><h1>Inauguration of Senior Course 149</h1><p>04 Sep. 2026</p><p>|</p>"
    "<p>Last updated: 07 Sep. 2026 12:10</p>"
    "<ul><li><a href='?lang=en'>English</a></li><li><a href='?lang=fr'>French</a></li></ul>"
    "<h3>Inauguration of SC 149</h3>"
    "<p>On 4 September 2026, the College celebrated the inauguration of Senior Course 149 and"
    " of the Regional Cooperation Course 36 in its Main Auditorium, before the ambassadors.</p>"
    "<p>The Commandant welcomed the new Course Members, their families, Ambassadors to Rome and"
    " Defence Attachés, and recalled the College's foundation in 1951.</p></body></html>"
)
_NDC_TEXT = (
    "On 4 September 2026, the College celebrated the inauguration of Senior Course 149 and of"
    " the Regional Cooperation Course 36 in its Main Auditorium, before the ambassadors.",
    "The Commandant welcomed the new Course Members, their families, Ambassadors to Rome and"
    " Defence Attachés, and recalled the College's foundation in 1951.",
)


def _gapless() -> str:
    """`_NDC` with its text right under its heading and date."""
    return _NDC.replace("<p>Last updated: 07 Sep. 2026 12:10</p>", "").replace(
        "<ul><li><a href='?lang=en'>English</a></li><li><a href='?lang=fr'>French</a></li>"
        "</ul><h3>Inauguration of SC 149</h3>",
        "",
    )


def _frame(html: str, reading: list[str]) -> tuple[str | None, date | None]:
    page = Page(
        document_fromstring(html),
        "https://www.ndc.example/news/news.php?icode=2270",
        generic_newsroom(),
        FAMILIES["generic"],
        LATEST,
    )
    frame = story_frame(page, "\n".join(reading))
    assert frame is not None
    heading = frame.lines[frame.heading].text if frame.heading is not None else None
    return heading, stated_date(page, frame)


def test_a_reading_that_opens_with_the_heading_keeps_it_whatever_gap_follows() -> None:
    # the heading, its date and "Last updated" line, then a switcher and a subtitle before
    # the text: the run from the heading holds no long line, and the heading stays the
    # story's (its date line the story's date)
    reading = [
        "Inauguration of Senior Course 149",
        "04 Sep. 2026",
        "|",
        "Last updated: 07 Sep. 2026 12:10",
        *_NDC_TEXT,
    ]
    assert _frame(_NDC, reading) == ("Inauguration of Senior Course 149", date(2026, 9, 4))


def test_a_switchers_items_opening_the_reading_are_passed_over() -> None:
    reading = [
        "English",
        "French",
        "Inauguration of Senior Course 149",
        "04 Sep. 2026",
        "|",
        *_NDC_TEXT,
    ]
    # the text under its heading and date, the switcher's items far above them
    heading, _ = _frame(_gapless(), reading)
    assert heading == "Inauguration of Senior Course 149"


def test_a_cookie_notice_opening_the_reading_is_not_passed_over() -> None:
    # a line of a notice's words is no switcher's item: the reading that opens with it is not
    # framed from a later line (a gallery's captions under a cookie notice stay unframed)
    notice = "This site uses cookies to help us improve it. Find out more"
    reading = [notice, "Inauguration of Senior Course 149", "04 Sep. 2026", *_NDC_TEXT]
    heading, _ = _frame(_gapless(), reading)
    assert heading is None


def test_a_short_heading_opening_the_reading_is_not_passed_over() -> None:
    # a heading of a switcher item's words ("Course 149 opens") is the story's all the same
    html = _NDC.replace("Inauguration of Senior Course 149", "Course 149 opens")
    # (the reading's date line read apart: the heading's run reaches no text, and the text is
    # not framed from below the heading's date)
    assert _frame(html, ["Course 149 opens", *_NDC_TEXT])[1] == date(2026, 9, 4)


def test_where_no_later_opening_leads_to_the_text_the_frame_stays_where_the_reading_opens() -> None:
    # "Deutsch" and "Italiano" stand on no line of the page: no opening line leads anywhere
    reading = ["English", "French", "Deutsch", "Italiano", *_NDC_TEXT]
    page = Page(
        document_fromstring(_NDC),
        "https://www.ndc.example/news/news.php?icode=2270",
        generic_newsroom(),
        FAMILIES["generic"],
        LATEST,
    )
    frame = story_frame(page, "\n".join(reading))
    assert frame is not None
    assert frame.lines[frame.start].text == "English"
