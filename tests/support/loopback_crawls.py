"""A site served on loopback (`tests.support.loopback_site`) crawled through the CLI as one
generic newsroom, KEY; and a generic newsroom in memory, for what needs no crawl."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from crawler.core.newsrooms import Newsroom
from storage.runs import CrawlRuns, RunRecord
from tests.support.cli import run_cli
from tests.support.databases import url_at
from tests.support.loopback_site import Site

KEY = "port-news"


def newsroom_toml(origin: str, sitemap: bool = True) -> str:
    """The newsrooms file of newsroom KEY on ``origin``, naming its sitemap unless ``sitemap`` is
    false."""
    sitemaps = f'["{origin}/sitemap.xml"]' if sitemap else "[]"
    return (
        f'[[newsroom]]\nkey = "{KEY}"\nname = "News on a port"\nfamily = "generic"\n'
        f'start_urls = ["{origin}/"]\nsitemaps = {sitemaps}\nlanguages = ["en"]\n'
        'every = "1h"\n'
    )


@dataclass(frozen=True)
class Crawl:
    """One crawl of newsroom KEY: its ``crawl_run`` row, its run log and what it stored."""

    run: RunRecord
    log: list[str]
    stored: set[str]  # URLs of the stored stories


def crawl_site(home: Path, site: Site, *settings: str, sitemap: bool = True) -> Crawl:
    """Crawl ``site`` as newsroom KEY into a database in ``home``, robots.txt not asked for,
    with ``settings`` (``-s``)."""
    newsrooms = home / "newsrooms.toml"
    newsrooms.write_text(newsroom_toml(site.origin, sitemap), encoding="utf-8")
    database = url_at(home / "newsroom.sqlite3")
    options = ["AUTOTHROTTLE_ENABLED=False", "RETRY_BACKOFF_BASE=0.1", "ROBOTSTXT_OBEY=False"]
    run_cli(
        *("crawl", "--newsrooms", str(newsrooms), "--db", database, "--no-feeds"),
        *("--log-file", str(home / "crawl.log")),
        *(a for option in [*options, *settings] for a in ("-s", option)),
    )
    runs = CrawlRuns.open(database)
    try:
        run = runs.recent(newsroom=KEY, limit=1)[0]
    finally:
        runs.close()
    exported = run_cli("export", "--db", database).stdout.splitlines()
    stored = {json.loads(line)["url"] for line in exported}
    log = (home / "crawl.log").read_text(encoding="utf-8").splitlines()
    return Crawl(run, log, stored)


def newsroom(*urls: str, allowed: tuple[str, ...] = ()) -> Newsroom:
    """A generic newsroom in memory whose start pages are ``urls``: its scope and its
    extraction, without a crawl."""
    return Newsroom(
        key="n",
        name="N",
        family="generic",
        start_urls=urls,
        languages=("en",),
        every=timedelta(hours=1),
        allowed_hosts=allowed,
    )
