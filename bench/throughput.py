"""The crawler's throughput on a synthetic news site, in one table: ``python -m bench``.

Usage: ``python -m bench [--stories 1000,10000] [--runs 3] [--processes N] [--smoke]
[--out bench/results] [--db-dir DIR]``. It builds `bench.synthetic.SyntheticSite` (N story
pages of realistic size and markup, paged listings, links off the site), serves it on
127.0.0.1 from a thread of this process, and measures:

- **extraction ceiling**: pages/s of plain trafilatura (``extract``, comments off), of the
  project's `crawler.extraction.extract`, and of a crawl worker's whole reading of a page
  (`crawler.components.workers.read`: extract, links, dedup keys, packing) over a sample of
  the site's pages (stories and listings as a crawl meets them), in this process and in one
  worker process per core;
- **end to end**: a real ``newsroom crawl --backfill`` of the site (one ``generic`` newsroom,
  politeness off: one host standing in for many polite newsrooms) into a fresh SQLite file,
  with ``EXTRACTION_PROCESSES`` workers and with 0 (every page read on the crawl's own thread,
  one core); pages/s fetched, CPU use and peak RSS of the crawl's process alone and of its
  whole process tree (workers included; PSS, so memory the processes share counts once),
  sampled from /proc every 0.2 s;
- the ratios end-to-end / ceiling and workers / one core;
- **re-crawl** of the unchanged site (no ``--backfill``): requests, their conditional share,
  304s and seconds;
- **feed render** of 50 items with 1k and 100k stories stored (`bench.dedup_lookup`'s bulk
  loader; the databases are kept in ``--db-dir``);
- **extraction F1** on ``../shared/data/extraction-dev`` beside plain trafilatura's
  (`bench.extraction_f1`), so a speed change that costs quality shows.

Each timed row runs ``--runs`` times; the table shows medians, and ratios come from the
medians of one sitting. The result is printed and written to ``<out>/<date>.md``. ``--smoke``
runs it all small (seconds, for CI). The machine is shared and noisy: compare within a run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from bench.synthetic import ORIGIN, Hit, SyntheticSite, serve
from crawler.core import clock

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DATASET = ROOT.parent / "shared" / "data" / "extraction-dev"
#: Fetched when the crawl ran: the site's stories are dated before it.
FETCHED = datetime(2026, 6, 1, tzinfo=UTC)
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

NEWSROOM = """\
[[newsroom]]
key = "bench"
name = "Synthetic newsroom"
family = "generic"
start_urls = ["{origin}/"]
feeds = []
sitemaps = []
languages = ["en"]
every = "1h"
max_pages = {max_pages}
"""


# -- measuring a process tree ----------------------------------------------------------------


@dataclass
class Usage:
    """What a process and its descendants used while it ran."""

    seconds: float = 0.0
    cpu: dict[int, float] = field(default_factory=dict)  # CPU seconds per pid, as last seen
    peak_main: int = 0  # bytes
    peak_all: int = 0  # bytes of PSS, summed over the tree at one moment
    #: (progress, resident bytes of the process itself) at each sample: how memory grows.
    series: list[tuple[int, int]] = field(default_factory=list)

    @property
    def cpu_seconds(self) -> float:
        return sum(self.cpu.values())

    def growth(self) -> float:
        """Bytes the process itself grew per unit of progress, from a tenth of the way to the
        end (start-up and imports left out)."""
        if len(self.series) < 3 or self.series[-1][0] <= 0:
            return 0.0
        last = self.series[-1]
        first = next(s for s in self.series if s[0] >= last[0] / 10)
        if last[0] == first[0]:
            return 0.0
        return (max(rss for _, rss in self.series) - first[1]) / (last[0] - first[0])


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            text = (task / "children").read_text()
            found += [int(child) for child in text.split()]
    except OSError:
        pass
    return found


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        todo += _children(current)
    return pids


def _sample(pid: int) -> tuple[float, int, int] | None:
    """CPU seconds, resident bytes and proportional set size (PSS: pages shared with other
    processes, such as a fork server's imports, counted once among them) of ``pid``; None
    when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime
    sizes = dict(line.split(":", 1) for line in rollup.splitlines()[1:] if ":" in line)
    kilobytes = {name: int(value.split()[0]) for name, value in sizes.items()}
    return cpu, 1024 * kilobytes.get("Rss", 0), 1024 * kilobytes.get("Pss", 0)


def run_measured(command: Sequence[str], progress: Callable[[], int] = lambda: 0) -> Usage:
    """Run ``command`` to its end, sampling its process tree and its ``progress`` (pages
    served so far); raise if it fails."""
    usage = Usage()
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    errors: list[bytes] = []
    reader = threading.Thread(target=lambda: errors.append(process.stderr.read()))  # type: ignore[union-attr]
    reader.start()
    while process.poll() is None:
        total = 0
        for pid in _tree(process.pid):
            sample = _sample(pid)
            if sample is None:
                continue
            usage.cpu[pid], rss, pss = sample
            total += pss
            if pid == process.pid:
                usage.peak_main = max(usage.peak_main, rss)
                usage.series.append((progress(), rss))
        usage.peak_all = max(usage.peak_all, total)
        time.sleep(0.2)
    usage.seconds = time.monotonic() - started
    reader.join()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)}: exit {process.returncode}\n{errors[0][-3000:]!r}")
    return usage


