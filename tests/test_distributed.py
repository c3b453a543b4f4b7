"""Crawls shared by worker processes through a real ``redis-server``
(`crawler.components.distributed`): two workers crawl the demo sites together and store what one
process stores, each page fetched once; a worker killed mid-crawl loses nothing; a host's delay
holds across workers; the run record counts every worker's part."""

from __future__ import annotations

import itertools
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from pprint import pformat
from typing import Any

import pytest
import redis
from hypothesis import given
from hypothesis import strategies as st

from crawler.components.distributed import Crawls, SharedCrawl, merge_outcomes
from crawler.snapshots import Hit, demo_sites, serve_snapshots
from storage.runs import CrawlRuns
from tests.support.cli import ROOT, run_cli, wait_for
from tests.support.crawls import NEWSROOMS, Days
from tests.support.redis import redis_server
from tests.test_databases import _stories

pytestmark = pytest.mark.crawl


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    with redis_server(tmp_path) as url:
        yield url


class _Timed(list[Hit]):
    """The servers' log, with when each request was answered."""

    def __init__(self) -> None:
        super().__init__()
        self.times: list[float] = []

    def append(self, hit: Hit) -> None:
        self.times.append(time.monotonic())
        super().append(hit)


def _worker(
    name: str, database: str, redis_url: str, origins: dict[str, str], log: Path, *settings: str
) -> subprocess.Popen[str]:
    options = [
        f"LOOPBACK_ORIGINS={json.dumps(origins)}",
        "AUTOTHROTTLE_ENABLED=False",
        f"DISTRIBUTED_WORKER={name}",
        f"METRICS_FILE={log.with_suffix('.prom')}",
        *settings,
    ]
    args = ["worker", "--newsrooms", str(NEWSROOMS), "--db", database, "--redis", redis_url]
    args += ["--until-idle", "--log-file", str(log)]
    return subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", *args, *(a for o in options for a in ("-s", o))],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _ended(worker: subprocess.Popen[str], timeout: float = 240) -> int:
    try:
        _, stderr = worker.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        worker.kill()
        _, stderr = worker.communicate()
        raise AssertionError(f"a worker did not end:\n{stderr[-3000:]}") from None
    return_code = worker.returncode
    assert return_code in (0, -signal.SIGKILL), stderr[-3000:]
    return return_code


def _enqueue(redis_url: str, *keys: str) -> None:
    only = [a for key in keys for a in ("--only", key)]
    run_cli("enqueue", "--newsrooms", str(NEWSROOMS), "--redis", redis_url, *only)


def _dequeued(log: Path) -> int:
    """How many requests a worker took from the shared queues (its crawls' Scrapy stats)."""
    return sum(
        int(n) for n in re.findall(r"'scheduler/dequeued/redis': (\d+)", log.read_text("utf-8"))
    )


def _export(database: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in run_cli("export", "--db", database).stdout.splitlines()]


def _differences(export: list[dict[str, Any]], beside: list[dict[str, Any]]) -> list[Any]:
    """Where two exports' stories differ (`tests.test_databases._stories`): none when alike."""
    mine, theirs = _stories(export), _stories(beside)
    return sorted(
        (
            (sorted(urls), mine.get(urls), theirs.get(urls))
            for urls in mine.keys() | theirs.keys()
            if mine.get(urls) != theirs.get(urls)
        ),
        key=repr,
    )


def _fetched_twice(hits: list[Hit]) -> list[tuple[str, str]]:
    counts = Counter((hit.origin, hit.path) for hit in hits)
    return sorted(page for page, n in counts.items() if n > 1)


