from __future__ import annotations

from dataclasses import replace

import pytest
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from crawler.demo import DEMO_SITES
from crawler.newsrooms import load_newsrooms
from spiders import SPIDERS
from spiders.base import NewsroomSpider

NEWSROOMS = load_newsrooms(DEMO_SITES / "newsrooms.toml")


def spider_for(key: str, **changes: object) -> NewsroomSpider:
    newsroom = replace(NEWSROOMS[key], **changes)  # type: ignore[arg-type]
    cls = SPIDERS[newsroom.family]
    crawler = get_crawler(cls)
    crawler.stats = MemoryStatsCollector(crawler)
    spider = cls()
    spider._set_crawler(crawler)
    spider.newsrooms = {newsroom.key: newsroom}
    return spider


def test_every_family_has_a_spider_of_its_name() -> None:
    assert set(SPIDERS) == {"cutenews", "nato-mlo", "nato-hq", "generic"}
    assert all(name == cls.name for name, cls in SPIDERS.items())


def test_requests_are_for_canonical_urls() -> None:
    spider = spider_for("rs-mission-nato")
    newsroom = spider.newsrooms["rs-mission-nato"]
    request = spider.request(
        newsroom,
        "http://nato-brussels.mfa.gov.rs/index.php?subaction=showfull&id=7&archive=&ucat=1&",
    )
    assert request is not None
    assert request.url == "http://nato-brussels.mfa.gov.rs/index.php?id=7&subaction=showfull"


def test_repeated_links_do_not_spend_the_page_budget() -> None:
    spider = spider_for("nato-hq", max_pages=2)
    newsroom = spider.newsrooms["nato-hq"]
    first = "https://www.nato.int/cps/en/natohq/news_1.htm"
    assert spider.request(newsroom, first) is not None
    for _ in range(5):  # the same page linked from every page's navigation
        assert spider.request(newsroom, first + "?selectedLocale=en") is None
    assert spider.request(newsroom, "https://www.nato.int/cps/en/natohq/news_2.htm") is not None
    assert spider.request(newsroom, "https://www.nato.int/cps/en/natohq/news_3.htm") is None
    assert spider.crawler.stats.get_value("newsroom/nato-hq/links/over_budget") == 1  # type: ignore[union-attr]


def test_other_hosts_are_never_requested() -> None:
    spider = spider_for("nato-hq")
    newsroom = spider.newsrooms["nato-hq"]
    assert spider.request(newsroom, "https://evil.example/cps/en/natohq/news_1.htm") is None
    assert spider.request(newsroom, "file:///etc/passwd") is None


@pytest.mark.parametrize(
    ("key", "url", "wanted"),
    [
        (
            "rs-mission-nato",
            "http://nato-brussels.mfa.gov.rs/index.php?id=7&subaction=showfull",
            True,
        ),
        (
            "rs-mission-nato",
            "http://nato-brussels.mfa.gov.rs/index.php?id=7&subaction=showcomments",
            False,
        ),
        ("rs-mission-nato", "http://nato-brussels.mfa.gov.rs/cir/", True),
        ("rs-mission-nato", "http://nato-brussels.mfa.gov.rs/images/grb.gif", False),
        (
            "nato-mlo-belgrade",
            "https://jfcnaples.nato.int/mlo_belgrade/newsroom/news-archive/2021",
            True,
        ),
        ("nato-mlo-belgrade", "https://jfcnaples.nato.int/mlo_belgrade/about-us", False),
        ("nato-hq", "https://www.nato.int/cps/en/natohq/news_125357.htm", True),
        ("nato-hq", "https://www.nato.int/cps/fr/natohq/news_125357.htm", True),
        ("nato-hq", "https://www.nato.int/cps/ru/natohq/news_125357.htm", False),  # not declared
        ("nato-hq", "https://www.nato.int/cps/en/natohq/topics_50100.htm", False),
    ],
)
def test_families_follow_story_and_listing_pages_only(key: str, url: str, wanted: bool) -> None:
    spider = spider_for(key)
    assert spider.wanted(url, spider.newsrooms[key]) is wanted
