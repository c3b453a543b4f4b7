"""The spider every CMS family shares: start pages, feeds and sitemaps in, pages out.

Callbacks only route: each fetched page goes to the pipelines as a `PageItem` (extraction
happens there), and the family's link rules decide what to fetch next. Requests are made for
canonical URLs, so spellings of one page are fetched once. Reads ``NEWSROOMS_FILE``.

Run one family with ``scrapy crawl <family> [-a newsroom=KEY[,KEY]]``; ``newsroom crawl``
runs one spider per newsroom.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

import scrapy
from courlan import extract_domain
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap
from trafilatura.feeds import FeedParameters, extract_links

from crawler.dedup import canonical_url
from crawler.families import FAMILIES, Family
from crawler.items import GoneItem, PageItem
from crawler.newsrooms import ConfigError, Newsroom, Newsrooms, load_newsrooms
from crawler.pipelines import stat
from storage.repository import Repository

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from twisted.python.failure import Failure

__all__ = ["NewsroomSpider"]

logger = logging.getLogger(__name__)


class NewsroomSpider(scrapy.Spider):
    """Crawl the newsrooms of one CMS family.

    Subclasses set `name` (the family); override `links` to change how pages are followed.
    """

    #: Media types never worth fetching as pages.
    skip_extensions: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self,
        *args: Any,
        newsroom: str | None = None,
        newsrooms: Newsrooms | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._wanted = [k for k in (newsroom or "").split(",") if k]
        self._newsrooms = newsrooms
        self._budget: Counter[str] = Counter()
        self._requested: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        if spider._newsrooms is None:
            spider._newsrooms = load_newsrooms(crawler.settings["NEWSROOMS_FILE"])
        selected = spider._newsrooms.select(spider._wanted, family=cls.name)
        if not selected:
            raise ConfigError(
                f"{spider._newsrooms.path}: no enabled newsroom of family {cls.name!r}"
                + (f" among {', '.join(spider._wanted)}" if spider._wanted else "")
            )
        spider.newsrooms = {n.key: n for n in selected}
        spider.allowed_domains = sorted({h for n in selected for h in n.hosts})  # type: ignore[attr-defined]
        return spider

    newsrooms: dict[str, Newsroom]

    @cached_property
    def family(self) -> Family:
        return FAMILIES[self.name]

    # -- starting -------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        for newsroom in self.newsrooms.values():
            for url in newsroom.start_urls:
                if request := self.request(newsroom, url, self.parse, force=True):
                    request.meta["listing"] = True
                    yield request
            for url in newsroom.feeds:
                if request := self.request(newsroom, url, self.parse_feed, force=True):
                    yield request
            for url in newsroom.sitemaps:
                if request := self.request(newsroom, url, self.parse_sitemap, force=True):
                    yield request
        # Then the known stories, behind the listings: Scrapy sends start requests in the order
        # they come, and a story page fetched first would link the start page as a plain page.
        for newsroom in self.newsrooms.values():
            for url in self.known_stories(newsroom):
                if request := self.request(newsroom, url, self.parse):
                    request.priority = -1  # new stories on the listings come first
                    yield request

    def request(
        self,
        newsroom: Newsroom,
        url: str,
        callback: Any = None,
        *,
        force: bool = False,
    ) -> scrapy.Request | None:
        """A request for the canonical form of ``url``, or None when it is off limits.

        Every page links the same navigation: a URL already requested costs nothing, so the
        newsroom's ``max_pages`` budget is spent on distinct pages only.
        """
        url = canonical_url(url, self.family.url_rules)
        if urlsplit(url).hostname not in newsroom.hosts:
            self.count(newsroom, "links/offsite")
            return None
        if url in self._requested and not force:
            return None
        if self._budget[newsroom.key] >= newsroom.max_pages and not force:
            self.count(newsroom, "links/over_budget")
            return None
        self._budget[newsroom.key] += 1
        self._requested.add(url)
        return scrapy.Request(
            url,
            callback=callback or self.parse,
            errback=self.failed,
            meta={"newsroom": newsroom.key},
            dont_filter=force,
        )

    def known_stories(self, newsroom: Newsroom) -> list[str]:
        """Stored stories of the newsroom to fetch again, so updates and removals are seen even
        after a story has left the listings (``RECHECK_DAYS``, ``RECHECK_MAX`` per crawl)."""
        days = self.crawler.settings.getint("RECHECK_DAYS")
        if days <= 0:
            return []
        repository = Repository.open(self.crawler.settings["DATABASE_URL"])
        try:
            since = datetime.now(UTC) - timedelta(days=days)
            limit = self.crawler.settings.getint("RECHECK_MAX")
            return repository.known_story_urls(newsroom.key, since, limit)
        finally:
            repository.close()

    # -- callbacks ------------------------------------------------------------------------

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        newsroom = self.newsroom_of(response)
        self.count(newsroom, "pages/fetched")
        if not isinstance(response, TextResponse):
            self.count(newsroom, "pages/binary")
            return
        yield PageItem(
            newsroom=newsroom.key,
            url=response.url,
            status=response.status,
            body=response.body,
            fetched_at=datetime.now(UTC),
            content_type=_header(response, "Content-Type"),
            redirected_from=tuple(
                canonical_url(url, self.family.url_rules)
                for url in response.meta.get("redirect_urls", ())
            ),
            listing=bool(response.meta.get("listing")) or self.is_start(response.url, newsroom),
        )
        for url in self.links(response, newsroom):
            if request := self.request(newsroom, url):
                yield request

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        """An RSS or Atom feed: fetch the stories it links."""
        newsroom = self.newsroom_of(response)
        self.count(newsroom, "feeds/fetched")
        text = response.text if isinstance(response, TextResponse) else response.body.decode()
        links = extract_links(text, feed_parameters(response.url))
        if not links:
            logger.warning(
                "Feed without links %(url)s (%(newsroom)s)",
                {"url": response.url, "newsroom": newsroom.key},
            )
        for url in links:
            if request := self.request(newsroom, url):
                yield request

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        """A sitemap or sitemap index: newest entries first, only pages the family follows."""
        newsroom = self.newsroom_of(response)
        self.count(newsroom, "sitemaps/fetched")
        try:
            sitemap = Sitemap(self.sitemap_body(response))
        except (StopIteration, SyntaxError, OSError, ValueError):  # ValueError: over max size
            logger.warning(
                "Unreadable sitemap %(url)s (%(newsroom)s)",
                {"url": response.url, "newsroom": newsroom.key},
            )
            return
        entries = sorted(sitemap, key=lambda e: e.get("lastmod", ""), reverse=True)
        for entry in entries:
            url = entry.get("loc", "")
            if sitemap.type == "sitemapindex":
                request = self.request(newsroom, url, self.parse_sitemap)
            elif self.wanted(canonical_url(url, self.family.url_rules), newsroom):
                request = self.request(newsroom, url)
            else:
                continue
            if request:
                yield request

    def sitemap_body(self, response: Response) -> bytes:
        """The sitemap's XML: ``.xml.gz`` sitemaps come gzipped without a Content-Encoding, so
        they are unpacked here, never beyond ``DOWNLOAD_MAXSIZE`` (a gzip bomb stops there)."""
        body = response.body
        if body[:2] == b"\x1f\x8b":
            return gunzip(body, max_size=self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
        return body

    def failed(self, failure: Failure) -> Iterator[GoneItem]:
        request = failure.request  # type: ignore[attr-defined]
        newsroom = self.newsrooms.get(request.meta.get("newsroom", ""))
        response = getattr(failure.value, "response", None)
        if newsroom is not None and response is not None and response.status in (404, 410):
            # Not an error of the crawl: the page is gone. A story we held there is marked so.
            self.count(newsroom, f"pages/http-{response.status}")
            yield GoneItem(
                newsroom=newsroom.key,
                url=canonical_url(request.url, self.family.url_rules),
                status=response.status,
                fetched_at=datetime.now(UTC),
            )
            return
        if newsroom is not None:
            self.count(newsroom, "errors/fetch")
        logger.warning(
            "Fetch failed %(url)s (%(newsroom)s): %(error)s",
            {
                "url": request.url,
                "newsroom": request.meta.get("newsroom"),
                "error": failure.getErrorMessage(),
            },
        )

    # -- hooks ----------------------------------------------------------------------------

    def links(self, response: TextResponse, newsroom: Newsroom) -> Iterable[str]:
        """URLs worth fetching from ``response``: the family's story and listing pages."""
        extractor = LinkExtractor(allow_domains=sorted(newsroom.hosts), unique=True)
        for link in extractor.extract_links(response):
            if self.wanted(canonical_url(link.url, self.family.url_rules), newsroom):
                yield link.url

    def wanted(self, url: str, newsroom: Newsroom | None = None) -> bool:
        """Whether the family follows this canonical URL (for ``newsroom``'s languages)."""
        if any(re.search(p, url, re.IGNORECASE) for p in self.family.deny):
            return False
        language = self.family.url_language(url)
        if language and newsroom and language not in {t.split("-")[0] for t in newsroom.languages}:
            return False
        follow = self.family.follow or (r".",)
        return any(re.search(p, url, re.IGNORECASE) for p in follow)

    # -- helpers --------------------------------------------------------------------------

    def is_start(self, url: str, newsroom: Newsroom) -> bool:
        """Whether ``url`` is one of the newsroom's start pages (listings by definition)."""
        rules = self.family.url_rules
        here = canonical_url(url, rules)
        return any(canonical_url(start, rules) == here for start in newsroom.start_urls)

    def newsroom_of(self, response: Response) -> Newsroom:
        return self.newsrooms[response.meta["newsroom"]]

    def count(self, newsroom: Newsroom, name: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(stat(newsroom.key, name))


def feed_parameters(url: str) -> FeedParameters:
    """What trafilatura's feed helpers need to keep a feed's links on its own site."""
    domain = extract_domain(url, fast=True) or urlsplit(url).hostname or ""
    return FeedParameters(url, domain, url, external=False)


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
