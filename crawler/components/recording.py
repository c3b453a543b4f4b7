"""The ``crawl_run`` rows of every crawl, `newsroom crawl`'s and `scrapy crawl`'s alike: a Scrapy
extension (``EXTENSIONS``) that writes a row per newsroom when its spider opens, its counts every
``RUN_RECORD_INTERVAL`` seconds, and how it ended when it closes.

Reads ``DATABASE_URL``, ``RUN_RECORD_INTERVAL``, ``METRICS_FILE`` and the run `crawler.run.runner`
passes down (``NEWSROOM_RUN_ID``, ``NEWSROOM_RUN_LOG``, ``NEWSROOM_RUN_NEWSROOMS``); without
one (`scrapy crawl`), the crawl is its own run: it marks abandoned runs and writes the metrics.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler.components.distributed import SharedCrawl
from crawler.core import clock
from crawler.core.events import ErrorLines, event, fields_text, stamp
from crawler.core.stats import DATABASE_ERROR, stat
from crawler.reports.health import mark_abandoned
from storage.runs import CrawlRuns, RunOutcome

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from twisted.internet.task import LoopingCall

__all__ = [
    "NewsroomSummary",
    "RunRecorder",
    "RunRecording",
    "outcome_of",
    "summary_of",
    "write_metrics_file",
]


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


def summary_of(
    key: str, name: str, stats: Mapping[str, Any], reason: str | None, seconds: float
) -> NewsroomSummary:
    """A newsroom's summary from its crawler's stats (``newsroom/<key>/...`` counters)."""
    prefix = stat(key, "")
    counters = {k[len(prefix) :]: int(v) for k, v in stats.items() if k.startswith(prefix)}
    if stats.get(DATABASE_ERROR):
        # Its last batch of stories, written as it closed, can fail after it "finished".
        reason = DATABASE_ERROR
    return NewsroomSummary(
        key=key,
        name=name,
        finish_reason=reason or str(stats.get("finish_reason", "not started")),
        seconds=seconds,
        counters=counters,
    )


def outcome_of(
    summary: NewsroomSummary, stats: Mapping[str, Any], error_lines: Sequence[str] = ()
) -> RunOutcome:
    """A newsroom's crawl as its ``crawl_run`` row keeps it: its summary, and its crawler's
    Scrapy stats (pass none when the crawler served several newsrooms: they are not its)."""
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


def ended(outcome: RunOutcome) -> RunOutcome:
    """A shared crawl's merged counts as its row ends: a crawl over with no worker's part
    done (all put back, or died) was interrupted."""
    if outcome.status == "running":
        return replace(outcome, status="interrupted", finish_reason="workers gone")
    return outcome


class RunRecorder:
    """Writes the ``crawl_run`` rows of one crawler's newsrooms and says so in the log. A
    database that refuses a write is logged, never fatal. The row of a ``shared`` crawl
    (`crawler.components.distributed`) names no process: others go on when one ends."""

    def __init__(
        self, run_id: str, runs: CrawlRuns, log_path: str | None, shared: bool = False
    ) -> None:
        self.run_id = run_id
        self.runs = runs
        self.log_path = log_path
        self.host = None if shared else socket.gethostname()
        self.pid = None if shared else os.getpid()

    def started(self, key: str) -> None:
        event("crawl.started", run=self.run_id[:8], newsroom=key)
        try:
            self.runs.start(
                self.run_id,
                key,
                clock.now(),
                log_path=self.log_path,
                host=self.host,
                pid=self.pid,
            )
        except Exception as exc:  # a locked or vanished database must not stop the crawl
            self._failed(key, exc)

    def progress(
        self,
        summary: NewsroomSummary,
        stats: Mapping[str, Any],
        shared: SharedCrawl | None = None,
    ) -> None:
        """Write the counts so far of a running crawl to its row (`CrawlRuns.progress`); of
        a ``shared`` one, every worker's."""
        try:
            outcome = outcome_of(summary, stats)
            if shared is not None:
                with shared.lock():
                    outcome, _ = shared.report(outcome, final=False)
                    self.runs.progress(self.run_id, summary.key, outcome)
            else:
                self.runs.progress(self.run_id, summary.key, outcome)
        except Exception as exc:  # a locked or vanished database must not stop the crawl
            self._failed(summary.key, exc)

    def finished(
        self,
        summary: NewsroomSummary,
        stats: Mapping[str, Any],
        error_lines: Sequence[str],
        shared: SharedCrawl | None = None,
    ) -> RunOutcome:
        """Log how the crawl ended and write its row; of a ``shared`` crawl, this worker's
        part (its row is finished, with every worker's counts, by the last to report)."""
        outcome = outcome_of(summary, stats, error_lines)
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
            if shared is not None:
                self._finish_shared(summary.key, outcome, shared)
            else:
                self.runs.finish(self.run_id, summary.key, clock.now(), outcome)
        except Exception as exc:
            self._failed(summary.key, exc)
        return outcome

    def _finish_shared(self, key: str, outcome: RunOutcome, shared: SharedCrawl) -> None:
        with shared.lock():
            # A worker that put its requests back (the database refused a write) did not do
            # its part: the others will.
            merged, complete = shared.report(outcome, final=shared.handed_in)
            if complete:
                self.runs.finish(self.run_id, key, clock.now(), ended(merged))
            else:
                self.runs.progress(self.run_id, key, merged)

    def _failed(self, key: str, exc: Exception) -> None:
        event("record.failed", logging.ERROR, run=self.run_id[:8], newsroom=key, error=exc)


