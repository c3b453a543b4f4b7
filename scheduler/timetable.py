"""The timetable: an APScheduler 3 scheduler whose jobs (one per enabled newsroom, id = its
key) live in the ``apscheduler_jobs`` table of the crawl database, so a restart keeps them.

`reconcile` brings the stored jobs in line with the newsrooms file; uses `ScheduleConfig`.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_MAX_INSTANCES,
    EVENT_JOB_MISSED,
    EVENT_JOB_SUBMITTED,
    JobEvent,
)
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_STOPPED
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine

from crawler.core import clock
from crawler.core.events import stamp
from crawler.core.newsrooms import Newsrooms
from scheduler.config import ScheduleConfig
from scheduler.jobs import JOB_FUNCTION, Launch

__all__ = ["build_scheduler", "due_again", "due_jobs", "intervals", "reconcile", "span"]

logger = logging.getLogger(__name__)

JOBS_TABLE = "apscheduler_jobs"  # storage.models.SchedulerJob, created by migration 0003


class _Scheduler(BackgroundScheduler):  # type: ignore[misc]
    """APScheduler 3's BackgroundScheduler, minus one more look for due jobs on shutdown.

    `shutdown` wakes the scheduler's thread, which then processes due jobs once more although
    the executor is gone: each is lost ("cannot schedule new futures after shutdown") and its
    next run time moves on as if it had run (agronholm/apscheduler#285). Stop with `pause`
    first, then `shutdown`: the thread is idle and this check ends it.
    """

    def _process_jobs(self) -> float | None:
        if self.state == STATE_STOPPED:
            return None
        return super()._process_jobs()  # type: ignore[no-any-return]


def build_scheduler(engine: Engine, config: ScheduleConfig) -> Any:
    """A BackgroundScheduler on the job table of ``engine``'s database; not started."""
    scheduler = _Scheduler(
        jobstores={"default": SQLAlchemyJobStore(engine=engine, tablename=JOBS_TABLE)},
        executors={"default": ThreadPoolExecutor(max_workers=config.max_crawls)},
        job_defaults={
            "coalesce": True,  # missed runs are one run
            "max_instances": 1,  # never two crawls of one newsroom at once
            "misfire_grace_time": config.misfire_grace,
        },
        timezone=UTC,
    )
    scheduler.add_listener(_log_event, EVENT_JOB_MISSED | EVENT_JOB_MAX_INSTANCES)
    scheduler.add_listener(_log_event, EVENT_JOB_ERROR | EVENT_JOB_SUBMITTED)
    return scheduler


def intervals(newsrooms: Newsrooms) -> dict[str, timedelta]:
    """``every`` of each enabled newsroom, by key."""
    return {n.key: n.every for n in newsrooms.select()}


def reconcile(
    scheduler: Any,
    wanted: Mapping[str, timedelta],
    launch: Launch,
    config: ScheduleConfig,
    *,
    first_run_now: bool = False,
) -> None:
    """Make the started ``scheduler``'s jobs one per key of ``wanted``, crawled that often.

    A job whose interval is unchanged keeps its next run time, unless that is more than the
    misfire grace in the past (the scheduler was down): then it runs soon, once. A changed
    interval runs at the earlier of its old next run time and now + the new interval. New
    jobs run soon: within their jitter, or at once with ``first_run_now``. Jobs of newsrooms
    no longer wanted are removed.
    """
    now = clock.now()
    grace = timedelta(seconds=config.misfire_grace)
    existing = {job.id: job for job in scheduler.get_jobs() if job.func_ref == JOB_FUNCTION}
    for key in existing.keys() - wanted.keys():
        scheduler.remove_job(key)
        logger.info("schedule.job-removed newsroom=%s", key)
    for key, every in wanted.items():
        jitter = config.jitter_for(every)
        trigger = IntervalTrigger(seconds=int(every.total_seconds()), jitter=jitter, timezone=UTC)
        soon = now if first_run_now else now + timedelta(seconds=random.uniform(0, jitter))
        options = {
            "args": launch.args(key),
            "name": f"crawl {key}",
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": config.misfire_grace,
        }
        job = existing.get(key)
        if job is None:
            scheduler.add_job(JOB_FUNCTION, trigger, id=key, next_run_time=soon, **options)
            logger.info(
                "schedule.job-added newsroom=%s every=%s next=%s", key, span(every), stamp(soon)
            )
            continue
        was = job.next_run_time
        if getattr(job.trigger, "interval", None) != every:
            after = trigger.get_next_fire_time(now, now)
            next_run = min(was, after) if was else after
            event = "rescheduled"
        elif was is None or was < now - grace:
            next_run, event = soon, "overdue"
        else:
            next_run, event = was, "kept"
        scheduler.modify_job(key, trigger=trigger, next_run_time=next_run, **options)
        logger.info(
            "schedule.job-%s newsroom=%s every=%s next=%s was=%s",
            event,
            key,
            span(every),
            stamp(next_run),
            stamp(was),
        )


def due_again(engine: Engine, config: ScheduleConfig, keys: Sequence[str]) -> None:
    """Make the jobs of ``keys`` due now: they were due, but the scheduler stopped before
    their crawls could start (its run time had already moved on, when it was submitted)."""
    scheduler = build_scheduler(engine, config)
    scheduler.start(paused=True)
    try:
        now = clock.now()
        for key in keys:
            if scheduler.get_job(key) is not None:
                scheduler.modify_job(key, next_run_time=now)
                logger.info("schedule.job-due-again newsroom=%s next=%s", key, stamp(now))
    finally:
        scheduler.shutdown()


def due_jobs(scheduler: Any, now: datetime) -> list[Any]:
    """Our jobs whose next run time has come, soonest first."""
    jobs = [
        job
        for job in scheduler.get_jobs()
        if job.func_ref == JOB_FUNCTION and job.next_run_time and job.next_run_time <= now
    ]
    return sorted(jobs, key=lambda job: job.next_run_time)


def span(interval: timedelta) -> str:
    """An interval as the newsrooms file writes it: ``1d12h``, ``90m`` is ``1h30m``."""
    seconds = int(interval.total_seconds())
    parts = [(seconds // 86400, "d"), (seconds // 3600 % 24, "h"), (seconds // 60 % 60, "m")]
    text = "".join(f"{n}{unit}" for n, unit in [*parts, (seconds % 60, "s")] if n)
    return text or "0s"


def _log_event(event: JobEvent) -> None:
    if event.code == EVENT_JOB_MISSED:
        logger.warning(
            "schedule.misfire newsroom=%s scheduled=%s",
            event.job_id,
            stamp(event.scheduled_run_time),
        )
    elif event.code == EVENT_JOB_MAX_INSTANCES:
        logger.info(
            "schedule.skipped newsroom=%s reason=still-running scheduled=%s",
            event.job_id,
            stamp(event.scheduled_run_times[-1]),
        )
    elif event.code == EVENT_JOB_SUBMITTED:
        logger.info(
            "schedule.job-due newsroom=%s scheduled=%s",
            event.job_id,
            stamp(event.scheduled_run_times[-1]),
        )
    else:
        logger.error(
            "schedule.job-error newsroom=%s error=%r\n%s",
            event.job_id,
            event.exception,
            event.traceback,
        )
