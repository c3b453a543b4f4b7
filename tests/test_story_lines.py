"""The lines around a story's heading that batch21's and batch22's blind sites taught: a day
written with dashes in parentheses, a date line that says what kind of page it heads, a
"Created / Updated" line, an event's place, albums' days under a gallery's heading, a date's
order told by the same day written out; and what a page's place in its site says of it (an
item's number beside its list's page, a folder of reports or courses, a standing page among
the template links)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.components.pipelines import STANDING_UPDATE, _kept_up_to_date
from crawler.core.items import Article, Rejected, Source
from crawler.core.newsrooms import generic_newsroom
from crawler.extraction import extract
from crawler.extraction.body import trim
from crawler.extraction.classify import names_an_item
from crawler.extraction.dates import find_date

FETCHED = datetime(2026, 12, 4, 12, tzinfo=UTC)
PROSE = " ".join(
    ["The two sides discussed economic cooperation, energy and the rule of law in the region."] * 5
)


def _read(html: str, url: str, languages: tuple[str, ...] = ("en",)) -> Article | Rejected:
    result = extract(html.encode(), url, generic_newsroom(languages), FETCHED)
    return result[0] if isinstance(result, tuple) else result


def _page(head: str, body: str = f"<p>{PROSE}</p>", after: str = "", lang: str = "en") -> str:
    return (
        f"<html lang='{lang}'><head><title>Centre</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/about'>About</a></nav>"
        f"<main><div class='container'>{head}<div class='text'>{body}</div></div>{after}</main>"
        "<footer>Centre, Sofia</footer></body></html>"
    )


# -- dates written with dashes ---------------------------------------------------------------


@given(st.dates(min_value=date(1995, 1, 1), max_value=date(2030, 12, 31)))
def test_a_date_written_with_dashes_is_read_the_day_first(day: date) -> None:
    """20-11-2026 and 07-12-2026 are read the day first, as Europe writes them with dashes,
    whatever order a page writes its dates with strokes in, and not after ``latest``."""
    for day_first in (None, True, False):
        text = f"Event | {day.day:02}-{day.month:02}-{day.year} | Belgrade"
        found = find_date(text, None, day_first)
        assert found is not None and found.day == day
    assert find_date(f"({day.day}-{day.month}-{day.year})", day - timedelta(days=2)) is None


@pytest.mark.parametrize("text", ["ISBN 978-1-12-2019", "Tel. 381-11-30-2006", "12-30/2026"])
def test_numbers_run_together_with_dashes_are_no_date(text: str) -> None:
    assert find_date(text, date(2026, 12, 4)) is None


def test_a_day_in_parentheses_after_a_label_under_the_heading_dates_the_story() -> None:
    # The CMDR COE's "Date: (01-12-2026)", beside a sidebar of "27-11-2026" days: day first.
    head = (
        "<h1>Resilience workshop held in Sofia</h1><div class='news_date'>Date: (01-12-2026)</div>"
    )
    after = (
        "<div class='box'><ul><li><a href='/n/2'>Course concludes</a> 27-11-2026</li></ul></div>"
    )
    article = _read(_page(head, after=after), "https://c.example/menu.php?m_id=27&n_id=612")
    assert isinstance(article, Article), article
    assert article.published == date(2026, 12, 1)
    assert article.provenance["published"] is Source.DATELINE
    assert not article.text.startswith("Date")


def test_the_section_title_over_the_story_is_found_past_the_menus_link_of_that_name() -> None:
    # trafilatura's reading opens with "NEWS", the menu's link and the section's title alike:
    # the story's heading and date stand under the second.
    lead = "On 18 and 19 November 2026 the Director paid a working visit to the General Staff."
    html = (
        "<html><head><title>CMDR COE - Director visits Athens</title></head><body>"
        "<div id='menu'><ul><li><a href='/'>HOME</a></li><li><a href='/n'>NEWS</a></li>"
        + "".join(
            f"<li><a href='/{n}'>{n.upper()}</a></li>" for n in ("courses", "events", "gallery")
        )
        + "</ul></div><div id='content'><div id='left_col'>"
        "<div class='page_title'>NEWS</div><div class='news_full'>"
        "<h1 class='news_title'>Director visits Athens</h1>"
        "<div class='news_date'>Date: (20-11-2026)</div>"
        f"<div class='news_text'><p>{lead}</p><p>{PROSE}</p></div></div></div>"
        "<div id='right_col'><div class='box'><div class='box_title'>LATEST NEWS</div>"
        "<ul class='latest'><li><a href='/n?n_id=612'>Workshop held</a>"
        "<span>01-12-2026</span></li></ul></div></div></div></body></html>"
    )
    article = _read(html, "https://c.example/menu.php?m_id=27&n_id=610")
    assert isinstance(article, Article), article
    assert article.title == "Director visits Athens"
    assert article.published == date(2026, 11, 20)
    assert article.provenance["published"] is Source.DATELINE


# -- an item's number beside its list's page ---------------------------------------------------


@pytest.mark.parametrize(
    ("url", "item"),
    [
        ("https://c.example/menu.php?m_id=27m_id%3D27&n_id=601&page=3", True),
        ("https://c.example/index.php?news_id=12&page=2", True),
        ("https://c.example/index.php?cat_id=5&page=2", False),  # a category's page
        ("https://c.example/index.php?m_id=27&page=2", False),  # a menu's
        ("https://c.example/index.php?section_id=3&start=10", False),
    ],
)
def test_a_fields_id_beside_a_page_names_an_item_unless_it_names_a_list(
    url: str, item: bool
) -> None:
    assert names_an_item(url) is item


# -- what a date line in the title's box says ------------------------------------------------


def _titled(line: str, body: str = f"<p>{PROSE}</p>") -> str:
    head = (
        "<section class='section section--page-title'><h1 class='page-title'>"
        f"Serbia health summary</h1><p class='lead'>{line}</p></section>"
    )
    return _page(head, body)


def test_a_date_line_under_the_title_in_its_box_dates_the_story() -> None:
    article = _read(_titled("20 November 2026 | News release"), "https://w.example/news/item/x")
    assert isinstance(article, Article), article
    assert article.title == "Serbia health summary"
    assert article.published == date(2026, 11, 20)


def test_an_events_day_and_hours_under_its_title_make_an_events_page() -> None:
    line = "10 December 2026 10:00 – 12:00 CET | Belgrade, Serbia"
    result = _read(_titled(line), "https://w.example/events/item/launch")
    assert isinstance(result, Rejected)
    assert "event" in result.detail


@pytest.mark.parametrize("kind", ["Fact sheet", "Q&A", "Publication"])
def test_a_date_line_that_names_a_reference_kind_makes_a_reference_page(kind: str) -> None:
    result = _read(_titled(f"14 March 2026 | {kind}"), "https://w.example/fact-sheets/item/x")
    assert isinstance(result, Rejected)
    assert kind in result.detail


def test_a_kind_its_address_names_too_makes_a_reference_page_under_the_news() -> None:
    url = "https://w.example/europe/news-room/fact-sheets/item/measles"
    result = _read(_titled("14 March 2026 | Fact sheet"), url)
    assert isinstance(result, Rejected)
    assert "Fact sheet" in result.detail


def test_a_headline_that_opens_with_a_date_and_says_more_is_still_the_title() -> None:
    head = "<h1>1 December 2026: Serbia marks World AIDS Day with expanded community testing</h1>"
    article = _read(_page(head + "<p>Posted 1 December 2026</p>"), "https://w.example/n/aids")
    assert isinstance(article, Article), article
    assert article.title.startswith("1 December 2026: Serbia marks")


# -- publications: a folder of reports, a download's link ------------------------------------


def _publication(link: str) -> str:
    head = (
        "<h1>Logistics Support to Enhanced Vigilance Activities</h1>"
        "<div>Publication date</div><div><time>10 November 2026</time></div>"
    )
    return _page(head, f"<p>An analysis of logistics planning and host nation support.</p>{link}")


def test_a_page_filed_among_reports_that_offers_its_document_is_a_publication() -> None:
    page = _publication("<a href='/files/summary.pdf'>Executive summary (PDF)</a>")
    result = _read(page, "https://j.example/products/reports/logistics-support")
    assert isinstance(result, Rejected)
    assert "publication" in result.detail


def test_a_link_that_says_it_downloads_offers_a_document() -> None:
    page = _publication("<a class='button' href='/publications/i/item/X-1'>Download (1.9 MB)</a>")
    result = _read(page, "https://w.example/publications/i/item/X-1")
    assert isinstance(result, Rejected)
    assert "publication" in result.detail


def test_a_story_filed_among_news_that_offers_a_download_stays_a_story() -> None:
    body = f"<p>{PROSE}</p><a href='/files/report.pdf'>Download the report</a>"
    head = "<h1>Report on reforms presented</h1><p>20 November 2026</p>"
    article = _read(_page(head, body), "https://w.example/news/report-on-reforms-presented")
    assert isinstance(article, Article), article


# -- a sidebar's links under the story -------------------------------------------------------


def test_a_sidebars_dated_links_and_their_box_title_are_no_story_text() -> None:
    links = frozenset(
        {
            "CMDR COE Hosts Resilience Planning Workshop with Bulgarian Civil Protection",
            "Crisis Management Course 2026-2 Concludes in Sofia",
        }
    )
    text = (
        f"{PROSE}\n\nLATEST NEWS\n\n"
        "- CMDR COE Hosts Resilience Planning Workshop with Bulgarian Civil Protection01-12-2026"
        "\n\n- 27.11.2026 Crisis Management Course 2026-2 Concludes in Sofia"
    )
    assert trim(text, "Director visits Athens", links, date(2026, 12, 4)) == PROSE


def test_a_paragraph_that_opens_with_a_links_words_and_goes_on_is_kept() -> None:
    links = frozenset({"The Ministry of Foreign Affairs of Serbia"})
    text = f"{PROSE}\n\nThe Ministry of Foreign Affairs of Serbia said on 2 December 2026 more."
    assert trim(text, "Title", links, date(2026, 12, 4)) == text


def test_a_dates_label_left_alone_by_the_reading_is_no_story_text() -> None:
    assert trim(f"Date\n\n{PROSE}", "Title", frozenset(), date(2026, 12, 4)) == PROSE


# -- "Created / Updated" -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "languages"),
    [
        ("Created: 2026.10.06 / Updated: 2026.10.06 19:05", ("en",)),
        ("Sukurta: 2026.10.06 / Atnaujinta: 2026.10.06 19:05", ("lt", "en")),
    ],
)
def test_a_created_and_updated_line_dates_the_story_when_it_was_created(
    line: str, languages: tuple[str, ...]
) -> None:
    head = f"<h1>Lithuanians of Serbia met in Zemun</h1><div class='news-date'>{line}</div>"
    article = _read(_page(head), "https://rs.example/rs/en/news/met-in-zemun", languages)
    assert isinstance(article, Article), article
    assert article.published == date(2026, 10, 6)


def test_the_day_a_created_line_says_the_page_was_updated_is_its_update() -> None:
    head = "<h1>Passports</h1><div>Created: 2019.01.10 / Updated: 2026.11.14 09:02</div>"
    article = _read(_page(head), "https://rs.example/rs/en/consular/passports")
    assert isinstance(article, Article), article
    assert article.published == date(2019, 1, 10)
    assert article.updated == datetime(2026, 11, 14, tzinfo=UTC)


@pytest.mark.parametrize("text", ["v2019.10.12.3", "release 2026.10.06.1"])
def test_a_version_number_is_no_date(text: str) -> None:
    assert find_date(text) is None


def _story(
    published: date | None, updated: date | None, said: Source | None = Source.DATELINE
) -> Article:
    return Article(
        url="https://rs.example/rs/en/embassy/ambassador",
        page_url="https://rs.example/rs/en/embassy/ambassador",
        title="Ambassador",
        text=PROSE,
        language="en",
        published=published,
        updated=datetime.combine(updated, datetime.min.time(), UTC) if updated else None,
        provenance={"updated": said} if said is not None else {},
    )


@given(
    st.integers(min_value=0, max_value=4000),
    st.one_of(st.none(), st.integers(min_value=0, max_value=2000)),
)
def test_a_template_links_day_makes_a_standing_page_when_kept_up_long_after_not_when_old(
    age: int, later: int | None
) -> None:
    """Updated half a year after it was written: a standing page. Its age alone says nothing
    (a site whose stories all date from 2017 keeps them all in its "latest" box; a site may
    pin last year's story on every page)."""
    published = FETCHED.date() - timedelta(days=age)
    updated = published + timedelta(days=later) if later is not None else None
    standing = _kept_up_to_date(_story(published, updated))
    assert standing == (later is not None and timedelta(days=later) >= STANDING_UPDATE)


def test_an_undated_story_is_no_standing_page() -> None:
    assert not _kept_up_to_date(_story(None, date(2026, 11, 1)))


def test_a_modified_time_in_the_metadata_makes_no_standing_page() -> None:
    # A CMS's plugins save every page again: only the page's own date line says it is kept.
    assert not _kept_up_to_date(_story(date(2025, 1, 10), date(2026, 11, 14), said=None))
    assert _kept_up_to_date(_story(date(2025, 1, 10), date(2026, 11, 14)))


# -- a switcher's own item, an event's place, albums' days ------------------------------------


def test_a_switchers_own_item_linked_to_hash_marks_the_others_as_translations() -> None:
    head = (
        "<ul class='langs'><li><a href='/rs/lt/naujienos/stendas-mugeje'>LT</a></li>"
        "<li class='active'><a href='#'>EN</a></li></ul>"
        "<h1>Lithuanian stand at the bazaar</h1><p>27 November 2026</p>"
    )
    article = _read(_page(head), "https://rs.example/rs/en/news/stand-at-the-bazaar")
    assert isinstance(article, Article), article
    assert ("https://rs.example/rs/lt/naujienos/stendas-mugeje", "lt") in article.translations


@pytest.mark.parametrize("label", ["Place", "Venue", "Vieta"])
def test_an_events_place_label_under_its_heading_makes_an_events_page_on_its_day(
    label: str,
) -> None:
    head = (
        "<h1>International Christmas Charity Bazaar</h1><dl><dt>Date</dt><dd>2026-12-04</dd>"
        f"<dt>{label}</dt><dd>Belgrade</dd></dl>"
    )
    result = _read(_page(head), "https://rs.example/rs/en/events/charity-bazaar")
    assert isinstance(result, Rejected)
    assert "event" in result.detail


def test_albums_days_under_a_galleries_heading_are_not_the_pages() -> None:
    albums = "".join(
        f"<div class='album'><a href='/rs/en/gallery/{slug}'><img src='/{slug}.jpg'>"
        f"<span>{name}</span></a> <span class='date'>{day}</span></div>"
        for slug, name, day in (
            ("bazaar-2025", "Christmas Charity Bazaar 2025", "2025.12.07"),
            ("film-days", "Lithuanian Film Days 2026", "2026.11.24"),
        )
    )
    html = _page(f"<h1>Gallery</h1>{albums}")
    result = _read(html, "https://rs.example/rs/en/gallery")
    assert not isinstance(result, Article) or result.provenance.get("published") != Source.DATELINE


# -- a figure date's order, told by the text ---------------------------------------------------


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        ("met on Tuesday, 1 December 2026, with the Minister", date(2026, 12, 1)),
        ("met on Tuesday with the Minister", date(2026, 1, 12)),  # the country's order
    ],
)
def test_the_same_day_written_out_tells_which_order_a_figure_date_is_written_in(
    lead: str, expected: date
) -> None:
    head = "<h2 class='news-title'>Ambassador meets the Minister</h2><div>Date : 12/1/2026</div>"
    body = f"<p>The Ambassador of Egypt {lead}. {PROSE}</p>"
    html = _page(head, body).replace("<html lang='en'>", "<html lang='en-US'>")
    article = _read(html, "https://www.mfa.example.eg/English/News/Pages/NewsDetails.aspx?id=1")
    assert isinstance(article, Article), article
    assert article.published == expected


