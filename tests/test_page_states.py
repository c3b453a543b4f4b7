"""Page states as the crawl records them (`crawler.components.conditional`): in batches, in
the order the crawl saw its responses, a forgotten page at once, and a row the database
refuses losing only itself."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from crawler.components.conditional import ConditionalRequests, PageMemory
from crawler.core import clock
from storage.pages import PageStates

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
LISTING = "http://x.org/news"


def _middleware(database_url: str, **settings: object) -> ConditionalRequests:
    crawler = get_crawler(
        settings_dict={"DATABASE_URL": database_url, "STORAGE_BATCH_SECONDS": 0, **settings}
    )
    crawler.stats = MemoryStatsCollector(crawler)
    crawler.spider = SimpleNamespace(memory=PageMemory())  # type: ignore[assignment]
    middleware = ConditionalRequests(crawler)
    middleware.opened()
    return middleware


def _answer(middleware: ConditionalRequests, url: str, kind: str | None = "page") -> None:
    request = Request(url, meta={"newsroom": "n", "kind": kind})
    body = f"<html><body><p>{url}</p></body></html>".encode()
    middleware.process_response(request, HtmlResponse(url, body=body, headers={"ETag": '"2"'}))


def test_a_listing_whose_story_could_not_be_fetched_is_forgotten_at_once(
    database_url: str,
) -> None:
    """The run is recorded before the crawl's last page states are written: a forget left
    in the batch could be lost after a run that says finished, and the listing answer 304
    over a story never read."""
    states = PageStates.open(database_url)
    states.fetched(
        LISTING, "n", "listing", 200, NOW,
        etag='"1"', last_modified=None, content_hash="h", full=True,
    )  # fmt: skip
    middleware = _middleware(database_url)
    with clock.frozen(NOW):
        _answer(middleware, LISTING, "listing")  # the listing again: its state is queued
        story = Request("http://x.org/news/1", meta={"newsroom": "n"})
        story.headers["Referer"] = LISTING
        middleware.process_exception(story, TimeoutError())
    listing = states.of_newsroom("n")[LISTING]  # no close, no timer: written at once
    assert (listing.etag, listing.content_hash) == (None, None)
    middleware.closed()
    states.close()


def test_a_page_state_the_database_refuses_loses_only_itself(database_url: str) -> None:
    middleware = _middleware(database_url, PAGE_STATE_BATCH=10)
    urls = [f"http://x.org/news/{n}" for n in range(4)]
    with clock.frozen(NOW):
        for n, url in enumerate(urls):
            _answer(middleware, url, kind=None if n == 2 else "page")  # no kind: NOT NULL
    middleware.closed()
    states = PageStates.open(database_url)
    assert set(states.of_newsroom("n")) == {urls[0], urls[1], urls[3]}
    states.close()
    assert middleware.crawler.stats is not None
    assert middleware.crawler.stats.get_value("newsroom/n/errors/page-state") == 1
