"""``newsroom crawl``: one recorded crawl of the enabled newsrooms, a summary table, feed files."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from crawler.cli.feedfiles import write_feeds
from crawler.cli.options import (
    FEEDS_FIX,
    LOG_DIR_FIX,
    UnwritablePath,
    db_option,
    debug_mode,
    friendly,
    newsrooms_option,
    settings_overrides,
    writable_file,
    writable_folder,
)
from crawler.core.newsrooms import ConfigError, load_newsrooms

__all__ = ["crawl", "summary_table"]

EXIT_CRAWL_FAILED = 1  # a newsroom's crawl failed


@click.command()
@newsrooms_option
@db_option
@click.option(
    "--only",
    multiple=True,
    metavar="KEY",
    help="Crawl only this newsroom (repeat, or separate keys with commas).",
)
@click.option(
    "--feeds-dir",
    type=click.Path(path_type=Path),
    help="Write feed files here after the crawl (default: $NEWSROOM_FEEDS_DIR or data/feeds).",
)
@click.option("--no-feeds", is_flag=True, help="Do not write feed files after the crawl.")
@click.option(
    "--log-level",
    default="INFO",
    show_default=True,
    type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"]),
)
@click.option(
    "--log-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write this run's log here, and none to stderr (default: a new file in $NEWSROOM_LOG_DIR "
    "or data/logs, as well as stderr).",
)
@click.option(
    "--backfill",
    is_flag=True,
    help="Walk whole archives and read every page again, not only what changed (BACKFILL).",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Print pages, stories and errors per newsroom every few seconds on stderr "
    "(default: when stderr is a terminal).",
)
@click.option(
    "-s",
    "settings",
    multiple=True,
    metavar="KEY=VALUE",
    help="Override a Scrapy setting (repeatable).",
)
@friendly
def crawl(
    newsrooms_file: Path | None,
    database_url: str | None,
    only: Sequence[str],
    feeds_dir: Path | None,
    no_feeds: bool,
    log_level: str,
    log_file: Path | None,
    backfill: bool,
    progress: bool | None,
    settings: Sequence[str],
) -> None:
    """Crawl all enabled newsrooms (or --only some) once, then print a summary per newsroom.

    Each newsroom's crawl is recorded in the database (`newsroom runs`), the run's log goes to
    its own file, and the metrics file is rewritten."""
    from crawler.components.project import project_settings
    from crawler.run.runner import run_recorded_crawl

    overrides = settings_overrides(settings)
    if newsrooms_file is not None:
        overrides["NEWSROOMS_FILE"] = str(newsrooms_file)
    if database_url is not None:
        overrides["DATABASE_URL"] = database_url
    overrides["LOG_LEVEL"] = "DEBUG" if debug_mode() else log_level
    if log_file is not None:
        overrides["LOG_ENABLED"] = False  # the run log (--log-file) is the only log
    if backfill:
        overrides["BACKFILL"] = True
    scrapy_settings = project_settings(overrides)
    registry = load_newsrooms(scrapy_settings["NEWSROOMS_FILE"])
    keys = [k.strip() for value in only for k in value.split(",") if k.strip()]
    selected = registry.select(keys)
    if not selected:
        raise ConfigError(f"{registry.path}: every newsroom is disabled; nothing to crawl")
    url = scrapy_settings["DATABASE_URL"]
    _check_database(url)
    # Paths are checked before the crawl: an hour of crawling is not lost to a typo.
    feeds = Path(feeds_dir or scrapy_settings["FEEDS_DIR"])
    if not no_feeds:
        writable_folder(feeds, "feeds folder", FEEDS_FIX)
    if log_file is not None:
        writable_file(log_file, "log file", "pass --log-file a path in a folder you can write")
    else:
        writable_folder(Path(scrapy_settings["LOG_DIR"]), "log folder", LOG_DIR_FIX)
    if progress is None:
        progress = sys.stderr.isatty()
    run = run_recorded_crawl(
        selected,
        registry,
        scrapy_settings,
        log_file=log_file,
        progress_every=scrapy_settings.getfloat("PROGRESS_INTERVAL", 5.0) if progress else None,
    )
    summaries = run.summaries
    click.echo(summary_table(summaries))
    click.echo(f"Run {run.run_id[:8]} ({run.status}): log in {run.log_path}", err=True)
    if not no_feeds:
        try:
            written = write_feeds(url, feeds, registry, selected)
        except OSError as exc:  # the folder broke during the crawl: the stories are stored
            raise UnwritablePath(
                f"feeds not written to {feeds} ({exc.strerror or exc}), but the crawl's "
                f"stories are stored; fix the folder, then run `newsroom feed` or crawl again"
            ) from exc
        click.echo(f"Feeds written to {written}/")
    if any(not s.ok for s in summaries):
        sys.exit(EXIT_CRAWL_FAILED)


def _check_database(url: str) -> None:
    """Open (and migrate) the database before crawling, and prove it takes writes, so a bad
    URL or a read-only database fails at once."""
    from storage.database import check_writable, open_database

    engine = open_database(url)
    try:
        check_writable(engine)
    finally:
        engine.dispose()


def summary_table(summaries: Sequence[Any]) -> str:
    header = (
        "newsroom",
        "status",
        "pages",
        "new",
        "updated",
        "duplicates",
        "unchanged",
        "gone",
        "no-story",
        "errors",
        "time",
    )
    rows = [
        (
            s.key,
            s.status,  # as its crawl_run row (`newsroom runs`) has it, not Scrapy's reason
            s.pages,
            s.new,
            s.updated,
            s.duplicates,
            s.unchanged,
            s.gone,
            s.no_story,
            s.errors,
            f"{s.seconds:.1f}s",
        )
        for s in summaries
    ]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(
            str(v).rjust(w) if i > 1 else str(v).ljust(w)
            for i, (v, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in [header, *rows]
    ]
    return "\n".join(lines)