def test_two_workers_share_the_scheduled_crawls_and_store_what_one_process_stores(
    day_one: Days, database_url: str, redis_url: str, tmp_path: Path
) -> None:
    hits: list[Hit] = []
    logs = [tmp_path / "one.log", tmp_path / "two.log"]
    # The scheduler opens the due crawls in Redis instead of running them (its children, which
    # open them, get the Redis URL however it was given); a crawl still open is not opened
    # again.
    scheduled = run_cli(
        *("schedule", "--once", "--distributed", "-s", f"REDIS_URL={redis_url}"),
        *("--newsrooms", str(NEWSROOMS), "--db", database_url),
        *("-s", f"LOG_DIR={tmp_path / 'logs'}", "-s", f"FEEDS_DIR={tmp_path / 'feeds'}"),
    )
    for key in day_one.one.summary:
        assert f"schedule.crawl-finished newsroom={key} exit=0" in scheduled.stderr
    again = run_cli("enqueue", "--newsrooms", str(NEWSROOMS), "--redis", redis_url).stdout
    assert again.count("is still open; left to it") == len(day_one.one.summary)
    client = redis.Redis.from_url(redis_url)
    assert client.zcard("newsroom:crawls") == len(day_one.one.summary)
    with serve_snapshots(demo_sites(), hits) as origins:
        workers = [
            _worker(log.stem, database_url, redis_url, origins, log, "DOWNLOAD_DELAY=0.02")
            for log in logs
        ]
        assert [_ended(worker) for worker in workers] == [0, 0]
    # Both took part, and no page was fetched twice: the servers' logs say so.
    assert all(_dequeued(log) > 0 for log in logs), [_dequeued(log) for log in logs]
    assert _fetched_twice(hits) == []
    # The same stories as one process's crawl of the same sites, and the same pages asked for.
    export = _export(database_url)
    differences = _differences(export, day_one.one.export)
    assert not differences, pformat(differences, width=200)
    assert {(h.origin, h.path) for h in hits} == {(h.origin, h.path) for h in day_one.one.hits}
    # One run record per newsroom, finished, with every worker's requests in it.
    runs = CrawlRuns.open(database_url)
    try:
        records = runs.recent()
    finally:
        runs.close()
    assert sorted(r.newsroom for r in records) == sorted(day_one.one.summary)
    assert {r.status for r in records} == {"finished"}
    assert sum(r.requests for r in records) == len(hits)
    assert sum(r.stories_new for r in records) == len(export)
    # Nothing is left open in Redis: the next enqueue opens new crawls.
    assert client.zcard("newsroom:crawls") == 0


def test_a_worker_killed_mid_crawl_loses_nothing(
    day_one: Days, database_url: str, redis_url: str, tmp_path: Path
) -> None:
    client = redis.Redis.from_url(redis_url)
    hits: list[Hit] = []
    slow = ("DOWNLOAD_DELAY=0.1", "DISTRIBUTED_WORKER_TTL=2")
    with serve_snapshots(demo_sites(), hits) as origins:
        _enqueue(redis_url)
        doomed = _worker("doomed", database_url, redis_url, origins, tmp_path / "doomed.log", *slow)

        def holds_pages() -> bool:
            taken = client.keys("newsroom:c:*:taken:doomed")
            return sum(client.zcard(key) for key in taken) >= 5

        wait_for(holds_pages, timeout=60)
        later = _worker("later", database_url, redis_url, origins, tmp_path / "later.log", *slow)
        time.sleep(0.5)
        os.kill(doomed.pid, signal.SIGKILL)
        assert _ended(doomed) == -signal.SIGKILL
        assert _ended(later) == 0
    log = (tmp_path / "later.log").read_text("utf-8")
    assert "requests of a dead worker queued again" in log
    # The survivor did not trust the page states the dead one wrote (its stories may not have
    # been): a first crawl asks nothing conditionally, and a 304 would hide a story.
    assert not [hit.path for hit in hits if hit.conditional]
    # Every story of one process's crawl is stored, once.
    differences = _differences(_export(database_url), day_one.one.export)
    assert not differences, pformat(differences, width=200)
    runs = CrawlRuns.open(database_url)
    try:
        records = runs.recent()
    finally:
        runs.close()
    assert {r.status for r in records} == {"finished"}
    assert client.zcard("newsroom:crawls") == 0


def test_a_hosts_delay_holds_across_workers(
    database_url: str, redis_url: str, tmp_path: Path
) -> None:
    hits = _Timed()
    delay = 0.4
    logs = [tmp_path / "one.log", tmp_path / "two.log"]
    with serve_snapshots(demo_sites(), hits) as origins:
        _enqueue(redis_url, "nato-hq")
        workers = [
            _worker(log.stem, database_url, redis_url, origins, log, f"DOWNLOAD_DELAY={delay}")
            for log in logs
        ]
        assert [_ended(worker) for worker in workers] == [0, 0]
    assert all(_dequeued(log) > 0 for log in logs)
    # Requests the shared queue let through (robots.txt is fetched beside it, before them).
    times = [t for t, hit in zip(hits.times, hits, strict=True) if hit.path != "/robots.txt"]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert len(gaps) > 10
    # Without the shared gate two workers each space their own requests, and the server sees
    # them milliseconds apart; with it, the delay apart, whichever worker asks. The servers log
    # a request once answered, so a slower answer (a sitemap, a busy machine) eats into a gap:
    # half the delay is the bound.
    paths = [hit.path for hit in hits if hit.path != "/robots.txt"]
    close = [
        (round(gap, 3), paths[i], paths[i + 1]) for i, gap in enumerate(gaps) if gap < delay / 2
    ]
    assert not close, close


