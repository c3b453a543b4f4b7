"""General rules batch31 taught, each written from the markup a CMS really renders, not from
the blind sites' own pages: a box that names only a month and its year ("on November 2026",
a calendar's item) between a story's lead and its text is a date line, so the lead above it
is read; and a name a router parts by commas ("/course,1,<slug>") is filed under its first
part as under a folder, so an undated course's page among a newsroom's dated stories is no
story, where an undated news item ("/news,31,<slug>", "/event,990,<slug>") still is. Then what
the review of these rules found (a caption or a credit that names a month, a second kind of
story, learned templates)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.components.pipelines import DATED_STORIES
from crawler.core.items import Article, Rejected
from crawler.core.newsrooms import generic_newsroom
from crawler.extraction import extract
from crawler.extraction.body import _month_line
from crawler.extraction.classify import filed_among_news, filed_as_call
from tests.support.loopback_crawls import crawl_site
from tests.support.loopback_site import Page, serve_site
from tests.support.pages import story

FETCHED = datetime(2026, 12, 4, 12, tzinfo=UTC)
LEAD = (
    "From 23 to 26 November 2026, the Centre hosted the annual Doctrine and Standardization"
    " Forum in Bydgoszcz."
)
TEXT = (
    "<p>The forum gathered thirty-one subject matter experts representing seventeen nations, as"
    " well as representatives of the Standardization Office and of the Provost Marshal.</p>"
    "<p>Participants reviewed the status of the allied doctrine and discussed proposals for the"
    " next revision of the publication and their national doctrinal documents.</p>"
)


def _read(html: str, url: str) -> Article | Rejected:
    result = extract(html.encode(), url, generic_newsroom(("en",)), FETCHED)
    return result[0] if isinstance(result, tuple) else result


# -- a month's line between the lead and the text ------------------------------------------------


def _event_page(month_line: str) -> str:
    """A calendar CMS's news item: the month it falls in, its heading, its start and end, the
    lead in a box of its own, its photo, the month again, then the text in a box below."""
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Forum 2026 - Centre of Excellence</title></head><body>
<header><a href="/">Centre of Excellence</a><nav><a href="/news">News</a>
<a href="/calendar">Calendar</a></nav></header>
<div id="content"><div class="event-page"><div class="month-label">in November 2026</div>
<h1>The Centre hosted the Doctrine and Standardization Forum 2026</h1>
<div class="event-dates"><div><span>Start</span> <span>23 Nov 2026 08:00</span></div>
<div><span>End</span> <span>26 Nov 2026 16:00</span></div></div>
<div class="lead">{LEAD}</div>
<div class="event-photo"><a href="/gallery,912,forum"><img src="/main.jpg" alt=""></a></div>
<div class="month-label small">{month_line}</div>
<div class="text">{TEXT}</div>
<div class="back"><a href="/news">back to news</a></div></div></div>
<footer>Centre of Excellence, Bydgoszcz</footer></body></html>"""


@pytest.mark.parametrize("month_line", ["on November 2026", "November 2026", "in Nov. 2026"])
def test_a_months_line_between_the_lead_and_the_text_leaves_the_lead_read(month_line: str) -> None:
    result = _read(_event_page(month_line), "https://coe.example/event,412,forum-2026")
    assert isinstance(result, Article), result
    assert result.text.startswith(LEAD), result.text[:120]
    assert month_line not in result.text.split("\n\n")


def test_a_sentence_between_the_lead_and_the_text_still_hides_the_lead() -> None:
    """Only a month's line stands between: a box with a sentence of its own is no date line,
    so the box above the text is that sentence's, which is no lead of the text."""
    line = "The forum was opened by the Director in November 2026 at the Centre."
    result = _read(_event_page(line), "https://coe.example/event,412,forum-2026")
    assert isinstance(result, Article), result
    assert not result.text.startswith(LEAD)


