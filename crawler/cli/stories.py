"""The stored stories from the command line: ``export``, ``feed``, ``history``, ``diff``, and
``extract`` (what the crawler would read from a saved page)."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path
from typing import Any

import click

from crawler.cli.feedfiles import render_feeds
from crawler.cli.options import (
    OUTPUT_FIX,
    Count,
    db_option,
    friendly,
    newsrooms_option,
    setting_default,
    writable_file,
    write_output,
)
from crawler.core import clock
from crawler.core.newsrooms import Newsroom, Newsrooms, load_newsrooms

__all__ = ["diff", "export", "extract", "feed", "history", "search"]

EXIT_NO_STORY = 3  # extract: the page holds no story
EXIT_BATCH_ERRORS = 4  # extract --batch: some lines could not be read
MAX_FEED_LIMIT = 100_000
MAX_VERSION = 999_999


@click.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write here instead of standard output.",
)
@friendly
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


@click.command()
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
@friendly
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
    language = _language(language)
    if str(output) != "-":
        writable_file(output, "feed file", OUTPUT_FIX)
    registry = _registry(newsrooms_file)  # a fault of the config first, then of the data
    newsroom = registry.select([newsroom_key])[0] if registry and newsroom_key else None
    repository = _repository(database_url)
    count, feeds = render_feeds(
        repository, newsroom_key, newsroom, language, registry, limit, (fmt,)
    )
    data = feeds[fmt]
    if str(output) == "-":
        sys.stdout.buffer.write(data)
    else:
        write_output(output, data, "feed file", OUTPUT_FIX)
        click.echo(f"{count} stories written to {output}", err=True)


@click.command()
@click.argument("words", nargs=-1, required=True)
@db_option
@click.option(
    "--newsroom", "newsroom_key", metavar="KEY", help="Only stories this newsroom showed."
)
@click.option("--language", metavar="TAG", help="Only stories in this language (en, sr-Latn, ...).")
@click.option("--limit", type=Count(1, MAX_FEED_LIMIT), default=20, show_default=True)
@friendly
def search(
    words: tuple[str, ...],
    database_url: str | None,
    newsroom_key: str | None,
    language: str | None,
    limit: int,
) -> None:
    """Stories holding every one of WORDS in their title or text, ignoring case (SQLite folds
    ASCII letters only), newest first: id, date, newsroom, title and URL, one line each. The
    feeds' ?q= over the whole archive."""
    language = _language(language)
    query = " ".join(words)
    repository = _repository(database_url)
    found = repository.stories(newsroom=newsroom_key, language=language, query=query, limit=limit)
    for story in found:
        day = story.published or story.first_seen.date()
        click.echo(
            f"{story.guid[:8]}  {day.isoformat()}  {story.newsroom}  {story.title}  {story.url}"
        )
    if not found:
        click.echo(f"no story holds {query!r}", err=True)


@click.command()
@click.argument("story")
@db_option
@friendly
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
    if stored.provenance:  # where the stored title, date, body and byline came from
        click.echo("read by: " + ", ".join(f"{k} {v}" for k, v in stored.provenance.items()))
    click.echo(f"{'version':>7}  {'seen (UTC)':<20}  {'words':>5}  title")
    for version in versions:
        seen = version.seen_at.strftime("%Y-%m-%d %H:%M:%S")
        click.echo(
            f"{version.number:>7}  {seen:<20}  {len(version.text.split()):>5}  {version.title}"
        )


@click.command()
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
@friendly
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


@click.command()
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
@friendly
def extract(
    file: Path | None,
    url: str | None,
    newsroom_key: str | None,
    newsrooms_file: Path | None,
    batch: bool,
) -> None:
    """Print what the crawler would extract from a saved page (.html or .html.gz), as JSON."""
    from crawler.core.newsrooms import generic_newsroom

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


def _language(language: str | None) -> str | None:
    """``--language`` as the server reads ``?language=`` (sr-cyrl is sr-Cyrl, as stored)."""
    from server.feeds import BadRequest, parse_feed_query

    if language is None:
        return None
    try:
        return parse_feed_query("rss", None, {"language": language}).language
    except BadRequest as exc:
        raise click.BadParameter(str(exc), param_hint="--language") from None


def _repository(database_url: str | None) -> Any:
    from storage.repository import Repository

    return Repository.open(database_url or setting_default("DATABASE_URL"), create=False)


def _story_versions(repository: Any, key: str) -> tuple[Any, list[Any]]:
    try:
        stored = repository.story(key)
    except LookupError as exc:
        raise click.UsageError(str(exc)) from None
    if stored is None:
        raise click.UsageError(f"no stored story has the id or URL {key!r} (see `newsroom export`)")
    return stored, repository.versions(stored.guid)


def _registry(newsrooms_file: Path | None) -> Newsrooms | None:
    """The newsrooms file, or None when none was named and the default is missing."""
    path = newsrooms_file or Path(setting_default("NEWSROOMS_FILE"))
    if newsrooms_file is None and not path.exists():
        return None  # no newsrooms file at all: stored stories name newsrooms by key only
    return load_newsrooms(path)


def _known_newsroom(newsrooms_file: Path | None, key: str | None) -> Newsroom | None:
    if key is None:
        return None
    registry = _registry(newsrooms_file)
    return registry.select([key])[0] if registry is not None else None


def _extract_file(path: Path, url: str | None, newsroom: Newsroom) -> dict[str, Any]:
    from crawler.core.items import Rejected
    from crawler.extraction import extract

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
            "provenance": {name: str(source) for name, source in a.provenance.items()},
        }
        for a in result
    ]
    return stories[0] if len(stories) == 1 else {"stories": stories}
