"""The spiders without a crawl (`spiders`): one per CMS family, the requests they make and the
pages they follow, feeds and sitemaps read or refused (external entities, XML bombs, malformed
XML, gzip bombs and broken gzip), and pages over ``DOWNLOAD_MAXSIZE``."""

from __future__ import annotations

import gzip

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scrapy.exceptions import DownloadCancelledError
from scrapy.http import Request, Response, TextResponse, XmlResponse
from twisted.internet.defer import CancelledError
from twisted.python.failure import Failure

from spiders import SPIDERS
from spiders.base import NewsroomSpider
from tests.support.spiders import response_for, spider_for


def test_every_family_has_a_spider_of_its_name() -> None:
    assert set(SPIDERS) == {"cutenews", "nato-mlo", "nato-hq", "generic"}
    assert all(name == cls.name for name, cls in SPIDERS.items())


def test_requests_are_for_the_canonical_page_its_query_in_the_links_order() -> None:
    spider = spider_for("rs-mission-nato")
    newsroom = spider.newsrooms["rs-mission-nato"]
    request = spider.request(
        newsroom,
        "http://nato-brussels.mfa.gov.rs/index.php?subaction=showfull&id=7&archive=&ucat=1&",
    )
    assert request is not None
    assert request.url == "http://nato-brussels.mfa.gov.rs/index.php?subaction=showfull&id=7"
    # The same page, its query in the other order, is not asked for again.
    again = "http://nato-brussels.mfa.gov.rs/index.php?id=7&subaction=showfull"
    assert spider.request(newsroom, again) is None


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


def test_gzipped_sitemaps_are_read_and_a_gzip_bomb_is_not() -> None:
    spider = spider_for("nato-hq", {"DOWNLOAD_MAXSIZE": 64 * 1024})
    urlset = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>https://www.nato.int/cps/en/natohq/news_7.htm</loc></url></urlset>"
    )
    url = "https://www.nato.int/sitemap.xml.gz"
    found = list(
        spider.parse_sitemap(response_for(url, gzip.compress(urlset), "nato-hq", Response))
    )
    assert [r.url for r in found] == ["https://www.nato.int/cps/en/natohq/news_7.htm"]
    # The same sitemap padded to 1 MB (1 kB gzipped): unpacking stops at DOWNLOAD_MAXSIZE.
    padded = urlset.replace(b"news_7", b"news_8").replace(
        b"</urlset>", b"<!--" + b" " * (1024 * 1024) + b"--></urlset>"
    )
    bomb = gzip.compress(padded)
    assert len(bomb) < 64 * 1024
    assert list(spider.parse_sitemap(response_for(url, bomb, "nato-hq", Response))) == []


# -- feeds and sitemaps that are not safe or not readable ------------------------------------

STORY = "https://www.nato.int/cps/en/natohq/news_{}.htm"
URLSET = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}</urlset>'
RSS = '<rss version="2.0"><channel><title>News</title>{}</channel></rss>'
XXE = '<!DOCTYPE {} [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
LAUGHS = (
    '<!DOCTYPE {} [<!ENTITY l0 "lol">'
    + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    + "]>"
)


def _sitemap(*entries: str, doctype: str = "") -> bytes:
    urls = "".join(f"<url><loc>{loc}</loc></url>" for loc in entries)
    return ('<?xml version="1.0" encoding="UTF-8"?>' + doctype + URLSET.format(urls)).encode()


def _feed(*links: str, doctype: str = "") -> bytes:
    items = "".join(f"<item><title>A story</title><link>{link}</link></item>" for link in links)
    return ('<?xml version="1.0" encoding="UTF-8"?>' + doctype + RSS.format(items)).encode()


def _read(
    spider: NewsroomSpider, kind: str, body: bytes, cls: type[Response] = XmlResponse
) -> tuple[list[str], dict[str, int]]:
    parse = spider.parse_feed if kind == "feed" else spider.parse_sitemap
    found = [
        r.url for r in parse(response_for(f"https://www.nato.int/{kind}.xml", body, "nato-hq", cls))
    ]
    stats = spider.crawler.stats.get_stats()  # type: ignore[union-attr]
    return found, {k.rsplit("/", 2)[-2] + "/" + k.rsplit("/", 1)[-1]: v for k, v in stats.items()}


