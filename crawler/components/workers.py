"""Pages read off the reactor thread: a pool of worker processes that read fetched pages.

Reads ``EXTRACTION_PROCESSES`` (workers; 0 reads pages on the reactor thread, as a debugger
wants). A spider hands each fetched page to a worker as bytes (`Fetched`) and gets back
(`Read`) its links, its stories and their dedup keys: the page is read in one process, and the
crawl's own process only fetches, routes and stores. Workers start from a fork server that has
imported the extraction modules once (and py3langid's model: `crawler.components.preload`),
ignore Ctrl-C (the crawl's own process decides when to stop), end when the crawl's process
ends, however it ends (SIGKILL too), and never touch the database. A worker that dies
(killed, out of memory, a crash in a C library) breaks its pool: the pool is started again and
the page read once more; a page that breaks it twice is an extraction error, counted like any
other. So is a page a worker has not read in ``EXTRACTION_TIMEOUT`` seconds: the worker is
killed, as if it had died.

How many pages wait for a worker is bounded by Scrapy itself: a response stays in the
scraper until its callback and its items are done, and the engine stops downloading while the
scraper holds more than ``SCRAPER_SLOT_MAX_ACTIVE_SIZE`` bytes of them, so a fast downloader
waits for the workers instead of piling pages up in memory. Of those, at most `IN_FLIGHT` per
worker are handed to the pool at once; the rest wait on the crawl's thread.
"""

from __future__ import annotations

import asyncio
import importlib.machinery
import logging
import multiprocessing
import os
import re
import select
import signal
import sys
import threading
import time
import traceback
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from scrapy.linkextractors import LinkExtractor

from crawler.core.families import FAMILIES
from crawler.core.items import Extraction, Rejected
from crawler.core.keys import TextKeys, canonical_url, text_keys
from crawler.core.language import script_of
from crawler.core.packing import PackedPage, pack
from crawler.extraction import extract

if TYPE_CHECKING:
    from datetime import date, datetime

    from scrapy.http import TextResponse

    from crawler.core.newsrooms import Newsroom

__all__ = [
    "EXTRACTION_TIMEOUT",
    "ExtractionPool",
    "Fetched",
    "Links",
    "PageTooSlow",
    "Read",
    "page_links",
    "read",
]

logger = logging.getLogger(__name__)

#: What a worker imports before it forks (the fork server's preload): everything `read` needs.
PRELOAD = [
    "crawler.components.workers",
    "crawler.components.preload",
    "datasketch",
    "zstandard",
    "trafilatura",
    "htmldate",
    "dateparser",
]


@dataclass(frozen=True)
class Fetched:
    """A fetched page, as a worker reads it. With a ``response_class`` (the Scrapy response's
    own, which decodes the body as the crawl did) its links are read too."""

    body: bytes
    url: str
    newsroom: Newsroom
    fetched_at: datetime
    content_type: str | None = None
    listing: bool = False
    #: The day a listing's teaser stated beside its link to this page (`Rejected.teaser_dates`).
    teaser_date: date | None = None
    response_class: type[TextResponse] | None = None
    link_limit: int = 2000


@dataclass(frozen=True)
class Links:
    """The links of one page (`page_links`)."""

    found: tuple[str, ...]  # in the newsroom's scope, in page order, each once
    canonical: tuple[str, ...]  # `canonical_url` of each of ``found``
    offsite: tuple[str, ...]  # the others
    total: int  # links on the page, of which the first ``link_limit`` were read
    menu: str  # which of its site's menus the page shows (`crawler.core.sitelinks`)


@dataclass(frozen=True)
class Read:
    """One page read: its stories (or why it has none) and each story's dedup keys, or the
    error extraction raised (with its traceback); and its links, when they were asked for."""

    extraction: Extraction | None
    keys: tuple[TextKeys, ...] = ()
    links: Links | None = None
    error: str | None = None
    trace: str | None = None
    packed: PackedPage | None = None  # the body as stored, when the page holds stories