_COUNTS = st.integers(min_value=0, max_value=10**6)
_OUTCOMES = st.fixed_dictionaries(
    {
        "final": st.booleans(),
        "status": st.sampled_from(["running", "finished", "failed", "interrupted"]),
        "finish_reason": st.sampled_from([None, "finished", "shutdown"]),
        "requests": _COUNTS,
        "pages": _COUNTS,
        "stories_new": _COUNTS,
        "errors": _COUNTS,
        "responses": st.dictionaries(st.sampled_from(["200", "304", "404"]), _COUNTS),
        "counters": st.dictionaries(
            st.sampled_from(["errors/storage", "errors/extraction", "pages/fetched"]), _COUNTS
        ),
        "error_lines": st.lists(st.text(max_size=5), max_size=3),
    }
)


@given(st.lists(_OUTCOMES, max_size=4))
def test_a_shared_crawls_record_adds_up_its_workers_counts(outcomes: list[dict[str, Any]]) -> None:
    merged = merge_outcomes(outcomes)
    for name in ("requests", "pages", "stories_new", "errors"):
        assert getattr(merged, name) == sum(o[name] for o in outcomes)
    for status in ("200", "304", "404"):
        assert merged.responses.get(status, 0) == sum(
            o["responses"].get(status, 0) for o in outcomes
        )
    assert list(merged.error_lines) == [line for o in outcomes for line in o["error_lines"]]
    # Running until a worker finished its part; then judged on the whole crawl's counts, as one
    # process's crawl is: pages fetched and nothing left unstored. A worker's own status (a
    # dead one's, or a late joiner's that fetched nothing) does not decide it.
    broken = sum(
        o["counters"].get(f"errors/{k}", 0) for o in outcomes for k in ("storage", "extraction")
    )
    if not any(o["final"] for o in outcomes):
        assert merged.status == "running"
    elif merged.pages > 0 and broken == 0:
        assert merged.status == "finished"
    else:
        assert merged.status == "failed"


def test_a_crawl_whose_last_worker_died_idle_is_taken_up_again(redis_url: str) -> None:
    """A worker that dies after saying it was idle counts as idle until its heartbeat lapses:
    the other may leave meanwhile. What the dead one had taken then waits in the queue of a
    crawl no live worker is in, and a worker takes it up again (`crawler.run.worker`)."""
    client = redis.Redis.from_url(redis_url)
    crawls = Crawls(client)
    crawl = crawls.open("newsroom")
    assert crawl is not None
    alive, doomed = (SharedCrawl(client, "newsroom", crawl, name, 1.0) for name in ("a", "b"))
    for worker in (alive, doomed):
        worker.join()
    assert doomed.push(b"page", "fingerprint", 0, "example.org", filter=True)
    assert doomed.pop() == b"page"
    assert not alive.idle()  # the doomed worker has the page in hand
    assert doomed.idle() and alive.idle()  # then both say they are idle: the crawl is over
    # The doomed worker dies before it leaves (its stories unwritten); the other leaves.
    assert not alive.leave(requeue=False)
    assert crawls.listed() == [(crawl, "newsroom")]
    assert crawls.abandoned(crawl, 1.0) == (False, False)  # its heartbeat has not lapsed yet
    time.sleep(1.2)
    assert crawls.abandoned(crawl, 1.0) == (True, True)  # its page is queued again
    again = SharedCrawl(client, "newsroom", crawl, "c", 1.0)
    again.join()
    assert again.pop() == b"page"
    assert again.idle()
    assert again.leave(requeue=False)  # the last: the crawl is over
    assert crawls.listed() == []
    assert crawls.open("newsroom") is not None
