"""Pages that cost too much to read: a compressed body that unpacks past ``DOWNLOAD_MAXSIZE``,
and an index of 20,000 links. Each is refused, counted and logged, and the crawl goes on.

Crawled through the CLI from a site served on a free loopback port (`tests.support.loopback_site`).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from crawler.core.items import Reason, Rejected
from crawler.extraction import MAX_LINKS, extract
from tests.support.loopback_crawls import KEY, Crawl, crawl_site, newsroom
from tests.support.loopback_site import Page, serve_site
from tests.support.pages import story

pytestmark = pytest.mark.crawl

MAXSIZE = 2 * 1024 * 1024  # the index of 20,000 links is read: it is 1.1 MB
BOMB = "/news/bomb.html"
INDEX = "/news/all-stories.html"
LINKS = 20_000
LINKS_PER_PAGE = 50
FETCHED = datetime(2026, 11, 24, 12, tzinfo=UTC)


def gzip_bomb(unpacked: int) -> Iterator[bytes]:
    """``unpacked`` zero bytes, gzipped as they are made: a few kilobytes on the wire."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(64 * 1024)
    for _ in range(unpacked // len(zeros)):
        yield packer.compress(zeros)
    yield packer.flush()


def index(count: int) -> bytes:
    links = "".join(f'<li><a href="/news/{n}.html">Story number {n}</a></li>' for n in range(count))
    return f"<html><head><title>Index</title></head><body><h1>Index</h1><ul>{links}</ul>".encode()


def bounds_site(origin: str) -> dict[str, Page]:
    start = (
        f'<html><head><title>News</title></head><body><a href="{BOMB}">Bomb</a>'
        f'<a href="{INDEX}">All stories</a><a href="/news/1.html">One</a></body></html>'
    )
    html = {"Content-Type": "text/html"}
    return {
        "/": Page(lambda: [start.encode()]),
        "/news/1.html": story(1, "A story beside the bomb"),
        BOMB: Page(lambda: gzip_bomb(16 * MAXSIZE), headers={**html, "Content-Encoding": "gzip"}),
        INDEX: Page(lambda: [index(LINKS)]),
    }


@pytest.fixture(scope="module")
def bounded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Crawl, str, list[str]]]:
    home = tmp_path_factory.mktemp("page-bounds")
    with serve_site(bounds_site) as site:
        settings = (f"DOWNLOAD_MAXSIZE={MAXSIZE}", f"LINKS_PER_PAGE_MAX={LINKS_PER_PAGE}")
        done = crawl_site(home, site, *settings, sitemap=False)
        yield done, site.origin, site.asked


def test_a_gzip_bomb_is_a_counted_error_that_names_the_setting(
    bounded: tuple[Crawl, str, list[str]],
) -> None:
    done, origin, _ = bounded
    lines = [line for line in done.log if " Page too large " in line]
    assert len(lines) == 1
    assert re.search(
        rf"WARNING \[spiders\.base\] Page too large {re.escape(origin + BOMB)} \({KEY}\): more "
        rf"than \d+ bytes once unpacked \(\d+ bytes compressed\), over DOWNLOAD_MAXSIZE={MAXSIZE};"
        rf" not read \(to read it: -s DOWNLOAD_MAXSIZE={2 * MAXSIZE} or more\)$",
        lines[0],
    ), lines[0]
    assert done.run.counters["errors/too-large"] == 1
    assert done.run.errors == 1 and done.run.status == "finished"
    assert origin + BOMB not in done.stored
    assert origin + "/news/1.html" in done.stored  # the crawl went on


def test_an_index_of_many_links_is_no_story_and_only_its_first_links_are_followed(
    bounded: tuple[Crawl, str, list[str]],
) -> None:
    done, origin, asked = bounded
    assert origin + INDEX not in done.stored
    assert done.run.counters["pages/too-many-links"] == 1
    assert done.run.counters["links/over_limit"] == LINKS - LINKS_PER_PAGE
    followed = {path for path in asked if re.fullmatch(r"/news/\d+\.html", path)}
    assert followed == {f"/news/{n}.html" for n in range(LINKS_PER_PAGE)}
    [line] = [line for line in done.log if " Too many links " in line]
    assert line.endswith(
        f"Too many links {origin + INDEX} ({KEY}): {LINKS}, the first {LINKS_PER_PAGE} read "
        "(LINKS_PER_PAGE_MAX)"
    )


@pytest.mark.parametrize(("count", "refused"), [(MAX_LINKS, False), (MAX_LINKS + 1, True)])
def test_a_page_of_more_than_max_links_is_refused_before_it_is_parsed(
    count: int, refused: bool
) -> None:
    text = story(7, "A long story").body()
    page = b"".join(text).replace(b"</article>", index(count) + b"</article>")
    found = extract(
        page, "http://example.org:8080/news/7.html", newsroom("http://example.org:8080/"), FETCHED
    )
    too_many = isinstance(found, Rejected) and found.reason == Reason.TOO_MANY_LINKS
    assert too_many is refused