# -- the extraction ceiling ------------------------------------------------------------------


@cache
def _newsroom() -> object:
    from crawler.core.newsrooms import load_newsrooms

    path = Path(tempfile.mkdtemp(prefix="bench-newsroom-")) / "newsrooms.toml"
    path.write_text(NEWSROOM.format(origin=ORIGIN, max_pages=100), encoding="utf-8")
    return load_newsrooms(path)["bench"]


def read_trafilatura(page: tuple[bytes, str]) -> int:
    import trafilatura

    text = trafilatura.extract(page[0], url=page[1], include_comments=False)
    return len(text or "")


def read_worker(page: tuple[bytes, str]) -> int:
    """What a crawl's worker does with a page: `extract()`, its links, dedup keys, packing."""
    from scrapy.http import HtmlResponse

    from crawler.components.workers import Fetched, read

    fetched = Fetched(
        page[0],
        page[1],
        _newsroom(),
        FETCHED,
        "text/html; charset=utf-8",  # type: ignore[arg-type]
        response_class=HtmlResponse,
    )
    done = read(fetched)
    return len(done.links.found) if done.links else 0


def read_newsroom(page: tuple[bytes, str]) -> int:
    from crawler.extraction import extract

    extraction = extract(page[0], page[1], _newsroom(), FETCHED, "text/html; charset=utf-8")  # type: ignore[arg-type]
    return len(extraction) if isinstance(extraction, tuple) else 0


