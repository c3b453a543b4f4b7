"""What a read-only review of batch21's and batch22's rules proved wrong, each case failing
before its mend: a template's field labels and class names, a list's id beside a page, a
headline that opens with its day, a download that is no document, a date line's category
on a news page, a header's clock, a CMS's bulk saves, dashed numbers, a course's report."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from crawler.core.items import Article, Rejected, Source
from crawler.core.newsrooms import generic_newsroom
from crawler.extraction import extract
from crawler.extraction.body import trim

FETCHED = datetime(2026, 12, 4, 12, tzinfo=UTC)
PROSE = " ".join(
    ["The two sides discussed economic cooperation, energy and the rule of law in the region."] * 5
)
TITLE = "Ambassador opens new school in Nis with local officials"


def _read(html: str, url: str) -> Article | Rejected:
    result = extract(html.encode(), url, generic_newsroom(("en",)), FETCHED)
    return result[0] if isinstance(result, tuple) else result


def _page(head: str, top: str = "", body_class: str = "") -> str:
    return (
        f"<html lang='en'><head><title>Embassy</title></head><body class='{body_class}'>{top}"
        "<nav><a href='/'>Home</a> <a href='/en/news'>News</a> <a href='/en/about'>About</a></nav>"
        f"<main><article>{head}<p>{PROSE}</p><p>{PROSE} Second.</p></article></main>"
        "<footer>Contact us</footer></body></html>"
    )


@pytest.mark.parametrize(
    ("fields", "url"),
    [
        # a published label beside the template's place field
        (
            "<p>Published: 25 November 2026</p><div class='field__label'>Location</div>"
            "<div class='field__item'>Nis, Serbia</div>",
            "https://e.example/en/stories/new-school",
        ),
        # a news page's fields: its date and place
        (
            "<dl><dt>Date</dt><dd>25.11.2026</dd><dt>Location</dt><dd>Nis</dd></dl>",
            "https://e.example/en/news/new-school",
        ),
    ],
)
def test_a_place_label_on_a_storys_page_leaves_it_a_story(fields: str, url: str) -> None:
    article = _read(_page(f"<h1>{TITLE}</h1>{fields}"), url)
    assert isinstance(article, Article), article
    assert article.published == date(2026, 11, 25)


def test_a_pages_mark_that_it_shows_a_logo_makes_no_site_name_of_its_heading() -> None:
    html = (
        f"<html lang='en'><head><title>{TITLE} – Embassy of X</title></head>"
        "<body class='post-template-default single has-logo'><div id='page' class='site'>"
        "<header class='site-header'><p class='site-title'><a href='/'>Embassy of X</a></p>"
        "</header><main><article>"
        f"<h1 class='entry-title'>{TITLE}</h1><div class='entry-meta'>Posted on 25 November 2026"
        f"</div><div class='entry-content'><p>{PROSE}</p></div></article></main></div>"
        "</body></html>"
    )
    article = _read(html, "https://e.example/2026/11/25/new-school/")
    assert isinstance(article, Article), article
    assert article.title == TITLE


@pytest.mark.parametrize(
    "url",
    ["https://e.example/news.php?cid=3&page=2", "https://e.example/board.php?bbsid=12&page=2"],
)
def test_a_lists_id_beside_its_page_is_a_listings_address(url: str) -> None:
    html = _page("<h2>News</h2><h3><a href='/news.php?id=7'>Minister meets delegation</a></h3>")
    result = _read(html, url)
    assert isinstance(result, Rejected)
    assert result.detail == "a listing page by its URL"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("<h1>Daily briefing 02.12.2026</h1><p>Published: 03.12.2026</p>", date(2026, 12, 3)),
        (
            "<h1>December 2, 2026 Remarks at the Security Council</h1><p>December 3, 2026</p>",
            date(2026, 12, 3),
        ),
    ],
)
def test_a_headline_that_holds_its_day_is_the_heading_and_the_date_line_dates_it(
    head: str, expected: date
) -> None:
    article = _read(_page(head), "https://e.example/en/news/briefing")
    assert isinstance(article, Article), article
    assert article.published == expected


@pytest.mark.parametrize(
    ("url", "link"),
    [
        (
            "https://e.example/en/news/reports/minister-visits",
            "<a href='/i/photo.jpg' download>Download photo</a>",
        ),
        (
            "https://e.example/en/reports/minister-visits",
            "<a href='https://play.example/app'>Download our mobile app</a>",
        ),
    ],
)
def test_a_short_notice_with_a_download_that_is_no_document_stays_a_story(
    url: str, link: str
) -> None:
    text = (
        "<p>The Minister of Defence visited the barracks in Nis and met the soldiers serving "
        "in the peacekeeping missions of the United Nations.</p>"
    )
    html = (
        "<html lang='en'><head><title>Minister visits barracks in Nis</title></head><body>"
        "<main><h1>Minister visits barracks in Nis</h1><p>25 November 2026</p>"
        f"{text}{link}</main></body></html>"
    )
    article = _read(html, url)
    assert isinstance(article, Article), article


@pytest.mark.parametrize("kind", ["Q&A", "Publications", "Event"])
def test_a_news_pages_date_line_naming_its_category_leaves_it_a_story(kind: str) -> None:
    head = f"<h1>Interview with the Ambassador on energy</h1><p>25 November 2026 | {kind}</p>"
    article = _read(_page(head), "https://e.example/en/news/interview-ambassador")
    assert isinstance(article, Article), article
    assert article.published == date(2026, 11, 25)


def test_a_headers_clock_does_not_tell_a_figure_dates_order() -> None:
    # "Friday, 4 December 2026" is the site's clock; 12/04/2026 on a .rs host is 12 April.
    html = _page(
        f"<h1>{TITLE}</h1><p>Published: 12/04/2026</p>",
        top="<div class='top'>Friday, 4 December 2026</div>",
    )
    article = _read(html, "https://embassy.gov.rs/en/news/new-school")
    assert isinstance(article, Article), article
    assert article.published == date(2026, 4, 12)


def test_a_year_nought_in_a_figure_date_is_no_crash() -> None:
    html = _page(
        f"<h1>{TITLE}</h1><p>Published: 10/11/2026</p>",
        top="<div>Fax 1/2/0000, and we met on 4 December 2026 with the partners here.</div>",
    )
    assert isinstance(_read(html, "https://e.example.org/en/news/new-school"), Article)


def test_a_box_of_links_takes_its_title_and_no_line_above_it() -> None:
    links = [
        "Minister meets the delegation of Japan today",
        "Ambassador opens new school in Nis town",
        "Consular section closed on Monday for holiday",
    ]
    story = f"{PROSE}\n\nAmbassador John Smith"
    text = "\n\n".join(
        [story, "LATEST NEWS", *(f"{line} 0{i + 1}.12.2026" for i, line in enumerate(links))]
    )
    assert trim(text, "Title", frozenset(links), date(2026, 12, 4)) == story


def test_a_phone_number_with_dashes_dates_nothing() -> None:
    article = _read(_page(f"<h1>{TITLE}</h1><p>Tel: 11-30-2006</p>"), "https://e.example/x/y")
    assert isinstance(article, Article), article
    assert article.published is None


def test_a_report_on_a_course_whose_registration_closed_before_it_is_a_story() -> None:
    head = (
        "<h1>Course on peacekeeping concludes in Sofia</h1><p>25 November 2026</p>"
        "<p>Registration deadline: 20 November 2026</p>"
    )
    article = _read(_page(head), "https://e.example/en/courses-2027-71/course-concludes")
    assert isinstance(article, Article), article


def test_an_events_day_at_its_hour_on_a_page_its_cms_marks_an_events_is_no_storys() -> None:
    head = "<h1>Prijem povodom Dana državnosti</h1><div>15. februar 2018 @ 19:00</div>"
    page = _page(head, body_class="single single-tribe_events")
    result = _read(page, "https://m.example/dogadjaj/prijem-povodom-dana-drzavnosti/")
    assert isinstance(result, Rejected)
    assert "event" in result.detail
    story = _read(_page(head), "https://m.example/2018/02/15/prijem/")
    assert isinstance(story, Article), story
    assert story.provenance["published"] is Source.DATELINE


def test_a_list_of_events_each_under_its_kinds_date_line_is_no_story() -> None:
    events = "".join(
        f"<li><h3>{name}</h3><p>Event | {day} | Belgrade</p><p>{PROSE}</p></li>"
        for name, day in (("Round table", "02-12-2026"), ("Business forum", "05-12-2026"))
    )
    result = _read(_page(f"<h1>Events</h1><ul>{events}</ul>"), "https://n.example/latest/events")
    assert not isinstance(result, Article) or result.published is None
