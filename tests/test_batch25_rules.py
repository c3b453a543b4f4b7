"""Batch25's rules, read after its first sight: the Solar Hijri calendar's dates in Persian
digits (Iran's missions), the zero-width non-joiner Persian words hold, a story's
information line and the lines between it and the heading (a kind set as a heading, a script
switcher), a teaser's linked title beside its date, U.S. dates on a page that says it is
written in U.S. English, a teaser's <br>, and a site's name that is the story's own."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import jdatetime
import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.core.families import FAMILIES
from crawler.core.items import Article, Reason, Rejected, Source
from crawler.core.newsrooms import generic_newsroom
from crawler.extraction import extract
from crawler.extraction.classify import read_teasers
from crawler.extraction.dates import find_date, find_stated_date
from crawler.extraction.page import Page

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


def test_no_solar_hijri_day_that_does_not_exist_is_ahead_or_is_lunar() -> None:
    assert find_date("۱۴۰۵/۰۹/۳۱", LATEST) is None  # Azar has 30 days
    # a lunar Hijri year of now ("1448/06/20", Qatar's addresses) reads decades ahead
    assert find_date("۱۴۴۸/۰۶/۲۰", LATEST) is None
    # one the page marks lunar ("هـ", "ه.ق") is the lunar calendar's day (batch27), never
    # the solar one's (2011, 2025)
    lunar = find_date("صدر بتاريخ ١٣٩٠/٠٥/١٢هـ", LATEST)
    assert lunar is not None and lunar.day == date(1970, 7, 16)
    lunar = find_date("۱۴۰۴/۰۶/۱۰ ه.ق", LATEST)
    assert lunar is not None and lunar.day == date(1984, 3, 12)
    # a day ahead of the fetch is none either
    ahead = jdatetime.date.fromgregorian(date=LATEST + timedelta(days=30))
    assert find_date(f"{ahead.year}/{ahead.month}/{ahead.day}".translate(PERSIAN), LATEST) is None


def test_a_number_in_ascii_digits_is_no_solar_hijri_date() -> None:
    # a file's or a document's number, on any page
    assert find_date("Ref. No. 1403/11/25", LATEST) is None
    assert find_date("Број: 011-1403/11/25", LATEST) is None


def test_a_solar_month_typed_with_arabic_letters() -> None:
    # older Iranian sites type Persian's yeh (ی) as Arabic's (ي): "دي" is Dey
    for dey in ("دی", "دي"):
        stated = find_date(f"۱۱ {dey} ۱۴۰۴", LATEST)
        assert stated is not None and stated.day == date(2026, 1, 1)


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


@pytest.mark.parametrize(
    "info",
    [
        # a category's link of three words beside the day (Serbian, then English)
        "<a href='/sr/vesti/'>Vesti iz ambasade</a> 26. novembra 2026.",
        "<a href='/en/press/'>Press and Media</a> 26.11.2026",
        # an office's link beside the day, a byline without its label
        "<a href='/en/office/'>Public Affairs Office</a>, 26 Nov 2026",
        # the day set in capitals as a heading right over the title: no kind's label
        "<h3>26 NOV 2026</h3>",
    ],
)
def test_a_date_line_over_the_heading_still_dates_the_story(info: str) -> None:
    article = _read(_story(info, ""), URL, ("sr", "en"))
    assert isinstance(article, Article), article
    assert article.published == date(2026, 11, 26)
    assert article.provenance["published"] is Source.DATELINE


def test_a_teasers_read_more_under_the_text_dates_nothing() -> None:
    teaser = (
        "<div class='prev-next'><p>24.11.2026. Embassy hosts the opening of the Film Week"
        " <a href='/en/news/film-week'>Read more</a></p></div>"
    )
    article = _read(_story("", "", box=teaser), URL)
    assert isinstance(article, Article), article
    assert article.provenance.get("published") is not Source.DATELINE


def test_a_teasers_read_more_over_the_heading_dates_nothing() -> None:
    # a date first and a link of two words, but no field's label before it: a teaser's line
    teaser = "24.11.2026. Embassy hosts the opening of the Film Week <a href='/x'>Read more</a>"
    article = _read(_story(teaser, ""), URL)
    assert isinstance(article, Article), article
    assert article.provenance.get("published") is not Source.DATELINE


def test_past_a_kinds_label_no_teaser_dates_the_story() -> None:
    # "Home > News" over a linked card of another story over "NEWS" over the heading: the
    # label is passed over, the card is not
    between = (
        "<p><a href='/'>Home</a> &gt; <a href='/en/news/'>News</a></p>"
        "<p><a href='/en/news/film-week'>Film Week opens in Belgrade <span>24.11.2026</span>"
        "</a></p><h2>NEWS</h2>"
    )
    article = _read(_story("", between), URL)
    assert isinstance(article, Article), article
    assert article.published != date(2026, 11, 24)


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


@pytest.mark.parametrize("intro", [PROSE, "News items of 2025. Older news were not migrated."])
def test_an_archive_page_is_not_dated_by_the_teasers_it_lists(intro: str) -> None:
    # SharePoint's list of links, each with its day beside it, under the page's text (long
    # enough to be read, or so short that only a date would make it a notice)
    items = "".join(
        f"<li class='dfwp-item'><div class='item link-item bullet'><a href='/news/Pages/{slug}'"
        f" title=''>{title}</a> <span class='mileng-date'>({day})</span></div></li>"
        for slug, title, day in (
            ("IES-2025.aspx", "Information Exchange Seminar 2025", "11/20/2025"),
            ("16th-Anniversary.aspx", "MILENG COE celebrates its 16th anniversary", "3/27/2025"),
        )
    )
    html = (
        "<html lang='en-US'><head><title>News Archive 2025</title></head><body>"
        f"<div class='main'><h1>News Archive 2025</h1><div class='ms-rtestate-field'><p>{intro}"
        f"</p></div><div class='cbq-layout-main'><ul class='dfwp-column dfwp-list'>{items}</ul>"
        "</div></div></body></html>"
    )
    result = _read(html, "https://www.mileng.example/news/Pages/News-Archive-2025.aspx")
    if isinstance(result, Article):
        assert result.published != date(2025, 11, 20)
        assert result.provenance.get("published") is not Source.DATELINE


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
    # nor does a Serbian site's WordPress default "en-US" make 02/12/2026 12 February
    events = "<div class='events'><a href='/en/events/forum'>Business Forum</a> 12/17/2026</div>"
    article = _read(
        _story("02/12/2026", "", lang="en-US", box=events), "https://embassy.example.rs/en/news/x"
    )
    assert isinstance(article, Article), article
    assert article.published != date(2026, 2, 12)


# -- a teaser's <br>, a site's name that is the story's --------------------------------------


def _card(slug: str, title: str, summary: str, day: str) -> str:
    # as WordPress writes it: each part on a line of its own, the date's and the author's
    # lines parted by a <br> only
    link = f"https://bcsp.example/en/{slug}/"
    indent = "\n\t\t\t\t\t"
    return (
        f"{indent[:-1]}<article class='post-card'>"
        f"{indent}<a href='{link}' class='post-card__img' title='{title}'>"
        f"<span class='screen-reader-text'>{title}</span></a>"
        f"{indent}<div class='post-card__meta'><span class='date'>Date: {day}</span><br>"
        "<span class='author'>Author: <a href='https://bcsp.example/en/team/centre/'>Belgrade"
        " Centre for Security Policy</a></span></div>"
        f"{indent}<a href='{link}' class='post-card__excerpt'><p>{summary}</p></a>"
        f"{indent[:-1]}</article>"
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


def test_a_reading_of_cards_whose_br_runs_their_lines_together_is_their_summaries() -> None:
    # trafilatura may read each card as one line, "Date: 24.11.2026. Author: ..." spaced where
    # the card's text runs "24.11.2026.Author:" together at its <br>
    cards = [
        (
            "barometer-2026",
            "Western Balkans Security Barometer 2026 Launched",
            "The centre and its partners launched the 2026 edition of the barometer.",
            "24.11.2026.",
        ),
        (
            "arms-exports-workshop",
            "Regional Workshop on Transparency of Arms Exports Held in Skopje",
            "Researchers and officials met in Skopje to discuss reports on arms exports.",
            "19.11.2026.",
        ),
    ]
    html = (
        "<html lang='en'><head><title>Centre - BCSP</title></head><body><main><h1>Centre</h1>"
        + "".join(_card(*card) for card in cards)
        + "</main></body></html>"
    )
    url = "https://bcsp.example/en/team/centre/"
    page = Page(lxml.html.fromstring(html), url, generic_newsroom(), FAMILIES["generic"], LATEST)
    reading = "\n".join(
        f"{title} Date: {day} Author: Belgrade Centre for Security Policy {summary}"
        for _, title, summary, day in cards
    )
    rejected = read_teasers(page, reading)
    assert rejected is not None and rejected.reason is Reason.LISTING


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