class RunRecording:
    """The extension: a `RunRecorder` for the newsrooms of this crawler's spider."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.get("DATABASE_URL"):
            raise NotConfigured("no DATABASE_URL to record runs in")
        self.crawler = crawler
        self.standalone = not settings.get("NEWSROOM_RUN_ID")
        self.run_id: str = settings.get("NEWSROOM_RUN_ID") or str(uuid.uuid4())
        self.log_path: str | None = settings.get("NEWSROOM_RUN_LOG") or settings.get("LOG_FILE")
        self.whole_run: list[str] = settings.getlist("NEWSROOM_RUN_NEWSROOMS")
        self.opened = False
        self.keys: dict[str, str] = {}  # key -> name
        self.recorder: RunRecorder | None = None
        self.errors: ErrorLines | None = None
        self.ticker: LoopingCall | None = None
        self.start = time.monotonic()
        #: The crawl this worker shares with others (`crawler.components.distributed`).
        self.shared = SharedCrawl.of(crawler) if settings.get("DISTRIBUTED_CRAWL") else None
        crawler.signals.connect(self.spider_opened, signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        newsrooms = getattr(spider, "newsrooms", None)
        if not isinstance(newsrooms, Mapping) or not newsrooms:
            return  # not one of ours
        self.opened = True
        self.start = time.monotonic()
        self.keys = {key: newsroom.name for key, newsroom in newsrooms.items()}
        runs = CrawlRuns.open(self.crawler.settings["DATABASE_URL"])
        self.recorder = RunRecorder(self.run_id, runs, self.log_path, self.shared is not None)
        self.errors = ErrorLines(list(self.keys), self.whole_run or list(self.keys))
        logging.root.addHandler(self.errors)
        if self.standalone:
            log_abandoned(runs)
        for key in self.keys:
            self.recorder.started(key)
        every = self.crawler.settings.getfloat("RUN_RECORD_INTERVAL")
        if every > 0:
            from twisted.internet.task import LoopingCall

            self.ticker = LoopingCall(self.progress)
            self.ticker.start(every, now=False)

    def progress(self) -> None:
        if self.recorder is None:
            return
        for summary in self.summaries(None):
            self.recorder.progress(summary, self.scrapy_stats(), self.shared)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.recorder is None:
            return
        if self.ticker is not None and self.ticker.running:
            self.ticker.stop()
        try:
            for summary in self.summaries(reason):
                lines = self.errors.take(summary.key) if self.errors else []
                self.recorder.finished(summary, self.scrapy_stats(), lines, self.shared)
            if self.standalone:
                write_metrics_file(self.recorder.runs, self.crawler.settings)
        finally:
            if self.errors is not None:
                logging.root.removeHandler(self.errors)
            self.recorder.runs.close()
            self.recorder = None

    def summaries(self, reason: str | None) -> list[NewsroomSummary]:
        stats = self.crawler.stats.get_stats() if self.crawler.stats is not None else {}
        seconds = time.monotonic() - self.start
        return [summary_of(k, n, stats, reason, seconds) for k, n in self.keys.items()]

    def scrapy_stats(self) -> Mapping[str, Any]:
        """The crawler's Scrapy stats, when they are one newsroom's (requests, responses,
        bytes); a crawler of several newsrooms records only their own counters."""
        if len(self.keys) != 1 or self.crawler.stats is None:
            return {}
        return self.crawler.stats.get_stats()


def log_abandoned(runs: CrawlRuns) -> None:
    """`crawler.reports.health.mark_abandoned`, with a log line for each run it marks."""
    for row in mark_abandoned(runs):
        event(
            "run.abandoned",
            logging.WARNING,
            run=row.run_id[:8],
            newsroom=row.newsroom,
            host=row.host,
            pid=row.pid,
            started=row.started_at,
        )


def record_not_started(settings: BaseSettings, key: str, name: str, error: str) -> None:
    """The row of a newsroom whose crawl could not start (its spider never opened): failed."""
    runs = CrawlRuns.open(settings["DATABASE_URL"])
    try:
        recorder = RunRecorder(settings["NEWSROOM_RUN_ID"], runs, settings.get("NEWSROOM_RUN_LOG"))
        recorder.started(key)
        summary = NewsroomSummary(key, name, finish_reason="not started")
        fields = fields_text({"run": recorder.run_id[:8], "newsroom": key, "error": error})
        line = f"{stamp(clock.now())} ERROR crawl.error {fields}"  # as in the run log
        recorder.finished(summary, {}, [line])
    finally:
        runs.close()


def write_metrics_file(runs: CrawlRuns, settings: BaseSettings) -> Path | None:
    """Write ``METRICS_FILE`` (unless it is empty); a failure is logged, not raised."""
    from crawler.reports.metrics import write_metrics

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
