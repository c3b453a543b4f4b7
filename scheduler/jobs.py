"""The scheduled job: one crawl of one newsroom in a child process, with its own log file.

The job store pickles a reference to `run_crawl` and its arguments, so both stay plain: the
newsroom key, the command line, the log directory and the database URL. The default command is
``python -m crawler.cli crawl --only KEY --log-file FILE``; ``SCHEDULE_CRAWL_COMMAND`` replaces
it; ``LOG_DIR`` (default ``data/logs``) holds one log file per crawl.
"""

from __future__ import annotations

import json
import logging
import os
import shlex
import signal
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawler.core import clock
from crawler.core.events import STAMP_FORMAT
from scheduler.children import CHILDREN
from scheduler.runs import mark_interrupted

__all__ = ["JOB_FUNCTION", "Launch", "log_file_for", "run_crawl"]

logger = logging.getLogger(__name__)

#: How the job store names `run_crawl`; jobs with another function are not ours to manage.
JOB_FUNCTION = "scheduler.jobs:run_crawl"
#: Settings that are the scheduler's own, or that the child gets another way.
NOT_PASSED_ON = ("SCHEDULE_", "DATABASE_URL", "NEWSROOMS_FILE", "LOG_FILE", "REDIS_URL")


@dataclass(frozen=True)
class Launch:
    """What every crawl child needs; ``command`` holds ``{newsroom}`` and ``{log_file}``."""

    command: tuple[str, ...]
    log_dir: str
    database_url: str

    @classmethod
    def from_settings(
        cls,
        settings: Any,
        pairs: Sequence[str] = (),
        debug: bool = False,
        distributed: bool = False,
    ) -> Launch:
        """The crawl command for these settings; ``pairs`` (``-s KEY=VALUE``) are passed on.
        When ``distributed``, the command opens the crawl for the workers in Redis
        (``newsroom enqueue``, ``NEWSROOM_REDIS``) instead of crawling."""
        custom = settings.get("SCHEDULE_CRAWL_COMMAND") or ""
        if isinstance(custom, str) and custom.strip().startswith("["):
            custom = json.loads(custom)
        elif isinstance(custom, str):
            custom = shlex.split(custom)
        command = [str(part).replace("{python}", sys.executable) for part in custom]
        if not command:
            passed = [p for p in pairs if not p.partition("=")[0].strip().startswith(NOT_PASSED_ON)]
            command = [sys.executable, "-m", "crawler.cli", *(["--debug"] if debug else [])]
            if distributed:
                command += ["enqueue", "--only", "{newsroom}", "--newsrooms"]
                command += [str(settings["NEWSROOMS_FILE"])]
            else:
                command += ["crawl", "--only", "{newsroom}", "--newsrooms"]
                command += [str(settings["NEWSROOMS_FILE"]), "--log-file", "{log_file}"]
            command += [arg for pair in passed for arg in ("-s", pair)]
        return cls(
            command=tuple(command),
            log_dir=str(settings.get("LOG_DIR") or "data/logs"),
            database_url=str(settings["DATABASE_URL"]),
        )

    def args(self, newsroom: str) -> tuple[str, list[str], str, str]:
        """`run_crawl`'s arguments for ``newsroom``, as the job store keeps them."""
        return (newsroom, list(self.command), self.log_dir, self.database_url)


def log_file_for(log_dir: str | Path, newsroom: str, when: datetime) -> Path:
    """``LOG_DIR/<newsroom>-<UTC time>.log``: one file per crawl, sorted by time."""
    return Path(log_dir) / f"{newsroom}-{when.astimezone(UTC):{STAMP_FORMAT}}.log"


def run_crawl(newsroom: str, command: list[str], log_dir: str, database_url: str) -> int | None:
    """Crawl ``newsroom`` in a child process and wait for it; its exit status, or None when
    the scheduler is stopping and did not start it."""
    log_file = log_file_for(log_dir, newsroom, clock.now())
    argv = [part.replace("{newsroom}", newsroom) for part in command]
    argv = [part.replace("{log_file}", str(log_file)) for part in argv]
    started = time.monotonic()
    # The URL goes by environment, not argv: `ps` shows argv, and it may hold a password.
    env = {**os.environ, "NEWSROOM_DB": database_url}
    child = CHILDREN.start(newsroom, argv, log_file, env)
    if child is None:
        logger.info("schedule.crawl-skipped newsroom=%s reason=stopping", newsroom)
        return None
    logger.info("schedule.crawl-started newsroom=%s pid=%d log=%s", newsroom, child.pid, log_file)
    try:
        code = child.process.wait()
    finally:
        CHILDREN.finished(child)
    logger.log(
        logging.INFO if code == 0 else logging.WARNING,
        "schedule.crawl-finished newsroom=%s exit=%d seconds=%.1f",
        newsroom,
        code,
        time.monotonic() - started,
    )
    if code < 0:  # ended by a signal: the crawl could not record how it ended
        name = signal.Signals(-code).name
        try:
            marked = mark_interrupted(database_url, child, reason=name.lower())
        except Exception as exc:  # the database is busy or gone: the crawl's status stands
            logger.error("schedule.run-mark-failed newsroom=%s error=%r", newsroom, exc)
        else:
            logger.info(
                "schedule.run-interrupted newsroom=%s signal=%s runs=%d", newsroom, name, marked
            )
    return code
