"""A worker of shared crawls (`newsroom worker`): joins the crawls open in Redis
(`crawler.components.distributed`), one Scrapy crawler each, at most
``NEWSROOM_PARALLEL_CRAWLS`` at a time, until a signal (SIGTERM or Ctrl-C: its crawls read the
pages in hand, write their stories, hand them in and leave the rest to the others) or, with
``until_idle``, until no crawl is open."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings

from crawler.components.distributed import Crawls, connect, worker_name
from crawler.components.recording import write_metrics_file
from crawler.core.events import event
from crawler.core.newsrooms import ConfigError, Newsrooms
from crawler.run.runlog import RunLog
from storage.database import redact
from storage.runs import CrawlRuns

__all__ = ["WorkerReport", "run_worker"]

#: Seconds between two looks at Redis's list of open crawls.
POLL_SECONDS = 1.0
#: The priority of what a shared crawl's crawler sets: above the command line's, which Scrapy
#: merges into a crawler it is handed at equal priority (`CrawlerRunner.create_crawler`).
CRAWL_PRIORITY = 50


class _WorkerProcess(CrawlerProcess):
    """Scrapy's process, which says when a signal has asked it to stop (then no crawl is
    joined: those running end the pages in hand and leave)."""

    stopping = False

    def _signal_shutdown(self, signum: int, frame: Any) -> None:
        self.stopping = True
        super()._signal_shutdown(signum, frame)


@dataclass
class WorkerReport:
    """What a worker did: the crawls it took part in, and those that failed here."""

    name: str
    joined: list[tuple[str, str]] = field(default_factory=list)  # (crawl, newsroom)
    failed: list[str] = field(default_factory=list)  # newsroom keys


def run_worker(
    registry: Newsrooms,
    settings: Settings,
    *,
    log_file: Path,
    until_idle: bool = False,
) -> WorkerReport:
    """Take part in the open crawls of ``REDIS_URL`` until stopped (see the module)."""
    name = settings.get("DISTRIBUTED_WORKER") or worker_name()
    report = WorkerReport(name)
    client = connect(settings["REDIS_URL"])
    crawls = Crawls(client, settings.get("REDIS_PREFIX") or "newsroom")
    parallel = max(1, settings.getint("NEWSROOM_PARALLEL_CRAWLS", 4))
    ttl = settings.getfloat("DISTRIBUTED_WORKER_TTL")
    process = _WorkerProcess(settings)
    # Scrapy installs its reactor with the first crawler; this one polls before any.
    from scrapy.utils.reactor import install_reactor

    install_reactor(settings["TWISTED_REACTOR"], settings["ASYNCIO_EVENT_LOOP"])
    from twisted.internet import reactor, task

    for chatty in ("trafilatura", "htmldate", "courlan"):
        logging.getLogger(chatty).setLevel(max(logging.INFO, logging.getLogger().level))
    running: dict[str, Crawler] = {}
    done: set[str] = set()  # crawls this worker did its part of (or could not start)

    def join(crawl: str, key: str) -> None:
        try:
            (newsroom,) = registry.select([key])
        except (ConfigError, ValueError) as exc:
            # Another machine's newsrooms file has it: this one cannot take part.
            done.add(crawl)
            event("worker.skipped", logging.WARNING, crawl=crawl[:8], newsroom=key, error=exc)
            return
        crawler = process.create_crawler(newsroom.family)
        crawler.settings.setdict(
            {
                "DISTRIBUTED_CRAWL": crawl,
                "DISTRIBUTED_WORKER": name,
                "SCHEDULER": "crawler.components.distributed.SharedScheduler",
                "NEWSROOM_RUN_ID": crawl,  # one crawl_run row for every worker's part
                "NEWSROOM_RUN_LOG": str(log_file),
                "NEWSROOM_RUN_NEWSROOMS": [key],
            },
            priority=CRAWL_PRIORITY,
        )
        # The host's delay is kept in Redis, across workers (`SharedGate`); a delay of this
        # process's own on top would hold back a request already let through.
        delay = newsroom.crawl_delay or settings.getfloat("DOWNLOAD_DELAY")
        crawler.settings.set("DISTRIBUTED_DELAY", delay, priority=CRAWL_PRIORITY)
        crawler.settings.set("DOWNLOAD_DELAY", 0, priority=CRAWL_PRIORITY)
        running[crawl] = crawler
        report.joined.append((crawl, key))
        event("worker.joined", crawl=crawl[:8], newsroom=key, worker=name)
        finished = process.crawl(crawler, newsroom=key, newsrooms=registry)
        finished.addBoth(_ended(crawl, key))

    def _ended(crawl: str, key: str) -> Callable[[Any], None]:
        def ended(result: Any) -> None:
            running.pop(crawl, None)
            done.add(crawl)
            if hasattr(result, "getErrorMessage"):  # a Failure: the crawl could not run
                report.failed.append(key)
                event(
                    "crawl.error",
                    logging.ERROR,
                    run=crawl[:8],
                    newsroom=key,
                    error=result.getErrorMessage(),
                )
            runs = CrawlRuns.open(settings["DATABASE_URL"])
            try:
                write_metrics_file(runs, settings)
            finally:
                runs.close()

        return ended

    def _abandoned(crawl: str) -> bool:
        """A crawl this worker did its part of, still open with no live worker in it (the
        last died, or put its requests back): it is taken up again, to end it or finish it."""
        try:
            gone, _ = crawls.abandoned(crawl, ttl)
        except Exception:  # Redis away: poll says so
            return False
        if gone:
            event("worker.abandoned-crawl", logging.WARNING, crawl=crawl[:8], worker=name)
        return gone

    def poll() -> None:
        if process.stopping:  # a signal: the running crawls put back what they hold
            looking.stop()
            return
        try:
            listed = crawls.listed()
        except Exception as exc:  # Redis away: its crawls wait, this worker retries
            event("worker.redis-error", logging.ERROR, error=exc)
            return
        for crawl, key in listed:
            if crawl in running:
                continue
            if crawl in done and not _abandoned(crawl):
                continue
            if len(running) < parallel:
                done.discard(crawl)
                join(crawl, key)
        if until_idle and not running and not listed:
            looking.stop()
            reactor.callLater(0, process._stop_reactor)  # type: ignore[arg-type]  # zope interface

    with RunLog(log_file, settings["LOG_LEVEL"]):
        event(
            "worker.started",
            worker=name,
            host=socket.gethostname(),
            pid=os.getpid(),
            redis=redact(settings["REDIS_URL"]),
            db=redact(settings["DATABASE_URL"]),
            log=log_file,
            until_idle=until_idle,
        )
        looking = task.LoopingCall(poll)
        looking.start(settings.getfloat("DISTRIBUTED_POLL_CRAWLS", POLL_SECONDS))
        process.start(stop_after_crawl=False)
        event("worker.stopped", worker=name, crawls=len(report.joined), failed=len(report.failed))
    return report
