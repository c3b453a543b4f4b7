"""One log file per crawl run, in fixed-shape lines ops can grep; old run logs are deleted.

`newsroom crawl` names the file ``<LOG_DIR>/<UTC start, 20261124T120000Z>-<run id[:8]>.log``
(or ``--log-file``) and deletes run logs older than ``LOG_KEEP_DAYS``. Its lines have the one
shape of `crawler.core.events`. The events, each with a fixed set of fields:

- ``run.started run= newsrooms= host= pid= db= log= backfill=``
- ``run.abandoned run= newsroom= host= pid= started=`` (WARNING): a run left ``running`` by a
  process that is gone, now marked ``interrupted``
- ``log.deleted path= age_days=``: a run log older than ``LOG_KEEP_DAYS``
- ``crawl.started run= newsroom=``
- ``crawl.error run= newsroom= error=`` (ERROR): a newsroom's crawl could not run
- ``crawl.finished run= newsroom= status= reason= seconds= requests= not_modified= pages= new=
  updated= duplicate= unchanged= gone= errors= bytes=`` (WARNING unless ``status=finished``)
- ``run.finished run= status= newsrooms= failed= seconds=``
- ``metrics.written path=`` and ``metrics.failed path= error=`` (ERROR)
- ``record.failed run= newsroom= error=`` (ERROR): the database refused a ``crawl_run`` write
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType

from crawler.core.events import EVENTS, STAMP_FORMAT, RunLogFormatter

__all__ = ["RUN_LOG_NAME", "RunLog", "prune_logs", "run_log_path"]

#: Run logs: ours (``<time>-<run id>.log``) and the scheduler's (``<newsroom>-<time>.log``).
RUN_LOG_NAME = re.compile(r"^(?:[a-z0-9-]+-)?(?P<started>\d{8}T\d{6}Z)(?:-[0-9a-f]{8})?\.log$")


def run_log_path(directory: Path, started: datetime, run_id: str) -> Path:
    """Where the log of run ``run_id`` goes: ``<directory>/<UTC start>-<run_id[:8]>.log``."""
    return directory / f"{started.astimezone(UTC):{STAMP_FORMAT}}-{run_id[:8]}.log"


def prune_logs(directory: Path, keep_days: float, now: datetime) -> list[tuple[Path, float]]:
    """Delete the run logs in ``directory`` (``<UTC time>-<run>.log``, and the scheduler's
    ``<newsroom>-<UTC time>.log``) whose run started more than ``keep_days`` before ``now`` (0
    keeps them all); other files are left alone. Return (path, age in days) of each.

    A log's age is read from the UTC time in its name, which the project's clock wrote, as
    ``now`` comes from it: the file's mtime is the file system's clock, which may be another.
    """
    if keep_days <= 0 or not directory.is_dir():
        return []
    deleted = []
    for path in sorted(directory.iterdir()):
        name = RUN_LOG_NAME.match(path.name)
        if name is None:
            continue
        try:
            started = datetime.strptime(name["started"], STAMP_FORMAT).replace(tzinfo=UTC)
        except ValueError:  # 20261399T...: not a time, so not a run log's name
            continue
        age = now - started
        if age <= timedelta(days=keep_days):
            continue
        try:
            path.unlink()
        except FileNotFoundError:
            continue  # another crawl deleted it first
        deleted.append((path, age / timedelta(days=1)))
    return deleted


class RunLog:
    """The log file of one run: a handler on the root logger, installed until `close`.

    It records at least INFO (DEBUG with ``--log-level DEBUG``), whatever stderr shows.
    """

    def __init__(self, path: Path, level: str | int = logging.INFO) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.handler = logging.FileHandler(path, mode="a", encoding="utf-8")
        self.handler.setFormatter(RunLogFormatter())
        if isinstance(level, str):
            level = logging.getLevelNamesMapping().get(level.upper(), logging.INFO)
        self.handler.setLevel(min(logging.INFO, level))
        if EVENTS.getEffectiveLevel() > logging.INFO:
            # Before Scrapy configures logging the root logger stops INFO; events always pass.
            EVENTS.setLevel(logging.INFO)
        logging.root.addHandler(self.handler)

    def close(self) -> None:
        logging.root.removeHandler(self.handler)
        self.handler.close()

    def __enter__(self) -> RunLog:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
