"""The spider every CMS family shares: start pages, feeds and sitemaps in, pages out.

Callbacks only route: each fetched page goes to the pipelines as a `PageItem` (extraction
happens there), and the family's link rules decide what to fetch first: its story pages, then
its listings, then (as hints, never gates) the other links of the newsroom that neither the
family's ``deny`` nor the generic family's exclusions name, only up to ``HINT_DEPTH`` links
from the start pages. Requests are made for canonical URLs, so spellings of one page are
fetched once. Feeds and sitemaps are read only
when they are well-formed XML of their kind without entity declarations (`refused`: no XML
bomb, no external entity); a page over ``DOWNLOAD_MAXSIZE``, sent so or once unpacked, is an
error of the run that names the setting. Links are read up to ``LINKS_PER_PAGE_MAX`` a page.
Reads ``NEWSROOMS_FILE``, ``DOWNLOAD_MAXSIZE``, ``LINKS_PER_PAGE_MAX`` and ``HINT_DEPTH``.

Run one family with ``scrapy crawl <family> [-a newsroom=KEY[,KEY]]``; ``newsroom crawl``
runs one spider per newsroom.
"""

from __future__ import annotations

import logging
import re
import zlib
from collections import Counter
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as SafeXML  # type: ignore[import-untyped]
import scrapy
from courlan import extract_domain
from defusedxml import DefusedXmlException
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap
from trafilatura.feeds import FeedParameters, extract_links
from twisted.internet.defer import CancelledError

from crawler.components.conditional import PageMemory, page_unread
from crawler.components.distributed import SharedCrawl
from crawler.components.offsite import REDIRECTS, OffsiteRequest
from crawler.components.retry import fetch_error
from crawler.components.workers import ExtractionPool, Fetched, Links, PageTooSlow, Read
from crawler.core import clock
from crawler.core.families import FAMILIES, Family
from crawler.core.items import GoneItem, MovedItem, PageItem, Rejected
from crawler.core.keys import canonical_url, written_url
from crawler.core.newsrooms import ConfigError, Newsroom, Newsrooms, load_newsrooms
from crawler.core.sitelinks import SiteLinks, template
from crawler.core.stats import stat
from crawler.extraction import dated_by_teaser
from storage.repository import Recheck, Repository
from storage.templates import StoryTemplates

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from twisted.python.failure import Failure

__all__ = [
    "FEED_ROOTS",
    "HINT_PRIORITY",
    "LEARNED_PRIORITY",
    "LISTING_PRIORITY",
    "SITEMAP_ROOTS",
    "STORY_PRIORITY",
    "NewsroomSpider",
    "refused",
]

logger = logging.getLogger(__name__)

#: Root elements (local names) of what `parse_feed` and `parse_sitemap` read.
FEED_ROOTS = frozenset({"rss", "feed", "RDF"})
SITEMAP_ROOTS = frozenset({"urlset", "sitemapindex"})

#: Scrapy priorities of the links a page yields, higher first (``DEPTH_PRIORITY`` lowers each
#: by its depth): the family's story pages, then the other pages its patterns name (listings,
#: older pages of listings), then links its patterns do not name (hints), behind the family's
#: own pages at any depth a crawl reaches.
STORY_PRIORITY = 0
LISTING_PRIORITY = -1
HINT_PRIORITY = -100
#: A link at a story-URL template the newsroom's earlier crawls learned (`storage.templates`)
#: comes before all others, whatever the family's patterns say of it.
LEARNED_PRIORITY = 1
#: Links never followed as hints: files, login, print and share pages (the generic family's
#: exclusions, the heuristics of the generic spider).
_GENERIC = FAMILIES["generic"]

