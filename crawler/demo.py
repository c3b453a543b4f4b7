"""``newsroom demo``: the whole pipeline, offline, on bundled snapshots of the seed newsrooms.

Serves ``crawler/demo_sites/*`` on 127.0.0.1, crawls them with the real spiders into a fresh
SQLite file (through `crawler.loopback`, so stored URLs are the real ones), recorded as a run
(`newsroom runs`, `health`; its log and metrics in the demo folder), and writes feeds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from crawler.loopback import loopback_settings
from crawler.newsrooms import load_newsrooms
from crawler.snapshots import serve_snapshots

__all__ = ["DEMO_SITES", "demo_sites", "run_demo"]

DEMO_SITES = Path(__file__).parent / "demo_sites"


def demo_sites() -> list[Path]:
    """The bundled snapshot folders."""
    return sorted(p.parent for p in DEMO_SITES.glob("*/site.toml"))


def run_demo(
    out: Path,
    log_level: str,
    summary_table: Callable[[Sequence[Any]], str],
    write_feeds: Callable[..., Path],
) -> None:
    from crawler.runner import project_settings, run_recorded_crawl

    out.mkdir(parents=True, exist_ok=True)
    database = out / "newsroom.sqlite3"
    for stale in (database, out / "newsroom.sqlite3-wal", out / "newsroom.sqlite3-shm"):
        stale.unlink(missing_ok=True)
    url = f"sqlite:///{database}"
    registry = load_newsrooms(DEMO_SITES / "newsrooms.toml")
    with serve_snapshots(demo_sites()) as origins:
        for real, local in origins.items():
            click.echo(f"Serving a snapshot of {real} at {local}")
        settings = project_settings(
            {
                **loopback_settings(origins),
                "DATABASE_URL": url,
                "LOG_LEVEL": log_level,
                "AUTOTHROTTLE_ENABLED": False,  # loopback needs no throttling
                "NEWSROOMS_FILE": str(DEMO_SITES / "newsrooms.toml"),
                # The demo's run records stay with its database, not in data/.
                "LOG_DIR": str(out / "logs"),
                "METRICS_FILE": str(out / "metrics.prom"),
            }
        )
        run = run_recorded_crawl(list(registry.values()), registry, settings)
    click.echo()
    click.echo(summary_table(run.summaries))
    feeds = write_feeds(url, out / "feeds", registry, list(registry.values()))
    click.echo()
    click.echo(f"Database: {database}")
    click.echo(f"Feeds:    {feeds}/all.rss, {feeds}/all.atom and one pair per newsroom")
    click.echo(f"Stories:  newsroom export --db {url}")
    click.echo(f"Run:      {run.run_id[:8]} ({run.status}), log in {run.log_path}")
    click.echo(f"Health:   newsroom health --db {url} --newsrooms {DEMO_SITES / 'newsrooms.toml'}")
