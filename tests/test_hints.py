"""A CMS family's URL patterns are hints, never gates: a page off its story URLs is read as the
generic reading reads it, and links its patterns do not name are followed after its own, to a
bounded depth (``HINT_DEPTH``), never those its ``deny`` or the generic family's exclusions
name."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from scrapy.http import Request, TextResponse

from crawler.core.items import Reason, Rejected, Source
from crawler.core.sitelinks import template
from crawler.extraction import extract
from spiders.base import HINT_PRIORITY, LEARNED_PRIORITY, LISTING_PRIORITY, STORY_PRIORITY
from tests.support.cli import run_cli
from tests.support.databases import url_at
from tests.support.loopback_site import Page, serve_site
from tests.support.pages import story
from tests.support.spiders import NEWSROOMS, spider_for

MLO = "https://jfcnaples.nato.int"
NEWSROOM = NEWSROOMS["nato-mlo-belgrade"]
FETCHED = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
#: A story where the nato-mlo family's patterns did not foresee one.
MOVED = f"{MLO}/mlo_belgrade/page98613721/mlo-briefs-journalists.aspx"
#: Where its patterns put one.
ON_PATTERN = f"{MLO}/mlo_belgrade/newsroom/news-archive/2026/mlo-briefs-journalists"


def _story_html(dated: bool = True) -> bytes:
    """A story in no template the family knows: a heading, a dateline, prose."""
    html = b"".join(story(3, "MLO briefs journalists on Partnership for Peace").body())
    return html if dated else html.replace(b"<p>Brussels, 24 November 2026</p>", b"")


# -- extraction ---------------------------------------------------------------------------------


def test_a_story_off_the_family_story_urls_is_read_by_the_generic_reading() -> None:
    result = extract(_story_html(), MOVED, NEWSROOM, FETCHED)
    assert not isinstance(result, Rejected)
    (article,) = result
    assert article.url == MOVED
    assert article.title == "MLO briefs journalists on Partnership for Peace"
    assert article.published == date(2026, 11, 24)
    assert article.provenance["body"] is Source.GENERIC


def test_a_start_page_is_never_a_story_on_or_off_the_patterns() -> None:
    for url in (MOVED, ON_PATTERN):
        result = extract(_story_html(), url, NEWSROOM, FETCHED, listing=True)
        assert isinstance(result, Rejected)
        assert result.reason == Reason.LISTING


def test_an_undated_page_off_the_patterns_is_a_story_only_with_a_story_url() -> None:
    # A page named with a word or two (about, leadership, contact) and no date is no story...
    off = extract(_story_html(dated=False), f"{MLO}/mlo_belgrade/about/briefs", NEWSROOM, FETCHED)
    assert isinstance(off, Rejected)
    assert off.reason == Reason.NOT_A_STORY
    # ...one named by its title is, as is any page on the patterns, dated or not.
    for url in (f"{MLO}/mlo_belgrade/page98613721/mlo-briefs-defence-journalists", ON_PATTERN):
        read = extract(_story_html(dated=False), url, NEWSROOM, FETCHED)
        assert not isinstance(read, Rejected)
        assert read[0].published is None


def test_a_page_off_the_patterns_whose_headings_link_its_stories_is_a_listing() -> None:
    teasers = "".join(
        f'<h3><a href="/mlo_belgrade/newsroom/news-archive/2026/story-{n}">Story {n}</a></h3>'
        for n in range(2)
    )
    html = _story_html().replace(b"</article>", f"{teasers}</article>".encode())
    result = extract(html, f"{MLO}/mlo_belgrade", NEWSROOM, FETCHED)
    assert isinstance(result, Rejected)
    assert result.reason == Reason.LISTING


def test_the_family_listing_urls_still_name_listings() -> None:
    year = f"{MLO}/mlo_belgrade/newsroom/news-archive/2026"
    result = extract(_story_html(), year, NEWSROOM, FETCHED)
    assert isinstance(result, Rejected)
    assert result.reason == Reason.LISTING


# -- links --------------------------------------------------------------------------------------

LINKS = {
    "story": f"{MLO}/mlo_belgrade/newsroom/news-archive/2023/a-story",
    "listing": f"{MLO}/mlo_belgrade/newsroom/news-archive/2023",
    "hint": f"{MLO}/mlo_belgrade/about-us/news-at-mlo/moved-story",
    "denied": f"{MLO}/mlo_belgrade/search?q=nato",  # the family's deny
    "file": f"{MLO}/mlo_belgrade/about-us/brochure.pdf",  # the generic exclusions
    "print": f"{MLO}/mlo_belgrade/about-us/print",
    "login": f"{MLO}/mlo_belgrade/login",
}


def _followed(depth: int) -> tuple[list[Request], object]:
    """The requests for LINKS of a page ``depth`` links from the start pages, HINT_DEPTH 2."""
    spider = spider_for("nato-mlo-belgrade", {"HINT_DEPTH": 2})
    newsroom = spider.newsrooms["nato-mlo-belgrade"]
    url = f"{MLO}/mlo_belgrade/newsroom"
    request = Request(url, meta={"newsroom": newsroom.key, "depth": depth, "kind": "listing"})
    # The hint first in the page: order on the page does not put it before the family's own.
    found = [LINKS[k] for k in ("hint", "listing", "denied", "file", "print", "login", "story")]
    response = TextResponse(url=url, body=b"<html></html>", request=request)
    requests = list(spider.follow(response, newsroom, spider.links(found, newsroom)))
    return requests, spider.crawler.stats


def test_links_off_the_patterns_are_followed_after_the_family_own() -> None:
    requests, _ = _followed(depth=0)
    assert [(r.url, r.priority) for r in requests] == [
        (LINKS["story"], STORY_PRIORITY),
        (LINKS["listing"], LISTING_PRIORITY),  # an older page of the archive
        (LINKS["hint"], HINT_PRIORITY),
    ]
    assert STORY_PRIORITY > LISTING_PRIORITY > HINT_PRIORITY


def test_links_off_the_patterns_are_not_followed_beyond_the_hint_depth() -> None:
    assert [r.url for r in _followed(depth=1)[0]][-1] == LINKS["hint"]
    requests, stats = _followed(depth=2)
    assert [r.url for r in requests] == [LINKS["story"], LINKS["listing"]]
    assert stats.get_value("newsroom/nato-mlo-belgrade/links/beyond-hint-depth") == 1  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("kind", "wanted", "hint"),
    [
        ("story", True, False),
        ("listing", True, False),
        ("hint", False, True),
        ("denied", False, False),
        ("file", False, False),
        ("print", False, False),
        ("login", False, False),
    ],
)
def test_deny_and_the_generic_exclusions_still_hold(kind: str, wanted: bool, hint: bool) -> None:
    spider = spider_for("nato-mlo-belgrade")
    newsroom = spider.newsrooms["nato-mlo-belgrade"]
    assert spider.wanted(LINKS[kind], newsroom) is wanted
    assert spider.hint(LINKS[kind], newsroom) is hint


# -- a crawl ------------------------------------------------------------------------------------


def _moved_site(origin: str) -> dict[str, Page]:
    """An MLO newsroom whose stories moved: one where the family's patterns look, one where
    they do not (two links away), a chain of pages off the patterns deeper than HINT_DEPTH,
    and links the family denies or no crawl follows."""

    def page(body: str) -> Page:
        html = f"<html><head><title>MLO</title></head><body>{body}</body></html>"
        return Page(lambda: [html.encode()], headers={"Content-Type": "text/html; charset=utf-8"})

    chain = [f"/mlo_belgrade/old/level-{n}" for n in range(1, 6)]
    site = {
        "/mlo_belgrade/newsroom": page(
            '<a href="/mlo_belgrade/about/news">News at MLO</a>'
            f'<a href="{chain[0]}">Old</a>'
            '<a href="/mlo_belgrade/search?q=x">Search</a>'
            '<a href="/mlo_belgrade/about/print">Print</a>'
            '<a href="/mlo_belgrade/newsroom/news-archive/2026/on-pattern">On</a>'
        ),
        "/mlo_belgrade/about/news": page('<a href="/mlo_belgrade/about/news/moved">Moved</a>'),
        "/mlo_belgrade/newsroom/news-archive/2026/on-pattern": story(1, "A story on the patterns"),
        "/mlo_belgrade/about/news/moved": story(2, "A story that moved"),
    }
    for here, there in zip(chain, [*chain[1:], None], strict=True):
        site[here] = page(f'<a href="{there}">Older</a>' if there else "The end")
    return site


@pytest.mark.crawl
def test_a_family_newsroom_stores_the_stories_off_its_patterns(tmp_path: Path) -> None:
    with serve_site(_moved_site) as site:
        newsrooms = tmp_path / "newsrooms.toml"
        newsrooms.write_text(
            f'[[newsroom]]\nkey = "mlo-moved"\nname = "MLO"\nfamily = "nato-mlo"\n'
            f'start_urls = ["{site.origin}/mlo_belgrade/newsroom"]\nlanguages = ["en"]\n'
            'every = "1h"\n',
            encoding="utf-8",
        )
        database = url_at(tmp_path / "newsroom.sqlite3")
        options = ["AUTOTHROTTLE_ENABLED=False", "ROBOTSTXT_OBEY=False", "HINT_DEPTH=3"]
        options += ["CONCURRENT_REQUESTS=1"]  # one request at a time: the order is the crawl's
        run_cli(
            *("crawl", "--newsrooms", str(newsrooms), "--db", database, "--no-feeds"),
            *(a for option in options for a in ("-s", option)),
        )
        asked = list(site.asked)
    exported = run_cli("export", "--db", database).stdout.splitlines()
    stored = {json.loads(line)["url"] for line in exported}
    origin = site.origin
    assert stored == {
        f"{origin}/mlo_belgrade/newsroom/news-archive/2026/on-pattern",
        f"{origin}/mlo_belgrade/about/news/moved",
    }
    # Never what the family denies or no crawl follows; off the patterns, three links deep.
    assert not [path for path in asked if "search" in path or "print" in path]
    assert "/mlo_belgrade/old/level-3" in asked
    assert "/mlo_belgrade/old/level-4" not in asked
    # The family's own story first, then the pages off its patterns.
    assert asked.index("/mlo_belgrade/newsroom/news-archive/2026/on-pattern") < asked.index(
        "/mlo_belgrade/about/news"
    )


def test_links_at_a_learned_story_url_template_come_first_even_beyond_the_hint_depth() -> None:
    """A moved newsroom's stories, once learned where they are, are not behind its old
    patterns' pages, nor left out as hints too deep to follow."""
    spider = spider_for("nato-mlo-belgrade", {"HINT_DEPTH": 2})
    newsroom = spider.newsrooms["nato-mlo-belgrade"]
    spider.learned = {newsroom.key: {template(LINKS["hint"])}}
    url = f"{MLO}/mlo_belgrade/newsroom"
    request = Request(url, meta={"newsroom": newsroom.key, "depth": 2, "kind": "listing"})
    found = [LINKS[k] for k in ("hint", "listing", "denied", "file", "print", "login", "story")]
    response = TextResponse(url=url, body=b"<html></html>", request=request)
    requests = list(spider.follow(response, newsroom, spider.links(found, newsroom)))
    assert [(r.url, r.priority) for r in requests] == [
        (LINKS["hint"], LEARNED_PRIORITY),
        (LINKS["story"], STORY_PRIORITY),
        (LINKS["listing"], LISTING_PRIORITY),
    ]
