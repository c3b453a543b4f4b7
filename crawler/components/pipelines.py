"""Item pipelines: extract stories from fetched pages, then store them.

Reads ``DATABASE_URL``. Every outcome is counted in the crawl stats per newsroom
(``newsroom/<key>/stories/new``, ``.../pages/listing``, ...), and where each extracted story's
fields came from (``.../fields/title/selector``, ``.../fields/published/missing``); duplicates
and pages without a story are normal for a monitor and logged at DEBUG.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from contextlib import suppress
from datetime import timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy.exceptions import DropItem
from scrapy.utils.defer import deferred_from_coro
from sqlalchemy.exc import SQLAlchemyError

from crawler.components.batches import STORAGE_BATCH_SECONDS, Batches
from crawler.components.workers import Fetched, read
from crawler.core import clock
from crawler.core.families import FAMILIES
from crawler.core.items import (
    ERROR_REASONS,
    FIELDS,
    Article,
    GoneItem,
    MovedItem,
    Outcome,
    PageItem,
    Reason,
    Rejected,
    Source,
)
from crawler.core.keys import canonical_url
from crawler.core.sitelinks import SiteLinks, template
from crawler.core.stats import DATABASE_ERROR, stat
from crawler.extraction.classify import about_the_site, filed_as_call, named_like_a_story
from storage.database import reason, scrub
from storage.repository import Repository
from storage.templates import StoryTemplates

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

    from crawler.core.newsrooms import Newsroom

logger = logging.getLogger(__name__)

#: What spiders hand to the pipelines.
Item = PageItem | GoneItem | MovedItem


#: A newsroom's stories state their dates once it has this many stored ...
DATED_STORIES = 8
#: ... of which this share state one: a page of it that states none is no story.
DATED_SHARE = 0.8

#: Why a page linked from most pages of its newsroom is no story (`StoragePipeline`).
SECTION = (
    "a section of the site, linked from most of its pages, that lists stories or states no "
    "date of its own"
)


#: Pages whose stories are written in one transaction (`StoragePipeline`; setting
#: ``STORAGE_BATCH_PAGES``, 1 writes each page alone), or fewer at least every
#: ``STORAGE_BATCH_SECONDS``.
STORAGE_BATCH_PAGES = 32

#: What a write leaves to do once its transaction is committed: count it and log it.
Report = Callable[[], None]

#: Outcomes ops read at INFO; duplicates and unchanged stories are normal and logged at DEBUG.
NOTEWORTHY = frozenset({Outcome.NEW, Outcome.UPDATED, Outcome.NEAR_DUPLICATE})


class ExtractionPipeline:
    """Count what each page's reading found (`crawler.components.workers`, done in a worker
    when the spider fetched the page); drop pages that hold no story. A page that comes
    unread (an item made by other code) is read here."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_item(self, item: Item) -> Item:
        if not isinstance(item, PageItem):
            return item
        stats = self.crawler.stats
        assert stats is not None
        newsroom: Newsroom = self.crawler.spider.newsrooms[item.newsroom]  # type: ignore[union-attr]
        if item.extraction is None and item.error is None:
            page = Fetched(
                item.body, item.url, newsroom, item.fetched_at, item.content_type, item.listing
            )
            done = read(page)
            item.extraction, item.keys = done.extraction, done.keys
            item.error, item.trace, item.packed = done.error, done.trace, done.packed
        if item.extraction is None:
            # One ERROR record, its first line greppable, the worker's traceback below it.
            stats.inc_value(stat(item.newsroom, "errors/extraction"))
            logger.error(
                "Extraction failed %(url)s (%(newsroom)s): %(error)s%(trace)s",
                {
                    "url": item.url,
                    "newsroom": item.newsroom,
                    "error": item.error,
                    "trace": "\n" + item.trace.rstrip() if item.trace else "",
                },
            )
            raise DropItem(f"extraction failed: {item.url}", log_level="DEBUG")
        if isinstance(item.extraction, Rejected):
            rejected = item.extraction
            if rejected.reason in ERROR_REASONS:
                # A page whose story the extractor lost: an error to fix, not a page without one.
                stats.inc_value(stat(item.newsroom, "errors/extraction"))
                logger.error(
                    "Extraction failed %(url)s (%(newsroom)s): %(error)s",
                    {
                        "url": item.url,
                        "newsroom": item.newsroom,
                        "error": f"{rejected.reason}: {rejected.detail}",
                    },
                )
                raise DropItem(f"extraction failed: {item.url}", log_level="DEBUG")
            stats.inc_value(stat(item.newsroom, f"pages/{rejected.reason}"))
            if rejected.reason == Reason.GONE:
                # Answered 200, but the site says the story is not there: gone, as on a 404.
                rules = FAMILIES[newsroom.family].url_rules
                url = canonical_url(item.url, rules)
                return GoneItem(item.newsroom, url, item.status, item.fetched_at)
            raise DropItem(
                f"No story at {item.url} ({rejected.reason}: {rejected.detail})",
                log_level="DEBUG",
            )
        for article in item.extraction:
            for name in field_stats(article):
                stats.inc_value(stat(item.newsroom, name))
        return item


