"""Extraction in worker processes: the same reading as in the crawl's own thread, and a worker
that dies costs no page."""

from __future__ import annotations

import asyncio
import dataclasses
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from datetime import UTC, datetime
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse

from crawler.components.workers import ExtractionPool, Fetched, PageTooSlow, read
from crawler.core.items import Rejected
from crawler.core.keys import text_keys
from crawler.core.newsrooms import load_newsrooms
from crawler.snapshots import DEMO_SITES

ROOT = Path(__file__).resolve().parent.parent
NEWSROOMS = load_newsrooms(DEMO_SITES / "newsrooms.toml")
FETCHED = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
#: A few pages of each demo newsroom: stories, front pages of whole stories, listings.
PAGES = sorted(
    (key, path)
    for key in NEWSROOMS
    for path in sorted((DEMO_SITES / key / "pages").rglob("*.html"))[:6]
)


def _page(key: str, path: Path) -> Fetched:
    origin = NEWSROOMS[key].start_urls[0].rstrip("/")
    return Fetched(
        body=path.read_bytes(),
        url=f"{origin}/{path.stem}",
        newsroom=NEWSROOMS[key],
        fetched_at=FETCHED,
        content_type="text/html",
        response_class=HtmlResponse,
    )


@pytest.fixture(scope="module")
def pool() -> Iterator[ExtractionPool]:
    workers = ExtractionPool(2)
    yield workers
    workers.close()


def test_a_worker_reads_each_page_as_the_crawls_own_thread_does(pool: ExtractionPool) -> None:
    inline = ExtractionPool(0)
    stories = 0

    async def both() -> None:
        nonlocal stories
        for key, path in PAGES:
            page = _page(key, path)
            here = await inline.read(page)
            there = await pool.read(page)
            assert there == here, path
            assert there.links is not None and there.links.found, path
            assert there.extraction is not None and there.error is None
            if not isinstance(there.extraction, Rejected):
                stories += len(there.extraction)
                assert there.keys == tuple(text_keys(a.text) for a in there.extraction)

    asyncio.run(both())
    assert stories >= len(NEWSROOMS)  # the pages held stories, not only reasons for none


def test_a_worker_that_dies_is_replaced_and_no_page_is_lost(pool: ExtractionPool) -> None:
    page = _page(*PAGES[0])
    first = asyncio.run(pool.read(page))
    executor = pool._executor
    assert executor is not None
    for pid in list(executor._processes):  # type: ignore[attr-defined]
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while not executor._broken and time.monotonic() < deadline:  # type: ignore[attr-defined]
        time.sleep(0.05)
    assert executor._broken  # type: ignore[attr-defined]

    async def many() -> list[object]:
        return list(await asyncio.gather(*(pool.read(page) for _ in range(4))))

    assert asyncio.run(many()) == [first] * 4
    assert pool._executor is not executor


def test_closing_kills_a_worker_a_broken_pool_started_late() -> None:
    # Before Python 3.12 a page handed to a pool as it breaks may start one more worker after
    # the pool's manager ended the others: it would wait for work forever, and the manager
    # thread (and the interpreter's exit) for it. A worker put in the broken pool's table
    # after the break stands for it.
    workers = ExtractionPool(1)
    page = _page(*PAGES[0])
    late = None
    try:
        first = asyncio.run(workers.read(page))
        executor = workers._executor
        assert executor is not None
        table = executor._processes  # type: ignore[attr-defined]
        for pid in list(table):
            os.kill(pid, signal.SIGKILL)
        assert asyncio.run(workers.read(page)) == first  # read again by a new pool
        assert workers._executor is not executor
        late = multiprocessing.get_context("spawn").Process(target=time.sleep, args=(60,))
        late.start()
        table[late.pid] = late
    finally:
        workers.close()
    assert late is not None
    late.join(10)
    assert not late.is_alive()


