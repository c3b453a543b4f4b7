"""Batch25's rules, read after its first sight: the Solar Hijri calendar's dates in Persian
digits (Iran's missions), the zero-width non-joiner Persian words hold, a story's
information line and the lines between it and the heading (a kind set as a heading, a script
switcher), a teaser's linked title beside its date, U.S. dates on a page that says it is
written in U.S. English, a teaser's <br>, and a site's name that is the story's own."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import jdatetime
from hypothesis import given
from hypothesis import strategies as st

from crawler.core.items import Article, Reason, Rejected, Source
from crawler.core.newsrooms import generic_newsroom
from crawler.extraction import extract
from crawler.extraction.dates import find_date, find_stated_date

FETCHED = datetime(2026, 12, 4, 12, tzinfo=UTC)
LATEST = FETCHED.date()
PROSE = (
    "The ambassador met the minister of trade today in Belgrade to discuss the joint committee"
    " on economic cooperation and the next business forum of both countries. "
) * 3
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _read(html: str, url: str, languages: tuple[str, ...] = ("en",)) -> Article | Rejected:
    result = extract(html.encode(), url, generic_newsroom(languages), FETCHED)
    return result[0] if isinstance(result, tuple) else result


# -- the Solar Hijri calendar ----------------------------------------------------------------


@given(st.dates(min_value=date(1925, 3, 21), max_value=LATEST))
def test_a_solar_hijri_date_in_persian_digits_is_its_gregorian_day(day: date) -> None:
    solar = jdatetime.date.fromgregorian(date=day)
    written = f"{solar.year}/{solar.month:02d}/{solar.day:02d}"
    for digits in (PERSIAN, ARABIC):
        stated = find_date(f"تاریخ: {written.translate(digits)} - ۱۰:۱۵", LATEST)
        assert stated is not None and stated.day == day


def test_a_solar_hijri_date_with_its_month_named() -> None:
    stated = find_stated_date("چهارشنبه ۱۱ آذر ۱۴۰۵", LATEST)
    assert stated is not None and stated.day == date(2026, 12, 2)


def test_no_solar_hijri_day_that_does_not_exist_or_is_ahead() -> None:
    assert find_date("۱۴۰۵/۱۳/۰۱", LATEST) is None  # no thirteenth month
    assert find_date("1405/09/31", LATEST) is None  # Azar has 30 days
    # a lunar Hijri year of now ("1448/06/20", Qatar's addresses) reads decades ahead
    assert find_date("1448/06/20", LATEST) is None
    # a day ahead of the fetch is none either
    ahead = jdatetime.date.fromgregorian(date=LATEST + timedelta(days=30))
    assert find_date(f"{ahead.year}/{ahead.month}/{ahead.day}", LATEST) is None


def test_a_gregorian_date_in_arabic_indic_digits() -> None:
    stated = find_stated_date("٢٦ نوفمبر ٢٠٢٦", LATEST, ("ar",))
    assert stated is not None and stated.day == date(2026, 11, 26)


# -- a Persian story ----------------------------------------------------------------------

HEADING = "برگزاری نشست هم\u200cاندیشی ایرانیان مقیم صربستان در سفارت"
LEAD = (
    "نشست هم\u200cاندیشی جمعی از ایرانیان مقیم صربستان با حضور سفیر جمهوری اسلامی ایران در محل"
    " سفارت برگزار شد و شرکت کنندگان درباره مسائل کنسولی و فرهنگی گفتگو کردند."
)
MORE = (
    "سفیر در این دیدار از حضور گرم هموطنان قدردانی کرد و گفت که بخش کنسولی سفارت آماده پاسخگویی"
    " به همه پرسش\u200cهای ایرانیان مقیم صربستان و مونته\u200cنگرو درباره گذرنامه و خدمات است.",
    "در پایان این نشست شرکت کنندگان پیشنهادهای خود را برای برگزاری برنامه\u200cهای فرهنگی و"
    " آموزشی در سال آینده مطرح کردند و قرار شد این نشست\u200cها هر سه ماه یک بار برگزار شود.",
)


def _persian_story(date_line: str) -> str:
    return (
        "<html lang='fa' dir='rtl'><head><meta charset='utf-8'>"
        f"<title>سفارت جمهوری اسلامی ایران - بلگراد - {HEADING}</title></head>"
        "<body><div class='top-bar'><div class='today-date'>چهارشنبه ۱۳ آذر ۱۴۰۵</div></div>"
        "<div class='news-view'><div class='news-info'>"
        f"<span class='news-date'>{date_line}</span> <span>کد خبر: ۷۹۰۶۰۵</span></div>"
        f"<h1 class='news-title'>{HEADING}</h1><div class='news-body'>"
        + "".join(f"<p>{paragraph}</p>" for paragraph in (LEAD, *MORE))
        + "</div></div></body></html>"
    )


def test_a_persian_story_keeps_its_non_joiners_and_states_its_solar_day() -> None:
    article = _read(
        _persian_story("۱۴۰۵/۰۹/۰۹ - ۱۰:۱۵"), "https://iran.example/portal/newsview/7", ("fa",)
    )
    assert isinstance(article, Article), article
    assert article.title == HEADING
    assert article.text.startswith(LEAD)
    assert article.published == date(2026, 11, 30)


# -- lines between a story's date and its heading -------------------------------------------


def _story(info: str, between: str, *, lang: str = "en", box: str = "") -> str:
    return (
        f"<html lang='{lang}'><head><title>Embassy - Ambassador meets the minister of trade"
        "</title></head><body><div class='top-bar'>Friday, 4 December 2026</div>"
        f"<div class='main'><div class='news-info'>{info}</div>{between}"
        "<h1>Ambassador meets the minister of trade</h1>"
        f"<div class='news-body'><p>{PROSE}</p><p>{PROSE}</p></div></div>{box}</body></html>"
    )


URL = "https://embassy.example/en/newsview/790611/Ambassador-meets-minister"


def test_an_information_line_linking_its_category_dates_the_story() -> None:
    info = (
        "<span>2026/11/26 - 19:10</span> <span>News ID: 790611</span>"
        " <span>Service: <a href='/en/NewsAgencyShow/8563'>News</a></span>"
    )
    article = _read(_story(info, "<h4>Cultural diplomacy</h4>"), URL)
    assert isinstance(article, Article), article
    assert article.published == date(2026, 11, 26)
    assert article.provenance["published"] is Source.DATELINE


def test_a_line_linking_a_teasers_title_beside_its_date_is_no_information_line() -> None:
    # the same line whose link is another story's title: a teaser's, not the story's date
    info = "<span>2026/11/26</span> <a href='/en/newsview/790100/Other'>Film Week opens</a>"
    article = _read(_story(info, ""), URL)
    # (htmldate may still read the day off the page: the date line is not the story's)
    assert isinstance(article, Article), article
    assert article.provenance["published"] is not Source.DATELINE


def test_a_script_switcher_between_the_date_line_and_the_heading() -> None:
    info = "PRIVREDNE VESTI | 1. Decembar 2026. | 16:40"
    switcher = (
        "<div class='pismo'><a href='/cir/Vesti.aspx?ID=36422'>Ћирилица</a> |"
        " <a href='/Vesti.aspx?ID=36422'>Latinica</a></div>"
    )
    article = _read(
        _story(info, switcher, lang="sr"), "https://www.pks.example/Vesti.aspx?ID=36422", ("sr",)
    )
    assert isinstance(article, Article), article
    assert article.published == date(2026, 12, 1)


def test_an_archive_page_is_not_dated_by_the_teasers_it_lists() -> None:
    html = (
        "<html lang='en-US'><head><title>News Archive 2025</title></head><body>"
        "<div class='main'><h1>News Archive 2025</h1>"
        "<p>News items of 2025. Older news were not migrated to the new website; please"
        " contact the PAO if you need information.</p><ul>"
        "<li><a href='/news/Pages/IES-2025.aspx'>Information Exchange Seminar 2025</a>"
        " <span>(11/20/2025)</span></li>"
        "<li><a href='/news/Pages/16th-Anniversary.aspx'>MILENG COE celebrates its 16th"
        " anniversary</a> <span>(3/27/2025)</span></li></ul></div></body></html>"
    )
    result = _read(html, "https://www.mileng.example/news/Pages/News-Archive-2025.aspx")
    assert isinstance(result, Rejected), result


def test_us_english_writes_its_dates_the_month_first() -> None:
    box = (
        "<div class='latest'><h3>Latest News</h3><a href='/news/Pages/IES-2025.aspx'>"
        "Information Exchange Seminar 2025</a> (11/20/2025)</div>"
    )
    url = "https://www.mileng.example/news/Pages/IES-and-Industry-Day-2026.aspx"
    article = _read(_story("12/2/2026", "", lang="en-US", box=box), url)
    assert isinstance(article, Article), article
    assert article.published == date(2026, 12, 2)
    assert article.provenance["published"] is Source.DATELINE
    # British English writes the day first: its 12/2/2026 is never read as 2 December
    article = _read(_story("12/2/2026", "", lang="en-GB", box=box), url)
    assert isinstance(article, Article), article
    assert article.published != date(2026, 12, 2)


# -- a teaser's <br>, a site's name that is the story's --------------------------------------


def _card(slug: str, title: str, summary: str, day: str) -> str:
    return (
        "<article class='post-card'>"
        f"<a href='https://bcsp.example/en/{slug}/' class='post-card__img' title='{title}'>"
        f"<span class='screen-reader-text'>{title}</span></a>"
        f"<div class='post-card__meta'><span class='date'>Date: {day}</span><br>"
        "<span class='author'>Author: <a href='https://bcsp.example/en/team/centre/'>Belgrade"
        " Centre for Security Policy</a></span></div>"
        f"<a href='https://bcsp.example/en/{slug}/' class='post-card__excerpt'><p>{summary}</p>"
        "</a></article>"
    )


def test_an_author_page_of_two_cards_is_a_listing() -> None:
    html = (
        "<html lang='en'><head><title>Belgrade Centre for Security Policy - BCSP</title></head>"
        "<body class='author'><main><h1>Belgrade Centre for Security Policy</h1>"
        + _card(
            "barometer-2026",
            "Western Balkans Security Barometer 2026 Launched",
            "The centre and its partners from the region launched the 2026 edition of the"
            " barometer, a survey of how citizens of the region perceive their security.",
            "24.11.2026.",
        )
        + _card(
            "arms-exports-workshop",
            "Regional Workshop on Transparency of Arms Exports Held in Skopje",
            "Researchers and officials from the region met in Skopje to discuss how"
            " governments report on their arms exports and how civil society monitors them.",
            "19.11.2026.",
        )
        + "</main></body></html>"
    )
    result = _read(html, "https://bcsp.example/en/team/centre/")
    assert isinstance(result, Rejected) and result.reason is Reason.LISTING, result


def _statement(title: str, heading: str) -> str:
    return (
        f"<html lang='sr'><head><title>{title}</title>"
        f"<meta property='og:title' content='{title}'>"
        "<meta property='og:site_name' content='BCBP'></head><body><header>"
        "<a href='https://bcsp.example/' rel='home'>BCBP</a></header>"
        f"<article><h1>{heading}</h1><p>2. decembar 2026.</p><p>{PROSE}</p><p>{PROSE}</p>"
        "</article></body></html>"
    )


def test_a_site_name_the_heading_says_is_the_storys_own() -> None:
    story = "Policija mora da štiti građane, a ne vlast"
    url = "https://bcsp.example/policija-mora-da-stiti-gradjane/"
    article = _read(_statement(f"BCBP: {story} - BCBP", f"BCBP: {story}"), url, ("sr",))
    assert isinstance(article, Article), article
    assert article.title == f"BCBP: {story}"
    # a heading that ends in the site's name is a template's <title> again: the name goes
    article = _read(_statement(f"{story} - BCBP", f"{story} - BCBP"), url, ("sr",))
    assert isinstance(article, Article), article
    assert article.title == story
