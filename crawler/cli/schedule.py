"""``newsroom schedule``: the monitoring daemon, or ``--once`` every due crawl (for cron).

Registered on the ``newsroom`` group by `crawler.cli`; imports nothing heavy until it runs.
Reads ``NEWSROOMS_FILE``, ``DATABASE_URL`` and the ``SCHEDULE_*`` settings.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import click

from crawler.cli.options import debug_mode, friendly, settings_overrides
from crawler.core.events import stamp

__all__ = ["schedule"]

EXIT_CRAWL_FAILED = 1


@click.command()
@click.option(
    "--newsrooms",
    "newsrooms_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Newsrooms file (default: $NEWSROOM_NEWSROOMS or ./newsrooms.toml); SIGHUP re-reads it.",
)
@click.option(
    "--db",
    "database_url",
    metavar="URL",
    help="Database URL, for the crawls and the timetable (default: $NEWSROOM_DB or "
    "sqlite:///data/newsroom.sqlite3).",
)
@click.option(
    "--once",
    is_flag=True,
    help="Run every due crawl once, then exit (for cron); exit 1 if a crawl failed.",
)
@click.option(
    "--distributed",
    is_flag=True,
    help="Open each due crawl in Redis for the workers (`newsroom worker`) instead of running "
    "it here (`newsroom enqueue`).",
)
@click.option(
    "--redis",
    "redis_url",
    metavar="URL",
    help="With --distributed: the Redis server (default: $NEWSROOM_REDIS).",
)
@click.option(
    "-s",
    "settings",
    multiple=True,
    metavar="KEY=VALUE",
    help="Override a setting (repeatable); passed on to each crawl.",
)
@friendly
def schedule(
    newsrooms_file: Path | None,
    database_url: str | None,
    once: bool,
    distributed: bool,
    redis_url: str | None,
    settings: Sequence[str],
) -> None:
    """Crawl each enabled newsroom every `every` (its interval in the newsrooms file), each
    crawl in its own process with its own log file. Runs until SIGTERM or Ctrl-C, which let
    running crawls finish their pages (see SCHEDULE_STOP_GRACE)."""
    if redis_url is not None and not distributed:
        raise click.UsageError("--redis goes with --distributed")
    if _schedule(
        newsrooms_file, database_url, once, settings, debug_mode(), distributed, redis_url
    ):
        sys.exit(EXIT_CRAWL_FAILED)


def _schedule(
    newsrooms_file: Path | None,
    database_url: str | None,
    once: bool,
    pairs: Sequence[str],
    debug: bool,
    distributed: bool = False,
    redis_url: str | None = None,
) -> int:
    from crawler.components.project import project_settings
    from crawler.core.newsrooms import ConfigError, load_newsrooms
    from scheduler.config import ScheduleConfig
    from scheduler.daemon import Signals, run_daemon, run_once
    from scheduler.jobs import Launch
    from scheduler.timetable import intervals
    from storage.database import check_writable, open_database

    overrides = settings_overrides(pairs)
    if newsrooms_file is not None:
        overrides["NEWSROOMS_FILE"] = str(newsrooms_file)
    if database_url is not None:
        overrides["DATABASE_URL"] = database_url
    if redis_url is not None:
        overrides["REDIS_URL"] = redis_url
    scrapy_settings = project_settings(overrides)
    path = Path(scrapy_settings["NEWSROOMS_FILE"])

    def wanted() -> Mapping[str, timedelta]:
        enabled = intervals(load_newsrooms(path))
        if not enabled:
            raise ConfigError(f"{path}: every newsroom is disabled; nothing to schedule")
        return enabled

    wanted()  # a broken file fails here, before the database is touched
    config = ScheduleConfig.from_settings(scrapy_settings)
    launch = Launch.from_settings(scrapy_settings, pairs, debug=debug, distributed=distributed)
    if distributed:
        _check_redis(scrapy_settings)
        # The enqueue children get it by environment (`ps` shows argv), however it was given.
        os.environ["NEWSROOM_REDIS"] = scrapy_settings["REDIS_URL"]
    _check_folders(scrapy_settings, launch)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_LineFormatter())
    logging.root.addHandler(handler)
    logging.root.setLevel(logging.DEBUG if debug else logging.INFO)
    for chatty in ("apscheduler", "alembic"):  # our own lines say what happened, one shape each
        logging.getLogger(chatty).setLevel(logging.DEBUG if debug else logging.WARNING)
    signals = Signals()
    signals.install()
    engine = open_database(scrapy_settings["DATABASE_URL"])
    try:
        check_writable(engine)  # the timetable and every crawl write to it
        run = run_once if once else run_daemon
        return run(engine, wanted, launch, config, signals)
    finally:
        engine.dispose()


def _check_redis(scrapy_settings: Any) -> None:
    """The workers' Redis answers, before any crawl is due."""
    from crawler.cli.worker import REDIS_FIX, _redis_errors
    from crawler.components.distributed import connect
    from crawler.core.newsrooms import ConfigError

    url = scrapy_settings.get("REDIS_URL")
    if not url:
        raise ConfigError(f"--distributed needs the workers' Redis server; {REDIS_FIX}")
    with _redis_errors(url):
        connect(url).ping()


def _check_folders(scrapy_settings: Any, launch: Any) -> None:
    """The crawls' log folder and feeds folder take files, before any crawl starts (each
    crawl would otherwise fail on its own, or after its pages)."""
    from crawler.cli.options import FEEDS_FIX, LOG_DIR_FIX, writable_folder

    writable_folder(Path(launch.log_dir), "log folder", LOG_DIR_FIX)
    if not scrapy_settings.get("SCHEDULE_CRAWL_COMMAND"):  # a custom command has its own
        fix = FEEDS_FIX.replace("--feeds-dir DIR", "-s FEEDS_DIR=DIR").replace(
            ", or --no-feeds", ""
        )
        writable_folder(Path(scrapy_settings["FEEDS_DIR"]), "feeds folder", fix)


class _LineFormatter(logging.Formatter):
    """``2026-11-24T12:00:00Z INFO  schedule.crawl-started newsroom=...``, as the run logs
    write; a line from another logger (APScheduler's warnings) names it in brackets."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)-5s %(origin)s%(message)s")

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return stamp(datetime.fromtimestamp(record.created, UTC))

    def format(self, record: logging.LogRecord) -> str:
        record.origin = "" if record.name.startswith("scheduler.") else f"[{record.name}] "
        return super().format(record)