@given(
    st.sampled_from(["January", "May", "Dec.", "novembar", "новембар", "decembra", "تشرين الثاني"]),
    st.integers(1990, 2030),
    st.sampled_from(["", "on", "in", "Published in", "Objavljeno:"]),
)
def test_a_month_and_its_year_under_a_short_label_is_a_month_line(
    month: str, year: int, label: str
) -> None:
    line = f"{label} {month} {year}".strip()
    assert _month_line(line)
    assert not _month_line(f"12 {month} {year}")  # a day's: a date line of its own
    assert not _month_line(f"The office reopens in {month} {year} after works")
    assert not _month_line(f"{label} {month}".strip())


@pytest.mark.parametrize(
    "line",
    [
        "Photo: May 2026",
        "Mars 2020 rover",
        "May 2026 edition",
        "Vienna, May 2026",
        "Report of May 2026",
        "Izveštaj za novembar 2026",
        "of May 2026",
        "za novembar 2026",
    ],
)
def test_a_caption_or_a_credit_that_names_a_month_is_no_month_line(line: str) -> None:
    """Only words that say when or that it was published stand before the month, and the year
    closes the line: a photo's credit, a title with a month's name in it, are none."""
    assert not _month_line(line)


@pytest.mark.parametrize("credit", ["Photo: May 2026", "May 2026 edition"])
def test_a_caption_above_a_credit_is_no_lead(credit: str) -> None:
    page = _event_page(credit).replace(
        f'<div class="lead">{LEAD}</div>',
        '<div class="caption">The participants of the forum in front of the Centre building'
        " on its first day.</div>",
    )
    result = _read(page, "https://coe.example/event,412,forum-2026")
    assert isinstance(result, Article), result
    assert not result.text.startswith("The participants"), result.text[:120]


# -- a page of another kind beside the stories, undated --------------------------------------------


@pytest.mark.parametrize(
    ("url", "call", "news"),
    [
        ("https://coe.example/course,1,military-police-junior-officer-course", True, False),
        ("https://coe.example/courses,7.html", True, False),
        ("https://coe.example/event,412,the-forum-was-held", False, False),
        ("https://coe.example/news,31,the-forum-was-held", False, True),
        ("https://coe.example/news/course,1,military-police-course", False, True),
        ("https://coe.example/2026/11/04/paris,2,000-march-for-climate", False, False),
        ("https://coe.example/2026/11/04/jobs,2,000-cut-at-the-steel-plant", False, False),
        ("https://coe.example/courses,1,200-graduates-leave-the-academy", False, False),
        ("https://coe.example/a,1,course", False, False),
        # a routed word is tested whole for calls, by its opening for news
        ("https://coe.example/javne-nabavke/investicije,5,izgradnja-vrtica", True, False),
        ("https://coe.example/tenders/investment,5,construction-of-a-school", True, False),
        ("https://coe.example/courses/history,12,military-history-course", True, False),
        ("https://coe.example/impressum,1.html", False, False),
        ("https://coe.example/pressemitteilung,3,neue-kurse", False, True),
    ],
)
def test_a_routers_first_part_files_the_page_as_a_folder_would(
    url: str, call: bool, news: bool
) -> None:
    assert filed_as_call(url) is call
    assert filed_among_news(url) is news


