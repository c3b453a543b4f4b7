"""A crawl into PostgreSQL stores what the same crawl into SQLite stores, and its re-crawl the
next day asks the sites the same conditional questions: the batched upserts of stories, page
states and run records, run on the database production uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import feedparser
import pytest

from crawler.snapshots import Hit, demo_sites
from tests.support.cli import run_cli
from tests.support.crawls import NEXT_DAY, Days, copy_database, crawl_snapshots

#: The summary's counts, without its time.
_COUNTS = ("status", "pages", "new", "updated", "duplicates", "unchanged", "gone", "no-story")


def _stories(export: list[dict[str, Any]]) -> dict[frozenset[str], tuple[Any, ...]]:
    """Each stored story by the URLs that show it. Which of them a crawl met first (its
    ``url``, the order of ``urls``, the script of its title and text) is the crawl's
    concurrency, which two crawls into SQLite do not agree on either."""
    return {
        frozenset(row["urls"]): (
            row["newsroom"],
            row["published"],
            sorted(row["sources"]),
            sorted(row["languages"]),
            row["version"],
            row["gone"],
            len(row["translations"]),
        )
        for row in export
    }


def _read_alike(one: list[dict[str, Any]], other: list[dict[str, Any]]) -> None:
    """Stories first met at the same URL have the same title, text and provenance."""
    by_url = {row["url"]: row for row in other}
    same = [(row, by_url[row["url"]]) for row in one if row["url"] in by_url]
    assert len(same) > len(one) // 2
    for mine, theirs in same:
        fields = ("title", "text", "language", "byline", "provenance")
        assert [mine[f] for f in fields] == [theirs[f] for f in fields], mine["url"]


def _counts(summary: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    return {key: {column: row[column] for column in _COUNTS} for key, row in summary.items()}


@pytest.mark.crawl
def test_a_crawl_into_postgresql_stores_what_one_into_sqlite_stores(
    day_one: Days, postgres_url: str, tmp_path: Path
) -> None:
    first = crawl_snapshots(demo_sites(), postgres_url)
    assert len(first.export) == len(day_one.one.export) > 30
    assert _stories(first.export) == _stories(day_one.one.export)
    _read_alike(first.export, day_one.one.export)
    # Its feed (selected, sorted and limited by the database's queries) lists every story.
    assert _feed(postgres_url) == {f"urn:uuid:{row['id']}" for row in first.export}
    assert _counts(first.summary) == _counts(day_one.one.summary)
    # The next day, nothing changed: the same pages asked, with the same validators, as on
    # SQLite (page states written in batches, whether a body changed told by the database).
    again = crawl_snapshots(demo_sites(), postgres_url, *NEXT_DAY)
    assert isinstance(day_one.one.database, Path)
    copy = copy_database(day_one.one.database, tmp_path / "day2.sqlite3")
    beside = crawl_snapshots(demo_sites(), copy, *NEXT_DAY)
    assert _asked(again.hits) == _asked(beside.hits)
    assert any(hit.conditional and hit.status == 304 for hit in again.hits)
    assert {row["new"] for row in again.summary.values()} == {"0"}
    assert _stories(again.export) == _stories(first.export)


def _feed(database_url: str) -> set[str]:
    atom = run_cli("feed", "--db", database_url, "--format", "atom", "-o", "-").stdout
    return {entry.id for entry in feedparser.parse(atom).entries}


def _asked(hits: list[Hit]) -> list[tuple[str, str, bool, int]]:
    return sorted((hit.origin, hit.path, hit.conditional, hit.status) for hit in hits)
