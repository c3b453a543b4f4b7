"""Run one crawl of some newsrooms in this process, summarise and record it per newsroom.

One Scrapy crawler per newsroom (its own stats, delay and page budget), at most
``NEWSROOM_PARALLEL_CRAWLS`` at a time. A Twisted reactor runs once per process: call
`run_crawl` (or `run_recorded_crawl`) once, or run it in a child process (the scheduler does).
`run_recorded_crawl` makes the crawls one run: its id, log file (`crawler.run.runlog`;
``LOG_DIR``, ``LOG_KEEP_DAYS``) and metrics file (``METRICS_FILE``); each crawler's
`crawler.components.recording` extension writes its ``crawl_run`` rows. ``PROGRESS_INTERVAL``
paces the progress lines of an interactive crawl.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import sys
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings

from crawler.components.recording import (
    NewsroomSummary,
    RunRecording,
    log_abandoned,
    record_not_started,
    summary_of,
    write_metrics_file,
)
from crawler.core import clock
from crawler.core.events import event
from crawler.core.newsrooms import Newsroom, Newsrooms
from crawler.run.runlog import RunLog, prune_logs, run_log_path
from storage.database import redact
from storage.runs import CrawlRuns

__all__ = [
    "NewsroomSummary",
    "RecordedRun",
    "run_crawl",
    "run_recorded_crawl",
]


def run_crawl(
    newsrooms: Sequence[Newsroom],
    registry: Newsrooms,
    settings: Settings,
    *,
    progress_every: float | None = None,
) -> list[NewsroomSummary]:
    """Crawl ``newsrooms`` once; return a summary per newsroom, in the given order.

    With ``progress_every`` seconds, a line per running newsroom goes to stderr that often.
    """
    from twisted.internet import defer, task

    process = CrawlerProcess(settings)
    # Their per-paragraph DEBUG lines would drown a debug crawl log.
    for chatty in ("trafilatura", "htmldate", "courlan"):
        logging.getLogger(chatty).setLevel(max(logging.INFO, logging.getLogger().level))
    semaphore = defer.DeferredSemaphore(max(1, settings.getint("NEWSROOM_PARALLEL_CRAWLS", 4)))
    runs: list[_Run] = []
    waiting = []
    for newsroom in newsrooms:
        # By name, from SPIDER_MODULES: a family's spider is named after it.
        crawler = process.create_crawler(newsroom.family)
        if newsroom.crawl_delay:
            crawler.settings.set("DOWNLOAD_DELAY", newsroom.crawl_delay, priority="spider")
        run = _Run(newsroom, crawler)
        runs.append(run)
        waiting.append(semaphore.run(_timed, process, run, registry))
    everything = defer.DeferredList(waiting, consumeErrors=True)
    if progress_every:
        ticker = task.LoopingCall(_progress, runs, sys.stderr)
        ticker.start(progress_every, now=False)
        everything.addBoth(lambda _: ticker.stop() if ticker.running else None)
    # Later, not at once: every crawl may fail before the reactor runs (a bad setting), and
    # a stop before the start would leave the reactor running for ever.
    from twisted.internet import reactor

    def stop(_: object) -> None:
        reactor.callLater(0, process._stop_reactor)  # type: ignore[arg-type]  # zope interface

    everything.addBoth(stop)
    process.start(stop_after_crawl=False)
    return [run.summary or _summary(run) for run in runs]


@dataclass
class _Run:
    """One newsroom's crawl within a run."""

    newsroom: Newsroom
    crawler: Crawler
    start: float | None = None
    end: float | None = None
    summary: NewsroomSummary | None = None


def _timed(process: CrawlerProcess, run: _Run, registry: Newsrooms) -> Any:
    run.start = time.monotonic()
    done = process.crawl(run.crawler, newsroom=run.newsroom.key, newsrooms=registry)

    def finished(result: Any) -> Any:
        run.end = time.monotonic()
        run.summary = _summary(run)
        if hasattr(result, "getErrorMessage"):  # a Failure: the crawl could not run
            settings = run.crawler.settings
            run_id = settings.get("NEWSROOM_RUN_ID")
            error = result.getErrorMessage()
            key = run.newsroom.key
            event(
                "crawl.error",
                logging.ERROR,
                run=run_id[:8] if run_id else None,
                newsroom=key,
                error=error,
            )
            if run_id and not _recorded(run.crawler):
                # Its spider never opened, so the recording extension never saw it.
                record_not_started(settings, key, run.newsroom.name, error)
        return result

    return done.addBoth(finished)


