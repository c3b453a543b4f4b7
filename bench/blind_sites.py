"""Crawl accuracy on the blind fixture sites: sites written from public facts by people who never
read the crawler's rules, scored as they come.

Usage: ``python bench/blind_sites.py [BATCH ...]`` (default: every ``tests/blind/*`` batch).
Each site folder holds ``newsroom.toml`` (one newsroom entry), ``day1/``, ``day2/``... (the
snapshot of each day, with its ``expected.json``). Every site is crawled day after day into one
fresh SQLite file, by the real ``newsroom crawl`` on 127.0.0.1 (the second day on a clock a day
later, and so on, or later still when its newest story is), twice: with the family its
``newsroom.toml`` names and with ``family = "generic"``. After each day the stored stories
(less those whose page is gone) are scored against that day's ``expected.json``. Prints one
table row per site, family and day: stories present, found, stored, stored wrongly (no story of
the site: home, listing, topic pages...), duplicated, dates and titles right, recall and
precision.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.core.newsrooms import load_newsrooms  # noqa: E402
from crawler.snapshots import serve_snapshots  # noqa: E402
from crawler.snapshots.groundtruth import Score, load_expected, score  # noqa: E402
from storage.repository import Repository  # noqa: E402

BLIND = ROOT / "tests" / "blind"
FAMILY_LINE = re.compile(r'^(\s*family\s*=\s*)"[^"]*"', re.MULTILINE)


@dataclass
class Row:
    site: str
    family: str
    day: str
    result: Score
    stored: int

    def text(self) -> str:
        r = self.result
        recall = r.found / r.present if r.present else 0.0
        precision = (self.stored - r.spurious) / self.stored if self.stored else 0.0
        return (
            f"| {self.site:<24} | {self.family:<9} | {self.day:<4} | {r.present:>7} | {r.found:>5} "
            f"| {self.stored:>6} | {r.spurious:>5} | {r.duplicated:>4} "
            f"| {r.rate(r.dates_right):>5.0%} | {r.rate(r.titles_right):>6.0%} "
            f"| {recall:>6.2f} | {precision:>9.2f} |"
        )


HEADER = (
    "| site                     | family    | day  | present | found | stored | wrong | dups "
    "| dates | titles | recall | precision |\n"
    f"|{'-' * 26}|{'-' * 11}|{'-' * 6}|{'-' * 9}|{'-' * 7}|{'-' * 8}|{'-' * 7}|{'-' * 6}"
    f"|{'-' * 7}|{'-' * 8}|{'-' * 8}|{'-' * 11}|"
)


def crawl_site(site: Path, family: str | None, work: Path, log_level: str = "ERROR") -> list[Row]:
    """Crawl every day of ``site`` into one database; score after each day. ``log_level``: of
    the crawl's log, written to ``work/<day>.log``."""
    entry = (site / "newsroom.toml").read_text(encoding="utf-8")
    if family is not None:
        entry = FAMILY_LINE.sub(rf'\g<1>"{family}"', entry)
    newsrooms = work / "newsrooms.toml"
    newsrooms.write_text(entry, encoding="utf-8")
    registry = load_newsrooms(newsrooms)
    (newsroom,) = registry.values()
    database = work / "stories.sqlite3"
    rows = []
    days = sorted(p for p in site.iterdir() if p.is_dir() and p.name.startswith("day"))
    ahead = -1
    for day in days:
        ahead = max(ahead + 1, days_until_newest(day))
        with serve_snapshots([day]) as origins:
            settings = {
                "LOOPBACK_ORIGINS": json.dumps(origins),
                "AUTOTHROTTLE_ENABLED": "False",
                "LOG_DIR": str(work / "logs"),
                "METRICS_FILE": str(work / "metrics.prom"),
            }
            command = [sys.executable, "-m", "crawler.cli", "crawl", "--newsrooms", str(newsrooms)]
            command += ["--db", f"sqlite:///{database}", "--no-feeds", "--log-level", log_level]
            command += [a for key, value in settings.items() for a in ("-s", f"{key}={value}")]
            done = subprocess.run(
                command, cwd=ROOT, env=day_clock(ahead), capture_output=True, text=True, check=False
            )
            (work / f"{day.name}.log").write_text(done.stderr, encoding="utf-8")
            if done.returncode not in (0, 1):  # 1: the crawl failed, which the score shows
                raise RuntimeError(f"{site.name} {day.name}: {done.stderr.strip()[-2000:]}")
        repository = Repository.open(f"sqlite:///{database}", create=False)
        try:
            stored = [s for s in repository.stories(newsroom=newsroom.key) if s.gone_at is None]
        finally:
            repository.close()
        result = score(stored, load_expected(day), newsroom.family)
        rows.append(Row(site.name, newsroom.family, day.name, result, len(stored)))
    return rows


def days_until_newest(day: Path) -> int:
    """Days from today to the newest story of ``day``'s ground truth: a snapshot is taken no
    sooner than its newest story, and a crawl on a clock before it would refuse that story's
    date as a date after the fetch (day 2 of a site may be several days after day 1)."""
    stated = [s["published"] for s in load_expected(day) if s.get("published")]
    if not stated:
        return 0
    return max(0, (date.fromisoformat(max(stated)) - datetime.now(UTC).date()).days)


def day_clock(ahead: int) -> dict[str, str]:
    """The environment of a crawl that lives ``ahead`` days after the first day's: day N of a
    site is crawled N days later, so stored stories are due for their re-check as they would
    be (the test suite's clock hook, `tests/clock_ahead`)."""
    env = dict(os.environ)
    if ahead:
        hook = str(ROOT / "tests" / "clock_ahead")
        env["PYTHONPATH"] = os.pathsep.join(p for p in (hook, env.get("PYTHONPATH")) if p)
        env["NEWSROOM_TEST_CLOCK_AHEAD"] = str(ahead)
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("batches", nargs="*", type=Path, help="batch folders (default: all)")
    parser.add_argument("--generic-only", action="store_true", help="skip the native family")
    parser.add_argument("--problems", action="store_true", help="list each site's problems")
    parser.add_argument("--site", action="append", default=[], help="only these sites (names)")
    parser.add_argument(
        "--keep", type=Path, help="keep each crawl's database and logs under this folder"
    )
    args = parser.parse_args()
    batches = args.batches or sorted(p for p in BLIND.iterdir() if p.is_dir())
    print(HEADER)
    for batch in batches:
        for site in sorted(p for p in batch.iterdir() if (p / "newsroom.toml").is_file()):
            if args.site and site.name not in args.site:
                continue
            (native,) = load_newsrooms(site / "newsroom.toml").values()
            families: list[str | None] = [] if args.generic_only else [None]
            if native.family != "generic" or args.generic_only:
                families.append("generic")
            for family in families:
                if args.keep:
                    work = args.keep / f"{site.name}-{family or native.family}"
                    work.mkdir(parents=True, exist_ok=True)
                    rows = crawl_site(site, family, work, "INFO")
                else:
                    with tempfile.TemporaryDirectory() as temporary:
                        rows = crawl_site(site, family, Path(temporary))
                for row in rows:
                    print(row.text(), flush=True)
                    if args.problems:
                        for problem in row.result.problems:
                            print(f"    {problem}", file=sys.stderr)


if __name__ == "__main__":
    main()
