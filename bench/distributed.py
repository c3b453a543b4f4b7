"""Shared crawls against one process: ``python -m bench.distributed``.

Usage: ``python -m bench.distributed [--stories 1000] [--runs 3] [--processes N]``. Builds
`bench.synthetic.SyntheticSite`, serves it on 127.0.0.1, starts a ``redis-server`` of its own
(a Unix socket in a temporary folder) and crawls the whole site (``--backfill``, one
``generic`` newsroom, politeness off) into a fresh SQLite file, three ways, ``--runs`` times
each in turn:

- ``newsroom crawl``: one process, Scrapy's own scheduler;
- ``newsroom enqueue`` then one ``newsroom worker --until-idle``: the Redis scheduler;
- the same with two workers at once.

Each with ``EXTRACTION_PROCESSES`` = ``--processes`` (default: the cores) per process. It
prints pages/s (pages the server answered, robots.txt aside, over the wall time of the slowest
process), the stories stored, and whether every page was fetched once and every way stored the
same stories. The machine is shared and noisy: compare within a run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path

from bench.synthetic import ORIGIN, Hit, SyntheticSite, serve
from bench.throughput import NEWSROOM, ROOT, crawl_settings


@contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    import redis

    program = shutil.which("redis-server")
    if program is None:
        raise SystemExit("redis-server is not installed: apt-get install redis-server")
    socket = folder / "redis.sock"
    server = subprocess.Popen(
        [program, "--port", "0", "--unixsocket", str(socket), "--save", "", "--appendonly", "no"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
    )
    url = f"unix://{socket}"
    try:
        for _ in range(200):
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield url
    finally:
        server.terminate()
        server.wait()


def _settings(origin: str, work: Path, processes: int) -> list[str]:
    """`bench.throughput`'s crawl settings, as a whole-site walk, without a metrics file."""
    settings = {**crawl_settings(origin, work, processes), "METRICS_FILE": "", "BACKFILL": "True"}
    return [a for key, value in settings.items() for a in ("-s", f"{key}={value}")]


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "crawler.cli", *args]


def _run_all(commands: Sequence[Sequence[str]]) -> float:
    """Run ``commands`` at once; the wall time until the last has ended. Their stderr goes
    to files: a pipe read one process after the other fills, and stops the others."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-stderr-") as folder:
        logs = [Path(folder) / f"{i}.err" for i in range(len(commands))]
        processes = []
        for command, log in zip(commands, logs, strict=True):
            with log.open("wb") as stderr:
                processes.append(
                    subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr)
                )
        codes = [process.wait() for process in processes]
        seconds = time.monotonic() - started
        for code, command, log in zip(codes, commands, logs, strict=True):
            if code != 0:
                errors = log.read_bytes()[-3000:]
                raise RuntimeError(f"{' '.join(command)}: exit {code}\n{errors!r}")
    return seconds


def _stories(database: Path) -> set[str]:
    with closing(sqlite3.connect(database)) as connection:
        return {row[0] for row in connection.execute("SELECT url FROM story_url")}


def one_way(
    way: str, origin: str, hits: list[Hit], work: Path, redis_url: str, processes: int, run: int
) -> tuple[float, int, int, set[str]]:
    """One crawl ``way``: pages/s, pages, pages fetched more than once, the stored URLs."""
    newsrooms = work / "newsrooms.toml"
    database = work / f"{way}-{run}.sqlite3"
    common = ["--newsrooms", str(newsrooms), "--db", f"sqlite:///{database}"]
    settings = _settings(origin, work, processes)
    before = len(hits)
    if way == "crawl":
        command = _cli("crawl", *common, "--no-feeds", "--log-level", "WARNING", *settings)
        seconds = _run_all([command])
    else:
        workers = 1 if way == "1 worker" else 2
        _run_all([_cli("enqueue", "--newsrooms", str(newsrooms), "--redis", redis_url)])
        worker = _cli("worker", *common, "--redis", redis_url, "--until-idle", *settings)
        seconds = _run_all(
            [[*worker, "--log-file", str(work / f"{way}-{run}-{i}.log")] for i in range(workers)]
        )
    fetched = [hit.path for hit in hits[before:] if hit.path != "/robots.txt"]
    twice = sum(1 for n in Counter(fetched).values() if n > 1)
    return len(fetched) / seconds, len(fetched), twice, _stories(database)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    site = SyntheticSite(args.stories)
    ways = ("crawl", "1 worker", "2 workers")
    rates: dict[str, list[float]] = {way: [] for way in ways}
    counts: dict[str, list[tuple[int, int, int]]] = {way: [] for way in ways}
    stored: dict[str, set[str]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-distributed-") as folder:
        work = Path(folder)
        (work / "newsrooms.toml").write_text(
            NEWSROOM.format(origin=ORIGIN, max_pages=10**7), encoding="utf-8"
        )
        hits: list[Hit] = []
        with redis_server(work) as redis_url, serve(site, hits) as origin:
            for run in range(args.runs):
                for way in ways:
                    rate, pages, twice, urls = one_way(
                        way, origin, hits, work, redis_url, args.processes, run
                    )
                    rates[way].append(rate)
                    counts[way].append((pages, twice, len(urls)))
                    stored.setdefault(way, urls)
                    print(f"run {run + 1} {way}: {rate:.1f} pages/s", file=sys.stderr, flush=True)
    print(f"{args.stories} stories, {args.processes} extraction processes per process, ", end="")
    print(f"median of {args.runs}; {os.cpu_count()} cores")
    print()
    print("| way | pages/s | ratio to crawl | pages | fetched twice | stories stored | same |")
    print("|---|---:|---:|---:|---:|---:|---|")
    base = statistics.median(rates["crawl"])
    for way in ways:
        rate = statistics.median(rates[way])
        pages, twice, urls = counts[way][-1]
        same = "yes" if stored[way] == stored["crawl"] else "no"
        print(f"| {way} | {rate:.1f} | {rate / base:.2f} | {pages} | {twice} | {urls} | {same} |")


if __name__ == "__main__":
    main()
