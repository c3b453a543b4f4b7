"""Run the timetable: as a daemon until SIGTERM or SIGINT (`run_daemon`), or every due crawl
once (`run_once`, for cron). SIGHUP re-reads the newsrooms file.

A stop takes no new crawl, passes SIGTERM on to the running ones (Scrapy finishes the pages
in flight and records the run as interrupted), waits ``SCHEDULE_STOP_GRACE`` seconds, then
kills what is left; a second signal kills at once.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor, wait
from datetime import timedelta
from types import FrameType
from typing import Any

from sqlalchemy import Engine

from crawler.core import clock
from crawler.core.events import stamp
from scheduler.children import CHILDREN
from scheduler.config import ScheduleConfig
from scheduler.jobs import Launch, run_crawl
from scheduler.timetable import build_scheduler, due_again, due_jobs, reconcile

__all__ = ["Signals", "run_daemon", "run_once"]

logger = logging.getLogger(__name__)

#: The newsrooms to schedule, read again on SIGHUP: {key: every}.
Wanted = Callable[[], Mapping[str, timedelta]]


class Signals:
    """SIGTERM and SIGINT ask for a stop (a second one: a stop now); SIGHUP for a reload."""

    def __init__(self) -> None:
        self.stop = threading.Event()
        self.stop_now = threading.Event()
        self.reload = threading.Event()
        self.name = ""

    def install(self) -> None:
        for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(number, self._received)

    def _received(self, number: int, _frame: FrameType | None) -> None:
        if number == signal.SIGHUP:
            self.reload.set()
        elif self.stop.is_set():
            self.stop_now.set()
        else:
            self.name = signal.Signals(number).name
            self.stop.set()


def run_daemon(
    engine: Engine, wanted: Wanted, launch: Launch, config: ScheduleConfig, signals: Signals
) -> int:
    """Crawl each newsroom on its interval until a stop signal; 0 once stopped cleanly."""
    CHILDREN.reopen()
    scheduler = build_scheduler(engine, config)
    scheduler.start(paused=True)
    try:
        reconcile(scheduler, wanted(), launch, config)
        if not signals.stop.is_set():  # a signal while the database opened: start nothing
            scheduler.resume()
        logger.info(
            "schedule.started jobs=%d max_crawls=%d next=%s",
            len(scheduler.get_jobs()),
            config.max_crawls,
            stamp(min((j.next_run_time for j in scheduler.get_jobs()), default=None)),
        )
        while not signals.stop.wait(timeout=0.5):
            if signals.reload.is_set():
                signals.reload.clear()
                logger.info("schedule.reload")
                _reload(scheduler, wanted, launch, config)
        scheduler.pause()  # no new crawls
        _stop(config, signals)
    finally:
        scheduler.pause()  # see timetable._Scheduler
        scheduler.shutdown(wait=True)  # the job threads end with their children
    if CHILDREN.skipped:
        due_again(engine, config, CHILDREN.skipped)
    logger.info("schedule.stopped")
    return 0


def run_once(
    engine: Engine, wanted: Wanted, launch: Launch, config: ScheduleConfig, signals: Signals
) -> int:
    """Run every due crawl once, at most ``max_crawls`` at a time; how many failed."""
    CHILDREN.reopen()
    scheduler = build_scheduler(engine, config)
    scheduler.start(paused=True)
    try:
        reconcile(scheduler, wanted(), launch, config, first_run_now=True)
        now = clock.now()
        due = due_jobs(scheduler, now)
        for job in due:
            # The next run is planned before this one starts, as the daemon does: another
            # `--once` started meanwhile (a slow crawl, cron) does not start it again.
            next_run = job.trigger.get_next_fire_time(now, now)
            scheduler.modify_job(job.id, next_run_time=next_run)
            logger.info("schedule.job-due newsroom=%s next=%s", job.id, stamp(next_run))
        logger.info("schedule.once due=%d max_crawls=%d", len(due), config.max_crawls)
        with ThreadPoolExecutor(max_workers=config.max_crawls) as pool:
            crawls = [pool.submit(run_crawl, *job.args) for job in due]
            while not signals.stop.is_set() and wait(crawls, timeout=0.2).not_done:
                pass
            if signals.stop.is_set():
                _stop(config, signals)
    finally:
        scheduler.shutdown(wait=False)
    if CHILDREN.skipped:
        due_again(engine, config, CHILDREN.skipped)
    results = [_exit_status(job.id, crawl) for job, crawl in zip(due, crawls, strict=True)]
    failed = sum(1 for code in results if code not in (0, None))
    logger.info("schedule.once-finished crawls=%d failed=%d", len(results), failed)
    return failed


def _exit_status(newsroom: str, crawl: Future[int | None]) -> int | None:
    try:
        return crawl.result()
    except Exception as exc:  # the child could not start: no log directory, no interpreter
        logger.error("schedule.crawl-failed newsroom=%s error=%r", newsroom, exc)
        return -1


def _reload(scheduler: Any, wanted: Wanted, launch: Launch, config: ScheduleConfig) -> None:
    try:
        reconcile(scheduler, wanted(), launch, config)
    except ValueError as exc:  # a broken newsrooms file: keep the timetable as it is
        logger.error("schedule.reload-failed error=%s", exc)


def _stop(config: ScheduleConfig, signals: Signals) -> None:
    running = CHILDREN.running()
    logger.info(
        "schedule.stopping signal=%s running=%d grace=%.0fs",
        signals.name or "-",
        len(running),
        config.stop_grace,
    )
    CHILDREN.stop(config.stop_grace, now=signals.stop_now)
