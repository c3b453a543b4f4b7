"""Re-crawls that cost the newsrooms almost nothing when nothing changed.

`PageMemory` is what one crawl knows before it starts: each fetched URL's validators and body
hash (`storage.pages`), and the URLs of stored stories. `ConditionalRequests`, a downloader
middleware, sends ``If-None-Match`` / ``If-Modified-Since`` for known pages, records every full
response, and marks a response whose body is the one seen last time (``meta["unchanged"]``),
so servers without validators, or with stale ones, cost no extraction either. Listing pages,
feeds and sitemaps are fetched without validators every ``FULL_FETCH_HOURS``, so a server
that keeps its ETag after a change cannot hide a new story.

Page states are written in batches, in the order the crawl saw them: one transaction for up to
``PAGE_STATE_BATCH`` responses, and at least every ``STORAGE_BATCH_SECONDS`` (the stories'
interval, `crawler.components.pipelines`). One lost (the crawl killed first) only costs a
full fetch of its page next time. A forgotten page's (one whose link could not be fetched)
is written at once.

Settings: ``DATABASE_URL``, ``FULL_FETCH_HOURS``, ``BACKFILL`` (fetch and read everything),
``STORAGE_BATCH_SECONDS``.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from sqlalchemy.exc import SQLAlchemyError

from crawler.components.batches import STORAGE_BATCH_SECONDS, Batches
from crawler.core import clock
from crawler.core.keys import canonical_url
from crawler.core.stats import stat
from storage.database import reason
from storage.pages import KnownPage, PageStates
from storage.runs import CrawlRuns

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response

__all__ = ["ConditionalRequests", "PageMemory", "page_unread"]

#: A signal spiders send (``url=``) for a page they fetched but could not read (a feed or
#: sitemap refused): its validators are forgotten, so the next crawl reads it in full and says
#: again what is wrong with it, rather than getting a 304 and saying nothing.
page_unread = object()

logger = logging.getLogger(__name__)

#: Page-state writes in one transaction (`ConditionalRequests`); 1 writes each alone.
PAGE_STATE_BATCH = 64


@dataclass
class PageMemory:
    """What earlier crawls of some newsrooms left: fetched pages and stored story URLs."""

    pages: dict[str, KnownPage] = field(default_factory=dict)
    stories: set[str] = field(default_factory=set)

    @classmethod
    def load(
        cls, database_url: str, newsrooms: list[str], since: datetime | None = None
    ) -> PageMemory:
        """What the database knows of ``newsrooms``' pages, except what unfinished runs saw.

        A run killed, stopped or failed after reading a listing may not have stored the
        stories it links: pages fetched since the first of the newsroom's latest unfinished
        runs (`CrawlRuns.unfinished_since`) are forgotten, so they are read in full again. So
        are those fetched ``since`` (a shared crawl's start: a worker that joins it must not
        trust what the others read and may not have stored yet, as a dead worker's pages
        that come back to the queue).
        """
        states = PageStates.open(database_url)
        runs = CrawlRuns(states.engine)
        try:
            memory = cls()
            for key in newsrooms:
                pages = states.of_newsroom(key)
                memory.stories |= states.story_urls(key)
                unfinished = runs.unfinished_since(key)
                after = min((t for t in (unfinished, since) if t is not None), default=None)
                if after is not None:
                    distrusted = [url for url, page in pages.items() if page.last_fetched >= after]
                    for url in distrusted:
                        del pages[url]
                    logger.info(
                        "Re-reading %(pages)d pages of %(newsroom)s fetched by the unfinished "
                        "runs since %(since)s",
                        {"pages": len(distrusted), "newsroom": key, "since": after.isoformat()},
                    )
                    # Stories they stored count as unseen: their links are followed again.
                    memory.stories -= set(distrusted)
                memory.pages.update(pages)
            return memory
        finally:
            states.close()


class ConditionalRequests:
    """Validators on requests for known pages; page states recorded from responses."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.full_every = timedelta(hours=settings.getfloat("FULL_FETCH_HOURS", 24))
        self.backfill = settings.getbool("BACKFILL")
        self.states: PageStates | None = None
        self._warned = False  # a failing database is reported once per crawl
        #: Page-state writes not yet made (with their newsroom, when they have one), in the
        #: order the crawl saw their responses.
        self.batches: Batches[tuple[str | None, Callable[[PageStates], None]]] = Batches(
            self._write_batch,
            settings.getint("PAGE_STATE_BATCH", PAGE_STATE_BATCH),
            settings.getfloat("STORAGE_BATCH_SECONDS", STORAGE_BATCH_SECONDS),
            "Page states",
        )
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)
        crawler.signals.connect(self.unread, signal=page_unread)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def opened(self) -> None:
        self.states = PageStates.open(self.crawler.settings["DATABASE_URL"])
        self.batches.start()

    def closed(self) -> None:
        self.batches.stop()
        if self.states is not None:
            self.batches.flush()
            self.states.close()

    def _write(
        self, newsroom: str | None, write: Callable[[PageStates], None], now: bool = False
    ) -> None:
        """Make ``write`` with the next batch: now, with those before it, when ``now`` or
        when it fills the batch."""
        self.batches.add((newsroom, write), now)

    def _write_batch(self, pending: list[tuple[str | None, Callable[[PageStates], None]]]) -> None:
        """Write ``pending`` page states in one transaction; if it fails, one by one, so a
        row the database refuses loses only itself. A page state lost only costs a full
        fetch of its page next time; it is counted (``errors/page-state``)."""
        if self.states is None:
            return
        try:
            with self.states.batch():
                for _, write in pending:
                    write(self.states)
            return
        except SQLAlchemyError:
            pass
        for newsroom, write in pending:
            try:
                with self.states.batch():
                    write(self.states)
            except SQLAlchemyError as exc:
                if newsroom is not None:
                    self._count(newsroom, "errors/page-state")
                if not self._warned:
                    self._warned = True
                    logger.warning(
                        "Page state not recorded (%(newsroom)s): %(error)s; its page is read in "
                        "full next time",
                        {"newsroom": newsroom or "?", "error": reason(exc)},
                    )

    def unread(self, url: str) -> None:
        self._forget(url)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        newsroom = request.meta.get("newsroom")
        memory: PageMemory | None = getattr(self.crawler.spider, "memory", None)
        if newsroom is None or memory is None or self.backfill:
            return
        if request.meta.get("redirect_times"):
            # A redirect copies the first URL's validators: they say nothing of this one.
            for name in (b"If-None-Match", b"If-Modified-Since"):
                request.headers.pop(name, None)
            request.meta.pop("conditional", None)
        known = memory.pages.get(self._page(request.url))
        if known is None:
            return
        kind = request.meta.get("kind", known.kind)
        if kind != "story":
            last_full = known.last_full_fetch or known.last_fetched
            if clock.now() - last_full >= self.full_every:
                request.meta["full_fetch"] = True
                return
        if known.etag:
            request.headers.setdefault("If-None-Match", known.etag)
        if known.last_modified:
            request.headers.setdefault("If-Modified-Since", known.last_modified)
        if known.etag or known.last_modified:
            request.meta["conditional"] = True
            allowed = list(request.meta.get("handle_httpstatus_list", ()))
            request.meta["handle_httpstatus_list"] = [*allowed, 304]
            self._count(newsroom, "requests/conditional")

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        newsroom = request.meta.get("newsroom")
        if newsroom is None or self.states is None:
            return response
        return self._record(request, response, newsroom)

    def _record(self, request: Request, response: Response, newsroom: str) -> Response:
        now = clock.now()
        url = self._page(request.url)
        # Asked for as its pages write it (`spiders.base.Spider.request`): a story is checked
        # again at that address, which its server may need (`written_url`).
        address = request.url if request.url != url else None
        if response.status == 304 and request.meta.get("conditional"):
            self._write(newsroom, lambda states: states.not_modified([url], now))
            return response
        if response.status in (404, 410):
            status = response.status  # its return is read in full
            self._write(newsroom, lambda states: states.failed(url, status, now))
            return response
        if response.status >= 500 or response.status in (408, 429):
            self._forget(_referrer(request))
            return response
        if response.status != 200:
            return response
        content_hash = hashlib.sha256(response.body).hexdigest()
        fetched = {
            "kind": request.meta.get("kind", "page"),
            "status": response.status,
            "etag": _header(response, "ETag"),
            "last_modified": _header(response, "Last-Modified", longest=64),
            "content_hash": content_hash,
            "full": not request.meta.get("conditional"),
            "address": address,
        }
        self._write(
            newsroom, lambda states: states.fetched(url, newsroom, fetched_at=now, **fetched)
        )
        memory: PageMemory | None = getattr(self.crawler.spider, "memory", None)
        known = memory.pages.get(url) if memory is not None else None
        if known is not None and known.content_hash == content_hash:
            request.meta["unchanged"] = True  # the body we read last time: nothing to read
        return response

    def process_exception(
        self, request: Request, exception: Exception, spider: Spider | None = None
    ) -> None:
        # A page could not be read (timeout, reset); not one left unsent by policy (robots.txt,
        # another host), which a re-read of the page linking it would not change.
        if request.meta.get("newsroom") is not None and not isinstance(exception, IgnoreRequest):
            self._forget(_referrer(request))

    def _forget(self, url: str | None) -> None:
        """Forget a page's validators and body hash, so the next crawl reads it in full.

        Used for a page that could not be read, for the page that linked it (so that page
        links it again, even if the retries fail now: otherwise a listing answering 304 would
        hide the story until its next full fetch, `FULL_FETCH_HOURS`), and for a page read
        but refused (`page_unread`)."""
        if url is None or self.states is None:
            return
        url = self._page(url)
        memory: PageMemory | None = getattr(self.crawler.spider, "memory", None)
        if memory is not None:
            memory.pages.pop(url, None)
        # At once: a forget lost after the run is recorded finished (the recorder closes
        # before this middleware) would leave a listing answering 304 over a story not read.
        self._write(None, lambda states: states.forget(url), now=True)

    def _page(self, url: str) -> str:
        """The page ``url`` shows, as its state is kept: its canonical URL by the crawling
        spider's family's rules (a request's URL is the address as written, a referrer's too)."""
        family = getattr(self.crawler.spider, "family", None)
        return canonical_url(url, family.url_rules) if family is not None else canonical_url(url)

    def _count(self, newsroom: str, name: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(stat(newsroom, name))


def _referrer(request: Request) -> str | None:
    referrer: Any = request.headers.get("Referer")
    return referrer.decode("latin-1") if referrer else None


def _header(response: Response, name: str, longest: int = 255) -> str | None:
    """A validator as the server sent it, or None when it is longer than its column: cut,
    it would no longer be the server's (and an HTTP date is 29 characters)."""
    value: Any = response.headers.get(name)
    text = value.decode("latin-1") if value else None
    return text if text and len(text) <= longest else None