def test_a_heading_beside_the_logo_names_the_site_not_the_story() -> None:
    html = (
        "<html lang='ar'><head><title>Centre</title></head><body><div class='mfa-logo'>"
        "<a href='/Arabic/Pages/default.aspx'><img src='/eagle.png'></a>"
        "<h1 class='emb-name'>سفارة جمهورية مصر العربية في بلجراد</h1></div><main>"
        "<h2 class='news-title'>السفير يلتقي أبناء الجالية المصرية في صربيا</h2>"
        "<div>التاريخ : 05/11/2026</div>"
        f"<p>{PROSE}</p></main></body></html>"
    )
    article = _read(html, "https://www.mfa.example.eg/Arabic/News/Pages/NewsDetails.aspx?id=2")
    assert isinstance(article, Article), article
    assert article.title == "السفير يلتقي أبناء الجالية المصرية في صربيا"


# -- courses with a registration deadline ------------------------------------------------------


def _course(deadline: str) -> str:
    body = (
        "<p>Dates: 4 – 8 October 2027</p><p>Location: Vyškov, Czech Republic</p>"
        f"<p>{deadline}</p><p>{PROSE}</p>"
    )
    return _page("<h1>Live Agent Training Course 2027</h1><p>1 October 2026</p>", body)


def test_a_course_filed_among_courses_with_a_registration_deadline_is_a_call() -> None:
    url = "https://j.example/index.php/education-70/courses-2027-71/1004-live-agent-course"
    result = _read(_course("Registration deadline: 1 July 2027"), url)
    assert isinstance(result, Rejected)
    assert "call" in result.detail


def test_a_story_among_news_that_states_a_registration_deadline_stays_a_story() -> None:
    url = "https://j.example/index.php/news-newsletter/1004-live-agent-course-announced"
    article = _read(_course("Registration deadline: 1 July 2027"), url)
    assert isinstance(article, Article), article
