"""Requests per second of `newsroom serve` on loopback, with 100k stories stored.

Usage: ``python bench/serve.py [--stories 100000] [--seconds 10] [--clients 4] [--query WORD]
[--db-dir DIR] [--seed N]`` (about 4 minutes with the defaults, most of it building the
database; ``--db-dir`` keeps it for the next run). The database is an SQLite file of N
distinct synthetic news stories of 150-400 words, written by the bulk loader of
``bench/dedup_lookup.py`` (the rows `Repository.save_article` writes, checked equal there).

The server is the real one, ``newsroom serve --port 0 --no-access-log`` in a child process
(uvicorn, one process; its defaults otherwise). The load generator is closed-loop: C threads
of this process, each with its own keep-alive HTTP/1.1 connection (``http.client``), send
one request after another for T seconds; a thread's request in flight at the deadline still
counts. Every answer's status is checked (a wrong one counts as an error) and, before the
timing, one answer of each row is read in full: the feed parses with feedparser, holds the
stories it should, and a conditional request with its ETag gets 304.

Rows: (a) ``/feed.atom`` with ``If-None-Match``: the 304 path (the feed's state is read,
nothing is rendered); (b) the full 50-item ``/feed.atom``, as the server runs by default
(rendered once per change, then kept by ETag); (c) the same with the render cache off
(``-s SERVE_FEED_CACHE=0``): every request loads 50 stories and renders them; (d) the same,
gzipped; (e) ``/feed.rss?q=WORD`` (every word in title or text), server defaults; (f) a
``q`` that matches nothing, which reads the text of the newest SERVE_SEARCH_DEPTH (10,000)
stories. Times per request in ms (p50, p95), from the client. The machine is shared and
noisy, and the load generator runs on it too: compare rows within a run.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import re
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import feedparser  # noqa: E402
from dedup_lookup import kept_database, percentile  # noqa: E402

from storage.repository import Repository  # noqa: E402

NEWSROOMS = ROOT / "crawler" / "snapshots" / "demo_sites" / "newsrooms.toml"


@dataclass(frozen=True)
class Row:
    label: str
    path: str
    headers: dict[str, str]
    status: int
    cache: bool = True  # the server's render cache (SERVE_FEED_CACHE)


@dataclass
class Result:
    row: Row
    seconds: float
    latencies: list[float]  # ms
    errors: int
    bytes: int


# -- the database ----------------------------------------------------------------------------


def database(directory: Path, stories: int, seed: int) -> str:
    """An SQLite file of ``stories`` synthetic stories in ``directory`` (kept when it holds
    them already); its URL."""
    return kept_database(directory / f"serve-{stories}-{seed}.sqlite3", stories, seed)


# -- the server ------------------------------------------------------------------------------


@contextmanager
def serving(database_url: str, cache: bool) -> Iterator[tuple[str, int]]:
    """`newsroom serve --port 0` in a child process: its host and port, until SIGTERM."""
    command = [sys.executable, "-m", "crawler.cli", "serve", "--port", "0", "--db", database_url,
               "--newsrooms", str(NEWSROOMS), "--no-access-log"]  # fmt: skip
    if not cache:
        command += ["-s", "SERVE_FEED_CACHE=0"]
    with tempfile.TemporaryFile("w+") as errors:
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=errors, text=True
        )
        assert process.stdout is not None
        try:
            ready, _, _ = select.select([process.stdout], [], [], 120)
            line = process.stdout.readline() if ready else ""
            match = re.fullmatch(r"Serving on (http://\S+)\n", line)
            if not match:
                errors.seek(0)
                sys.exit(f"the server did not start: {line!r} {errors.read()}")
            address = urlsplit(match[1])
            assert address.hostname and address.port
            yield address.hostname, address.port
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                code = process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                code = process.wait()
            if code != 0:
                errors.seek(0)
                print(f"server exited {code}: {errors.read()[-2000:]}", file=sys.stderr)


def fetch(
    host: str, port: int, path: str, headers: dict[str, str]
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(host, port, timeout=60)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


# -- load ------------------------------------------------------------------------------------


def load(host: str, port: int, row: Row, clients: int, seconds: float) -> Result:
    """``clients`` threads, one keep-alive connection each, for ``seconds``."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    received = [0] * clients
    start = threading.Barrier(clients + 1)
    deadline = [0.0]

    def client(n: int) -> None:
        connection = http.client.HTTPConnection(host, port, timeout=60)
        mine = latencies[n]
        start.wait()
        try:
            while (sent := time.perf_counter()) < deadline[0]:
                connection.request("GET", row.path, headers=row.headers)
                response = connection.getresponse()
                body = response.read()
                mine.append(1000 * (time.perf_counter() - sent))
                received[n] += len(body)
                if response.status != row.status:
                    errors[n] += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    deadline[0] = began + seconds
    start.wait()
    for thread in threads:
        thread.join(timeout=seconds + 120)
        if thread.is_alive():
            sys.exit(
                f"{row.label}: a client is still waiting for an answer after {seconds + 120} s"
            )
    return Result(
        row,
        time.perf_counter() - began,
        [ms for mine in latencies for ms in mine],
        sum(errors),
        sum(received),
    )


