"""Run one crawl of some newsrooms in this process and summarise it per newsroom.

One Scrapy crawler per newsroom (its own stats, delay and page budget), at most
``NEWSROOM_PARALLEL_CRAWLS`` at a time. A Twisted reactor runs once per process: call
`run_crawl` once, or run it in a child process (the scheduler does).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings

from crawler.newsrooms import Newsroom, Newsrooms
from crawler.pipelines import stat

__all__ = ["NewsroomSummary", "project_settings", "run_crawl"]

logger = logging.getLogger(__name__)


def project_settings(overrides: dict[str, Any] | None = None) -> Settings:
    """The project's settings (`crawler.settings`) with ``overrides`` at command-line priority."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    if overrides:
        settings.setdict(overrides, priority="cmdline")
    return settings


@dataclass
class NewsroomSummary:
    """What one crawl did for one newsroom."""

    key: str
    name: str
    finish_reason: str = "unknown"
    seconds: float = 0.0
    counters: dict[str, int] = field(default_factory=dict)

    def get(self, name: str) -> int:
        return self.counters.get(name, 0)

    @property
    def pages(self) -> int:
        return self.get("pages/fetched")

    @property
    def new(self) -> int:
        return self.get("stories/new")

    @property
    def updated(self) -> int:
        return self.get("stories/updated")

    @property
    def duplicates(self) -> int:
        """The same story again: another URL, the same text, or nearly the same text."""
        kinds = ("duplicate-url", "duplicate-content", "near-duplicate")
        return sum(self.get(f"stories/{kind}") for kind in kinds)

    @property
    def unchanged(self) -> int:
        """Known stories whose story did not change (a counter or a box may have)."""
        return self.get("stories/unchanged") + self.get("stories/cosmetic")

    @property
    def gone(self) -> int:
        return self.get("stories/gone")

    @property
    def no_story(self) -> int:
        return sum(
            v
            for k, v in self.counters.items()
            if k.startswith("pages/") and k not in ("pages/fetched", "pages/binary")
        )

    @property
    def errors(self) -> int:
        return sum(v for k, v in self.counters.items() if k.startswith("errors/"))

    @property
    def ok(self) -> bool:
        """Finished, fetched something, and extracted and stored all it fetched."""
        broken = self.get("errors/storage") + self.get("errors/extraction")
        return self.finish_reason == "finished" and self.pages > 0 and broken == 0


def run_crawl(
    newsrooms: Sequence[Newsroom],
    registry: Newsrooms,
    settings: Settings,
) -> list[NewsroomSummary]:
    """Crawl ``newsrooms`` once; return a summary per newsroom, in the given order."""
    from twisted.internet import defer

    from spiders import SPIDERS

    process = CrawlerProcess(settings)
    # Their per-paragraph DEBUG lines would drown a debug crawl log.
    for chatty in ("trafilatura", "htmldate", "courlan"):
        logging.getLogger(chatty).setLevel(max(logging.INFO, logging.getLogger().level))
    semaphore = defer.DeferredSemaphore(max(1, settings.getint("NEWSROOM_PARALLEL_CRAWLS", 4)))
    runs: list[tuple[Newsroom, Crawler, dict[str, float]]] = []
    waiting = []
    for newsroom in newsrooms:
        crawler = process.create_crawler(SPIDERS[newsroom.family])
        if newsroom.crawl_delay:
            crawler.settings.set("DOWNLOAD_DELAY", newsroom.crawl_delay, priority="spider")
        clock: dict[str, float] = {}
        runs.append((newsroom, crawler, clock))
        waiting.append(semaphore.run(_timed, process, crawler, newsroom, registry, clock))
    everything = defer.DeferredList(waiting, consumeErrors=True)
    everything.addBoth(lambda _: process._stop_reactor())
    process.start(stop_after_crawl=False)
    return [_summary(newsroom, crawler, clock) for newsroom, crawler, clock in runs]


def _timed(
    process: CrawlerProcess,
    crawler: Crawler,
    newsroom: Newsroom,
    registry: Newsrooms,
    clock: dict[str, float],
) -> Any:
    clock["start"] = time.monotonic()
    logger.info("Crawl started %(newsroom)s", {"newsroom": newsroom.key})
    done = process.crawl(crawler, newsroom=newsroom.key, newsrooms=registry)

    def finished(result: Any) -> Any:
        clock["end"] = time.monotonic()
        return result

    return done.addBoth(finished)


def _summary(newsroom: Newsroom, crawler: Crawler, clock: dict[str, float]) -> NewsroomSummary:
    stats = crawler.stats.get_stats() if crawler.stats is not None else {}
    prefix = stat(newsroom.key, "")
    counters = {k[len(prefix) :]: int(v) for k, v in stats.items() if k.startswith(prefix)}
    return NewsroomSummary(
        key=newsroom.key,
        name=newsroom.name,
        finish_reason=str(stats.get("finish_reason", "not started")),
        seconds=clock.get("end", clock.get("start", 0.0)) - clock.get("start", 0.0),
        counters=counters,
    )
