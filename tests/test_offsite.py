"""Off-site requests: a newsroom's crawl asks only for the origins (scheme, host, port) of its
own URLs, its scope.

First a crawl through the CLI of a site served on a free loopback port (not 80), whose links,
sitemap entries and redirects lead to its own port and to the same host's default ports, which
another loopback server stands for (``LOOPBACK_ORIGINS``). Then `Newsroom.origins` and
`in_scope` alone; the host check (`crawler.components.offsite.NewsroomHosts`) and the spiders'
requests for the demo newsrooms; ``allowed_hosts`` in the newsrooms file. The off-site links and
redirects planted in the fault overlays are crawled in ``test_network_faults.py``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scrapy import Request, Spider
from scrapy.utils.test import get_crawler

from crawler.components.offsite import NewsroomHosts, OffsiteRequest
from crawler.core.newsrooms import ConfigError, load_newsrooms
from crawler.snapshots import DEMO_SITES
from tests.support.crawls import HQ, RS
from tests.support.loopback_crawls import KEY, Crawl, crawl_site, newsroom
from tests.support.loopback_site import Page, Site, serve_site
from tests.support.pages import story
from tests.support.spiders import spider_for

# -- a site on a port, and the same host's default ports ------------------------------------------

#: The same host on the default ports: another server, which must never be asked.
LEAKS = ("/news/leak-link.html", "/news/leak-https.html", "/news/leak-sitemap.html")
REDIRECTED = ("/news/leak-redirect.html", "/news/leak-sitemap-redirect.html")


def port_site(origin: str) -> dict[str, Page]:
    start = (
        "<html><head><title>News</title></head><body><h1>News</h1><ul>"
        '<li><a href="/news/1.html">First, a relative link</a></li>'
        f'<li><a href="{origin}/news/2.html">Second, with the port</a></li>'
        '<li><a href="/news/moved.html">Moved</a></li>'
        '<li><a href="http://127.0.0.1/news/leak-link.html">Port 80</a></li>'
        '<li><a href="https://127.0.0.1/news/leak-https.html">Port 443</a></li>'
        "</ul></body></html>"
    )
    sitemap = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{origin}/news/3.html</loc></url>"
        f"<url><loc>{origin}/news/sitemap-moved.html</loc></url>"
        "<url><loc>http://127.0.0.1/news/leak-sitemap.html</loc></url>"
        "</urlset>"
    )

    def away(path: str) -> dict[str, str]:
        return {"Location": "http://127.0.0.1" + path, "Content-Length": "0"}

    return {
        "/": Page(lambda: [start.encode()]),
        "/sitemap.xml": Page(lambda: [sitemap.encode()], headers={"Content-Type": "text/xml"}),
        **{f"/news/{n}.html": story(n, f"Story number {n} on the port") for n in (1, 2, 3)},
        "/news/moved.html": Page(status=302, headers=away(REDIRECTED[0])),
        "/news/sitemap-moved.html": Page(status=302, headers=away(REDIRECTED[1])),
    }


def default_port_site(origin: str) -> dict[str, Page]:
    return {
        path: story(100 + n, f"Leaked story {n}") for n, path in enumerate((*LEAKS, *REDIRECTED))
    }


@dataclass(frozen=True)
class PortCrawl:
    crawl: Crawl
    site: Site
    default_port: Site  # what http://127.0.0.1 and https://127.0.0.1 reach


@pytest.fixture(scope="module")
def on_a_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PortCrawl]:
    home = tmp_path_factory.mktemp("scope")
    with serve_site(port_site) as site, serve_site(default_port_site) as default_port:
        hosts = {"http://127.0.0.1": default_port.origin, "https://127.0.0.1": default_port.origin}
        done = crawl_site(home, site, f"LOOPBACK_ORIGINS={json.dumps(hosts)}")
        yield PortCrawl(done, site, default_port)


def test_a_newsroom_on_a_port_has_its_links_followed(on_a_port: PortCrawl) -> None:
    origin = on_a_port.site.origin
    assert {f"{origin}/news/{n}.html" for n in (1, 2, 3)} <= on_a_port.crawl.stored
    assert {"/news/1.html", "/news/2.html", "/news/3.html"} <= set(on_a_port.site.asked)
    assert (on_a_port.crawl.run.status, on_a_port.crawl.run.errors) == ("finished", 0)


def test_the_same_host_on_its_default_ports_is_never_asked_nor_stored(
    on_a_port: PortCrawl,
) -> None:
    assert on_a_port.default_port.asked == []
    assert all(url.startswith(on_a_port.site.origin + "/") for url in on_a_port.crawl.stored)


def test_links_sitemap_entries_and_redirects_to_another_port_are_counted(
    on_a_port: PortCrawl,
) -> None:
    counters = on_a_port.crawl.run.counters
    # The page's two links and the sitemap's entry; the two redirects (page and sitemap).
    assert counters["links/offsite"] == 3
    assert counters["links/offsite_redirect"] == 2
    redirects = [line for line in on_a_port.crawl.log if "Offsite redirect not followed" in line]
    for path, source in zip(
        REDIRECTED, ("/news/moved.html", "/news/sitemap-moved.html"), strict=True
    ):
        url, source = f"http://127.0.0.1{path}", on_a_port.site.origin + source
        assert len([line for line in redirects if f" {url} from {source} " in line]) == 1


# -- the scope alone ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "url", "inside"),
    [
        ("http://127.0.0.1:28501/", "http://127.0.0.1:28501/news/1", True),
        ("http://127.0.0.1:28501/", "http://127.0.0.1/news/1", False),
        ("http://127.0.0.1:28501/", "https://127.0.0.1/news/1", False),
        ("http://127.0.0.1:28501/", "http://127.0.0.1:80/news/1", False),
        ("http://127.0.0.1:28501/", "https://127.0.0.1:28501/news/1", False),
        ("http://127.0.0.1:28501/", "http://www.127.0.0.1/news/1", False),
        ("http://example.org:8080/", "http://www.example.org:8080/", False),
        ("http://example.org:8080/", "HTTP://EXAMPLE.ORG:8080/a", True),
        ("https://www.nato.int/", "http://nato.int/x", True),  # default ports: the twins
        ("https://www.nato.int/", "https://www.nato.int:443/x", True),
        ("https://www.nato.int/", "https://www.nato.int:8443/x", False),
        ("https://www.nato.int/", "https://sub.nato.int/x", False),
        ("https://www.nato.int/", "ftp://www.nato.int/x", False),
        ("https://www.nato.int/", "https://www.nato.int:99999/x", False),  # no port at all
        ("https://www.nato.int/", "https://[::1/x", False),
        ("http://[::1]:8080/", "http://[::1]:8080/x", True),
    ],
)
def test_a_newsrooms_scope_is_the_origins_of_its_own_urls(
    start: str, url: str, inside: bool
) -> None:
    assert newsroom(start).in_scope(url) is inside


@pytest.mark.parametrize(
    ("allowed", "url", "inside"),
    [
        ("intranet.example:8080", "http://intranet.example:8080/x", True),
        ("intranet.example:8080", "https://intranet.example:8080/x", True),
        ("intranet.example:8080", "http://intranet.example/x", False),
        ("intranet.example", "https://intranet.example/x", True),
        ("intranet.example", "http://intranet.example:8080/x", False),
        ("intranet.example", "http://www.intranet.example/x", False),  # declared: exactly
    ],
)
def test_allowed_hosts_name_a_host_on_the_default_ports_or_on_one_port(
    allowed: str, url: str, inside: bool
) -> None:
    declared = newsroom(
        "http://intranet.example:8080/", "http://intranet.example/", allowed=(allowed,)
    )
    assert declared.in_scope(url) is inside


hosts = st.sampled_from(["127.0.0.1", "example.org", "www.example.org", "news.example.org"])
ports = st.one_of(st.none(), st.sampled_from([80, 443, 8080, 28501]))
schemes = st.sampled_from(["http", "https"])


def url_of(scheme: str, host: str, port: int | None, path: str = "/") -> str:
    return f"{scheme}://{host}{'' if port is None else f':{port}'}{path}"


@given(own=st.tuples(schemes, hosts, ports), other=st.tuples(schemes, hosts, ports))
def test_another_origin_is_in_scope_only_as_a_twin_on_the_default_ports(
    own: tuple[str, str, int | None], other: tuple[str, str, int | None]
) -> None:
    default = {"http": 80, "https": 443}
    (scheme, host, port), (other_scheme, other_host, other_port) = own, other
    port, other_port = port or default[scheme], other_port or default[other_scheme]
    twins = (
        port == default[scheme]
        and other_port == default[other_scheme]
        and host.removeprefix("www.") == other_host.removeprefix("www.")
    )
    scope = newsroom(url_of(*own))
    assert scope.in_scope(url_of(*own, path="/any/page?x=1"))
    expected = (scheme, host, port) == (other_scheme, other_host, other_port) or twins
    assert scope.in_scope(url_of(*other, path="/page")) is expected


@given(url=st.text(max_size=60))
def test_any_text_as_a_url_is_judged_without_an_error(url: str) -> None:
    scope = newsroom("http://example.org:8080/")
    assert scope.in_scope(url) in (True, False)
    assert scope.in_scope("http://example.org:8080" + "/" + url.lstrip("/:@?#[]\\")) in (
        True,
        False,
    )


def test_the_host_check_follows_the_same_scope() -> None:
    crawler = get_crawler(Spider)
    crawler.spider = Spider("probe")
    own = replace(newsroom("http://127.0.0.1:28501/"), key=KEY)
    crawler.spider.newsrooms = {KEY: own}  # type: ignore[attr-defined]
    check = NewsroomHosts.from_crawler(crawler)
    check.process_request(Request("http://127.0.0.1:28501/x", meta={"newsroom": KEY}))
    check.process_request(Request("http://127.0.0.1:28501/robots.txt"))
    for url in ("http://127.0.0.1/x", "https://127.0.0.1/x", "https://127.0.0.1:28501/x"):
        with pytest.raises(OffsiteRequest):
            check.process_request(Request(url, meta={"newsroom": KEY}))
    assert crawler.stats is not None
    assert crawler.stats.get_value(f"newsroom/{KEY}/links/offsite") == 3


# -- the host check and the spiders' requests, for the demo newsrooms ------------------------


HQ_KEY = "nato-hq"


def hosts_check(newsrooms: bool = True) -> NewsroomHosts:
    """`NewsroomHosts` of a crawler whose spider crawls the demo newsrooms (or none)."""
    crawler = get_crawler(Spider)
    crawler.spider = Spider("probe")
    if newsrooms:
        crawler.spider.newsrooms = dict(load_newsrooms(DEMO_SITES / "newsrooms.toml"))  # type: ignore[attr-defined]
    return NewsroomHosts.from_crawler(crawler)


@pytest.mark.crawl
@pytest.mark.parametrize(
    ("url", "meta", "sent"),
    [
        (HQ + "/robots.txt", {}, True),  # robots.txt: no newsroom, any newsroom's host
        (RS + "/robots.txt", {}, True),
        ("https://evil.example/robots.txt", {}, False),
        (HQ + "/x.htm", {"newsroom": HQ_KEY}, True),
        ("https://nato.int/x.htm", {"newsroom": HQ_KEY}, True),  # the www/bare twin
        (RS + "/", {"newsroom": HQ_KEY}, False),  # another newsroom's host
        ("https://sub.www.nato.int/x.htm", {"newsroom": HQ_KEY}, False),
        ("file:///etc/passwd", {"newsroom": HQ_KEY}, False),
        ("ftp://www.nato.int/x.htm", {"newsroom": HQ_KEY}, False),
        ("data:text/html,x", {}, False),
        ("https://www.nato.int:443/x.htm", {"newsroom": HQ_KEY}, True),  # the default port
        ("https://www.nato.int:8443/x.htm", {"newsroom": HQ_KEY}, False),  # another server
        ("http://www.nato.int:22/x.htm", {"newsroom": HQ_KEY}, False),
    ],
)
def test_requests_go_only_to_their_newsrooms_hosts_over_http(
    url: str, meta: dict[str, str], sent: bool
) -> None:
    check = hosts_check()
    if sent:
        check.process_request(Request(url, meta=meta))
    else:
        with pytest.raises(OffsiteRequest):
            check.process_request(Request(url, meta=meta))


@pytest.mark.crawl
def test_a_spider_of_no_newsroom_is_held_to_http_and_https() -> None:
    check = hosts_check(newsrooms=False)
    check.process_request(Request("https://example.org/"))
    with pytest.raises(OffsiteRequest):
        check.process_request(Request("file:///etc/passwd"))


def test_other_hosts_are_never_requested() -> None:
    spider = spider_for("nato-hq")
    newsroom = spider.newsrooms["nato-hq"]
    assert spider.request(newsroom, "https://evil.example/cps/en/natohq/news_1.htm") is None
    assert spider.request(newsroom, "file:///etc/passwd") is None


# -- allowed_hosts in the newsrooms file ------------------------------------------------------


def write(tmp_path: Path, allowed: str, start: str = "http://intranet.example:8080/") -> Path:
    path = tmp_path / "newsrooms.toml"
    path.write_text(
        f'[[newsroom]]\nkey = "{KEY}"\nname = "N"\nfamily = "generic"\n'
        f'start_urls = ["{start}"]\nlanguages = ["en"]\nevery = "1h"\n'
        f"allowed_hosts = {allowed}\n",
        encoding="utf-8",
    )
    return path


def test_an_allowed_host_with_a_port_is_read(tmp_path: Path) -> None:
    loaded = load_newsrooms(write(tmp_path, '["intranet.example:8080"]'))[KEY]
    assert loaded.origins == {
        ("http", "intranet.example", 8080),
        ("https", "intranet.example", 8080),
    }


@pytest.mark.parametrize(
    "entry",
    [
        "http://intranet.example",
        "intranet.example:",
        "intranet.example:0",
        "intranet.example:70000",
        "intranet.example:http",
        "::1",
        "user@intranet.example",
        "intranet.example/news",
    ],
)
def test_a_bad_allowed_hosts_entry_is_a_config_error_that_says_how_to_write_it(
    tmp_path: Path, entry: str
) -> None:
    path = write(tmp_path, json.dumps([entry]))
    with pytest.raises(ConfigError) as error:
        load_newsrooms(path)
    assert str(error.value) == (
        f"{path}: newsroom #1 (key '{KEY}'): allowed_hosts entry {entry!r} must be a host name "
        "like 'www.nato.int', or a host and port like 'intranet.example:8080' (no scheme, path "
        "or user)"
    )


def test_a_start_url_outside_allowed_hosts_is_a_config_error(tmp_path: Path) -> None:
    # The port is left out: the start page could never be fetched.
    path = write(tmp_path, '["intranet.example"]')
    with pytest.raises(
        ConfigError,
        match=r"start_urls: 'http://intranet.example:8080/' is outside "
        r"allowed_hosts, so it would never be fetched; add its host \(with ':port'",
    ):
        load_newsrooms(path)