def _centre(origin: str) -> dict[str, Page]:
    """A centre whose news are at "/event,<n>,<slug>", each with its dateline; its courses
    page lists "/course,1,<slug>", an undated page on a course as long as a story; the news
    page also lists an undated story at a news item's address ("/event,990,<slug>") and two
    undated news stories of another kind ("/news,31,<slug>", "/news,32,<slug>"), and every
    page's "Latest" box links another undated story ("/event,2200,<slug>")."""
    ids = [400 + n for n in range(DATED_STORIES)]
    slug = "centre-hosted-the-annual-forum-of-experts"

    def page(title: str, main: str) -> Page:
        html = (
            f"<html><head><title>{title}</title></head><body><nav><a href='{origin}/'>News</a>"
            f" <a href='{origin}/courses'>Courses</a></nav><main>{main}</main><aside>Latest:"
            f" <a href='{origin}/event,2200,{slug}-2200'>Visit</a></aside></body></html>"
        )
        return Page(lambda: [html.encode()], headers={"Content-Type": "text/html; charset=utf-8"})

    def body(n: int, title: str, dated: bool) -> str:
        main = b"".join(story(n, title).body()).decode().split("<body>")[1].split("</body>")[0]
        return main if dated else main.replace("<p>Brussels, 24 November 2026</p>", "")

    teasers = "".join(
        f'<p><a href="{origin}/event,{i},{slug}-{i}">Event {i}</a></p>' for i in [*ids, 990]
    ) + "".join(f'<p><a href="{origin}/news,{i},{slug}-{i}">News {i}</a></p>' for i in (31, 32))
    course = "/course,1,military-police-junior-officer-course"
    site = {
        "/": page("News", f"<h1>News</h1>{teasers}"),
        "/courses": page("Courses", f"<h1>Courses</h1><p><a href='{origin}{course}'>Course</a>"),
    }
    for i in ids:
        site[f"/event,{i},{slug}-{i}"] = page(f"Event {i}", body(i, f"Forum number {i}", True))
    site[f"/event,990,{slug}-990"] = page("Visit", body(990, "Visit of the commander", False))
    site[f"/event,2200,{slug}-2200"] = page("Latest", body(2200, "Latest visit of a chief", False))
    for i in (31, 32):
        site[f"/news,{i},{slug}-{i}"] = page("News", body(i, f"Statement number {i}", False))
    site[course] = page("Course", body(1, "Military Police Junior Officer Course", False))
    return site


@pytest.mark.crawl
def test_an_undated_course_filed_by_a_routers_word_is_no_story_where_news_items_stay(
    tmp_path: Path,
) -> None:
    with serve_site(_centre) as site:
        crawl = crawl_site(tmp_path, site, sitemap=False)
    slug = "centre-hosted-the-annual-forum-of-experts"
    stories = {f"{site.origin}/event,{i},{slug}-{i}" for i in range(400, 400 + DATED_STORIES)}
    # the undated news items stay, of the stories' kind (the one every page links too) or of
    # another: only the course's page, filed among courses, is none
    kept = {f"{site.origin}/event,{n},{slug}-{n}" for n in (990, 2200)}
    kept |= {f"{site.origin}/news,{n},{slug}-{n}" for n in (31, 32)}
    assert crawl.stored == stories | kept
    assert crawl.run.counters["pages/not-a-story"] >= 1


def _training(origin: str) -> dict[str, Page]:
    """A training centre whose news are filed under its courses ("/courses/<n>/<slug>"),
    each with its dateline, and one news item there states no date."""
    ids = [400 + n for n in range(DATED_STORIES)]

    def page(title: str, main: str) -> Page:
        html = (
            f"<html><head><title>{title}</title></head><body><nav><a href='{origin}/'>News</a>"
            f"</nav><main>{main}</main></body></html>"
        )
        return Page(lambda: [html.encode()], headers={"Content-Type": "text/html; charset=utf-8"})

    def body(n: int, title: str, dated: bool) -> str:
        main = b"".join(story(n, title).body()).decode().split("<body>")[1].split("</body>")[0]
        return main if dated else main.replace("<p>Brussels, 24 November 2026</p>", "")

    slug = "students-of-the-course-visited-the-port"
    teasers = "".join(
        f'<p><a href="{origin}/courses/{i}/{slug}-{i}">Course news {i}</a></p>' for i in [*ids, 990]
    )
    site = {"/": page("News", f"<h1>News</h1>{teasers}")}
    for i in ids:
        site[f"/courses/{i}/{slug}-{i}"] = page(f"News {i}", body(i, f"Course visit {i}", True))
    site[f"/courses/990/{slug}-990"] = page("Visit", body(990, "Visit of the students", False))
    return site


@pytest.mark.crawl
def test_an_undated_item_filed_among_calls_where_the_dated_stories_are_stays(
    tmp_path: Path,
) -> None:
    """A newsroom that files its news under "/courses/" has its undated item there read as
    its dated ones are: a story whose date cannot be read, not a course's page."""
    with serve_site(_training) as site:
        crawl = crawl_site(tmp_path, site, sitemap=False)
    slug = "students-of-the-course-visited-the-port"
    ids = [*range(400, 400 + DATED_STORIES), 990]
    assert crawl.stored == {f"{site.origin}/courses/{i}/{slug}-{i}" for i in ids}