def _page_story(item: PageItem) -> Article | None:
    """The one story the page of ``item`` shows as its own, if it shows one (not stories of a
    front page split into blocks)."""
    articles = item.extraction or ()
    if isinstance(articles, Rejected) or len(articles) != 1 or articles[0].from_listing:
        return None
    return articles[0]


def _twins(one: str, other: str) -> bool:
    """Whether two URLs are one page's: the same host and path, their queries aside (a page
    and its "?force_format=mobile" twin, not every page and the home page it names canonical
    by a template's mistake)."""
    first, second = urlsplit(one), urlsplit(other)
    return (first.netloc.lower(), first.path) == (second.netloc.lower(), second.path)


def _states_date(article: Article, url: str) -> bool:
    """Whether the page at ``url`` states the date of its ``article``: beside its heading, by
    a selector, in its metadata; one htmldate read elsewhere in its markup only at an address
    that names a story as stories' addresses do. A contact page's "last updated" is no story's
    date; a story in a "latest" box on every page of a small site keeps its own. A day its
    listing's teaser stated is the listing's, not the page's."""
    source = article.provenance.get("published")
    return source not in (None, Source.GENERIC, Source.TEASER) or (
        source is Source.GENERIC and named_like_a_story(url)
    )


def _kept_up_to_date(article: Article) -> bool:
    """Whether ``article``'s page says on its date line that it was updated half a year or
    more after its day ("Created: 2019.01.10 / Updated: 2026.11.14"): a page kept up to date
    (a consular service's), its day when it was first written, a standing page's even as a
    template link (a story in a "latest" box on every page is seldom corrected so long after;
    its siblings show it a story all the same). Its metadata's modified time says nothing of
    it: a CMS's plugins save every page again; nor does a template link's age: a small site's
    every story is in its "latest" box, however old, and a site may pin last year's story on
    every page."""
    published, updated = article.published, article.updated
    return (
        published is not None
        and updated is not None
        and article.provenance.get("updated") is Source.DATELINE
        and updated.date() - published >= STANDING_UPDATE
    )


#: How long after its day a page updated is kept up to date (`_kept_up_to_date`).
STANDING_UPDATE = timedelta(days=180)


def _own_date(article: Article) -> bool:
    """Whether ``article`` states its date on its own page (not only its listing's teaser:
    `storage.repository.Repository.dated` counts the same)."""
    return article.published is not None and article.provenance.get("published") != Source.TEASER


def field_stats(article: Article) -> list[str]:
    """The stats one extracted story counts, new or not: ``fields/<field>/<source>`` for each
    field it has and ``fields/<field>/missing`` for each it lacks, so a run's counters hold
    how much the generic reading carried (`crawler.reports.health` compares them)."""
    return [f"fields/{name}/{article.provenance.get(name, 'missing')}" for name in FIELDS]


