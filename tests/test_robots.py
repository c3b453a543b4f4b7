"""robots.txt: the links it disallows are never requested, even while it is slow to come, and are
no error of the crawl; a generic newsroom without sitemaps reads them from it.

NATO HQ is crawled through the CLI from the overlays ``tests/recrawl/robots`` and
``tests/recrawl/robots-late`` (``tests/recrawl/README.md`` describes them), and compared with
day 1's crawl of the demo sites (the ``day_one`` fixture); the tests read what the snapshot
server was asked and the crawl summary. Then the generic spider reads a robots.txt alone.
"""

from __future__ import annotations

import pytest

from spiders.generic import GenericSpider
from tests.support.crawls import (
    HQ,
    RECRAWL,
    Crawl,
    Days,
    copy_database,
    crawl_snapshots,
    next_day,
)
from tests.support.spiders import response_for, spider_for

# -- links robots.txt disallows -----------------------------------------------------------------

DISALLOWED = ("/cps/en/natohq/news.htm?page=2", "/cps/en/natohq/news_125290.htm")


@pytest.fixture(scope="module")
def robots(day_one: Days) -> Crawl:
    """NATO HQ with a robots.txt that also disallows listing page 2 and one story, crawled into
    an empty database."""
    site = RECRAWL / "robots" / "nato-hq"
    return crawl_snapshots([site], day_one.home / "robots.sqlite3", only="nato-hq")


@pytest.mark.crawl
def test_day_one_fetched_the_pages_robots_txt_will_disallow(day_one: Days) -> None:
    assert {p for p in day_one.one.paths(HQ) if p in DISALLOWED} == set(DISALLOWED)


@pytest.mark.crawl
def test_links_disallowed_by_robots_txt_are_never_requested(day_one: Days, robots: Crawl) -> None:
    asked = robots.paths(HQ)
    assert [path for path in asked if path.startswith(DISALLOWED)] == []
    # Everything else day 1 fetched (robots.txt, listings, feed, sitemap, stories) still is.
    assert sorted(asked) == sorted(p for p in day_one.one.paths(HQ) if p not in DISALLOWED)
    assert robots.summary["nato-hq"]["new"] == "14"  # the 15 stories of day 1 but one


@pytest.mark.crawl
def test_links_disallowed_by_robots_txt_are_not_crawl_errors(robots: Crawl) -> None:
    assert robots.summary["nato-hq"]["errors"] == "0"


@pytest.mark.crawl
def test_a_page_linking_a_disallowed_page_keeps_its_validators(
    day_one: Days, robots: Crawl
) -> None:
    # A link left unsent by policy is no failed read: the listing linking it still answers 304
    # on the next crawl (it used to be forgotten and read in full every time).
    database = copy_database(robots.database, day_one.home / "robots-again.sqlite3")
    again = crawl_snapshots([RECRAWL / "robots" / "nato-hq"], database, only="nato-hq")
    assert [(h.conditional, h.status) for h in again.asked(HQ, "/cps/en/natohq/news.htm")] == [
        (True, 304)
    ]


# -- a robots.txt slow to come, on a re-crawl ---------------------------------------------------


@pytest.fixture(scope="module")
def robots_late(day_one: Days) -> Crawl:
    """A re-crawl of NATO HQ whose robots.txt, now disallowing every English article, answers
    500 once: every first request of the crawl waits for it."""
    site = RECRAWL / "robots-late" / "nato-hq"
    return next_day(day_one, "robots-late", site, "nato-hq", "RETRY_BACKOFF_BASE=0.5")


@pytest.mark.crawl
def test_requests_waiting_for_robots_txt_obey_it(robots_late: Crawl) -> None:
    assert [h.status for h in robots_late.asked(HQ, "/robots.txt")] == [500, 200]
    asked = robots_late.paths(HQ)
    assert [path for path in asked if path.startswith("/cps/en/natohq/news_")] == []


# -- the sitemaps a robots.txt names ------------------------------------------------------------


def test_a_generic_newsroom_without_sitemaps_reads_them_from_robots_txt() -> None:
    spider = spider_for("nato-hq", family="generic", sitemaps=(), feeds=())
    [newsroom] = spider.newsrooms.values()
    assert isinstance(spider, GenericSpider)
    robots = b"User-agent: *\nDisallow: /cgi-bin/\nSitemap: /sitemap-news.xml.gz\n"
    requests = list(
        spider.parse_robots(response_for("https://www.nato.int/robots.txt", robots, newsroom.key))
    )
    assert [r.url for r in requests] == ["https://www.nato.int/sitemap-news.xml.gz"]
    assert requests[0].callback == spider.parse_sitemap