def _recorded(crawler: Crawler) -> bool:
    """Whether the crawler's `RunRecording` extension recorded its crawl."""
    try:
        extensions = crawler.extensions.middlewares
    except (AttributeError, RuntimeError):  # the crawl failed before its extensions were made
        return False
    return any(isinstance(ext, RunRecording) and ext.opened for ext in extensions)


def _stats(crawler: Crawler) -> dict[str, Any]:
    try:
        stats = crawler.stats
    except RuntimeError:  # Scrapy 2.19: the crawl failed before it started
        return {}
    return stats.get_stats() if stats is not None else {}


def _summary(run: _Run) -> NewsroomSummary:
    seconds = (run.end or run.start or 0.0) - (run.start or 0.0)
    return summary_of(run.newsroom.key, run.newsroom.name, _stats(run.crawler), None, seconds)


def _progress(runs: Sequence[_Run], stream: TextIO) -> None:
    """One line per newsroom whose crawl runs: pages, stories new and updated, errors."""
    now = time.monotonic()
    lines = [
        f"{run.newsroom.key}: {counts.pages} pages, {counts.new} new, "
        f"{counts.updated} updated, {counts.errors} errors ({now - run.start:.0f}s)\n"
        for run in runs
        if run.start is not None and run.end is None
        for counts in [_summary(run)]
    ]
    with contextlib.suppress(OSError, ValueError):  # stderr closed: the crawl goes on
        stream.write("".join(lines))
        stream.flush()


# -- the recorded crawl -------------------------------------------------------------------


@dataclass(frozen=True)
class RecordedRun:
    """What `run_recorded_crawl` did: a summary per newsroom, and where it left its records."""

    run_id: str
    summaries: list[NewsroomSummary]
    log_path: Path
    metrics_path: Path | None

    @property
    def status(self) -> str:
        statuses = {s.status for s in self.summaries}
        return next((s for s in ("interrupted", "failed") if s in statuses), "finished")


def run_recorded_crawl(
    newsrooms: Sequence[Newsroom],
    registry: Newsrooms,
    settings: Settings,
    *,
    log_file: Path | None = None,
    progress_every: float | None = None,
) -> RecordedRun:
    """`run_crawl` as one run: one log file, a ``crawl_run`` row per newsroom (written by the
    `crawler.components.recording` extension of each crawler), and fresh metrics.

    Before crawling: run logs older than ``LOG_KEEP_DAYS`` are deleted and runs left
    ``running`` by a process that is gone are marked ``interrupted``.
    """
    run_id = str(uuid.uuid4())
    started = clock.now()
    log_dir = Path(settings["LOG_DIR"])
    log_path = log_file or run_log_path(log_dir, started, run_id)
    database_url = settings["DATABASE_URL"]
    keys = [n.key for n in newsrooms]
    settings = settings.copy()
    settings.setdict(
        {
            "NEWSROOM_RUN_ID": run_id,
            "NEWSROOM_RUN_LOG": str(log_path),
            "NEWSROOM_RUN_NEWSROOMS": keys,
        },
        priority="cmdline",
    )
    runs = CrawlRuns.open(database_url)
    try:
        with RunLog(log_path, settings["LOG_LEVEL"]):
            event(
                "run.started",
                run=run_id,
                newsrooms=",".join(keys),
                host=socket.gethostname(),
                pid=os.getpid(),
                db=redact(database_url),
                log=log_path,
                backfill=settings.getbool("BACKFILL"),
            )
            for path, age in prune_logs(log_dir, settings.getfloat("LOG_KEEP_DAYS"), started):
                event("log.deleted", path=path, age_days=age)
            log_abandoned(runs)
            summaries = run_crawl(newsrooms, registry, settings, progress_every=progress_every)
            done = RecordedRun(run_id, summaries, log_path, write_metrics_file(runs, settings))
            event(
                "run.finished",
                logging.INFO if done.status == "finished" else logging.WARNING,
                run=run_id,
                status=done.status,
                newsrooms=len(summaries),
                failed=sum(s.status != "finished" for s in summaries),
                seconds=(clock.now() - started).total_seconds(),
            )
            return done
    finally:
        runs.close()
