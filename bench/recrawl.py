"""What a re-crawl of unchanged newsrooms costs them, against the first crawl.

    python bench/recrawl.py [--crawls 3]

Serves the bundled snapshot sites on 127.0.0.1, crawls them ``--crawls`` times into one fresh
SQLite file (a real `newsroom crawl` each time), and prints, per crawl and newsroom, what the
servers saw: requests, how many carried validators (If-None-Match / If-Modified-Since), how
many were answered 304, and bytes of bodies sent. Re-crawls run with the default settings,
so stored stories are not due again minutes later; ``--due`` makes every stored story due
(as a day later) to show the cost of re-checking them too.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.core.newsrooms import load_newsrooms  # noqa: E402
from crawler.snapshots import DEMO_SITES, Hit, demo_sites, load_snapshot, serve_snapshots  # noqa: E402  # noqa: E402

NEWSROOMS = DEMO_SITES / "newsrooms.toml"


def crawl(origins: dict[str, str], database: str, due: bool) -> float:
    extra = ["-s", "RECHECK_FACTOR=0", "-s", "RECHECK_LEAST_HOURS=0"] if due else []
    started = time.monotonic()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "crawler.cli",
            "crawl",
            "--newsrooms",
            str(NEWSROOMS),
            "--db",
            database,
            "--no-feeds",
            "--log-level",
            "WARNING",
            "-s",
            f"LOOPBACK_ORIGINS={json.dumps(origins)}",
            "-s",
            "AUTOTHROTTLE_ENABLED=False",
            *extra,
        ],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crawls", type=int, default=3)
    parser.add_argument("--due", action="store_true", help="every stored story is due again")
    args = parser.parse_args()
    sites = demo_sites()
    newsroom_of = {
        load_snapshot(site).origin: key
        for key, site in zip((s.name for s in sites), sites, strict=True)
    }
    keys = list(load_newsrooms(NEWSROOMS))
    database = f"sqlite:///{Path(tempfile.mkdtemp()) / 'recrawl.sqlite3'}"
    rows = []
    for number in range(1, args.crawls + 1):
        hits: list[Hit] = []
        with serve_snapshots(sites, hits) as origins:
            seconds = crawl(origins, database, args.due and number > 1)
        by_newsroom: dict[str, list[Hit]] = defaultdict(list)
        for hit in hits:
            by_newsroom[newsroom_of[hit.origin]].append(hit)
        for key in keys:
            mine = by_newsroom[key]
            rows.append((number, key, mine, seconds))
    print("| crawl | newsroom | requests | conditional | share | 304 | bodies KB | crawl s |")
    print("|------:|----------|---------:|------------:|------:|----:|----------:|--------:|")
    for number, key, mine, seconds in rows:
        conditional = sum(hit.conditional for hit in mine)
        share = conditional / len(mine) if mine else 0.0
        not_modified = sum(hit.status == 304 for hit in mine)
        body = sum(hit.bytes for hit in mine) / 1024
        print(
            f"| {number} | {key} | {len(mine)} | {conditional} | {share:.0%} | {not_modified} "
            f"| {body:.0f} | {seconds:.1f} |"
        )


if __name__ == "__main__":
    main()
