"""Extraction in worker processes: the same reading as in the crawl's own thread, and a worker
that dies costs no page."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawler.components.workers import ExtractionPool
from crawler.core.items import PageItem, Rejected
from crawler.core.keys import text_keys
from crawler.core.newsrooms import load_newsrooms
from crawler.snapshots import DEMO_SITES

NEWSROOMS = load_newsrooms(DEMO_SITES / "newsrooms.toml")
FETCHED = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
#: A few pages of each demo newsroom: stories, front pages of whole stories, listings.
PAGES = sorted(
    (key, path)
    for key in NEWSROOMS
    for path in sorted((DEMO_SITES / key / "pages").rglob("*.html"))[:6]
)


def _item(key: str, path: Path) -> PageItem:
    origin = NEWSROOMS[key].start_urls[0].rstrip("/")
    return PageItem(
        newsroom=key,
        url=f"{origin}/{path.stem}",
        status=200,
        body=path.read_bytes(),
        fetched_at=FETCHED,
        content_type="text/html",
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
            item = _item(key, path)
            here = await inline.read(item, NEWSROOMS[key])
            there = await pool.read(item, NEWSROOMS[key])
            assert there == here, path
            if not isinstance(there.extraction, Rejected):
                stories += len(there.extraction)
                assert there.keys == tuple(text_keys(a.text) for a in there.extraction)

    asyncio.run(both())
    assert stories >= len(NEWSROOMS)  # the pages held stories, not only reasons for none


def test_a_worker_that_dies_is_replaced_and_no_page_is_lost(pool: ExtractionPool) -> None:
    key, path = PAGES[0]
    item = _item(key, path)
    first = asyncio.run(pool.read(item, NEWSROOMS[key]))
    executor = pool._executor
    assert executor is not None
    for pid in list(executor._processes):  # type: ignore[attr-defined]
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while not executor._broken and time.monotonic() < deadline:  # type: ignore[attr-defined]
        time.sleep(0.05)
    assert executor._broken  # type: ignore[attr-defined]

    async def many() -> list[object]:
        return list(await asyncio.gather(*(pool.read(item, NEWSROOMS[key]) for _ in range(4))))

    assert asyncio.run(many()) == [first] * 4
    assert pool._executor is not executor
