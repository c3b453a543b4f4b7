from __future__ import annotations

import gzip
from dataclasses import replace

import pytest
from scrapy.http import Request, Response, TextResponse
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from crawler.demo import DEMO_SITES
from crawler.newsrooms import load_newsrooms
from spiders import SPIDERS
from spiders.base import NewsroomSpider
from spiders.generic import GenericSpider

NEWSROOMS = load_newsrooms(DEMO_SITES / "newsrooms.toml")


def spider_for(
    key: str, settings: dict[str, object] | None = None, **changes: object
) -> NewsroomSpider:
    newsroom = replace(NEWSROOMS[key], **changes)  # type: ignore[arg-type]
    cls = SPIDERS[newsroom.family]
    crawler = get_crawler(cls, settings)
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


def _response(url: str, body: bytes, newsroom: str, cls: type[Response] = TextResponse) -> Response:
    request = Request(url, meta={"newsroom": newsroom})
    return cls(url=url, body=body, request=request)


def test_a_generic_newsroom_without_sitemaps_reads_them_from_robots_txt() -> None:
    spider = spider_for("nato-hq", family="generic", sitemaps=(), feeds=())
    [newsroom] = spider.newsrooms.values()
    assert isinstance(spider, GenericSpider)
    robots = b"User-agent: *\nDisallow: /cgi-bin/\nSitemap: /sitemap-news.xml.gz\n"
    requests = list(
        spider.parse_robots(_response("https://www.nato.int/robots.txt", robots, newsroom.key))
    )
    assert [r.url for r in requests] == ["https://www.nato.int/sitemap-news.xml.gz"]
    assert requests[0].callback == spider.parse_sitemap


def test_gzipped_sitemaps_are_read_and_a_gzip_bomb_is_not() -> None:
    spider = spider_for("nato-hq", {"DOWNLOAD_MAXSIZE": 64 * 1024})
    urlset = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>https://www.nato.int/cps/en/natohq/news_7.htm</loc></url></urlset>"
    )
    url = "https://www.nato.int/sitemap.xml.gz"
    found = list(spider.parse_sitemap(_response(url, gzip.compress(urlset), "nato-hq", Response)))
    assert [r.url for r in found] == ["https://www.nato.int/cps/en/natohq/news_7.htm"]
    # The same sitemap padded to 1 MB (1 kB gzipped): unpacking stops at DOWNLOAD_MAXSIZE.
    padded = urlset.replace(b"news_7", b"news_8").replace(
        b"</urlset>", b"<!--" + b" " * (1024 * 1024) + b"--></urlset>"
    )
    bomb = gzip.compress(padded)
    assert len(bomb) < 64 * 1024
    assert list(spider.parse_sitemap(_response(url, bomb, "nato-hq", Response))) == []