def test_a_page_whose_extraction_raises_keeps_its_links_and_says_why(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("the extractor broke")

    page = _page(*PAGES[0])
    whole = read(page)
    monkeypatch.setattr("crawler.components.workers.extract", broken)
    done = read(page)
    assert done.extraction is None and done.keys == ()
    assert done.error == "the extractor broke"
    assert done.trace is not None and done.trace.endswith("RuntimeError: the extractor broke\n")
    assert done.links == whole.links and whole.links is not None and whole.links.found


#: A crawl's process in small: a pool of two workers that read one page, then waits.
CHILD = """
import asyncio, multiprocessing.forkserver, sys, time
from pathlib import Path
from datetime import UTC, datetime
from crawler.components.workers import ExtractionPool, Fetched
from crawler.core.newsrooms import load_newsrooms
from crawler.snapshots import DEMO_SITES

if __name__ == "__main__":
    newsroom = load_newsrooms(DEMO_SITES / "newsrooms.toml")["nato-hq"]
    page = Fetched(b"<html><body><p>Hello.</p></body></html>", "https://www.nato.int/x",
                   newsroom, datetime(2026, 1, 1, tzinfo=UTC))
    pool = ExtractionPool(2)
    async def read(): await asyncio.gather(*(pool.read(page) for _ in range(4)))
    asyncio.run(read())
    workers = list(pool._executor._processes)
    print(multiprocessing.forkserver._forkserver._forkserver_pid, *workers, flush=True)
    time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_the_workers_end_when_the_crawls_process_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "crawl.py"
    script.write_text(CHILD, encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, str(script)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        pids = [int(pid) for pid in child.stdout.readline().split()]
        assert len(pids) >= 2 and all(_alive(pid) for pid in pids)  # fork server, workers
        child.kill()  # SIGKILL: nothing of the crawl's process runs after it
        child.wait()
        deadline = time.monotonic() + 15
        while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in pids if _alive(pid)]
    finally:
        child.kill()
        child.wait()
        if child.stdout is not None:
            child.stdout.close()


#: The ``newsroom`` console script as pip writes it, starting a pool and asking its worker
#: (by `eval`, which any process can unpickle) which of the CLI's modules it holds.
CONSOLE_SCRIPT = """
import sys
from crawler.cli import main
if __name__ == "__main__":
    from crawler.components.workers import ExtractionPool
    pool = ExtractionPool(1)
    held = "[m for m in ('crawler.cli', 'click', 'sqlalchemy') if m in __import__('sys').modules]"
    print(pool._start().submit(eval, held).result(), flush=True)
    pool.close()
"""


def test_workers_started_by_the_console_script_hold_none_of_the_cli(tmp_path: Path) -> None:
    # multiprocessing runs a script's main module again in each worker: for `newsroom`, the
    # whole CLI, about 70 MB of private memory per worker.
    script = tmp_path / "newsroom"
    script.write_text(CONSOLE_SCRIPT, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


class _KillsItsWorker:
    """Unpickled in a worker, ends it at once: a page that crashes a C library."""

    def __reduce__(self) -> tuple[object, tuple[int]]:
        return os._exit, (1,)


def test_a_page_that_kills_its_worker_fails_alone(pool: ExtractionPool) -> None:
    pages = [_page(*path) for path in PAGES[:8]]
    killer = dataclasses.replace(pages[0], content_type=_KillsItsWorker())  # type: ignore[arg-type]

    async def all_of_them() -> list[object]:
        reads = [pool.read(page) for page in pages[:4]] + [pool.read(killer)]
        reads += [pool.read(page) for page in pages[4:]]
        return list(await asyncio.gather(*reads, return_exceptions=True))

    *before, died = asyncio.run(all_of_them())[:5]
    results = asyncio.run(all_of_them())
    assert isinstance(died, BrokenProcessPool)
    assert isinstance(results[4], BrokenProcessPool)
    inline = ExtractionPool(0)
    expected = [asyncio.run(inline.read(page)) for page in pages]
    assert before == expected[:4]
    assert results[:4] + results[5:] == expected


class _HangsItsWorker:
    """Unpickled in a worker, keeps it busy for a minute: a parser caught in a loop."""

    def __reduce__(self) -> tuple[object, tuple[int]]:
        return time.sleep, (60,)


@pytest.mark.parametrize("processes", [1, 2])
def test_a_page_that_hangs_its_worker_fails_in_time_and_the_others_are_read(
    processes: int,
) -> None:
    # One worker: the pages queued behind the stuck one run out of time too, and some wait
    # on the pool's queue when it is ended: none is lost, none is blamed.
    pages = [_page(*path) for path in PAGES[:12]]
    hangs = dataclasses.replace(pages[0], content_type=_HangsItsWorker())  # type: ignore[arg-type]
    workers = ExtractionPool(processes, timeout=3)

    async def all_of_them() -> list[object]:
        reads = [workers.read(page) for page in pages[:3]] + [workers.read(hangs)]
        reads += [workers.read(page) for page in pages[3:]]
        return list(await asyncio.gather(*reads, return_exceptions=True))

    started = time.monotonic()
    try:
        results = asyncio.run(all_of_them())
    finally:
        workers.close()  # waits for every worker: for the hung one too, were it not killed
    took = time.monotonic() - started
    assert isinstance(results[3], PageTooSlow)
    assert "EXTRACTION_TIMEOUT" in str(results[3])
    inline = ExtractionPool(0)
    assert results[:3] + results[4:] == [asyncio.run(inline.read(page)) for page in pages]
    assert took < 30  # not the minute the page would have kept its worker
