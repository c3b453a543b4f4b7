"""Crawls of the snapshot sites through the CLI, as a user runs them: the demo sites and their
overlays served on loopback, one database per crawl at a path (a SQLite file, or PostgreSQL's:
`tests.support.databases`), or a copy of an earlier one, or any database by URL; and what each
crawl left to read: what the servers were asked, the summary it printed, the export."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.snapshots import DEMO_SITES, Hit, serve_snapshots
from tests.support.cli import run_cli
from tests.support.databases import copy_at, url_of

NEWSROOMS = DEMO_SITES / "newsrooms.toml"
#: Overlays of the demo sites for a crawl after day 1 (``tests/recrawl/README.md``).
RECRAWL = Path(__file__).resolve().parents[1] / "recrawl"
#: The demo newsrooms, and the origins of their sites.
KEYS = ("rs-mission-nato", "nato-mlo-belgrade", "nato-hq")
RS = "http://nato-brussels.mfa.gov.rs"
HQ = "https://www.nato.int"
MLO = "https://jfcnaples.nato.int"

#: A day later every stored story is due for a re-check (crawls here are seconds apart).
NEXT_DAY = ("RECHECK_FACTOR=0", "RECHECK_LEAST_HOURS=0")


@dataclass(frozen=True)
class Crawl:
    """One crawl: what the servers were asked, the summary it printed, the export after it."""

    database: Path | str  # a database's path (`tests.support.databases`), or its URL
    hits: list[Hit]
    summary: dict[str, dict[str, str]]  # newsroom -> column -> value
    export: list[dict[str, Any]]

    @property
    def url(self) -> str:
        """The URL of its database."""
        return url_of(self.database)

    def paths(self, origin: str) -> list[str]:
        return [hit.path for hit in self.hits if hit.origin == origin]

    def asked(self, origin: str, path: str) -> list[Hit]:
        return [hit for hit in self.hits if hit.origin == origin and hit.path == path]

    def row(self, url: str) -> dict[str, Any]:
        rows = [r for r in self.export if url in r["urls"]]
        assert len(rows) == 1, f"{len(rows)} stories list {url}"
        return rows[0]


def crawl_snapshots(
    sites: Iterable[Path], database: Path | str, *settings: str, only: str | None = None
) -> Crawl:
    """Serve ``sites`` and crawl them (or ``only`` one newsroom) into ``database``: the database
    at a path (`tests.support.databases.url_at`), or the URL of any database."""
    url = url_of(database)
    hits: list[Hit] = []
    with serve_snapshots(list(sites), hits) as origins:
        options = [
            f"LOOPBACK_ORIGINS={json.dumps(origins)}",
            "AUTOTHROTTLE_ENABLED=False",
            *settings,
        ]
        args = ["crawl", "--newsrooms", str(NEWSROOMS), "--db", url]
        args += ["--no-feeds", "--log-level", "WARNING", *(["--only", only] if only else [])]
        stdout = run_cli(*args, *(a for option in options for a in ("-s", option))).stdout
    exported = run_cli("export", "--db", url).stdout
    export = [json.loads(line) for line in exported.splitlines()]
    return Crawl(database, hits, summary_table(stdout), export)


def summary_table(stdout: str) -> dict[str, dict[str, str]]:
    """The crawl summary a crawl printed: newsroom -> column -> value."""
    lines = [line.split() for line in stdout.splitlines() if line.strip()]
    header = next(line for line in lines if line[0] == "newsroom")
    return {line[0]: dict(zip(header, line, strict=True)) for line in lines if line[0] in KEYS}


def copy_database(source: Path, target: Path) -> Path:
    """A copy of the database at ``source`` at ``target`` (`tests.support.databases.copy_at`)."""
    return copy_at(source, target)


@dataclass(frozen=True)
class Days:
    """Day 1: the three demo sites crawled into an empty database in ``home``."""

    home: Path
    one: Crawl


def next_day(days: Days, name: str, site: Path, key: str, *settings: str) -> Crawl:
    """``site`` crawled (``key`` only) into a copy of day 1's database."""
    assert isinstance(days.one.database, Path), "day 1 is a database at a path"
    database = copy_database(days.one.database, days.home / f"{name}.sqlite3")
    return crawl_snapshots([site], database, *NEXT_DAY, *settings, only=key)