#: Scrapy's message when it cancels a download over DOWNLOAD_MAXSIZE.
_OVER_MAXSIZE = re.compile(r"(\d+) bytes which is larger than download max size \((\d+)\)")
#: HttpCompressionMiddleware's, when a gzip, deflate, brotli or zstd body unpacks past it.
_UNPACKED_OVER_MAXSIZE = re.compile(
    r"\((\d+) B compressed, (\d+) B decompressed so far\) exceeded DOWNLOAD_MAXSIZE \((\d+) B\)"
)


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
        #: Per newsroom, how many of the pages read link each URL (`crawler.core.sitelinks`).
        self.site_links: dict[str, SiteLinks] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        selected = cls.newsrooms_of(crawler.settings, spider._wanted, spider._newsrooms)
        spider.newsrooms = {n.key: n for n in selected}
        spider.reader = ExtractionPool(
            crawler.settings.getint("EXTRACTION_PROCESSES"),
            crawler.settings.getfloat("EXTRACTION_TIMEOUT"),
        )
        return spider

    def closed(self, reason: str) -> None:
        self.reader.close()

    @classmethod
    def newsrooms_of(
        cls, settings: BaseSettings, wanted: Sequence[str], registry: Newsrooms | None = None
    ) -> list[Newsroom]:
        """The enabled newsrooms of this family in ``NEWSROOMS_FILE`` (or exactly ``wanted``);
        a `ConfigError` that names the file and the fix when there is none."""
        registry = registry or load_newsrooms(settings["NEWSROOMS_FILE"])
        selected = registry.select(wanted, family=cls.name)
        if not selected:
            families = sorted({n.family for n in registry.select(wanted)} - {cls.name})
            raise ConfigError(
                f"{registry.path}: no enabled newsroom of family {cls.name!r}"
                + (f" among {', '.join(wanted)}" if wanted else "")
                + f"; add one with family = {cls.name!r} (or point NEWSROOMS_FILE, -s "
                "NEWSROOMS_FILE=FILE, at a file that has one)"
                + (f", or crawl a family it has: {', '.join(families)}" if families else "")
            )
        return selected

    newsrooms: dict[str, Newsroom]
    #: Reads the fetched pages: their links and stories (`crawler.components.workers`).
    reader: ExtractionPool = ExtractionPool(0)
    memory: PageMemory = PageMemory()
    #: Per newsroom, the story-URL templates its earlier crawls learned.
    learned: dict[str, set[str]] = {}  # noqa: RUF012
    #: The days listings' teasers stated beside the pages they link, by canonical URL: for a
    #: page that states none, whichever request reached it first (`Rejected.teaser_dates`).
    teaser_days: dict[str, date] = {}  # noqa: RUF012

    @cached_property
    def family(self) -> Family:
        return FAMILIES[self.name]

    # -- starting -------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        settings = self.crawler.settings
        # A worker joining a shared crawl reads again what the others read in it.
        since = SharedCrawl.of(self.crawler).read_since() if settings["DISTRIBUTED_CRAWL"] else None
        self.memory = PageMemory.load(settings["DATABASE_URL"], list(self.newsrooms), since)
        self.learned = learned_templates(self.crawler.settings["DATABASE_URL"], self.newsrooms)
        self.teaser_days = {}
        for newsroom in self.newsrooms.values():
            for url in newsroom.start_urls:
                if request := self.request(newsroom, url, self.parse, force=True, kind="listing"):
                    request.meta["listing"] = True
                    yield request
            for url in newsroom.feeds:
                if request := self.request(newsroom, url, self.parse_feed, force=True, kind="feed"):
                    yield request
            for url in newsroom.sitemaps:
                if request := self.request(
                    newsroom, url, self.parse_sitemap, force=True, kind="sitemap"
                ):
                    yield request
        # Then the known stories, behind the listings: Scrapy sends start requests in the order
        # they come, and a story page fetched first would link the start page as a plain page.
        for newsroom in self.newsrooms.values():
            for url in self.known_stories(newsroom):
                if request := self.request(newsroom, url, self.parse, kind="story"):
                    request.priority = -1  # new stories on the listings come first
                    # A moved story is recorded as such, whatever else fetched its new home.
                    request.meta["dont_redirect"] = True
                    request.meta["handle_httpstatus_list"] = sorted(REDIRECTS)
                    yield request

    def request(
        self,
        newsroom: Newsroom,
        url: str,
        callback: Any = None,
        *,
        force: bool = False,
        kind: str | None = None,
        priority: int = STORY_PRIORITY,
    ) -> scrapy.Request | None:
        """A request for the page of ``url`` (its canonical form, asked for with the query in
        the order ``url`` writes it: `written_url`), or None when it is off limits.

        Every page links the same navigation: a URL already requested costs nothing, so the
        newsroom's ``max_pages`` budget is spent on distinct pages only.
        """
        if not newsroom.in_scope(url):  # another scheme, host or port (`Newsroom.origins`)
            self.offsite(newsroom, url)
            return None
        page = canonical_url(url, self.family.url_rules)
        if page in self._requested and not force:
            return None
        if self._budget[newsroom.key] >= newsroom.max_pages and not force:
            self.count(newsroom, "links/over_budget")
            return None
        self._budget[newsroom.key] += 1
        self._requested.add(page)
        return scrapy.Request(
            written_url(url, self.family.url_rules),
            callback=callback or self.parse,
            errback=self.failed,
            meta={"newsroom": newsroom.key, "kind": kind or self.kind_of(page)},
            dont_filter=force,
            priority=priority,
        )

    def known_stories(self, newsroom: Newsroom) -> list[str]:
        """Stored stories of the newsroom due to be fetched again, so updates and removals
        are seen after a story has left the listings: the younger the story, the sooner
        (``RECHECK_*`` settings, `storage.repository.Recheck`)."""
        settings = self.crawler.settings
        if settings.getfloat("RECHECK_DAYS") <= 0:
            return []
        policy = Recheck(
            days=settings.getfloat("RECHECK_DAYS"),
            factor=settings.getfloat("RECHECK_FACTOR"),
            least=timedelta(hours=settings.getfloat("RECHECK_LEAST_HOURS")),
            most=timedelta(days=settings.getfloat("RECHECK_MOST_DAYS")),
            limit=settings.getint("RECHECK_MAX"),
        )
        repository = Repository.open(settings["DATABASE_URL"])
        try:
            return repository.due_story_urls(newsroom.key, clock.now(), policy)
        finally:
            repository.close()

    # -- callbacks ------------------------------------------------------------------------

    async def parse(self, response: Response, **kwargs: Any) -> AsyncIterator[Any]:
        newsroom = self.newsroom_of(response)
        self.count(newsroom, "pages/fetched")
        if response.status in REDIRECTS:
            for item in self.moved(response, newsroom):
                yield item
            return
        if self.unchanged(response, newsroom):
            return
        if not isinstance(response, TextResponse):
            self.count(newsroom, "pages/binary")
            return
        page = Fetched(
            body=response.body,
            url=response.url,
            newsroom=newsroom,
            fetched_at=clock.now(),
            content_type=_header(response, "Content-Type"),
            listing=bool(response.meta.get("listing")) or self.is_start(response.url, newsroom),
            teaser_date=_day(response.meta.get("teaser_date")),
            response_class=type(response),
            link_limit=self.links_per_page,
        )
        try:
            read = await self.reader.read(page)
        except BrokenProcessPool as exc:
            read = Read(None, error=f"the page broke the extraction workers twice: {exc}")
            # Nothing of it was read, not even its links: the next crawl reads it in full.
            self.crawler.signals.send_catch_log(page_unread, url=response.url)
        except PageTooSlow as exc:
            read = Read(None, error=str(exc))
            self.crawler.signals.send_catch_log(page_unread, url=response.url)
        here = canonical_url(response.url, self.family.url_rules)
        if isinstance(read.extraction, tuple) and (day := self.teaser_days.get(here)):
            # A listing read since (or before, when another page's link came first) dated it.
            dated_story = dated_by_teaser(read.extraction, here, day, page.fetched_at.date())
            read = replace(read, extraction=dated_story)
        links = self.page_links(response, newsroom, read.links)
        canonical = tuple(dict.fromkeys(links.canonical))
        if read.links is not None:
            self.site_links.setdefault(newsroom.key, SiteLinks()).saw(canonical, links.menu)
        yield PageItem(
            newsroom=newsroom.key,
            url=response.url,
            status=response.status,
            body=response.body,
            fetched_at=page.fetched_at,
            content_type=page.content_type,
            redirected_from=tuple(
                canonical_url(url, self.family.url_rules)
                for url in response.meta.get("redirect_urls", ())
            ),
            listing=page.listing,
            links=canonical,
            extraction=read.extraction,
            keys=read.keys,
            error=read.error,
            trace=read.trace,
            packed=read.packed,
        )
        dated = dict(read.extraction.teaser_dates) if isinstance(read.extraction, Rejected) else {}
        for linked, stated in dated.items():
            self.teaser_days.setdefault(linked, stated)
        for request in self.follow(response, newsroom, self.links(links.found, newsroom)):
            if dated and (teaser := dated.get(canonical_url(request.url, self.family.url_rules))):
                # Its listing's day, for a page that states none (ISO: a shared queue's
                # requests are serialised).
                request.meta["teaser_date"] = teaser.isoformat()
            yield request

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        """An RSS or Atom feed: fetch the stories it links."""
        newsroom = self.newsroom_of(response)
        self.count(newsroom, "feeds/fetched")
        if self.unchanged(response, newsroom):
            return
        text = response.text if isinstance(response, TextResponse) else None
        if why := refused(response.body, text, FEED_ROOTS):
            self.refuse(response, newsroom, "feed", why)
            return
        if text is None:  # well-formed XML, but not served as text: its bytes as UTF-8
            text = response.body.decode("utf-8", errors="replace")
        links = extract_links(text, feed_parameters(response.url))
        if not links:
            logger.warning(
                "Feed without links %(url)s (%(newsroom)s)",
                {"url": response.url, "newsroom": newsroom.key},
            )
        yield from self.follow(response, newsroom, links)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        """A sitemap or sitemap index: newest entries first, only pages the family follows
        (its own, then hints: `follow`)."""
        newsroom = self.newsroom_of(response)
        self.count(newsroom, "sitemaps/fetched")
        if self.unchanged(response, newsroom):
            return
        try:
            body = self.sitemap_body(response)
        except (OSError, EOFError, zlib.error, ValueError) as exc:  # ValueError: over max size
            self.refuse(response, newsroom, "sitemap", f"cannot unpack: {exc}")
            return
        text = (
            response.text if isinstance(response, TextResponse) and body is response.body else None
        )
        if why := refused(body, text, SITEMAP_ROOTS):
            self.refuse(response, newsroom, "sitemap", why)
            return
        try:
            sitemap = Sitemap(body)
        except (StopIteration, SyntaxError, ValueError) as exc:
            self.refuse(response, newsroom, "sitemap", f"unreadable: {exc}")
            return
        entries = sorted(sitemap, key=lambda e: e.get("lastmod", ""), reverse=True)
        pages = []
        for entry in entries:
            url = entry.get("loc", "")
            if not newsroom.in_scope(url):
                self.offsite(newsroom, url)
            elif sitemap.type == "sitemapindex":
                if request := self.request(newsroom, url, self.parse_sitemap, kind="sitemap"):
                    yield request
            elif self.followed(canonical_url(url, self.family.url_rules), newsroom):
                if self.modified_since_fetched(url, entry.get("lastmod")):
                    # The sitemap says a known story changed: see it now, not on its schedule.
                    if request := self.request(newsroom, url, kind="story"):
                        yield request
                else:
                    pages.append(url)
        yield from self.follow(response, newsroom, pages)

    def sitemap_body(self, response: Response) -> bytes:
        """The sitemap's XML: ``.xml.gz`` sitemaps come gzipped without a Content-Encoding, so
        they are unpacked here, never beyond ``DOWNLOAD_MAXSIZE`` (a gzip bomb stops there)."""
        body = response.body
        if body[:2] == b"\x1f\x8b":
            return gunzip(body, max_size=self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
        return body

    def refuse(self, response: Response, newsroom: Newsroom, kind: str, why: str) -> None:
        """A feed or sitemap not read: one line saying why, and an error of the run (at every
        crawl until it is fixed: it is fetched in full again next time)."""
        self.count(newsroom, f"errors/{kind}")
        self.crawler.signals.send_catch_log(page_unread, url=response.url)
        logger.warning(
            "Refused %(kind)s %(url)s (%(newsroom)s): %(why)s",
            {"kind": kind, "url": response.url, "newsroom": newsroom.key, "why": why},
        )

    def failed(self, failure: Failure) -> Iterator[GoneItem]:
        request = failure.request  # type: ignore[attr-defined]
        newsroom = self.newsrooms.get(request.meta.get("newsroom", ""))
        if isinstance(failure.value, (DownloadCancelledError, CancelledError)):
            # Over DOWNLOAD_MAXSIZE (Scrapy cancels the download): an error of the run that
            # says how to read the page; a story stored from it earlier is kept as it is.
            self.too_large(request, newsroom, str(failure.value))
            return
        if isinstance(failure.value, IgnoreRequest) and _UNPACKED_OVER_MAXSIZE.search(
            str(failure.value)
        ):
            # A compressed body that unpacks past DOWNLOAD_MAXSIZE (a gzip or brotli bomb):
            # Scrapy drops it as if by policy; it is a page too large, as one sent unpacked.
            self.too_large(request, newsroom, str(failure.value))
            return
        if isinstance(failure.value, IgnoreRequest) and not isinstance(failure.value, HttpError):
            # Not fetched by policy (robots.txt forbids it): no error of the crawl. Another
            # host's request is counted where it is dropped (`crawler.components.offsite`), not
            # twice.
            if newsroom is not None and not isinstance(failure.value, OffsiteRequest):
                self.count(newsroom, "links/not-fetched")
            logger.debug("Not fetched %(url)s: %(why)s", {"url": request.url, "why": failure.value})
            return
        response = getattr(failure.value, "response", None)
        if newsroom is not None and response is not None and response.status in (404, 410):
            # Not an error of the crawl: the page is gone. A story we held there is marked so.
            self.count(newsroom, f"pages/http-{response.status}")
            yield GoneItem(
                newsroom=newsroom.key,
                url=canonical_url(request.url, self.family.url_rules),
                status=response.status,
                fetched_at=clock.now(),
            )
            return
        if newsroom is not None:
            self.count(newsroom, "errors/fetch")
        logger.warning(
            "Fetch failed %(url)s (%(newsroom)s): %(error)s",
            {
                "url": request.url,
                "newsroom": request.meta.get("newsroom"),
                "error": _reason(failure),
            },
        )

    def too_large(self, request: scrapy.Request, newsroom: Newsroom | None, message: str) -> None:
        limit = request.meta.get("download_maxsize") or self.crawler.settings.getint(
            "DOWNLOAD_MAXSIZE"
        )
        size, unpacked = "more", ""
        if found := _OVER_MAXSIZE.search(message):
            size, limit = found.group(1), int(found.group(2))
        elif found := _UNPACKED_OVER_MAXSIZE.search(message):
            size, limit = f"more than {found.group(2)}", int(found.group(3))
            unpacked = f" once unpacked ({found.group(1)} bytes compressed)"
        if newsroom is not None:
            self.count(newsroom, "errors/too-large")
        logger.warning(
            "Page too large %(url)s (%(newsroom)s): %(size)s bytes%(unpacked)s, over "
            "DOWNLOAD_MAXSIZE=%(limit)d; not read (to read it: -s DOWNLOAD_MAXSIZE=%(raise_to)d "
            "or more)",
            {
                "url": request.url,
                "newsroom": request.meta.get("newsroom"),
                "size": size,
                "unpacked": unpacked,
                "limit": limit,
                "raise_to": max(int(size) if size.isdigit() else 0, 2 * limit),
            },
        )

    # -- re-crawls -----------------------------------------------------------------------

    def moved(self, response: Response, newsroom: Newsroom) -> Iterator[Any]:
        """A known story's page redirects: record the move, then fetch its new home."""
        location = _header(response, "Location")
        if not location:
            self.count(newsroom, "errors/fetch")
            return
        rules = self.family.url_rules
        target = canonical_url(urljoin(response.url, location), rules)
        yield MovedItem(
            newsroom=newsroom.key,
            url=canonical_url(response.url, rules),
            to=target,
            status=response.status,
            fetched_at=clock.now(),
        )
        if request := self.request(newsroom, target, kind="story"):
            yield request

    def unchanged(self, response: Response, newsroom: Newsroom) -> bool:
        """A 304, or the very body read last time (`crawler.components.conditional`): nothing
        to read."""
        if response.status == 304:
            self.count(newsroom, "fetch/not-modified")
        elif response.meta.get("unchanged") and not self.backfill:
            self.count(newsroom, "fetch/unchanged")
        else:
            return False
        if canonical_url(response.url, self.family.url_rules) in self.memory.stories:
            self.count(newsroom, "stories/unchanged")
        return True

    def follow(
        self, response: Response, newsroom: Newsroom, links: Iterable[str]
    ) -> Iterator[scrapy.Request]:
        """Requests for the links of a page that changed: the family's story pages first, then
        its other pages, then the links its patterns do not name (`hinted`).

        Stored stories are skipped (they are checked again on their own schedule, see
        `known_stories`); older listing pages (the family's ``pagination``) are walked only
        while this page shows a story not seen before, or on a ``BACKFILL``. A feed's links
        are stories whatever their URL: none of them is a hint.
        """
        rules = self.family.url_rules
        stories, fresh, older, hints = 0, False, [], []
        feed = response.meta.get("kind") == "feed"
        learned = self.learned.get(newsroom.key, set())
        for url in links:
            canonical = canonical_url(url, rules)
            if (
                learned
                and canonical not in self.memory.stories
                and template(canonical) in learned
                and self.followed(canonical, newsroom)
            ):
                # Where this newsroom's stories were found before: first, hint or not.
                stories += 1
                fresh = fresh or canonical not in self.memory.pages
                priority = LEARNED_PRIORITY
            elif self.family.is_story_url(canonical):
                stories += 1
                if canonical in self.memory.stories:
                    continue
                fresh = fresh or canonical not in self.memory.pages
                priority = STORY_PRIORITY
            elif self.family.is_pagination_url(canonical):
                older.append(url)
                continue
            elif not (feed or self.wanted(canonical, newsroom)):
                if canonical not in self.memory.stories and self.hint(canonical, newsroom):
                    hints.append(url)
                continue
            else:
                # A family without story URLs (generic) tells no story from a listing by its
                # URL: all its links are as good as a story's.
                own = feed or not self.family.story_urls
                priority = STORY_PRIORITY if own else LISTING_PRIORITY
            if request := self.request(newsroom, url, priority=priority):
                yield request
        # A page of stories all seen before ends the walk; an index of archives does not.
        done = stories > 0 and not fresh
        if older and done and not (self.backfill or response.meta.get("kind") == "sitemap"):
            self.count(newsroom, "links/older-pages-skipped")
        else:
            for url in older:
                if request := self.request(newsroom, url, priority=LISTING_PRIORITY):
                    yield request
        yield from self.hinted(response, newsroom, hints)

    def hinted(
        self, response: Response, newsroom: Newsroom, links: Sequence[str]
    ) -> Iterator[scrapy.Request]:
        """Requests for links in the newsroom's scope that the family's patterns do not name:
        a site moves its stories where no pattern foresaw, so they are fetched too, after the
        family's own pages, and only up to ``HINT_DEPTH`` links from the start pages (those
        beyond are counted, ``links/beyond-hint-depth``). Extraction reads them as it reads a
        generic newsroom's pages."""
        if not links:
            return
        if response.meta.get("depth", 0) >= self.hint_depth:
            self.count(newsroom, "links/beyond-hint-depth", len(links))
            return
        for url in links:
            if request := self.request(newsroom, url, priority=HINT_PRIORITY):
                yield request

    def modified_since_fetched(self, url: str, lastmod: str | None) -> bool:
        known = self.memory.pages.get(canonical_url(url, self.family.url_rules))
        if known is None or not lastmod:
            return False
        stated = _w3c_datetime(lastmod)
        return stated is not None and stated > known.last_fetched

    def kind_of(self, url: str) -> str:
        """What a canonical ``url`` is: a story, a listing, or another page."""
        if self.family.is_story_url(url):
            return "story"
        if self.family.is_listing_url(url):
            return "listing"
        return "page"

    @cached_property
    def backfill(self) -> bool:
        return self.crawler.settings.getbool("BACKFILL")

    @cached_property
    def hint_depth(self) -> int:
        return max(0, self.crawler.settings.getint("HINT_DEPTH"))

    # -- hooks ----------------------------------------------------------------------------

    def links(self, found: Iterable[str], newsroom: Newsroom) -> Iterable[str]:
        """URLs worth fetching of those a page links (`page_links`): the family's story and
        listing pages, and the links it may follow as hints (`hint`)."""
        rules = self.family.url_rules
        return [url for url in found if self.followed(canonical_url(url, rules), newsroom)]

    def followed(self, url: str, newsroom: Newsroom) -> bool:
        """Whether a canonical ``url`` is fetched at all: the family's (`wanted`) or a `hint`."""
        return self.wanted(url, newsroom) or self.hint(url, newsroom)

    def page_links(self, response: Response, newsroom: Newsroom, links: Links | None) -> Links:
        """The links a worker read on ``response`` (`crawler.components.workers.page_links`),
        counted: those off the newsroom's scope (``links/offsite``) and those past the first
        ``LINKS_PER_PAGE_MAX`` (``links/over_limit``, logged once per page)."""
        if links is None:  # the page broke the workers: no links to follow
            return Links((), (), (), 0, "")
        limit = self.links_per_page
        if links.total > limit:
            self.count(newsroom, "links/over_limit", links.total - limit)
            logger.warning(
                "Too many links %(url)s (%(newsroom)s): %(total)d, the first %(limit)d read "
                "(LINKS_PER_PAGE_MAX)",
                {
                    "url": response.url,
                    "newsroom": newsroom.key,
                    "total": links.total,
                    "limit": limit,
                },
            )
        for url in links.offsite:
            self.offsite(newsroom, url)
        return links

    @cached_property
    def links_per_page(self) -> int:
        return max(1, self.crawler.settings.getint("LINKS_PER_PAGE_MAX"))

    def wanted(self, url: str, newsroom: Newsroom | None = None) -> bool:
        """Whether the family's own patterns follow this canonical URL (for ``newsroom``'s
        languages); a link they do not name may still be followed as a hint (`hint`)."""
        if self.excluded(url, newsroom):
            return False
        follow = self.family.follow or (r".",)
        return any(re.search(p, url, re.IGNORECASE) for p in follow)

    def hint(self, url: str, newsroom: Newsroom | None = None) -> bool:
        """Whether this canonical URL, which the family's patterns do not name, is followed
        all the same (`hinted`): not when the family excludes it, nor when the generic family
        does (files, login, print and share pages)."""
        return not (
            self.wanted(url, newsroom) or self.excluded(url, newsroom) or _GENERIC.denies(url)
        )

    def excluded(self, url: str, newsroom: Newsroom | None = None) -> bool:
        """Whether the family never follows this canonical URL: its ``deny`` names it, or its
        path names a language ``newsroom`` does not publish."""
        if self.family.denies(url):
            return True
        language = self.family.url_language(url)
        return bool(
            language and newsroom and language not in {t.split("-")[0] for t in newsroom.languages}
        )

    # -- helpers --------------------------------------------------------------------------

    def is_start(self, url: str, newsroom: Newsroom) -> bool:
        """Whether ``url`` is one of the newsroom's start pages (listings by definition)."""
        rules = self.family.url_rules
        here = canonical_url(url, rules)
        return any(canonical_url(start, rules) == here for start in newsroom.start_urls)

    def newsroom_of(self, response: Response) -> Newsroom:
        return self.newsrooms[response.meta["newsroom"]]

    def offsite(self, newsroom: Newsroom, url: str) -> None:
        """A link outside the newsroom's origins: counted; logged when it names one of its
        hosts (another scheme or port of the site itself), as the host check does."""
        self.count(newsroom, "links/offsite")
        try:
            host = urlsplit(url).hostname
        except ValueError:  # a broken IPv6 literal
            host = None
        if host in newsroom.hosts:
            logger.info(
                "Offsite link not followed %(url)s (%(newsroom)s)",
                {"url": url, "newsroom": newsroom.key},
            )

    def count(self, newsroom: Newsroom, name: str, count: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(stat(newsroom.key, name), count)


def learned_templates(database_url: str, newsrooms: Iterable[str]) -> dict[str, set[str]]:
    """The story-URL templates the crawls of ``newsrooms`` learned, per newsroom."""
    templates = StoryTemplates.open(database_url)
    try:
        return {key: set(templates.of_newsroom(key)) for key in newsrooms}
    finally:
        templates.close()


def feed_parameters(url: str) -> FeedParameters:
    """What trafilatura's feed helpers need to keep a feed's links on its own site."""
    domain = extract_domain(url, fast=True) or urlsplit(url).hostname or ""
    return FeedParameters(url, domain, url, external=False)


def refused(body: bytes, text: str | None, roots: frozenset[str]) -> str | None:
    """Why a feed or sitemap is not read, or None when it may be.

    It must be well-formed XML without entity declarations (defusedxml: a "billion laughs"
    bomb or an external entity such as ``file:///etc/passwd`` is refused before anything is
    expanded or opened) whose root element is one of ``roots``. ``text`` is the body as
    decoded by the charset the server sent, tried when the bytes alone do not parse.
    """
    try:
        root = SafeXML.fromstring(body, forbid_dtd=False, forbid_entities=True)
    except DefusedXmlException as exc:
        return _entities(exc)
    except ParseError as exc:
        if text is None or "\ufffd" in text:
            return f"malformed XML: {exc}"
        try:  # the bytes in the charset of the Content-Type, which the XML does not declare
            root = SafeXML.fromstring(text, forbid_dtd=False, forbid_entities=True)
        except DefusedXmlException as again:
            return _entities(again)
        except ParseError:
            return f"malformed XML: {exc}"
    name = str(root.tag).rsplit("}", 1)[-1]
    if name not in roots:
        return f"root element <{name}>, not <{'> or <'.join(sorted(roots))}>"
    return None


def _entities(exc: Exception) -> str:
    name, system = getattr(exc, "name", None), getattr(exc, "sysid", None)
    declared = f"entity {name!r}" + (f" SYSTEM {system!r}" if system else "") if name else "DTD"
    return f"XML entities are not read (an XML bomb or an external entity): {declared}"


def _reason(failure: Failure) -> str:
    """Why a fetch failed, in one line (`crawler.components.retry.fetch_error`)."""
    return fetch_error(failure.value)


def _day(value: object) -> date | None:
    """A day a request carries (ISO), or None for none or one not a day."""
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _w3c_datetime(text: str) -> datetime | None:
    """A sitemap ``lastmod`` (W3C datetime: a date, or a date and time with a zone) in UTC."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
