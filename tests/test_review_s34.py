"""A review's findings on the generic reader's new rules (2026-12-06, fourth), each kept
as what it proved: a rule read where it should not reach."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from crawler.core.families import FAMILIES
from crawler.core.items import Article, Rejected
from crawler.core.newsrooms import generic_newsroom
from crawler.core.sitelinks import shape, template
from crawler.extraction import extract

FETCHED = datetime(2026, 12, 5, 12, tzinfo=UTC)
PROSE = " ".join(
    ["The two sides discussed economic cooperation, energy and the rule of law in the region."] * 5
)


def _read(html: str, url: str) -> Article | Rejected:
    result = extract(html.encode(), url, generic_newsroom(("en",)), FETCHED)
    return result[0] if isinstance(result, tuple) else result


@pytest.mark.parametrize(
    ("host", "other", "expected"),
    [
        ("www.mfa.example.cy", "", date(2026, 12, 1)),
        # The page writes the month first elsewhere: its country does not decide (and the
        # day is not 1 December, whatever else reads it).
        ("www.mfa.example.cy", "<p>Webinar on 11/27/2026.</p>", date(2026, 11, 27)),
        ("www.acme.io", "", None),  # a code sold worldwide
        ("www.embassy.example.pr", "", None),  # a U.S. territory
    ],
)
def test_a_hosts_country_decides_a_dates_order_only_where_the_page_does_not(
    host: str, other: str, expected: date | None
) -> None:
    html = (
        "<html lang='en'><head><title>Partners meet</title></head><body><main>"
        f"<h1>Partners meet</h1><p>01/12/2026</p><p>{PROSE}</p>{other}</main></body></html>"
    )
    article = _read(html, f"https://{host}/en/news/partners-meet")
    assert isinstance(article, Article), article
    assert article.published == expected


@pytest.mark.parametrize(
    "lines",
    [
        # Figures that open with a stop between digits: no hours.
        [f"{n}.45 million tourists visited Serbia in the first ten months" for n in range(2, 7)],
        # A visit's programme under the advisory's sentence: a story.
        [f"1{n}:00 - Meeting with the Mayor of Nis at the City Hall" for n in range(4)],
    ],
)
def test_lines_that_open_with_figures_or_a_programme_under_a_sentence_are_a_story(
    lines: list[str],
) -> None:
    items = "".join(f"<p>{line}</p>" for line in lines)
    html = (
        "<html lang='en'><head><title>The visit to Nis</title></head><body><main>"
        "<h1>The visit to Nis</h1><p>3 December 2026</p><p>The Ambassador will visit Nis on"
        f" Friday, where she will open the new water plant.</p>{items}</main></body></html>"
    )
    assert isinstance(_read(html, "https://n.example/news/the-visit-to-nis"), Article)


@pytest.mark.parametrize(
    "name",
    ["saopstenje-17.05.2026.html", "izjava.2026.05.17.html", "18.05.2026", "a" + ".1" * 400],
)
def test_a_day_written_with_stops_in_a_name_is_no_items_number(name: str) -> None:
    """A day (or a name too long to read) keeps the shape of any name with numbers."""
    assert template(f"https://example.rs/vesti/{name}") == "example.rs/vesti/<id>"
    assert shape(f"https://example.rs/vesti/{name}") == shape("https://example.rs/vesti/12345")


@pytest.mark.parametrize(
    "url",
    [
        "https://www.example.org/news/Pages/Statement.aspx?Source=%2Fnews%2Fsearch%2F",
        "https://www.example.org/en/news/our-30-years%2F2026",
    ],
)
def test_an_encoded_stroke_is_no_folder_of_a_listing(url: str) -> None:
    assert not FAMILIES["generic"].is_listing_url(url)


def test_a_press_release_filed_below_publications_is_a_story() -> None:
    html = (
        "<html lang='en'><head><title>Statement on the convoy</title></head><body><main>"
        "<h1>Statement on the convoy</h1><p>3 December 2026</p>"
        "<p>The Ministry condemns the attack on the aid convoy and calls for restraint.</p>"
        "<p><a href='/files/statement.pdf'>Download (PDF)</a></p></main></body></html>"
    )
    url = "https://www.mfa.example.cy/en/publications/press-releases/statement-on-the-convoy"
    assert isinstance(_read(html, url), Article)
    report = url.replace("/press-releases/", "/reports/")
    assert isinstance(_read(html, report), Rejected)


def test_a_tab_named_like_a_languages_code_leads_to_no_translation() -> None:
    html = (
        "<html lang='en'><head><title>Accession talks</title></head><body><main>"
        "<ul class='topics'><li><a href='/en/news/accession-talks'>Bilateral</a></li>"
        "<li><a href='/en/news/eu'>EU</a></li><li><a href='/en/news/nato'>NATO</a></li></ul>"
        f"<h1>Accession talks</h1><p>3 December 2026</p><p>{PROSE}</p></main></body></html>"
    )
    article = _read(html, "https://n.example/en/news/accession-talks")
    assert isinstance(article, Article) and article.translations == ()
    # Among languages' codes only, a code names a language.
    codes = html.replace(">Bilateral<", ">EN<").replace(">NATO<", ">DE<")
    article = _read(codes, "https://n.example/en/news/accession-talks")
    assert isinstance(article, Article)
    assert dict(article.translations) == {
        "https://n.example/en/news/eu": "eu",
        "https://n.example/en/news/nato": "de",
    }


def test_a_lead_that_ends_with_words_a_menu_links_still_dates_the_story() -> None:
    html = (
        "<html lang='en'><head><title>National Day</title></head><body><nav>"
        "<a href='/en/declaration'>Joint Declaration on Strategic Partnership</a></nav><main>"
        "<h1>National Day</h1><p>On 28 November 2026 the Embassy hosted a reception where the"
        " Ambassador recalled the Joint Declaration on Strategic Partnership</p>"
        f"<p>{PROSE}</p></main></body></html>"
    )
    article = _read(html, "https://n.example/en/news/national-day")
    assert isinstance(article, Article) and article.published == date(2026, 11, 28)
