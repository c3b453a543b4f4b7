"""The ``newsroom`` command: crawl, schedule, serve, runs, health, metrics, export, history, diff,
feed, extract, demo.

Options override the settings of `crawler.settings` at command-line priority (``-s KEY=VALUE``
for any Scrapy setting). Errors in config, database, input or an output path are one line on
stderr that says what to fix, and a non-zero exit; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import click

from crawler import clock
from crawler.commandline import (
    FEEDS_FIX,
    LOG_DIR_FIX,
    OUTPUT_FIX,
    Count,
    UnwritablePath,
    _debug,
    _default,
    _friendly,
    _settings_overrides,
    db_option,
    newsrooms_option,
    writable_file,
    writable_folder,
    write_output,
)
from crawler.newsrooms import ConfigError, Newsroom, Newsrooms, load_newsrooms

EXIT_CRAWL_FAILED = 1
EXIT_USAGE = 2
EXIT_NO_STORY = 3
EXIT_BATCH_ERRORS = 4  # extract --batch: some lines could not be read
MAX_FEED_LIMIT = 100_000
MAX_VERSION = 999_999


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logs.")
@click.version_option(package_name="newsroom-monitor")
def cli(debug: bool) -> None:
    """Newsroom Monitor: crawl the newsrooms of diplomatic missions, store each story once,
    and publish RSS/Atom feeds of what is new."""


@cli.command()
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
@_friendly
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
    from crawler.runner import project_settings, run_recorded_crawl

    overrides = _settings_overrides(settings)
    if newsrooms_file is not None:
        overrides["NEWSROOMS_FILE"] = str(newsrooms_file)
    if database_url is not None:
        overrides["DATABASE_URL"] = database_url
    overrides["LOG_LEVEL"] = "DEBUG" if _debug() else log_level
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
    click.echo(_summary_table(summaries))
    click.echo(f"Run {run.run_id[:8]} ({run.status}): log in {run.log_path}", err=True)
    if not no_feeds:
        try:
            written = _write_feeds(url, feeds, registry, selected)
        except OSError as exc:  # the folder broke during the crawl: the stories are stored
            raise UnwritablePath(
                f"feeds not written to {feeds} ({exc.strerror or exc}), but the crawl's "
                f"stories are stored; fix the folder, then run `newsroom feed` or crawl again"
            ) from exc
        click.echo(f"Feeds written to {written}/")
    if any(not s.ok for s in summaries):
        sys.exit(EXIT_CRAWL_FAILED)


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write here instead of standard output.",
)
@_friendly
def export(database_url: str | None, fmt: str, output: Path | None) -> None:
    """Every stored story, one JSON object per line."""
    if output is not None:
        writable_file(output, "export file", OUTPUT_FIX)
    repository = _repository(database_url)
    lines = (json.dumps(s.as_json(), ensure_ascii=False) + "\n" for s in repository.iter_stories())
    if output is None:
        for line in lines:
            click.echo(line, nl=False)
        return
    write_output(output, "".join(lines).encode("utf-8"), "export file", OUTPUT_FIX)


@cli.command()
@db_option
@newsrooms_option
@click.option(
    "--format", "fmt", type=click.Choice(["rss", "atom"]), default="rss", show_default=True
)
@click.option(
    "--newsroom", "newsroom_key", metavar="KEY", help="Only stories this newsroom showed."
)
@click.option("--language", metavar="TAG", help="Only stories in this language (en, sr-Latn, ...).")
@click.option("--limit", type=Count(1, MAX_FEED_LIMIT), default=50, show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(allow_dash=True, path_type=Path),
    required=True,
    help="The feed file to write ('-' for standard output).",
)
@_friendly
def feed(
    database_url: str | None,
    newsrooms_file: Path | None,
    fmt: str,
    newsroom_key: str | None,
    language: str | None,
    limit: int,
    output: Path,
) -> None:
    """Write an RSS 2.0 or Atom feed of the newest stories, atomically."""
    from server.feeds import BadRequest, parse_feed_query

    if language is not None:
        try:  # as the server reads ?language=: sr-cyrl is sr-Cyrl, as stored
            language = parse_feed_query(fmt, newsroom_key, {"language": language}).language
        except BadRequest as exc:
            raise click.BadParameter(str(exc), param_hint="--language") from None
    if str(output) != "-":
        writable_file(output, "feed file", OUTPUT_FIX)
    registry = _registry(newsrooms_file)  # a fault of the config first, then of the data
    newsroom = registry.select([newsroom_key])[0] if registry and newsroom_key else None
    repository = _repository(database_url)
    count, feeds = _render_feeds(
        repository, newsroom_key, newsroom, language, registry, limit, (fmt,)
    )
    data = feeds[fmt]
    if str(output) == "-":
        sys.stdout.buffer.write(data)
    else:
        write_output(output, data, "feed file", OUTPUT_FIX)
        click.echo(f"{count} stories written to {output}", err=True)


@cli.command()
@click.argument("story")
@db_option
@_friendly
def history(story: str, database_url: str | None) -> None:
    """The versions of one STORY (its id, the first characters of it, or any of its URLs),
    oldest first."""
    stored, versions = _story_versions(_repository(database_url), story)
    click.echo(f"{stored.guid}  {stored.title}")
    click.echo(f"urls: {' '.join(stored.urls)}")
    click.echo(
        f"sources: {', '.join(stored.sources)}"
        + (f"  gone: {stored.gone_at}" if stored.gone_at else "")
    )
    click.echo(f"{'version':>7}  {'seen (UTC)':<20}  {'words':>5}  title")
    for version in versions:
        seen = version.seen_at.strftime("%Y-%m-%d %H:%M:%S")
        click.echo(
            f"{version.number:>7}  {seen:<20}  {len(version.text.split()):>5}  {version.title}"
        )


@cli.command()
@click.argument("story")
@click.option(
    "--from",
    "old",
    type=Count(1, MAX_VERSION),
    help="Version to compare from (default: the one before --to).",
)
@click.option(
    "--to", "new", type=Count(1, MAX_VERSION), help="Version to compare to (default: the newest)."
)
@db_option
@_friendly
def diff(story: str, old: int | None, new: int | None, database_url: str | None) -> None:
    """What changed in one STORY (its id, the first characters of it, or any URL) between two
    versions, as a unified diff. A story of one version, or --from and --to the same version:
    one line on stderr saying so, and exit 0."""
    import difflib

    stored, versions = _story_versions(_repository(database_url), story)
    by_number = {v.number: v for v in versions}
    if len(versions) == 1 and old is None:
        click.echo(f"story {stored.guid} has only one version: nothing to compare", err=True)
        return
    new = new or versions[-1].number
    if old is None and new == versions[0].number:
        click.echo(f"version {new} is the first: nothing before it to compare", err=True)
        return
    old = old or new - 1
    for number in (old, new):
        if number not in by_number:
            raise click.UsageError(
                f"story {stored.guid} has versions {', '.join(map(str, by_number))}, not {number}"
            )
    if old == new:
        click.echo(f"versions {old} and {new} are the same version: nothing to compare", err=True)
        return
    before, after = by_number[old], by_number[new]
    lines = difflib.unified_diff(
        [before.title, "", *before.text.split("\n")],
        [after.title, "", *after.text.split("\n")],
        fromfile=f"{stored.guid} v{old} {before.seen_at.isoformat()}",
        tofile=f"{stored.guid} v{new} {after.seen_at.isoformat()}",
        lineterm="",
    )
    for line in lines:
        click.echo(line)


@cli.command()
@click.argument(
    "file", required=False, type=click.Path(dir_okay=False, exists=True, path_type=Path)
)
@click.option("--url", help="The page's URL (default: the file's file:// URL).")
@click.option(
    "--newsroom",
    "newsroom_key",
    metavar="KEY",
    help="Read the page as this newsroom's CMS family (default: generic).",
)
@newsrooms_option
@click.option(
    "--batch",
    is_flag=True,
    help='Read JSON lines {"path": ..., "url": ...} on stdin; write one JSON line each.',
)
@_friendly
def extract(
    file: Path | None,
    url: str | None,
    newsroom_key: str | None,
    newsrooms_file: Path | None,
    batch: bool,
) -> None:
    """Print what the crawler would extract from a saved page (.html or .html.gz), as JSON."""
    from crawler.extraction import generic_newsroom

    newsroom = _known_newsroom(newsrooms_file, newsroom_key) if newsroom_key else None
    newsroom = newsroom or generic_newsroom()
    if batch:
        failed = 0
        for number, line in enumerate(sys.stdin, start=1):
            if not line.strip():
                continue
            # One bad line (a missing file, broken JSON) is reported in its own output line;
            # the other pages are still read.
            try:
                job = json.loads(line)
                path = Path(job["path"])
                result = {"path": str(path), "url": job.get("url")}
                result |= _extract_file(path, job.get("url"), newsroom)
            except (ValueError, KeyError, TypeError, OSError) as exc:
                failed += 1
                result = {"line": number, "error": f"{type(exc).__name__}: {exc}"}
            click.echo(json.dumps(result, ensure_ascii=False))
        if failed:
            sys.exit(EXIT_BATCH_ERRORS)
        return
    if file is None:
        raise click.UsageError("give a FILE, or --batch with JSON lines on stdin")
    result = _extract_file(file, url, newsroom)
    output = result.get("stories", result)
    click.echo(json.dumps(output, ensure_ascii=False, indent=2))
    if "rejected" in result:
        sys.exit(EXIT_NO_STORY)


@cli.command()
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("data/demo"),
    show_default=True,
    help="Where the demo database and feeds go (replaced on each run).",
)
@click.option(
    "--log-level",
    default="WARNING",
    show_default=True,
    type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"]),
)
@_friendly
def demo(out: Path, log_level: str) -> None:
    """Offline demo: serve snapshots of the seed newsrooms on 127.0.0.1, crawl them into a
    fresh SQLite file, and write RSS and Atom feeds."""
    from crawler.demo import run_demo

    writable_folder(out, "demo folder", "pass --out DIR with a folder you can write")
    writable_folder(
        out / "feeds", "demo feeds folder", "pass --out DIR with a folder you can write"
    )
    run_demo(out, "DEBUG" if _debug() else log_level, _summary_table, _write_feeds)


# -- helpers ----------------------------------------------------------------------------------


def _repository(database_url: str | None) -> Any:
    from storage.repository import Repository

    return Repository.open(database_url or _default("DATABASE_URL"), create=False)


def _story_versions(repository: Any, key: str) -> tuple[Any, list[Any]]:
    try:
        stored = repository.story(key)
    except LookupError as exc:
        raise click.UsageError(str(exc)) from None
    if stored is None:
        raise click.UsageError(f"no stored story has the id or URL {key!r} (see `newsroom export`)")
    return stored, repository.versions(stored.guid)


def _check_database(url: str) -> None:
    """Open (and migrate) the database before crawling, and prove it takes writes, so a bad
    URL or a read-only database fails at once."""
    from storage.database import check_writable, open_database

    engine = open_database(url)
    try:
        check_writable(engine)
    finally:
        engine.dispose()


def _registry(newsrooms_file: Path | None) -> Newsrooms | None:
    """The newsrooms file, or None when none was named and the default is missing."""
    path = newsrooms_file or Path(_default("NEWSROOMS_FILE"))
    if newsrooms_file is None and not path.exists():
        return None  # no newsrooms file at all: stored stories name newsrooms by key only
    return load_newsrooms(path)


def _known_newsroom(newsrooms_file: Path | None, key: str | None) -> Newsroom | None:
    if key is None:
        return None
    registry = _registry(newsrooms_file)
    return registry.select([key])[0] if registry is not None else None


def _feed_info(
    key: str | None,
    newsroom: Newsroom | None,
    language: str | None,
    registry: Newsrooms | None = None,
) -> Any:
    from crawler.feeds import feed_info

    names = {n.key: n.name for n in registry.values()} if registry else None
    return feed_info(key, newsroom, language, source_names=names)


def _write_feeds(
    database_url: str, directory: Path, registry: Newsrooms, newsrooms: Iterable[Newsroom]
) -> Path:
    """Write all.rss/all.atom and <key>.rss/<key>.atom for ``newsrooms`` into ``directory``."""
    from crawler.feeds import write_atomic
    from storage.repository import Repository

    repository = Repository.open(database_url)
    try:
        scopes: list[tuple[str, Newsroom | None]] = [("all", None)]
        scopes += [(n.key, n) for n in newsrooms]
        for name, newsroom in scopes:
            key = newsroom.key if newsroom else None
            _, feeds = _render_feeds(repository, key, newsroom, None, registry, 50)
            for fmt, data in feeds.items():
                write_atomic(directory / f"{name}.{fmt}", data)
    finally:
        repository.close()
    return directory


def _render_feeds(
    repository: Any,
    key: str | None,
    newsroom: Newsroom | None,
    language: str | None,
    registry: Newsrooms | None,
    limit: int,
    formats: Sequence[str] = ("rss", "atom"),
) -> tuple[int, dict[str, bytes]]:
    """How many stories, and their feeds in ``formats``: what ``newsroom feed`` writes and
    what a crawl leaves in its feeds directory, categories labelled with newsroom names."""
    from crawler.feeds import render_feed

    stories = repository.stories(newsroom=key, language=language, limit=limit)
    info = _feed_info(key, newsroom, language, registry)  # the same for every format
    return len(stories), {fmt: render_feed(stories, info, fmt) for fmt in formats}  # type: ignore[arg-type]


def _extract_file(path: Path, url: str | None, newsroom: Newsroom) -> dict[str, Any]:
    from crawler.extraction import extract
    from crawler.items import Rejected

    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    result = extract(data, url or path.resolve().as_uri(), newsroom, clock.now())
    if isinstance(result, Rejected):
        return {"rejected": str(result.reason), "detail": result.detail}
    stories = [
        {
            "url": a.url,
            "title": a.title,
            "published": a.published.isoformat() if a.published else None,
            "updated": a.updated.isoformat() if a.updated else None,
            "language": a.language,
            "byline": a.byline,
            "text": a.text,
        }
        for a in result
    ]
    return stories[0] if len(stories) == 1 else {"stories": stories}


def _summary_table(summaries: Sequence[Any]) -> str:
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


def main() -> None:
    cli(prog_name="newsroom")


# -- The commands defined elsewhere: newsroom schedule (scheduler/), runs, runs show, health,
# metrics (crawler/ops.py) and serve (server/); above the __main__ guard, or `python -m
# crawler.cli` would run before they are registered.
from crawler.ops import health, metrics, runs  # noqa: E402
from scheduler.command import schedule  # noqa: E402
from server.command import serve  # noqa: E402

for _command in (schedule, runs, health, metrics, serve):
    cli.add_command(_command)


if __name__ == "__main__":
    main()

__all__ = ["cli", "main"]