def test_a_well_formed_feed_and_sitemap_are_read() -> None:
    spider = spider_for("nato-hq")
    assert _read(spider, "feed", _feed(STORY.format(1)))[0] == [STORY.format(1)]
    found, stats = _read(spider, "sitemap", _sitemap(STORY.format(2)))
    assert found == [STORY.format(2)]
    # An old RSS 0.91 feed names its DTD: a declaration without entities is no threat.
    netscape = (
        '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"'
        ' "http://my.netscape.com/publish/formats/rss-0.91.dtd">'
    )
    assert _read(spider, "feed", _feed(STORY.format(3), doctype=netscape))[0] == [STORY.format(3)]
    assert "errors/feed" not in stats and "errors/sitemap" not in stats


@pytest.mark.parametrize("kind", ["feed", "sitemap"])
def test_an_external_entity_is_never_read(kind: str, caplog: pytest.LogCaptureFixture) -> None:
    spider = spider_for("nato-hq")
    make = _feed if kind == "feed" else _sitemap
    root = "rss" if kind == "feed" else "urlset"
    body = make(STORY.format("&x;"), STORY.format(3), doctype=XXE.format(root))
    found, stats = _read(spider, kind, body)
    assert found == []  # refused whole: not even its other links are trusted
    assert stats[f"errors/{kind}"] == 1
    assert "root:" not in caplog.text and "passwd" in caplog.text  # named, never opened
    [line] = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Refused")]
    assert line == (
        f"Refused {kind} https://www.nato.int/{kind}.xml (nato-hq): XML entities are not read"
        " (an XML bomb or an external entity): entity 'x' SYSTEM 'file:///etc/passwd'"
    )


@pytest.mark.parametrize("kind", ["feed", "sitemap"])
def test_a_billion_laughs_is_refused_before_it_expands(kind: str) -> None:
    spider = spider_for("nato-hq")
    make = _feed if kind == "feed" else _sitemap
    root = "rss" if kind == "feed" else "urlset"
    found, stats = _read(spider, kind, make(STORY.format(4) + "?&l9;", doctype=LAUGHS.format(root)))
    assert found == []
    assert stats[f"errors/{kind}"] == 1


@pytest.mark.parametrize(
    ("kind", "body", "why"),
    [
        ("sitemap", _sitemap(STORY.format(5), STORY.format(6))[:-40], "malformed XML"),
        ("feed", _feed(STORY.format(5))[:-30], "malformed XML"),
        # Declared UTF-8, written in windows-1251 by an old CMS.
        ("feed", _feed(STORY.format(5)).replace(b"A story", "Вести".encode("cp1251")), "malformed"),
        ("feed", b"<!DOCTYPE html><html><body><p>Our news<br></body></html>", "malformed XML"),
        ("feed", b"<html><body><p>Our news</p></body></html>", "root element <html>"),
        ("sitemap", _feed(STORY.format(5)), "root element <rss>"),
        ("sitemap", b"", "malformed XML"),
    ],
)
def test_malformed_feeds_and_sitemaps_are_refused_and_counted(
    kind: str, body: bytes, why: str, caplog: pytest.LogCaptureFixture
) -> None:
    spider = spider_for("nato-hq")
    found, stats = _read(spider, kind, body, TextResponse)
    assert found == []
    assert stats[f"errors/{kind}"] == 1
    assert f"Refused {kind} https://www.nato.int/{kind}.xml (nato-hq): {why}" in caplog.text


def test_a_feed_in_the_charset_of_its_content_type_is_read() -> None:
    spider = spider_for("nato-hq")
    body = _feed(STORY.format(7)).replace(b' encoding="UTF-8"', b"")
    body = body.replace(b"A story", "Вести".encode("cp1251"))
    request = Request("https://www.nato.int/feed.xml", meta={"newsroom": "nato-hq"})
    response = XmlResponse(
        url=request.url,
        body=body,
        request=request,
        headers={"Content-Type": "application/rss+xml; charset=windows-1251"},
    )
    assert [r.url for r in spider.parse_feed(response)] == [STORY.format(7)]