def sample_pages(site: SyntheticSite, count: int) -> list[tuple[bytes, str]]:
    """``count`` pages of ``site`` as a crawl meets them: stories and their listings."""
    stories = site.story_paths()
    listings = [f"/news/?page={k}" for k in range(1, 1 + -(-len(stories) // site.per_listing))]
    paths = stories + listings
    step = max(1, len(paths) // count)
    chosen = paths[::step][:count]
    pages = []
    for path in chosen:
        body = site.page(path)
        assert body is not None, path
        pages.append((body, f"{ORIGIN}{path}"))
    return pages


def pages_per_second(
    read: Callable[[tuple[bytes, str]], int], pages: list[tuple[bytes, str]], processes: int
) -> float:
    """Pages read per second: in this process (``processes`` 1) or in a pool of them."""
    if processes == 1:
        for page in pages[:3]:
            read(page)  # imports and first-use caches out of the timing
        started = time.perf_counter()
        for page in pages:
            read(page)
        return len(pages) / (time.perf_counter() - started)
    with ProcessPoolExecutor(processes) as pool:
        list(pool.map(read, pages[: processes * 2]))
        started = time.perf_counter()
        list(pool.map(read, pages, chunksize=4))
        return len(pages) / (time.perf_counter() - started)


# -- crawls ----------------------------------------------------------------------------------


@dataclass
class Crawl:
    """One crawl of the site: what it cost and what the server saw."""

    usage: Usage
    hits: list[Hit]
    stored: int

    @property
    def fetched(self) -> int:
        return sum(1 for hit in self.hits if hit.path != "/robots.txt")

    @property
    def pages_per_second(self) -> float:
        return self.fetched / self.usage.seconds


def crawl_settings(origin: str, work: Path, processes: int) -> dict[str, str]:
    """The settings of a bench crawl of the site served at ``origin`` (`bench.distributed`'s
    too): politeness off, ``processes`` extraction processes, logs in ``work``."""
    return {
        "LOOPBACK_ORIGINS": json.dumps({ORIGIN: origin}),
        "AUTOTHROTTLE_ENABLED": "False",
        "CONCURRENT_REQUESTS": "32",
        "CONCURRENT_REQUESTS_PER_DOMAIN": "32",
        "DOWNLOAD_DELAY": "0",
        # The generic family stops five links from the start page; a backfill of a deep
        # archive (page 500 of the listings) walks it all here.
        "DEPTH_LIMIT": "0",
        "EXTRACTION_PROCESSES": str(processes),
        "LOG_DIR": str(work / "logs"),
        "METRICS_FILE": str(work / "metrics.prom"),
    }


def crawl(
    origin: str, work: Path, hits: list[Hit], database: Path, processes: int, backfill: bool
) -> Crawl:
    newsrooms = work / "newsrooms.toml"
    if not newsrooms.exists():
        newsrooms.write_text(NEWSROOM.format(origin=ORIGIN, max_pages=10**7), encoding="utf-8")
    settings = crawl_settings(origin, work, processes)
    command = [sys.executable, "-m", "crawler.cli", "crawl", "--newsrooms", str(newsrooms)]
    command += ["--db", f"sqlite:///{database}", "--no-feeds", "--log-level", "WARNING"]
    command += ["--backfill"] if backfill else []
    command += [a for key, value in settings.items() for a in ("-s", f"{key}={value}")]
    before = len(hits)
    usage = run_measured(command, lambda: len(hits) - before)
    return Crawl(usage, hits[before:], _stored(f"sqlite:///{database}"))


def _stored(url: str) -> int:
    """How many stories the database at ``url`` holds."""
    from storage.repository import Repository

    repository = Repository.open(url, create=False)
    try:
        return repository.count()
    finally:
        repository.close()


# -- feeds -----------------------------------------------------------------------------------


def feed_ms(directory: Path, stories: int, runs: int) -> float:
    """Median ms to render the 50-item RSS and Atom feeds of a database of ``stories``."""
    from bench.dedup_lookup import kept_database
    from crawler.reports.feeds import feed_info, render_feed
    from storage.repository import Repository

    url = kept_database(directory / f"feed-{stories}.sqlite3", stories, seed=0)
    repository = Repository.open(url, create=False)

    def render() -> None:
        # What `newsroom feed` and a crawl's feed files do: the newest 50, in both formats.
        latest = repository.stories(limit=50)
        info = feed_info(None, None, None)
        assert len(latest) == 50 and all(render_feed(latest, info, f) for f in ("rss", "atom"))

    try:
        render()
        times = []
        for _ in range(max(runs, 5)):
            started = time.perf_counter()
            render()
            times.append(1000 * (time.perf_counter() - started))
    finally:
        repository.close()
    return statistics.median(times)


# -- extraction quality ----------------------------------------------------------------------


def f1_rows(dataset: Path, limit: int | None) -> list[tuple[str, float]]:
    """F1 of plain trafilatura and of ``newsroom extract --batch`` on ``dataset``."""
    from bench.extraction_f1 import run_newsroom, run_trafilatura, score

    truth = json.loads((dataset / "ground_truth.json").read_text(encoding="utf-8"))
    names = sorted(truth)[:limit] if limit else sorted(truth)
    truth = {name: truth[name] for name in names}
    pages = {name: (dataset / "html" / name, truth[name]["url"]) for name in names}
    rows = []
    for label, run in (("trafilatura", run_trafilatura), ("newsroom extract", run_newsroom)):
        outputs, _ = run(pages)
        rows.append((label, score(outputs, truth)[0]))
    return rows


# -- the table -------------------------------------------------------------------------------


@contextmanager
def served(site: SyntheticSite) -> Iterator[tuple[str, list[Hit]]]:
    hits: list[Hit] = []
    with serve(site, hits) as origin:
        yield origin, hits


def mb(size: float) -> str:
    return f"{size / 2**20:.0f} MB"


def median_crawl(crawls: list[Crawl]) -> Crawl:
    return sorted(crawls, key=lambda c: c.pages_per_second)[len(crawls) // 2]


def measure(args: argparse.Namespace, out: list[str]) -> None:
    cores = args.processes
    sizes = [int(size) for size in args.stories.split(",")]
    runs = args.runs

    def row(*cells: object) -> None:
        line = "| " + " | ".join(str(c) for c in cells) + " |"
        out.append(line)
        print(line, flush=True)

    row("measure", "value", "note")
    row("---", "---:", "---")
    site = SyntheticSite(sizes[0])
    pages = sample_pages(site, args.sample)
    ceilings: dict[tuple[str, int], float] = {}
    readers = (
        ("trafilatura", read_trafilatura),
        ("extract()", read_newsroom),
        ("a worker's whole reading", read_worker),
    )
    for label, read in readers:
        for processes in (1, cores):
            rates = [pages_per_second(read, pages, processes) for _ in range(runs)]
            ceilings[label, processes] = statistics.median(rates)
            row(
                f"ceiling: {label}, {processes} process{'es' if processes > 1 else ''}",
                f"{ceilings[label, processes]:.1f} pages/s",
                f"{len(pages)} pages of the site, median of {runs}",
            )
    row(
        "ratio: extract() / trafilatura, time per page (1 process)",
        f"{ceilings['trafilatura', 1] / ceilings['extract()', 1]:.2f}",
        "the issue's limit: 1.5",
    )
    ceiling = ceilings["extract()", cores]
    for size in sizes:
        site = SyntheticSite(size)
        expected = len(site.story_paths())
        with served(site) as (origin, hits), tempfile.TemporaryDirectory() as scratch:
            work = Path(scratch)
            results: dict[int, list[Crawl]] = {cores: [], 0: []}
            recrawls: list[Crawl] = []
            for run in range(runs if size <= 2000 else 1):
                for processes in (cores, 0) if size <= 2000 or run == 0 else (cores,):
                    database = work / f"crawl-{processes}-{run}.sqlite3"
                    done = crawl(origin, work, hits, database, processes, backfill=True)
                    results[processes].append(done)
                    if processes == cores and run == 0:
                        recrawls.append(crawl(origin, work, hits, database, processes, False))
            workers, one = median_crawl(results[cores]), median_crawl(results[0])
            for label, done in ((f"{cores} workers", workers), ("one core", one)):
                row(
                    f"crawl N={size:,}, {label}",
                    f"{done.pages_per_second:.1f} pages/s",
                    f"{done.fetched:,} pages in {done.usage.seconds:.0f} s, "
                    f"{done.stored:,}/{expected:,} stories stored, "
                    f"CPU {100 * done.usage.cpu_seconds / done.usage.seconds:.0f}%, "
                    f"peak RSS {mb(done.usage.peak_main)} (crawl process, "
                    f"{done.usage.growth() / 1024:.0f} KB more a page after the first tenth), "
                    f"PSS {mb(done.usage.peak_all)} (all its processes)",
                )
            row(
                f"ratio N={size:,}: end to end / ceiling of extract()",
                f"{workers.pages_per_second / ceiling:.2f}",
                f"{cores} processes; the issue's floor: 0.8",
            )
            row(
                f"ratio N={size:,}: end to end / ceiling of a worker's whole reading",
                f"{workers.pages_per_second / ceilings[readers[2][0], cores]:.2f}",
                f"{cores} processes: extract(), links, dedup keys, packing",
            )
            row(
                f"ratio N={size:,}: {cores} workers / one core",
                f"{workers.pages_per_second / one.pages_per_second:.2f}",
                "the issue's floor: 1.5",
            )
            again = recrawls[0]
            conditional = sum(hit.conditional for hit in again.hits)
            not_modified = sum(hit.status == 304 for hit in again.hits)
            row(
                f"re-crawl N={size:,} unchanged",
                f"{len(again.hits)} requests",
                f"{conditional} conditional, {not_modified} answered 304, "
                f"{again.usage.seconds:.1f} s, "
                f"{again.stored - results[cores][0].stored} stories new",
            )
    directory = Path(args.db_dir)
    directory.mkdir(parents=True, exist_ok=True)
    small, large = (200, 5_000) if args.smoke else (1_000, 100_000)
    render = {n: feed_ms(directory, n, runs) for n in (small, large)}
    for n, ms in render.items():
        row(f"feed render, 50 items, {n:,} stories stored", f"{ms:.1f} ms", "RSS and Atom")
    flat = render[large] / render[small]
    row(f"ratio: feed render {large:,} / {small:,}", f"{flat:.2f}", "flat: 1")
    if (DATASET / "ground_truth.json").exists():
        for label, f1 in f1_rows(DATASET, 8 if args.smoke else None):
            row(f"extraction F1: {label}", f"{f1:.3f}", f"{DATASET.name}")
    else:
        row("extraction F1", "n/a", f"{DATASET} not found")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--stories", default="1000,10000", help="site sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="runs of each timed row")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--sample", type=int, default=300, help="pages for the ceiling rows")
    parser.add_argument("--smoke", action="store_true", help="all of it, small (CI)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument(
        "--db-dir",
        default=str(Path(tempfile.gettempdir()) / "newsroom-bench"),
        help="where the feed rows' databases are kept between runs",
    )
    args = parser.parse_args(argv)
    if args.smoke:
        args.stories, args.runs, args.sample = "60", 1, 20
    started = clock.now()
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    lines = [
        f"# `python -m bench` {' '.join(sys.argv[1:])}".rstrip(),
        "",
        f"{started:%Y-%m-%d %H:%M} UTC, commit `{commit or '?'}`, {platform.python_version()}, "
        f"{os.cpu_count()} cores, {args.processes} extraction processes",
        "",
    ]
    measure(args, lines)
    lines += ["", f"{(clock.now() - started).total_seconds():.0f} s in all.", ""]
    args.out.mkdir(parents=True, exist_ok=True)
    result = args.out / f"{started:%Y-%m-%d}{'-smoke' if args.smoke else ''}.md"
    result.write_text("\n".join(lines), encoding="utf-8")
    print(f"written: {result}")


if __name__ == "__main__":
    main()