def read(page: Fetched) -> Read:
    """All the work on one fetched page's bytes, in one process (pure and picklable by name,
    like `crawler.extraction.extract`): its links, its stories, their dedup keys, and the body
    as stored when it holds stories."""
    links = None
    if page.response_class is not None:
        response = page.response_class(
            url=page.url,
            body=page.body,
            headers={"Content-Type": page.content_type} if page.content_type else None,
        )
        links = page_links(response, page.newsroom, page.link_limit)
    try:
        extraction = extract(
            page.body,
            page.url,
            page.newsroom,
            page.fetched_at,
            page.content_type,
            page.listing,
            page.teaser_date,
        )
        if isinstance(extraction, Rejected):
            return Read(extraction, links=links)
        keys = tuple(text_keys(article.text) for article in extraction)
        return Read(extraction, keys, links, packed=pack(page.body))
    except Exception as exc:
        return Read(None, links=links, error=str(exc) or repr(exc), trace=traceback.format_exc())


def page_links(response: TextResponse, newsroom: Newsroom, limit: int) -> Links:
    """The links of ``response``, of the first ``limit`` on it, split into those in the
    newsroom's scope (Scrapy's link extractor: not a file, each once) and the others; and the
    menu it shows: its declared language and the script of its links' texts (a site's Latin
    and Cyrillic versions, declared alike or not at all, each have a menu of their own)."""
    # Scrapy's allow_domains compares the port too: a site on :8080 would match nothing.
    # Each link costs a parse and a join, so a page of 150,000 links is read only so far.
    anchors = "//a[@href] | //area[@href]"
    total = int(float(response.xpath(f"count({anchors})").get() or 0))
    # Restricted, the extractor reads each link as a document of its own: twice the cost of
    # reading the page whole, which gives the same links when there are no more than ``limit``.
    restrict = f"({anchors})[position() <= {limit}]" if total > limit else ()
    extractor = LinkExtractor(restrict_xpaths=restrict, unique=True)
    found: list[str] = []
    offsite: list[str] = []
    urls = [link.url for link in extractor.extract_links(response)]
    urls += [url for url in script_pager(response) if url not in urls]
    for url in urls:
        (found if newsroom.in_scope(url) else offsite).append(url)
    rules = FAMILIES[newsroom.family].url_rules
    declared = response.xpath("string(/html/@lang)").get() or ""
    script = script_of(" ".join(response.xpath("//a//text()").getall())) or ""
    return Links(
        tuple(found),
        tuple(canonical_url(url, rules) for url in found),
        tuple(offsite),
        total,
        f"{declared}/{script}",
    )


#: A pager a script writes: a call with the count of pages, the current one (from 0), the
#: pages' file name and extension, as the TRS CMS of Chinese government sites writes its
#: listings' pagers (``createPageHTML(5, 0, "index", "htm")``: index.htm, index_1.htm ...).
_SCRIPT_PAGER = re.compile(
    r"\b\w+\(\s*(?P<count>\d{1,4})\s*,\s*(?P<current>\d{1,4})\s*,\s*[\"'](?P<name>[\w-]+)[\"']"
    r"\s*,\s*[\"'](?P<ext>s?html?|php|aspx?|jsp)[\"']\s*\)"
)
#: Pages of a script's pager followed at most: a listing's older pages, not its archive.
SCRIPT_PAGER_PAGES = 50


def script_pager(response: TextResponse) -> list[str]:
    """The pages of the listing pager that an inline script of ``response`` writes (no link
    on the page leads to them): ``name_1.ext`` to the last but the current one, up to
    `SCRIPT_PAGER_PAGES`, beside the page's own address."""
    pages: list[str] = []
    for script in response.xpath("//script[not(@src)]/text()").getall():
        for call in _SCRIPT_PAGER.finditer(script):
            count = min(int(call["count"]), SCRIPT_PAGER_PAGES)
            name, ext, current = call["name"], call["ext"], int(call["current"])
            # The first page is the listing's own folder ("./"), which the page links.
            names = [f"{name}_{n}.{ext}" for n in range(1, count) if n != current]
            pages += [response.urljoin(page) for page in names]
    return list(dict.fromkeys(pages))


