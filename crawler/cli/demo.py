"""``newsroom demo``: the whole pipeline, offline, on bundled snapshots of the seed newsrooms.

Serves ``crawler/snapshots/demo_sites/*`` on 127.0.0.1, crawls them with the real spiders into
a fresh SQLite file (through `crawler.components.loopback`, so stored URLs are the real ones),
recorded as a run (`newsroom runs`, `health`; its log and metrics in the demo folder), and writes
feeds.
"""

from __future__ import annotations

from pathlib import Path

import click

from crawler.cli.crawl import summary_table
from crawler.cli.feedfiles import write_feeds
from crawler.cli.options import debug_mode, friendly, writable_folder
from crawler.components.loopback import loopback_settings
from crawler.core.newsrooms import load_newsrooms
from crawler.snapshots import DEMO_SITES, demo_sites, serve_snapshots

__all__ = ["demo", "run_demo"]


@click.command()
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
@friendly
def demo(out: Path, log_level: str) -> None:
    """Offline demo: serve snapshots of the seed newsrooms on 127.0.0.1, crawl them into a
    fresh SQLite file, and write RSS and Atom feeds."""
    writable_folder(out, "demo folder", "pass --out DIR with a folder you can write")
    writable_folder(
        out / "feeds", "demo feeds folder", "pass --out DIR with a folder you can write"
    )
    run_demo(out, "DEBUG" if debug_mode() else log_level)


def run_demo(out: Path, log_level: str) -> None:
    """Serve the demo sites, crawl them into ``out`` and write its feeds."""
    from crawler.components.project import project_settings
    from crawler.run.runner import run_recorded_crawl

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