def check(host: str, port: int, row: Row, items: int) -> None:
    """One answer of ``row`` read in full before it is timed."""
    status, headers, body = fetch(host, port, row.path, row.headers)
    if status != row.status:
        sys.exit(f"{row.label}: {row.path} answered {status}, not {row.status}")
    if status == 200:
        if row.headers.get("Accept-Encoding") == "gzip":
            assert headers.get("content-encoding") == "gzip", headers
            import gzip

            body = gzip.decompress(body)
        parsed = feedparser.parse(body)
        if parsed.bozo or len(parsed.entries) != items:
            sys.exit(f"{row.label}: {len(parsed.entries)} entries, bozo={parsed.bozo}, not {items}")
        again, _, _ = fetch(host, port, row.path, {"If-None-Match": headers["etag"]})
        if again != 304:
            sys.exit(f"{row.label}: a conditional request got {again}, not 304")


def report(results: list[Result], stories: int, clients: int) -> None:
    import starlette
    import uvicorn

    http_impl = "httptools" if _importable("httptools") else "h11"
    loop = "uvloop" if _importable("uvloop") else "asyncio"
    print(
        f"{stories:,} stories stored (SQLite); uvicorn {uvicorn.__version__} ({http_impl},"
        f" {loop}), Starlette {starlette.__version__}, Python {platform.python_version()},"
        f" {os.cpu_count()} CPUs; load: {clients} keep-alive connections (threads, http.client)"
    )
    print()
    header = (
        "row",
        "path",
        "status",
        "cache",
        "requests",
        "seconds",
        "req/s",
        "p50 ms",
        "p95 ms",
        "KB/req",
        "errors",
    )
    lines = [header]
    for r in results:
        count = len(r.latencies)
        lines.append(
            (
                r.row.label,
                r.row.path,
                str(r.row.status),
                "on" if r.row.cache else "off",
                f"{count:,}",
                f"{r.seconds:.1f}",
                f"{count / r.seconds:,.0f}",
                f"{statistics.median(r.latencies):.1f}" if count else "-",
                f"{percentile(r.latencies, 0.95):.1f}" if count else "-",
                f"{r.bytes / max(count, 1) / 1024:.1f}",
                str(r.errors),
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for n, line in enumerate(lines):
        cells = [
            v.ljust(w) if i in (0, 1, 3) else v.rjust(w)
            for i, (v, w) in enumerate(zip(line, widths, strict=True))
        ]
        print("| " + " | ".join(cells) + " |")
        if n == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")


def _importable(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=100_000, help="stories stored")
    parser.add_argument("--seconds", type=float, default=10.0, help="load per row")
    parser.add_argument("--clients", type=int, default=4, help="concurrent connections")
    parser.add_argument("--query", default="demining", help="the q of row (e)")
    parser.add_argument("--db-dir", type=Path, help="keep the database here (default: a temp dir)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="serve-bench-") as temporary:
        directory = args.db_dir or Path(temporary)
        directory.mkdir(parents=True, exist_ok=True)
        url = database(directory, args.stories, args.seed)
        repository = Repository.open(url)
        try:
            matching = len(repository.stories(query=args.query, limit=50))
        finally:
            repository.close()
        results: list[Result] = []
        for cache in (True, False):
            with serving(url, cache) as (host, port):
                _, headers, _ = fetch(host, port, "/feed.atom", {})
                etag = headers["etag"]
                if cache:
                    rows = [
                        (Row("a", "/feed.atom", {"If-None-Match": etag}, 304), 0),
                        (Row("b", "/feed.atom", {}, 200), 50),
                        (Row("e", f"/feed.rss?q={args.query}", {}, 200), matching),
                        (Row("f", "/feed.rss?q=no-such-word", {}, 200), 0),
                    ]
                else:
                    rows = [
                        (Row("c", "/feed.atom", {}, 200, cache=False), 50),
                        (Row("d", "/feed.atom", {"Accept-Encoding": "gzip"}, 200, cache=False), 50),
                    ]
                for row, items in rows:
                    print(f"row {row.label}: {row.path} …", file=sys.stderr, flush=True)
                    check(host, port, row, items)
                    load(host, port, row, args.clients, min(1.0, args.seconds))  # warm-up
                    results.append(load(host, port, row, args.clients, args.seconds))
        results.sort(key=lambda result: result.row.label)
    report(results, args.stories, args.clients)


if __name__ == "__main__":
    main()
