"""Feed files as the commands write them: ``all`` and one per newsroom, RSS and Atom, whole."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from crawler.core.newsrooms import Newsroom, Newsrooms

__all__ = ["render_feeds", "write_feeds"]


def _feed_info(
    key: str | None,
    newsroom: Newsroom | None,
    language: str | None,
    registry: Newsrooms | None = None,
) -> Any:
    from crawler.reports.feeds import feed_info

    names = {n.key: n.name for n in registry.values()} if registry else None
    return feed_info(key, newsroom, language, source_names=names)


def write_feeds(
    database_url: str, directory: Path, registry: Newsrooms, newsrooms: Iterable[Newsroom]
) -> Path:
    """Write all.rss/all.atom and <key>.rss/<key>.atom for ``newsrooms`` into ``directory``.

    Processes sharing the folder (the scheduler, a crawl by hand) write one at a time, each
    reading the database once it holds the folder: the last to write read after every
    other's stories were stored, so no feed is left older than the database."""
    from crawler.core.files import write_atomic
    from storage.repository import Repository

    directory.mkdir(parents=True, exist_ok=True)
    folder = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(folder, fcntl.LOCK_EX)
        repository = Repository.open(database_url)
        try:
            scopes: list[tuple[str, Newsroom | None]] = [("all", None)]
            scopes += [(n.key, n) for n in newsrooms]
            for name, newsroom in scopes:
                key = newsroom.key if newsroom else None
                _, feeds = render_feeds(repository, key, newsroom, None, registry, 50)
                for fmt, data in feeds.items():
                    write_atomic(directory / f"{name}.{fmt}", data)
        finally:
            repository.close()
    finally:
        os.close(folder)  # and with it the lock
    return directory


def render_feeds(
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
    from crawler.reports.feeds import render_feed

    stories = repository.stories(newsroom=key, language=language, limit=limit)
    info = _feed_info(key, newsroom, language, registry)  # the same for every format
    return len(stories), {fmt: render_feed(stories, info, fmt) for fmt in formats}  # type: ignore[arg-type]