def _start_worker(crawl: int) -> None:
    """A worker's start: Ctrl-C reaches the whole process group, but the crawl's process
    decides when to stop (it finishes its pages first); and the worker ends when the crawl's
    process ends, however it ends (a pool's workers outlive a killed parent otherwise, and
    keep its fork server alive with them)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_end_with, args=(crawl,), name="end-with-crawl", daemon=True).start()


def _end_with(pid: int) -> None:
    try:
        handle = os.pidfd_open(pid)
    except ProcessLookupError:
        os._exit(0)
    except (AttributeError, OSError):  # no pidfd (not Linux, or before 5.3): ask every second
        while True:
            time.sleep(1)
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                os._exit(0)
    select.select([handle], [], [])  # readable once the process has ended
    os._exit(0)


def _main_stays_home() -> None:
    """Keep the crawl's main module out of its workers: they need nothing of it.

    multiprocessing runs a script's main module again in each worker it starts (as
    ``__mp_main__``, so that functions defined there can be unpickled). For the ``newsroom``
    console script that is the whole CLI, about 70 MB of private memory in every worker. A
    main module run by name is not run again when its name is ``__main__`` or ends in
    ``.__main__`` (``python -m crawler.cli``); a script's has no name (no ``__spec__``), so
    it is given that one. Workers run only `read`, which lives here."""
    main = sys.modules.get("__main__")
    if main is not None and getattr(main, "__spec__", None) is None and hasattr(main, "__file__"):
        main.__spec__ = importlib.machinery.ModuleSpec("__main__", None)


def _unheeded(future: asyncio.Future[Read]) -> None:
    """Take the outcome of a page nobody waits for any more (no "never retrieved" warning)."""
    if not future.cancelled():
        future.exception()


class PageTooSlow(Exception):
    """A page a worker did not finish reading in time (``EXTRACTION_TIMEOUT``)."""


#: Seconds a worker may read one page (``EXTRACTION_TIMEOUT``): pages take some tens of
#: milliseconds; one that takes this long has caught a parser or a regular expression in a loop.
EXTRACTION_TIMEOUT = 60.0

#: Pages handed to the workers at once, per worker: enough that a worker never waits for the
#: crawl's busy thread to hand it the next (with 2 a page, the workers of a 1,000-page crawl
#: used 153% of two cores; with 8, 162%, as many as unbounded), few enough that a page's time
#: limit counts little more than its own reading (pages take some tens of milliseconds).
IN_FLIGHT = 8


class ExtractionPool:
    """`read` in ``processes`` worker processes (none: in the calling thread), each page in at
    most ``timeout`` seconds (in a worker; inline, a page takes the time it takes)."""

    def __init__(self, processes: int, timeout: float = EXTRACTION_TIMEOUT) -> None:
        self.processes = max(0, processes)
        self.timeout = timeout if timeout > 0 else None
        self._executor: ProcessPoolExecutor | None = None
        #: The tables of workers of the pools that broke or were ended (`_kill_workers`).
        self._ended: list[dict[int, BaseProcess]] = []
        #: Held while a page a dead worker took down is read again (`read`), per event loop.
        self._again: WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            WeakKeyDictionary()
        )
        #: Pages handed to the workers and not yet read, bounded (`IN_FLIGHT`), per event loop.
        self._slots: WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
            WeakKeyDictionary()
        )

    def _start(self) -> ProcessPoolExecutor:
        _main_stays_home()
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        self._executor = ProcessPoolExecutor(
            self.processes,
            mp_context=context,
            initializer=_start_worker,
            initargs=(os.getpid(),),
        )
        logger.info(
            "Extraction in %(processes)d worker processes (EXTRACTION_PROCESSES)",
            {"processes": self.processes},
        )
        return self._executor

    async def read(self, page: Fetched) -> Read:
        """Read ``page``, in a worker when there are workers; a page that broke the workers
        twice raises `BrokenProcessPool`, one not read in ``timeout`` seconds `PageTooSlow`.

        A worker that dies takes every page in flight down with it. They are read again one
        at a time, so the page that killed it breaks the new pool alone: the others are read,
        and only it fails, the second time. A worker still at a page when its time is up is
        killed: the page fails at once, and the others in flight are read again as above."""
        if not self.processes:
            return read(page)
        try:
            return await self._submit(page)
        except BrokenProcessPool:
            loop = asyncio.get_running_loop()
            async with self._again.setdefault(loop, asyncio.Lock()):
                return await self._submit(page, again=True)

    async def _submit(self, page: Fetched, again: bool = False) -> Read:
        """Read ``page`` in a worker; ``again``: one at a time, after the workers died.

        A page's time runs from when it is handed to the pool, so a page queued behind a
        stuck one runs out of time too: the first time, running out ends the workers and
        counts as their death (`BrokenProcessPool`: read again, one at a time); only a page
        out of time again is `PageTooSlow`."""
        loop = asyncio.get_running_loop()
        slots = self._slots.setdefault(loop, asyncio.Semaphore(IN_FLIGHT * self.processes))
        async with slots:
            executor = self._executor or self._start()
            work: Future[Read] | None = None
            try:
                work = executor.submit(read, page)  # raises on a pool already broken
                return await self._outcome(work)
            except TimeoutError:
                if executor is self._executor:
                    logger.warning(
                        "Reading %(url)s (%(newsroom)s) or a page before it took longer than "
                        "%(timeout)g s (EXTRACTION_TIMEOUT); killing the workers and reading "
                        "the pages in flight again one by one",
                        {"url": page.url, "newsroom": page.newsroom.key, "timeout": self.timeout},
                    )
                    self._end(executor)
                if again:
                    raise PageTooSlow(
                        f"not read in {self.timeout:g} s (EXTRACTION_TIMEOUT): a worker killed"
                    ) from None
                raise BrokenProcessPool("a worker ran out of time (EXTRACTION_TIMEOUT)") from None
            except asyncio.CancelledError:
                task = asyncio.current_task()
                cancelled = work is not None and work.cancelled()
                if cancelled and (task is None or not task.cancelling()):
                    # The page was taken back from an ended pool, not the crawl stopping.
                    raise BrokenProcessPool("the workers were ended") from None
                raise
            except BrokenProcessPool:
                if executor is self._executor:  # the first page to see it starts a new pool
                    logger.warning(
                        "An extraction worker died while reading %(url)s (%(newsroom)s) or a "
                        "page beside it; starting the workers again and reading those pages "
                        "one by one",
                        {"url": page.url, "newsroom": page.newsroom.key},
                    )
                    self._kill_workers(executor)
                    executor.shutdown(wait=False, cancel_futures=True)
                    self._executor = None
                raise

    async def _outcome(self, work: Future[Read]) -> Read:
        """What ``work`` came to, or `TimeoutError` when it took longer than ``timeout``.

        It is not cancelled when its time is up (as `asyncio.wait_for` would): a cancelled
        page still queued makes the pool's manager thread crash when the pool is ended, on
        Python 3.11 (it sets an error on every page it holds)."""
        future = asyncio.wrap_future(work)
        done, _ = await asyncio.wait({future}, timeout=self.timeout)
        if future not in done:
            future.add_done_callback(_unheeded)
            raise TimeoutError
        return future.result()

    def _end(self, executor: ProcessPoolExecutor) -> None:
        """Kill ``executor``'s workers: one is stuck, and a pool cannot take back a page it
        handed out. Its other pages, queued ones too, fail with `BrokenProcessPool` (not
        cancelled: a cancelled page would be neither read nor counted) and are read again."""
        self._kill_workers(executor)
        executor.shutdown(wait=False)
        if executor is self._executor:
            self._executor = None

    def _kill_workers(self, executor: ProcessPoolExecutor) -> None:
        """Kill every worker ``executor`` has (before it is shut down: shutting down forgets
        them), and keep its table of workers for `close` to kill any still in it.

        Before Python 3.12 a pool that breaks does not stop a page handed to it meanwhile from
        starting one more worker (its manager thread ends the workers it knows of without the
        pool's lock): that worker waits for work forever, and the manager thread, and with it
        the interpreter's exit, waits for that worker."""
        kill = getattr(executor, "kill_workers", None)  # Python 3.14 and later
        if kill is not None:
            with suppress(OSError, ValueError, RuntimeError):
                kill()
        # Before, the pool's table of workers is the one handle there is; the manager thread
        # holds the same table, so a worker added to it later is found there by `close`.
        table = getattr(executor, "_processes", None)
        if isinstance(table, dict):
            _kill(table)
            if all(kept is not table for kept in self._ended):
                self._ended.append(table)

    def close(self) -> None:
        """Stop the workers (pages still queued are not read: the crawl is over), and kill
        any worker still left of the pools that broke or were ended (`_kill_workers`)."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
        ended, self._ended = self._ended, []
        for table in ended:
            _kill(table)


def _kill(table: dict[int, BaseProcess]) -> None:
    """Kill the worker processes of a pool's ``table`` still running."""
    for process in list(table.values()):
        with suppress(OSError, ValueError, AssertionError):
            if process.is_alive():
                process.kill()
