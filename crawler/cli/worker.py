"""``newsroom enqueue`` and ``newsroom worker``: crawls shared by worker processes on several
machines through one Redis server (`crawler.components.distributed`, `crawler.run.worker`)."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from crawler.cli.options import (
    LOG_DIR_FIX,
    db_option,
    debug_mode,
    friendly,
    newsrooms_option,
    settings_overrides,
    writable_file,
    writable_folder,
)
from crawler.core.newsrooms import ConfigError, load_newsrooms

__all__ = ["enqueue", "worker"]

EXIT_CRAWL_FAILED = 1

REDIS_FIX = "pass --redis URL (or set NEWSROOM_REDIS), e.g. redis://127.0.0.1:6379/0"

redis_option = click.option(
    "--redis",
    "redis_url",
    metavar="URL",
    help="The Redis server of shared crawls (default: $NEWSROOM_REDIS), e.g. "
    "redis://host:6379/0 or unix:///run/redis/redis.sock.",
)
settings_option = click.option(
    "-s",
    "settings",
    multiple=True,
    metavar="KEY=VALUE",
    help="Override a setting (repeatable).",
)


def _settings(
    newsrooms_file: Path | None,
    database_url: str | None,
    redis_url: str | None,
    pairs: Sequence[str],
    **more: Any,
) -> Any:
    from crawler.components.project import project_settings

    overrides = settings_overrides(pairs)
    if newsrooms_file is not None:
        overrides["NEWSROOMS_FILE"] = str(newsrooms_file)
    if database_url is not None:
        overrides["DATABASE_URL"] = database_url
    if redis_url is not None:
        overrides["REDIS_URL"] = redis_url
    overrides.update(more)
    settings = project_settings(overrides)
    if not settings.get("REDIS_URL"):
        raise ConfigError(f"no Redis server for shared crawls; {REDIS_FIX}")
    return settings


@contextmanager
def _redis_errors(url: str) -> Iterator[None]:
    """A Redis that cannot be reached or refuses is one line naming it (password masked)."""
    try:
        import redis
    except ImportError:  # pragma: no cover - the extra is not installed
        raise ConfigError(
            "shared crawls need the redis package: pip install 'newsroom-monitor[distributed]'"
        ) from None
    from storage.database import redact

    try:
        yield
    except redis.RedisError as exc:
        raise ConfigError(f"Redis at {redact(url)}: {exc}; start it, or {REDIS_FIX}") from exc


@click.command()
@newsrooms_option
@redis_option
@click.option(
    "--only",
    multiple=True,
    metavar="KEY",
    help="Open a crawl of this newsroom only (repeat, or separate keys with commas).",
)
@settings_option
@friendly
def enqueue(
    newsrooms_file: Path | None,
    redis_url: str | None,
    only: Sequence[str],
    settings: Sequence[str],
) -> None:
    """Open a shared crawl of every enabled newsroom (or --only some) for the workers
    (`newsroom worker`); a newsroom whose crawl is still open is left to it."""
    from crawler.components.distributed import Crawls, connect

    scrapy_settings = _settings(newsrooms_file, None, redis_url, settings)
    registry = load_newsrooms(scrapy_settings["NEWSROOMS_FILE"])
    keys = [k.strip() for value in only for k in value.split(",") if k.strip()]
    selected = registry.select(keys)
    if not selected:
        raise ConfigError(f"{registry.path}: every newsroom is disabled; nothing to crawl")
    url = scrapy_settings["REDIS_URL"]
    with _redis_errors(url):
        crawls = Crawls(connect(url), scrapy_settings["REDIS_PREFIX"])
        for newsroom in selected:
            crawl = crawls.open(newsroom.key)
            if crawl is None:
                crawl = crawls.open_of(newsroom.key) or "?"
                click.echo(f"{newsroom.key}: crawl {crawl[:8]} is still open; left to it")
            else:
                click.echo(f"{newsroom.key}: crawl {crawl[:8]} opened")


@click.command()
@newsrooms_option
@db_option
@redis_option
@click.option(
    "--until-idle",
    is_flag=True,
    help="Exit once no crawl is open (default: run until SIGTERM); start it after the crawls "
    "are opened.",
)
@click.option(
    "--log-level",
    default="INFO",
    show_default=True,
    type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"]),
)
@click.option(
    "--log-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write this worker's log here (default: a new file in $NEWSROOM_LOG_DIR or data/logs).",
)
@settings_option
@friendly
def worker(
    newsrooms_file: Path | None,
    database_url: str | None,
    redis_url: str | None,
    until_idle: bool,
    log_level: str,
    log_file: Path | None,
    settings: Sequence[str],
) -> None:
    """Take part in the shared crawls opened by `newsroom enqueue` (or `newsroom schedule
    --distributed`), writing to the one database: start as many, on as many machines, as you
    like. SIGTERM or Ctrl-C ends the pages in hand and leaves the rest to the others."""
    from crawler.cli.crawl import _check_database
    from crawler.core import clock
    from crawler.run.runlog import run_log_path
    from crawler.run.worker import run_worker

    level = "DEBUG" if debug_mode() else log_level
    scrapy_settings = _settings(newsrooms_file, database_url, redis_url, settings, LOG_LEVEL=level)
    registry = load_newsrooms(scrapy_settings["NEWSROOMS_FILE"])
    _check_database(scrapy_settings["DATABASE_URL"])
    if log_file is not None:
        writable_file(log_file, "log file", "pass --log-file a path in a folder you can write")
    else:
        folder = writable_folder(Path(scrapy_settings["LOG_DIR"]), "log folder", LOG_DIR_FIX)
        log_file = run_log_path(folder, clock.now(), "worker")
    url = scrapy_settings["REDIS_URL"]
    with _redis_errors(url):
        from crawler.components.distributed import connect

        connect(url).ping()  # a wrong URL fails here, not in the reactor
        report = run_worker(registry, scrapy_settings, log_file=log_file, until_idle=until_idle)
    click.echo(
        f"Worker {report.name}: took part in {len(report.joined)} crawls; log in {log_file}",
        err=True,
    )
    if report.failed:
        sys.exit(EXIT_CRAWL_FAILED)
