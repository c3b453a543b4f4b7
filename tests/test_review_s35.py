"""A review's findings on the rules read from batch19 and the National Assembly (2026-12-06,
fifth), each kept as what it proved: a rule that reached a page it should not."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from crawler.core.items import Article, Rejected
from crawler.core.newsrooms import generic_newsroom
from crawler.extraction import extract
from crawler.extraction.dates import find_stated_date

FETCHED = datetime(2026, 12, 4, 12, tzinfo=UTC)
PROSE = " ".join(
    ["The two sides discussed economic cooperation, energy and the rule of law in the region."] * 5
)


def _results(html: str, url: str) -> tuple[Article, ...] | Rejected:
    return extract(html.encode(), url, generic_newsroom(("en",)), FETCHED)


def _read(html: str, url: str) -> Article | Rejected:
    result = _results(html, url)
    return result[0] if isinstance(result, tuple) else result


@pytest.mark.parametrize(
    "words", ["16 Days 2026", "30 Years 2025", "24 Hours 2026", "5 Weeks 2026", "12 Months 2026"]
)
def test_a_span_of_time_in_a_name_is_no_date(words: str) -> None:
    # dateparser's relative reading took "16 Days 2026" for 16 days before its base.
    assert find_stated_date(words, None, ("en",)) is None


def test_a_campaigns_tag_over_the_title_leaves_the_storys_own_date() -> None:
    html = (
        "<html lang='en'><head><title>UN Women Serbia</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/en/news'>News</a> <a href='/en/about'>About</a></nav>"
        "<main><div class='tags'><a href='/en/campaigns/16-days'>Orange the World: 16 Days 2026"
        "</a></div><h1>Survivors of violence share their stories in Novi Sad</h1>"
        f"<p>{PROSE}</p><p>Posted on 25 November 2026</p></main></body></html>"
    )
    article = _read(html, "https://unwomen.example/en/news/survivors-share-stories")
    assert isinstance(article, Article), article
    assert article.published == date(2026, 11, 25)


def _post(n: int) -> str:
    return (
        f"<div class='post'><h3><a href='/2026/11/story-{n}.html'>Ambassador meets the "
        f"Minister, visit number {n}</a></h3><div class='date'>{n} November 2026</div>"
        f"<div class='post-body'><p>{PROSE} Visit {n}.</p></div>"
        f"<div class='post-footer'><a href='/2026/11/story-{n}.html'>Permalink</a></div></div>"
    )


@pytest.mark.parametrize("today", ["", "<p>Today is Friday, 4 December 2026.</p>"])
def test_a_welcome_box_under_the_pages_heading_leaves_the_whole_stories_beside_it(
    today: str,
) -> None:
    html = (
        "<html lang='en'><head><title>Embassy of X</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/about.html'>About</a></nav><main>"
        f"<article class='welcome'><h1>Welcome to the Embassy of X</h1>{today}"
        "<p>The Embassy of X represents our country and helps our citizens abroad.</p></article>"
        f"<div class='blog-posts'>{''.join(_post(n) for n in range(1, 5))}</div>"
        "</main></body></html>"
    )
    stories = _results(html, "https://embassy.example/")
    assert isinstance(stories, tuple), stories
    assert [story.published for story in stories] == [date(2026, 11, n) for n in range(1, 5)]


@pytest.mark.parametrize("count", [3, 6])
def test_a_sections_introduction_under_its_heading_is_no_story_beside_its_teasers(
    count: int,
) -> None:
    teasers = "".join(
        f"<div class='views-row'><div class='date'>{n} November 2026</div>"
        f"<h3><a href='/en/article/{n}'>Ambassador meets the Minister of Economy number {n}</a>"
        "</h3><p>The Ambassador met the Minister of Economy to discuss cooperation in energy, "
        "infrastructure and the rule of law, and the next steps of the joint projects.</p></div>"
        for n in range(1, count + 1)
    )
    html = (
        "<html lang='en'><head><title>Media centre</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/en/about'>About</a></nav><main>"
        "<article class='node--type-page'><h1>Media centre</h1><p>Here you can find the press "
        "releases, statements and news of the Embassy about its work in the country, the "
        "visits of officials and the projects the Embassy supports.</p></article>"
        f"<div class='view-content'>{teasers}</div></main></body></html>"
    )
    assert isinstance(_read(html, "https://embassy.example/en/media-centre"), Rejected)


CALL = (
    "<html lang='en'><head><title>Call</title></head><body>"
    "<nav><a href='/'>Home</a> <a href='/en/news'>News</a></nav><main>"
    "<h1>Ministry opens call for youth employment grants</h1><p>6 November 2026</p>"
    "<p>The Ministry announced a public call worth 50 million dinars for projects that employ "
    f"young people in rural municipalities.</p><p>{PROSE}</p>{{deadline}}</main>"
    "{aside}</body></html>"
)


@pytest.mark.parametrize(
    "path",
    [
        "/sr/vesti/konkursi/poziv-za-grantove",  # a news folder above the calls'
        "/en/employment/youth-employment-grants",  # a ministry's sector, no vacancies
        "/en/news/tenders/grants-for-youth",
    ],
)
def test_a_call_filed_under_news_or_a_sector_is_a_story(path: str) -> None:
    html = CALL.format(deadline="<p>Deadline: 16 December 2026.</p>", aside="")
    assert isinstance(_read(html, f"https://ministry.example{path}"), Article)


def test_a_deadline_in_a_sidebar_does_not_make_a_call_of_the_story() -> None:
    aside = "<aside><h3>Open calls</h3><p>Deadline: 16 December 2026</p></aside>"
    html = CALL.format(deadline="", aside=aside)
    assert isinstance(_read(html, "https://ministry.example/en/jobs/youth-jobs-fair-held"), Article)


@pytest.mark.parametrize(
    "last",
    [
        "<div class='cat'>News</div><div class='date'>1 December 2026</div>",
        "<div class='views'>12 views</div><div class='date'>1 December 2026</div>",
    ],
)
def test_a_teasers_category_and_day_in_a_column_before_the_story_are_not_its_date(
    last: str,
) -> None:
    side = (
        "<div class='col-left'><h3>Latest news</h3>"
        "<div class='item'><a href='/en/news/older-1'>Ambassador visits Nis and meets the mayor</a>"
        "<div class='cat'>News</div><div class='date'>20 November 2026</div></div>"
        "<div class='item'><a href='/en/news/older-2'>Embassy supports the regional film festival"
        f"</a>{last}</div></div>"
    )
    html = (
        "<html lang='en'><head><title>Embassy</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/en/news'>News</a> <a href='/en/about'>About</a></nav>"
        f"<div class='row'>{side}<div class='col-main'><h1>Ambassador opens a new school in "
        f"Vranje</h1><p>{PROSE}</p><p>Posted: 12 October 2026</p></div></div></body></html>"
    )
    article = _read(html, "https://embassy.example/en/news/ambassador-opens-school")
    assert isinstance(article, Article), article
    assert article.published == date(2026, 10, 12)


def test_a_calendar_whose_entries_end_with_a_stop_is_a_list() -> None:
    entries = "".join(
        f"<p>{hour} - {what} (House of the National Assembly, hall {n}).</p>"
        for n, (hour, what) in enumerate(
            [
                ("10.00", "sitting of the Committee on Finance"),
                ("12.30", "the Speaker meets the Ambassador of Japan"),
                ("14.00", "press conference of a Member of Parliament"),
                ("16.00", "sitting of the Committee on Foreign Affairs"),
            ]
        )
    )
    html = (
        "<html lang='en'><head><title>Calendar</title></head><body><main>"
        f"<h1>Calendar of activities for Wednesday, 2 December 2026</h1>{entries}</main>"
        "</body></html>"
    )
    assert isinstance(_read(html, "https://parliament.example/calendar/2-december-2026"), Rejected)


# The second review (batch20's rules).


@pytest.mark.parametrize(
    "address",
    [
        "NewsDetail.aspx?id=4521&pageIndex=2",
        "board/view.do?seq=1357066&currentPage=1",
        "news/view.do?nttId=88120&pageIndex=1",
        "news/article?id=4521&page_no=3",
    ],
)
def test_a_story_that_carries_its_lists_page_in_a_new_pager_field_is_read(address: str) -> None:
    html = (
        "<html lang='en'><head><title>News</title></head><body><main>"
        f"<h1>Minister received the Ambassador</h1><p>10 November 2026</p><p>{PROSE}</p>"
        "</main></body></html>"
    )
    assert isinstance(_read(html, f"https://mfa.example/{address}"), Article)


def _notice(beside: str = "", inside: str = "") -> str:
    return (
        "<html lang='en'><head><title>Embassy</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/en/news'>News</a></nav><main>"
        "<h1>Consular section moves</h1><p>12 May 2026</p>"
        "<p>The consular section of the Embassy will receive applicants at its new address in "
        f"Bulevar kralja Aleksandra from Monday.</p>{inside}</main>{beside}</body></html>"
    )


@pytest.mark.parametrize(
    ("beside", "inside"),
    [
        ("<footer><p>Last updated: 1 December 2026</p></footer>", ""),
        ("<aside><h3>Travel advice</h3><p>Updated: 20 November 2026</p></aside>", ""),
        ("", "<p>As of 1 December 2026, applicants will be received at the new address.</p>"),
        ("", "<p>Visa information on our consular page last updated: 1 December 2026</p>"),
    ],
)
def test_an_update_elsewhere_or_a_day_said_in_a_sentence_leaves_a_notice(
    beside: str, inside: str
) -> None:
    article = _read(_notice(beside, inside), "https://embassy.example/en/news/consular-moves")
    assert isinstance(article, Article), article


@pytest.mark.parametrize("field", ["country", "topic", "region"])
def test_a_query_field_that_is_no_language_field_names_no_translation(field: str) -> None:
    links = "".join(f"<a href='/en/news/reports?{field}={v}'>{v}</a>" for v in ("fr", "it"))
    html = (
        f"<html lang='en'><head><title>Reports</title></head><body><div>{links}</div><main>"
        f"<h1>Report on Germany</h1><p>20 November 2026</p><p>{PROSE}</p></main></body></html>"
    )
    article = _read(html, f"https://agency.example/en/news/reports?{field}=de")
    assert isinstance(article, Article), article
    assert article.translations == ()


@pytest.mark.parametrize(
    ("own", "other", "language"),
    [("sr-Latn-RS", "sr-Cyrl-RS", "sr-Cyrl"), ("sr-SP-Latn", "sr-SP-Cyrl", "sr-Cyrl")],
)
def test_a_culture_name_with_its_script_before_or_after_the_region_is_a_language(
    own: str, other: str, language: str
) -> None:
    html = (
        f"<html lang='sr'><head><title>Vesti</title></head><body>"
        f"<div><a href='/vesti/detalji/4411?culture={other}'>Ћирилица</a></div><main>"
        f"<h1>Ministar primio ambasadora</h1><p>10 November 2026</p><p>{PROSE}</p></main>"
        "</body></html>"
    )
    article = _read(html, f"https://gov.example/vesti/detalji/4411?culture={own}")
    assert isinstance(article, Article), article
    assert article.translations == (
        (f"https://gov.example/vesti/detalji/4411?culture={other}", language),
    )


@pytest.mark.parametrize("query", ["?lang=en", ""])
def test_a_link_that_is_no_address_breaks_no_reading(query: str) -> None:
    html = (
        "<html lang='en'><head><title>News</title></head><body>"
        "<div><a href='/press/news/details/1189001?lang=ru'>Рус</a></div><main>"
        f"<h1>Ambassador met the Minister</h1><p>10 November 2026</p><p>{PROSE} See "
        "<a href='http://[www.mft.gov.rs/'>the ministry</a>.</p></main></body></html>"
    )
    assert isinstance(
        _read(html, f"https://gov.example/press/news/details/1189001{query}"), Article
    )


def test_a_short_story_dated_under_its_title_beside_dated_items_is_a_story() -> None:
    items = "".join(
        f"<div class='col'><p>{title}</p><span>{day}</span></div>"
        for title, day in [
            ("Ambassador visited Novi Sad", "27.11.2026."),
            ("Reception for the National Day", "20.11.2026."),
            ("Scholarships for Serbian students", "12.11.2026."),
        ]
    )
    html = (
        "<html lang='en'><head><title>Embassy</title></head><body><main>"
        "<h1>Ambassador met the Mayor of Belgrade</h1><p>02.12.2026.</p>"
        "<p>Ambassador Anna Berg met the Mayor of Belgrade today to discuss cooperation between "
        "the two capitals in culture, transport and tourism next year.</p>"
        f"<h3>Other news</h3><div class='row'>{items}</div></main></body></html>"
    )
    url = "https://embassy.example/en/news/ambassador-met-the-mayor-of-belgrade"
    assert isinstance(_read(html, url), Article)