def test_a_gzip_bomb_sitemap_is_an_error_of_the_run(caplog: pytest.LogCaptureFixture) -> None:
    spider = spider_for("nato-hq", {"DOWNLOAD_MAXSIZE": 64 * 1024})
    bomb = gzip.compress(
        _sitemap(STORY.format(8)).replace(b"</urlset>", b" " * 2**20 + b"</urlset>")
    )
    found, stats = _read(spider, "sitemap", bomb, Response)
    assert found == [] and stats["errors/sitemap"] == 1
    assert (
        "Refused sitemap https://www.nato.int/sitemap.xml (nato-hq): cannot unpack" in caplog.text
    )


@pytest.mark.parametrize(
    "body",
    [
        b"\x1f\x8b\x08\x00" + bytes(range(256)),  # a gzip header, then no deflate stream
        gzip.compress(_sitemap(STORY.format(8)))[:40],  # cut short
    ],
    ids=["corrupt", "truncated"],
)
def test_a_broken_gzipped_sitemap_is_refused(body: bytes, caplog: pytest.LogCaptureFixture) -> None:
    spider = spider_for("nato-hq")
    found, stats = _read(spider, "sitemap", body, Response)
    assert found == [] and stats["errors/sitemap"] == 1
    assert (
        "Refused sitemap https://www.nato.int/sitemap.xml (nato-hq): cannot unpack" in caplog.text
    )


# -- pages over DOWNLOAD_MAXSIZE ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "size"),
    [
        # A Content-Length over the limit: Scrapy cancels before reading the body.
        (
            DownloadCancelledError(
                "Expected to receive 5242880 bytes which is larger than download max size"
                " (1048576) in request <GET https://www.nato.int/cps/en/natohq/news_9.htm>."
            ),
            "5242880",
        ),
        # No Content-Length (chunked): Scrapy cancels once it has read more than the limit.
        (CancelledError(), "more"),
    ],
)
def test_a_page_over_download_maxsize_is_an_error_that_names_the_setting(
    error: Exception, size: str, caplog: pytest.LogCaptureFixture
) -> None:
    spider = spider_for("nato-hq", {"DOWNLOAD_MAXSIZE": 1048576})
    request = spider.request(spider.newsrooms["nato-hq"], STORY.format(9))
    assert request is not None
    failure = Failure(error)
    failure.request = request  # type: ignore[attr-defined]
    assert list(spider.failed(failure)) == []  # no GoneItem: a stored story stays as it is
    stats = spider.crawler.stats.get_stats()  # type: ignore[union-attr]
    assert stats["newsroom/nato-hq/errors/too-large"] == 1
    assert (
        f"Page too large {STORY.format(9)} (nato-hq): {size} bytes, over DOWNLOAD_MAXSIZE=1048576;"
        " not read (to read it: -s DOWNLOAD_MAXSIZE="
    ) in caplog.text


@settings(max_examples=150, deadline=None)
@given(
    body=st.one_of(
        st.binary(max_size=2048),
        st.builds(
            lambda a, b: _feed(STORY.format(10))[:a] + b,
            st.integers(0, 200),
            st.binary(max_size=64),
        ),
    ),
    kind=st.sampled_from(["feed", "sitemap"]),
    gzipped=st.booleans(),
    cls=st.sampled_from([Response, TextResponse, XmlResponse]),
)
def test_any_bytes_served_as_a_feed_or_sitemap_never_crash_the_spider(
    body: bytes, kind: str, gzipped: bool, cls: type[Response]
) -> None:
    spider = spider_for("nato-hq")
    if gzipped:  # a .xml.gz, whole or cut short
        body = gzip.compress(body)[: len(body) // 2 + 10]
    found, stats = _read(spider, kind, body, cls)
    # Read (its links on the site) or refused and counted: nothing in between.
    assert all(url.startswith("https://www.nato.int/") for url in found)
    assert found == [] or f"errors/{kind}" not in stats
