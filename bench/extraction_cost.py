"""Extraction cost: `crawler.extraction.extract` against plain trafilatura, page by page.

Usage: ``python bench/extraction_cost.py [DATASET_DIR] [--rounds N]`` (default
``../shared/data/extraction-dev``, 5 rounds). Both run in this one process on the same pages,
held in memory: each page is read by one, then by the other (which goes first alternates), so
a machine that slows down or speeds up (a shared, noisy one) slows both alike. After a warm-up
round that is not counted, a page's cost is its median over the rounds; the table gives the
median and mean of those over the pages, in wall and in CPU milliseconds, and the ratio of
extract() to trafilatura: of the medians, of the totals, and the median of the per-page ratios.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import trafilatura

from crawler.core.newsrooms import generic_newsroom
from crawler.extraction import extract

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "extraction-dev"


def _timed(read: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    read()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--rounds", type=int, default=5, help="counted rounds (default 5)")
    args = parser.parse_args()
    truth = json.loads((args.dataset / "ground_truth.json").read_text(encoding="utf-8"))
    pages = [
        (gzip.decompress((args.dataset / "html" / name).read_bytes()), record["url"])
        for name, record in truth.items()
    ]
    newsroom = generic_newsroom()
    fetched_at = datetime.now(UTC)  # read once, outside the timed calls

    def readers(html: bytes, url: str) -> tuple[Callable[[], object], Callable[[], object]]:
        return (
            lambda: trafilatura.extract(html, url=url, include_comments=False),
            lambda: extract(html, url, newsroom, fetched_at),
        )

    # wall[reader][page] and cpu[reader][page]: one figure a round.
    wall: list[list[list[float]]] = [[[] for _ in pages] for _ in range(2)]
    cpu: list[list[list[float]]] = [[[] for _ in pages] for _ in range(2)]
    for round_ in range(args.rounds + 1):
        for index, (html, url) in enumerate(pages):
            pair = readers(html, url)
            order = (0, 1) if (round_ + index) % 2 == 0 else (1, 0)
            for which in order:
                seconds, cpu_seconds = _timed(pair[which])
                if round_ > 0:  # round 0 warms caches and imports up
                    wall[which][index].append(seconds)
                    cpu[which][index].append(cpu_seconds)

    print(f"{len(pages)} pages from {args.dataset}, {args.rounds} rounds, alternated page by page")
    print(f"| {'clock':<5} | {'reader':<44} | {'median ms':>9} | {'mean ms':>7} |")
    print(f"|{'-' * 7}|{'-' * 46}|{'-' * 11}|{'-' * 9}|")
    labels = ("trafilatura extract(include_comments=False)", "extract() (generic)")
    ratios = []
    for clock, figures in (("wall", wall), ("cpu", cpu)):
        per_page = [[statistics.median(runs) for runs in reader] for reader in figures]
        for label, costs in zip(labels, per_page, strict=True):
            median, mean = statistics.median(costs), statistics.fmean(costs)
            print(f"| {clock:<5} | {label:<44} | {1000 * median:9.1f} | {1000 * mean:7.1f} |")
        plain, ours = per_page
        ratios.append(
            (
                clock,
                statistics.median(ours) / statistics.median(plain),
                sum(ours) / sum(plain),
                statistics.median(o / p for o, p in zip(ours, plain, strict=True) if p),
            )
        )
    print()
    print("| clock | ratio of medians | ratio of totals | median per-page ratio |")
    print("|-------|------------------|-----------------|-----------------------|")
    for clock, of_medians, of_totals, per_page_ratio in ratios:
        print(f"| {clock:<5} | {of_medians:16.2f} | {of_totals:15.2f} | {per_page_ratio:21.2f} |")


if __name__ == "__main__":
    main()
