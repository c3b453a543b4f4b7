"""The crawls the run-record, health and metrics tests read (`run_ops_crawls`), and the
``crawl_run`` rows tests write or read without a crawl (`records`, `finished`).

The ops crawls: through the CLI into one database (`tests.support.databases`), the NATO HQ
snapshot beside a newsroom whose host refuses every connection (with ``newsroom health`` checked
after it), then NATO HQ after a relaunch that nothing can be extracted from
(``tests/ops_sites/nato-hq-relaunched``).
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from click.testing import Result

from crawler.core import clock
from crawler.core.events import STAMP_FORMAT
from crawler.snapshots import DEMO_SITES, serve_snapshots
from storage.runs import CrawlRuns, RunOutcome, RunRecord
from tests.support.cli import invoke, run_cli
from tests.support.databases import url_at

RELAUNCHED = Path(__file__).resolve().parents[1] / "ops_sites" / "nato-hq-relaunched"
HQ = "nato-hq"
BROKEN = "broken"

HQ_NEWSROOM = """
[[newsroom]]
key = "nato-hq"
name = "NATO HQ news"
family = "nato-hq"
start_urls = ["https://www.nato.int/cps/en/natohq/news.htm"]
feeds = ["https://www.nato.int/cps/rss/en/natohq/rssFeed.xsl/rssFeed.xml"]
sitemaps = ["https://www.nato.int/sitemap.xml"]
languages = ["en", "fr"]
every = "1h"
max_pages = 500
"""
BROKEN_NEWSROOM = """
[[newsroom]]
key = "broken"
name = "A newsroom whose server refuses every connection"
family = "generic"
start_urls = ["http://broken.invalid/news"]
languages = ["en"]
every = "1h"
"""


@dataclass(frozen=True)
class OpsCrawls:
    """What the ops crawls left: the database, files, and each command's output."""

    url: str
    logs: Path
    metrics: Path
    both: Path  # newsrooms file: nato-hq and broken
    hq_only: Path
    first: subprocess.CompletedProcess[str]  # nato-hq and broken, with --progress
    second: subprocess.CompletedProcess[str]  # nato-hq relaunched, --log-file
    relaunch_log: Path
    health_before: Result  # after the first crawl, nato-hq only
    health_both: Result  # after the first crawl, both newsrooms
    old_logs: tuple[str, ...]  # in logs before the first crawl, named 40 days old
    kept_files: tuple[str, ...]  # in logs before the first crawl: a day-old log and no run logs


def old_run_files() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Run logs named as if started 40 days ago (deleted: LOG_KEEP_DAYS is 30), and a run log
    named as if started yesterday (kept) beside files that are no run logs.

    Named by the project's clock, which stamps the names, when called: under
    ``--clock-ahead`` that is after the clock has moved, never at import.
    """
    forty_days_ago = f"{clock.now() - timedelta(days=40, minutes=5):{STAMP_FORMAT}}"
    old_logs = (f"{forty_days_ago}-0badcafe.log", f"nato-hq-{forty_days_ago}.log")
    kept_files = (
        f"{clock.now() - timedelta(days=1):{STAMP_FORMAT}}-00c0ffee.log",
        "20261399T000000Z-00c0ffee.log",  # no time: no run log's name
        "notes.txt",
    )
    return old_logs, kept_files


def _crawl(
    origins: dict[str, str], home: Path, newsrooms: Path, *extra: str
) -> subprocess.CompletedProcess[str]:
    return run_cli(
        "crawl",
        "--newsrooms",
        str(newsrooms),
        "--db",
        url_at(home / "newsroom.sqlite3"),
        "--no-feeds",
        "--log-level",
        "WARNING",
        "-s",
        f"LOG_DIR={home / 'logs'}",
        "-s",
        f"METRICS_FILE={home / 'metrics.prom'}",
        "-s",
        f"LOOPBACK_ORIGINS={json.dumps(origins)}",
        "-s",
        "AUTOTHROTTLE_ENABLED=False",
        *extra,
        check=False,
    )


def run_ops_crawls(root: Path) -> OpsCrawls:
    """Crawl nato-hq and broken; check health; crawl the relaunched nato-hq (all in ``root``)."""
    old_logs, kept_files = old_run_files()
    both, hq_only = root / "both.toml", root / "hq.toml"
    both.write_text(HQ_NEWSROOM + BROKEN_NEWSROOM, encoding="utf-8")
    hq_only.write_text(HQ_NEWSROOM, encoding="utf-8")
    logs = root / "logs"
    logs.mkdir()
    # Every file last written long ago: a run log's age is the time in its name, not its mtime.
    forty_days_ago = time.time() - 40 * 86400
    for name in (*old_logs, *kept_files):
        (logs / name).write_text("a log\n", encoding="utf-8")
        os.utime(logs / name, (forty_days_ago, forty_days_ago))
    url = url_at(root / "newsroom.sqlite3")
    with serve_snapshots([DEMO_SITES / HQ]) as origins:
        first = _crawl(origins, root, both, "--progress", "-s", "PROGRESS_INTERVAL=0.2")
    health_before = invoke("health", "--db", url, "--newsrooms", str(hq_only))
    health_both = invoke("health", "--db", url, "--newsrooms", str(both))
    relaunch_log = root / "relaunch" / "crawl.log"
    with serve_snapshots([RELAUNCHED]) as origins:
        second = _crawl(origins, root, hq_only, "--log-file", str(relaunch_log))
    return OpsCrawls(
        url,
        logs,
        root / "metrics.prom",
        both,
        hq_only,
        first,
        second,
        relaunch_log,
        health_before,
        health_both,
        old_logs,
        kept_files,
    )


def records(url: str) -> list[RunRecord]:
    """Every ``crawl_run`` row of the database at ``url``, oldest first."""
    runs = CrawlRuns.open(url)
    try:
        return list(reversed(runs.recent(limit=100)))
    finally:
        runs.close()


def finished(runs: CrawlRuns, run_id: str, started: datetime, **counts: int) -> None:
    """A finished run of nato-hq: ``stories`` new ones, ``fresh`` pages read, ``same`` 304s."""
    stories, fresh, same = counts.get("stories", 0), counts.get("fresh", 0), counts.get("same", 0)
    runs.start(run_id, HQ, started)
    counters = {"pages/fetched": fresh + same, "fetch/not-modified": same, "stories/new": stories}
    outcome = RunOutcome(
        "finished", "finished", requests=fresh + same, pages=fresh + same, stories_new=stories,
        counters=counters,
    )  # fmt: skip
    runs.finish(run_id, HQ, started + timedelta(seconds=5), outcome)
