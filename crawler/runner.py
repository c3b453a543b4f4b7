"""Run one crawl of some newsrooms in this process, summarise and record it per newsroom.

One Scrapy crawler per newsroom (its own stats, delay and page budget), at most
``NEWSROOM_PARALLEL_CRAWLS`` at a time. A Twisted reactor runs once per process: call
`run_crawl` (or `run_recorded_crawl`) once, or run it in a child process (the scheduler does).
`run_recorded_crawl` also writes a ``crawl_run`` row per newsroom (`storage.runs`), the run's
log file (`crawler.runlog`; ``LOG_DIR``, ``LOG_KEEP_DAYS``) and the metrics file
(``METRICS_FILE``); ``PROGRESS_INTERVAL`` paces the progress lines of an interactive crawl.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import sys
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings

from crawler.newsrooms import Newsroom, Newsrooms
from crawler.pipelines import stat
from crawler.runlog import ErrorLines, RunLog, event, prune_logs, run_log_path
from storage.database import redact
from storage.runs import CrawlRuns, RunOutcome

__all__ = [
    "NewsroomSummary",
    "RecordedRun",
    "RunRecorder",
    "project_settings",
    "run_crawl",
    "run_recorded_crawl",
]


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

    @property
    def status(self) -> str:
        """How the crawl ended, for its ``crawl_run`` row: finished, failed or interrupted
        (Scrapy closes crawls with ``shutdown`` on SIGTERM or Ctrl-C)."""
        if self.finish_reason == "shutdown":
            return "interrupted"
        return "finished" if self.ok else "failed"


def run_crawl(
    newsrooms: Sequence[Newsroom],
    registry: Newsrooms,
    settings: Settings,
    *,
    recorder: RunRecorder | None = None,
    progress_every: float | None = None,
) -> list[NewsroomSummary]:
    """Crawl ``newsrooms`` once; return a summary per newsroom, in the given order.

    ``recorder`` hears when each newsroom's crawl starts and ends; with ``progress_every``
    seconds, a line per running newsroom goes to stderr that often.
    """
    from twisted.internet import defer, task

    from spiders import SPIDERS

    process = CrawlerProcess(settings)
    # Their per-paragraph DEBUG lines would drown a debug crawl log.
    for chatty in ("trafilatura", "htmldate", "courlan"):
        logging.getLogger(chatty).setLevel(max(logging.INFO, logging.getLogger().level))
    semaphore = defer.DeferredSemaphore(max(1, settings.getint("NEWSROOM_PARALLEL_CRAWLS", 4)))
    runs: list[_Run] = []
    waiting = []
    for newsroom in newsrooms:
        crawler = process.create_crawler(SPIDERS[newsroom.family])
        if newsroom.crawl_delay:
            crawler.settings.set("DOWNLOAD_DELAY", newsroom.crawl_delay, priority="spider")
        run = _Run(newsroom, crawler)
        runs.append(run)
        waiting.append(semaphore.run(_timed, process, run, registry, recorder))
    everything = defer.DeferredList(waiting, consumeErrors=True)
    if progress_every:
        ticker = task.LoopingCall(_progress, runs, sys.stderr)
        ticker.start(progress_every, now=False)
        everything.addBoth(lambda _: ticker.stop() if ticker.running else None)
    record_every = settings.getfloat("RUN_RECORD_INTERVAL")
    if recorder is not None and record_every > 0:
        recording = task.LoopingCall(recorder.progress, runs)
        recording.start(record_every, now=False)
        everything.addBoth(lambda _: recording.stop() if recording.running else None)
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


def _timed(
    process: CrawlerProcess, run: _Run, registry: Newsrooms, recorder: RunRecorder | None
) -> Any:
    run.start = time.monotonic()
    event("crawl.started", run=recorder.run_id[:8] if recorder else None, newsroom=run.newsroom.key)
    if recorder is not None:
        recorder.started(run.newsroom)
    done = process.crawl(run.crawler, newsroom=run.newsroom.key, newsrooms=registry)

    def finished(result: Any) -> Any:
        run.end = time.monotonic()
        if hasattr(result, "getErrorMessage"):  # a Failure: the crawl could not run
            run_id = recorder.run_id[:8] if recorder else None
            error = result.getErrorMessage()
            event("crawl.error", logging.ERROR, run=run_id, newsroom=run.newsroom.key, error=error)
        run.summary = _summary(run)
        if recorder is not None:
            recorder.finished(run.summary, _stats(run.crawler))
        return result

    return done.addBoth(finished)


def _stats(crawler: Crawler) -> dict[str, Any]:
    try:
        stats = crawler.stats
    except RuntimeError:  # Scrapy 2.19: the crawl failed before it started
        return {}
    return stats.get_stats() if stats is not None else {}


def _summary(run: _Run) -> NewsroomSummary:
    stats = _stats(run.crawler)
    prefix = stat(run.newsroom.key, "")
    counters = {k[len(prefix) :]: int(v) for k, v in stats.items() if k.startswith(prefix)}
    start = run.start or 0.0
    return NewsroomSummary(
        key=run.newsroom.key,
        name=run.newsroom.name,
        finish_reason=str(stats.get("finish_reason", "not started")),
        seconds=(run.end or run.start or 0.0) - start,
        counters=counters,
    )


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


class RunRecorder:
    """Writes each newsroom's ``crawl_run`` row when its crawl starts and when it ends, and
    says so in the run log. A database that refuses a write is logged, never fatal."""

    def __init__(
        self, run_id: str, runs: CrawlRuns, errors: ErrorLines, log_path: Path | None
    ) -> None:
        self.run_id = run_id
        self.runs = runs
        self.errors = errors
        self.log_path = log_path
        self.host = socket.gethostname()
        self.pid = os.getpid()

    def started(self, newsroom: Newsroom) -> None:
        try:
            self.runs.start(
                self.run_id,
                newsroom.key,
                datetime.now(UTC),
                log_path=str(self.log_path) if self.log_path else None,
                host=self.host,
                pid=self.pid,
            )
        except Exception as exc:  # a locked or vanished database must not stop the crawl
            self._failed(newsroom.key, exc)

    def finished(self, summary: NewsroomSummary, stats: Mapping[str, Any]) -> RunOutcome:
        outcome = outcome_of(summary, stats, self.errors.take(summary.key))
        level = logging.INFO if outcome.status == "finished" else logging.WARNING
        event(
            "crawl.finished",
            level,
            run=self.run_id[:8],
            newsroom=summary.key,
            status=outcome.status,
            reason=outcome.finish_reason,
            seconds=summary.seconds,
            requests=outcome.requests,
            not_modified=outcome.not_modified,
            pages=outcome.pages,
            new=outcome.stories_new,
            updated=outcome.stories_updated,
            duplicate=outcome.stories_duplicate,
            unchanged=outcome.stories_unchanged,
            gone=outcome.stories_gone,
            errors=outcome.errors,
            bytes=outcome.bytes,
        )
        try:
            self.runs.finish(self.run_id, summary.key, datetime.now(UTC), outcome)
        except Exception as exc:
            self._failed(summary.key, exc)
        return outcome

    def progress(self, runs: Sequence[_Run]) -> None:
        """Write the counts so far of each running crawl to its row (`CrawlRuns.progress`)."""
        for run in runs:
            if run.start is None or run.summary is not None:
                continue  # not started, or finished and recorded
            try:
                self.runs.progress(
                    self.run_id, run.newsroom.key, outcome_of(_summary(run), _stats(run.crawler))
                )
            except Exception as exc:  # a locked or vanished database must not stop the crawl
                self._failed(run.newsroom.key, exc)

    def _failed(self, key: str, exc: Exception) -> None:
        event("record.failed", logging.ERROR, run=self.run_id[:8], newsroom=key, error=exc)


def outcome_of(
    summary: NewsroomSummary, stats: Mapping[str, Any], error_lines: Sequence[str] = ()
) -> RunOutcome:
    """A newsroom's crawl as its ``crawl_run`` row keeps it: its summary, and its crawler's
    Scrapy stats (one crawler per newsroom, so they are the newsroom's)."""
    status_prefix = "downloader/response_status_count/"
    responses = {
        k[len(status_prefix) :]: int(v) for k, v in stats.items() if k.startswith(status_prefix)
    }
    scrapy_counters = {
        k: int(v)
        for k, v in stats.items()
        if isinstance(v, int | float) and not k.startswith("newsroom/")
    }
    return RunOutcome(
        status=summary.status,
        finish_reason=summary.finish_reason,
        requests=int(stats.get("downloader/request_count", 0)),
        responses=responses,
        not_modified=responses.get("304", 0),
        pages=summary.pages,
        stories_new=summary.new,
        stories_updated=summary.updated,
        stories_duplicate=summary.duplicates,
        stories_unchanged=summary.unchanged,
        stories_gone=summary.gone,
        errors=summary.errors,
        bytes=int(stats.get("downloader/response_bytes", 0)),
        counters={**scrapy_counters, **summary.counters},
        error_lines=list(error_lines),
    )


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
    """`run_crawl`, with a ``crawl_run`` row per newsroom, one log file and fresh metrics.

    Before crawling: run logs older than ``LOG_KEEP_DAYS`` are deleted and runs left
    ``running`` by a process that is gone are marked ``interrupted``.
    """
    run_id = str(uuid.uuid4())
    started = datetime.now(UTC)
    log_dir = Path(settings["LOG_DIR"])
    log_path = log_file or run_log_path(log_dir, started, run_id)
    database_url = settings["DATABASE_URL"]
    keys = [n.key for n in newsrooms]
    runs = CrawlRuns.open(database_url)
    try:
        with RunLog(log_path, keys, settings["LOG_LEVEL"]) as run_log:
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
            for row in runs.mark_abandoned(host=socket.gethostname(), now=started):
                event(
                    "run.abandoned",
                    logging.WARNING,
                    run=row.run_id[:8],
                    newsroom=row.newsroom,
                    host=row.host,
                    pid=row.pid,
                    started=row.started_at,
                )
            recorder = RunRecorder(run_id, runs, run_log.errors, log_path)
            summaries = run_crawl(
                newsrooms, registry, settings, recorder=recorder, progress_every=progress_every
            )
            done = RecordedRun(run_id, summaries, log_path, _metrics(runs, settings))
            event(
                "run.finished",
                logging.INFO if done.status == "finished" else logging.WARNING,
                run=run_id,
                status=done.status,
                newsrooms=len(summaries),
                failed=sum(s.status != "finished" for s in summaries),
                seconds=(datetime.now(UTC) - started).total_seconds(),
            )
            return done
    finally:
        runs.close()


def _metrics(runs: CrawlRuns, settings: Settings) -> Path | None:
    """Write ``METRICS_FILE`` (unless it is empty); a failure is logged, not raised."""
    from crawler.metrics import write_metrics

    if not settings.get("METRICS_FILE"):
        return None
    path = Path(settings["METRICS_FILE"])
    try:
        write_metrics(runs, path)
    except Exception as exc:
        event("metrics.failed", logging.ERROR, path=path, error=exc)
        return None
    event("metrics.written", path=path)
    return path
