"""Extraction off the reactor thread: a pool of worker processes that read fetched pages.

Reads ``EXTRACTION_PROCESSES`` (workers; 0 reads pages on the reactor thread, as a debugger
wants). Each page goes to a worker as bytes and comes back as its stories with their dedup keys
(`read`), so the crawl's own process only fetches, routes and stores. Workers start from a
fork server that has imported the extraction modules once, ignore Ctrl-C (the crawl's own
process decides when to stop) and never touch the database. A worker that dies (killed, out of
memory, a crash in a C library) breaks its pool: the pool is started again and the page read
once more; a page that breaks it twice is an extraction error, counted like any other.

How many pages wait for a worker is bounded by Scrapy itself: a response stays in the
scraper until its items have passed the pipelines, and the engine stops downloading while the
scraper holds more than ``SCRAPER_SLOT_MAX_ACTIVE_SIZE`` bytes of them, so a fast downloader
waits for the workers instead of piling pages up in memory.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import signal
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TYPE_CHECKING

from crawler.core.items import Extraction, Rejected
from crawler.core.keys import TextKeys, text_keys
from crawler.extraction import extract

if TYPE_CHECKING:
    from datetime import datetime

    from crawler.core.items import PageItem
    from crawler.core.newsrooms import Newsroom

__all__ = ["ExtractionPool", "Read", "read"]

logger = logging.getLogger(__name__)

#: What a worker imports before it forks (the fork server's preload): everything `read` needs.
PRELOAD = ["crawler.components.workers", "datasketch", "trafilatura", "htmldate", "dateparser"]


@dataclass(frozen=True)
class Read:
    """One page read: its stories (or why it has none), and each story's dedup keys."""

    extraction: Extraction
    keys: tuple[TextKeys, ...] = ()


def read(
    html: bytes,
    url: str,
    newsroom: Newsroom,
    fetched_at: datetime,
    content_type: str | None = None,
    listing: bool = False,
) -> Read:
    """`crawler.extraction.extract`, then the dedup keys of each story it found: all the work
    on a page's text, in one process (pure and picklable by name, like `extract`)."""
    extraction = extract(html, url, newsroom, fetched_at, content_type, listing)
    if isinstance(extraction, Rejected):
        return Read(extraction)
    return Read(extraction, tuple(text_keys(article.text) for article in extraction))


def _ignore_interrupts() -> None:
    # Ctrl-C reaches the whole process group; the crawl's process finishes its pages first.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class ExtractionPool:
    """`read` in ``processes`` worker processes (none: in the calling thread)."""

    def __init__(self, processes: int) -> None:
        self.processes = max(0, processes)
        self._executor: ProcessPoolExecutor | None = None

    def _start(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        self._executor = ProcessPoolExecutor(
            self.processes, mp_context=context, initializer=_ignore_interrupts
        )
        logger.info(
            "Extraction in %(processes)d worker processes (EXTRACTION_PROCESSES)",
            {"processes": self.processes},
        )
        return self._executor

    async def read(self, item: PageItem, newsroom: Newsroom) -> Read:
        """Read the page of ``item``, in a worker when there are workers."""
        arguments = (
            item.body,
            item.url,
            newsroom,
            item.fetched_at,
            item.content_type,
            item.listing,
        )
        if not self.processes:
            return read(*arguments)
        for attempt in (1, 2):
            executor = self._executor or self._start()
            try:
                return await asyncio.wrap_future(executor.submit(read, *arguments))
            except BrokenProcessPool:
                if executor is self._executor:  # the first page to see it starts a new pool
                    logger.warning(
                        "An extraction worker died reading %(url)s (%(newsroom)s) or a page "
                        "beside it; starting the workers again",
                        {"url": item.url, "newsroom": newsroom.key},
                    )
                    executor.shutdown(wait=False, cancel_futures=True)
                    self._executor = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        """Stop the workers (pages still queued are not read: the crawl is over)."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