class StoragePipeline:
    """Keep the raw page and store each article once (`storage.repository`).

    A page that most pages of its newsroom link (a menu, sidebar or footer link: home, about,
    contact, a topic or section page; `crawler.core.sitelinks`) and that lists stories, or
    states no date of a story, is a section of the site, not a story. So is a page that states
    no date, off its family's story URLs, at an address that does not name a story by the
    words of its title outside the site's pages about itself (`named_like_a_story`,
    `about_the_site`), in a newsroom whose stories state theirs (`DATED_SHARE` of
    `DATED_STORIES` or more read from their own pages, by this crawl and earlier ones; a
    front page of whole stories may state none): an about, leadership or
    history page, a home page, that only a few pages link. So is, in such a newsroom, a page
    that states no date filed among calls (`filed_as_call`: a course's, a vacancy's, a
    tender's), where none of the newsroom's dated stories is filed so. Each is counted as
    ``pages/not-a-story`` and not stored. Such a page read before the crawl has read enough
    pages (or stored enough stories) to tell is held, and stored or dropped once it can (at the
    latest when the crawl ends; a crawl that never read enough stores it). A crawl killed
    meanwhile loses nothing: its pages are read again
    (`crawler.components.conditional.PageMemory`).

    Pages are written in batches, one transaction for up to ``STORAGE_BATCH_PAGES`` pages and
    at least every ``STORAGE_BATCH_SECONDS``: a transaction costs more than most stories'
    rows. A story is counted and logged once its batch is committed. A batch that fails is
    rolled back whole and its pages written again one by one, each in its own transaction,
    so a page the database refuses (or a bug) fails alone, and a story is whole or absent.
    A crawl killed before a batch is committed loses it for this run only: the unfinished
    run's pages are read again, as above.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.database_url: str = crawler.settings["DATABASE_URL"]
        self.repository: Repository | None = None
        self.database_error: SQLAlchemyError | None = None
        #: Pages whose story waits until their newsroom's template links are known.
        self.held: dict[str, list[PageItem]] = {}
        #: The held pages told only once all pages are read (`_verdict`), by their id: not
        #: judged again each time another page is settled.
        self.held_to_end: set[int] = set()
        #: Per newsroom, the new stories this crawl found at each story-URL template
        #: (`storage.templates`).
        self.found: dict[str, Counter[str]] = {}
        #: Per newsroom, how many stories stored (earlier and in this crawl) state their date,
        #: and how many are stored: read from the database once, then counted.
        self.dates: dict[str, list[int]] = {}
        #: Per newsroom, the story-URL templates of the dated stories this crawl stored.
        self.dated_templates: dict[str, set[str]] = {}
        settings = crawler.settings
        #: What the next batch writes, in the order the pipeline settled it.
        self.batches: Batches[Item] = Batches(
            self._write_batch,
            settings.getint("STORAGE_BATCH_PAGES", STORAGE_BATCH_PAGES),
            settings.getfloat("STORAGE_BATCH_SECONDS", STORAGE_BATCH_SECONDS),
            "A batch of stories",
        )

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def open_spider(self) -> None:
        self.repository = Repository.open(self.database_url)
        self.started = clock.now()
        self.batches.start()

    def close_spider(self) -> None:
        self.batches.stop()
        # The held pages are told by the stories stored: those of the last batch count too.
        self.batches.flush()
        for newsroom in list(self.held):
            self._release(newsroom, final=True)
        self.batches.flush()
        if self.repository is not None:
            if self.database_error is None:
                self._learn()
            self.repository.close()

    def _learn(self) -> None:
        """Add the story-URL templates of this crawl's new stories to what the newsrooms'
        crawls learned (a database error here is logged: the stories are stored already)."""
        assert self.repository is not None
        templates = StoryTemplates(self.repository.engine)
        try:
            for newsroom, found in self.found.items():
                templates.learn(newsroom, found, clock.now())
        except SQLAlchemyError as exc:
            logger.error(
                "Story-URL templates not learned: %(error)s",
                {"error": scrub(reason(exc), self.database_url)},
            )

    def _count_template(self, newsroom: str, url: str) -> None:
        """A new story at ``url``: its template is counted as known (learned by an earlier
        crawl) or new, per run (``templates/known``, ``templates/new``), and learned."""
        stats = self.crawler.stats
        assert stats is not None
        shape = template(url)
        known = shape in self._learned(newsroom)
        stats.inc_value(stat(newsroom, f"templates/{'known' if known else 'new'}"))
        self.found.setdefault(newsroom, Counter())[shape] += 1

    def process_item(self, item: Item) -> Item:
        if not isinstance(item, PageItem):
            self.batches.add(item)
            return item
        why = self._verdict(item)
        if why is None:
            self.held.setdefault(item.newsroom, []).append(item)
            return item
        self._settle(item, why)
        if item.newsroom in self.held:
            self._release(item.newsroom)
        return item

    def _release(self, newsroom: str, final: bool = False) -> None:
        """Settle the pages of ``newsroom`` held so far that can be told now; when ``final``,
        all of them: a page still undecided (too few pages read to tell) is stored."""
        held = []
        for item in self.held.pop(newsroom, []):
            if self.database_error is not None:
                return  # the crawl is stopping: its pages are read again next time
            why = self._verdict(item, final)
            if why is None:
                held.append(item)
                continue
            with suppress(DropItem):  # counted and logged where it was dropped
                self._settle(item, why)
        if held:
            self.held[newsroom] = held

    def _verdict(self, item: PageItem, final: bool = False) -> str | None:
        """Why the page of ``item`` holds no story ("": it holds its stories), or None when
        it is too early to tell; when ``final``, never None."""
        if not final and id(item) in self.held_to_end:
            return None
        section = self._section(item)
        article = _page_story(item)
        if section and not final and article is not None and _states_date(article, item.url):
            # A dated page that indexes the stories read so far: a story whose "more news"
            # links were read before the template links that hold them, told once all are.
            self.held_to_end.add(id(item))
            return None
        if section:
            return SECTION
        if self._undated(item):
            dated, stored = self._dated(item.newsroom)
            if stored < DATED_STORIES:
                return "" if final else None
            if dated < DATED_SHARE * stored:
                return ""
            if filed_as_call(item.url) and not self._stories_among_calls(item.newsroom):
                # A course's, a vacancy's, a tender's page: no story whose date cannot be
                # read, where its newsroom's stories state theirs and are filed elsewhere.
                return f"states no date, filed among calls, where {dated} of {stored} stories do"
            if (self._named_like_stories(item) and not self._in_a_section(item)) or (
                self._at_a_story_address(item) and not self._standing_page(item)
            ):
                return ""
            return f"states no date, where {dated} of {stored} stories of its newsroom do"
        return "" if final or section is not None else None

    def _settle(self, item: PageItem, why: str) -> None:
        """Store ``item``, or drop it for ``why`` it holds no story."""
        if not why:
            self.batches.add(item)
            return
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value(stat(item.newsroom, f"pages/{Reason.NOT_A_STORY}"))
        logger.debug(
            "No story at %(url)s (%(newsroom)s): %(why)s",
            {"url": item.url, "newsroom": item.newsroom, "why": why},
        )

    def _undated(self, item: PageItem) -> bool:
        """Whether the page of ``item`` is one story that states no date (`_states_date`), or
        only the day it was first written on a page kept up to date (`_kept_up_to_date`), off
        its family's story URLs (a page on them is its family's story, dated or not)."""
        article = _page_story(item)
        if article is None or (_states_date(article, item.url) and not _kept_up_to_date(article)):
            return False
        return not FAMILIES[self._family(item.newsroom)].is_story_url(item.url)

    def _at_a_story_address(self, item: PageItem) -> bool:
        """Whether ``item`` is at an address of an identifier where its newsroom's dated
        stories are (`template`, with a query or a number: "NewsItem.aspx?ItemID=<id>"), as
        this crawl stored them or earlier ones learned: a story whose date is written so that
        it cannot be read (03/04/2024), not an about page beside "/<slug>/" stories."""
        mould = template(item.url)
        if "?" not in mould and "<id>" not in mould:  # an id stands only in a page's name
            return False
        dated = self.dated_templates.get(item.newsroom, set())
        return mould in dated or mould in self._learned(item.newsroom)

    def _standing_page(self, item: PageItem) -> bool:
        """Whether the page of ``item`` is a standing page its site's footer links: linked
        from most pages (a template link) and no date in it at all, not even one htmldate
        reads ("showcontent/index.html?id=1776", a text on how the rate is set, beside
        "?id=21955" stories). A story a "latest" box on every page links is a template link
        too, and its page has a day htmldate reads where no date line states one (JWC's
        newest stories): it stays a story whose date cannot be read."""
        article = _page_story(item)
        if article is None or article.published is not None or article.updated is not None:
            return False
        rules = FAMILIES[self._family(item.newsroom)].url_rules
        return bool(self._site(item.newsroom).everywhere(canonical_url(item.url, rules)))

    def _in_a_section(self, item: PageItem) -> bool:
        """Whether ``item`` is in a folder that is a section of its site (a template link:
        its menus link it on most pages) where none of its newsroom's dated stories is, as
        this crawl stored them or earlier ones learned (`template`, its last part aside): a
        consular service's page named by its title ("/servicos-consulares/legalizacao-de-
        documentos-convencao-da-apostila"), not a notice beside the news nor a story at an
        address of its own ("/mlo_belgrade/page98613721/mlo-briefs-defence-journalists")."""
        folder = item.url.rstrip("/").rsplit("/", 1)[0]
        site = self._site(item.newsroom)
        if not any(site.everywhere(url) for url in (folder, folder + "/")):
            return False
        folders = {
            shape.rsplit("/", 1)[0]
            for shape in (
                *self.dated_templates.get(item.newsroom, ()),
                *self._learned(item.newsroom),
            )
        }
        return template(item.url).rsplit("/", 1)[0] not in folders

    def _stories_among_calls(self, newsroom: str) -> bool:
        """Whether dated stories of ``newsroom`` are filed among calls (`filed_as_call`: a
        training centre's news at "/courses/<id>/<slug>"), as this crawl stored them or
        earlier ones learned (`template`)."""
        shapes = (*self.dated_templates.get(newsroom, ()), *self._learned(newsroom))
        return any(filed_as_call(f"http://{shape}") for shape in shapes)

    def _learned(self, newsroom: str) -> set[str]:
        """The story-URL templates earlier crawls of ``newsroom`` learned, as the spider
        loaded them before its first request."""
        learned: dict[str, set[str]] = getattr(self.crawler.spider, "learned", {})
        return learned.get(newsroom, set())

    @staticmethod
    def _named_like_stories(item: PageItem) -> bool:
        """Whether the address of ``item`` names a story by the words of its title
        (`named_like_a_story`) outside the site's pages about itself (`about_the_site`):
        "/news/consular-section-closed-on-monday", not "/serbia-and-the-osce" nor
        "/about-us/leadership-of-the-regional-office". A page that states when it was last
        updated and not when it was published ("Page last updated: 13.09.2019") is a page
        kept up to date, a service's ("/services-info/visitors-visa/new-hub-system-and-
        application-center-in-belgrade"), whatever its address."""
        article = _page_story(item)
        if article is not None and article.updated is not None and article.published is None:
            return False
        return named_like_a_story(item.url, content_words=True) and not about_the_site(item.url)

    def _dated(self, newsroom: str) -> tuple[int, int]:
        """How many stories of ``newsroom`` read from their own pages state their date, of how
        many (`storage.repository.Repository.dated`)."""
        if newsroom not in self.dates:
            assert self.repository is not None
            self.dates[newsroom] = list(self.repository.dated(newsroom))
        dated, stored = self.dates[newsroom]
        return dated, stored

    def _section(self, item: PageItem) -> bool | None:
        """Whether the page of ``item`` is a section of its site, at its address or at the one
        it names canonical (None: too early to tell)."""
        article = _page_story(item)
        if article is None:
            return False
        site = self._site(item.newsroom)
        family = FAMILIES[self._family(item.newsroom)]
        rules = family.url_rules
        # What the crawl never follows (a photo's attachment page, a share link) lists no
        # story: a story's gallery of attachment pages makes it no index.
        generic = FAMILIES["generic"]
        links = [link for link in item.links if not (family.denies(link) or generic.denies(link))]
        dated = _states_date(article, item.url) and not _kept_up_to_date(article)
        # The page's addresses: where it was fetched, where it was redirected from, and the
        # page it names its canonical when that is its twin (a mobile version,
        # "index.html?force_format=mobile", is its home page's).
        addresses = (canonical_url(item.url, rules), *item.redirected_from)
        if article.canonical is not None and _twins(article.canonical, item.url):
            addresses = (*addresses, article.canonical)
        verdicts = [site.section(url, links, dated) for url in addresses]
        if any(verdicts):
            return True
        return None if None in verdicts else False

    def _site(self, newsroom: str) -> SiteLinks:
        sites: dict[str, SiteLinks] = getattr(self.crawler.spider, "site_links", {})
        return sites.get(newsroom) or SiteLinks()

    def _family(self, newsroom: str) -> str:
        newsrooms: dict[str, Newsroom] = getattr(self.crawler.spider, "newsrooms", {})
        return newsrooms[newsroom].family if newsroom in newsrooms else "generic"

    def _write_batch(self, pending: list[Item]) -> None:
        """Write ``pending`` in one transaction; count and log them once it is committed. If
        it fails, write them again one by one (`_write_logged`)."""
        assert self.repository is not None
        if len(pending) > 1 and not self.stopping:
            try:
                with self.repository.batch():
                    reports = [self._write(item) for item in pending]
            except Exception:
                logger.debug("A batch of %d pages failed; writing them one by one", len(pending))
            else:
                for report in reports:
                    report()
                return
        for item in pending:
            if self.stopping:
                return  # the crawl is stopping: its pages are read again next time
            with suppress(DropItem):  # counted and logged there
                self._write_logged(item)

    @property
    def stopping(self) -> bool:
        """Whether the database refused a write: the crawl stops, nothing more is written."""
        return self.database_error is not None

    def _write_logged(self, item: Item) -> None:
        """Write ``item`` in a transaction of its own; a database that refuses it stops the
        crawl, a bug is logged and the crawl goes on."""
        assert self.repository is not None
        stats = self.crawler.stats
        assert stats is not None
        try:
            with self.repository.batch():
                report = self._write(item)
            report()
        except SQLAlchemyError as exc:
            # The database refused the write (full disk, gone server, read-only file). Each
            # page is one transaction, so none is half written; the crawl stops, as every
            # page it fetched now would be lost, and the next crawl fetches what is missing.
            stats.inc_value(stat(item.newsroom, "errors/storage"))
            if self.database_error is None:
                self.database_error = exc
                stats.set_value(DATABASE_ERROR, True)
                logger.error(
                    "Database write failed %(url)s (%(newsroom)s): %(error)s. Stopping the "
                    "crawl: stored stories are whole; make the database writable (disk space, "
                    "server, permissions) and crawl again to fetch the rest",
                    {
                        "url": item.url,
                        "newsroom": item.newsroom,
                        "error": scrub(reason(exc), self.database_url),
                    },
                )
                logger.debug("Database write failed", exc_info=exc)
                self._stop(DATABASE_ERROR)
            raise DropItem(f"not stored: {item.url}", log_level="DEBUG") from exc
        except Exception as exc:
            # A bug, or data the database cannot take: say so once, clearly, and go on.
            stats.inc_value(stat(item.newsroom, "errors/storage"))
            logger.exception(
                "Storage failed %(url)s (%(newsroom)s): %(error)s",
                {"url": item.url, "newsroom": item.newsroom, "error": exc},
            )
            raise DropItem(f"not stored: {item.url}", log_level="DEBUG") from exc

    def _write(self, item: Item) -> Report:
        """Write ``item``; return what to count and log once its transaction is committed."""
        assert self.repository is not None
        if isinstance(item, MovedItem):
            moved = self.repository.moved(item.url, item.to, item.fetched_at)
            return lambda: self._report_moved(item) if moved else None
        if isinstance(item, GoneItem):
            gone = self.repository.mark_gone(item.url, item.fetched_at)
            return lambda: self._report_gone(item) if gone else None
        return self._store(item)

    def _report_moved(self, item: MovedItem) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(stat(item.newsroom, "stories/moved"))
        logger.info(
            "Story moved %(url)s -> %(to)s (%(newsroom)s): HTTP %(status)d",
            {"url": item.url, "to": item.to, "newsroom": item.newsroom, "status": item.status},
        )

    def _report_gone(self, item: GoneItem) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(stat(item.newsroom, f"stories/{Outcome.GONE}"))
        logger.info(
            "Story gone %(url)s (%(newsroom)s): HTTP %(status)d",
            {"url": item.url, "newsroom": item.newsroom, "status": item.status},
        )

    def _stop(self, reason: str) -> None:
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            deferred_from_coro(engine.close_spider_async(reason=reason))

    def _store(self, item: PageItem) -> Report:
        assert self.repository is not None and not isinstance(item.extraction, Rejected)
        redirects = [(url, "redirect") for url in item.redirected_from]
        page_id = self.repository.save_page(
            item.url, item.status, item.content_type, item.body, item.fetched_at, item.packed
        )
        keys = item.keys or (None,) * len(item.extraction or ())
        stored: list[tuple[Article, Outcome]] = []
        for article, text_keys in zip(item.extraction or (), keys, strict=True):
            also_at = redirects + ([(article.canonical, "canonical")] if article.canonical else [])
            outcome = self.repository.save_article(
                article,
                item.newsroom,
                item.fetched_at,
                page_id,
                run_started=self.started,
                also_at=also_at if not article.from_listing else (),
                keys=text_keys,
            )
            stored.append((article, outcome))
        return lambda: self._report_stored(item.newsroom, stored)

    def _report_stored(self, newsroom: str, stored: list[tuple[Article, Outcome]]) -> None:
        """Count and log the stories of one page, stored."""
        stats = self.crawler.stats
        assert stats is not None
        for article, outcome in stored:
            stats.inc_value(stat(newsroom, f"stories/{outcome}"))
            if article.published is not None:
                self.dated_templates.setdefault(newsroom, set()).add(template(article.url))
            if outcome == Outcome.NEW and newsroom in self.dates and not article.from_listing:
                self.dates[newsroom][0] += _own_date(article)
                self.dates[newsroom][1] += 1
            elif not article.from_listing:
                # A story a listing showed whole may be read from its own page only now: the
                # counts are read again when next asked (`_dated`).
                self.dates.pop(newsroom, None)
            if outcome == Outcome.NEW:
                self._count_template(newsroom, article.url)
            level = logging.INFO if outcome in NOTEWORTHY else logging.DEBUG
            logger.log(
                level,
                "Story %(outcome)s %(url)s (%(newsroom)s): %(title)s",
                {
                    "outcome": outcome,
                    "url": article.url,
                    "newsroom": newsroom,
                    "title": article.title,
                },
            )
