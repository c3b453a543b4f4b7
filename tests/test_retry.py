"""Retries back off: each retry of a failing page waits longer, up to a cap."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.utils.test import get_crawler

from crawler.components.retry import BackoffRetry
from spiders.cutenews import CuteNewsSpider


def middleware(base: float, most: float) -> BackoffRetry:
    crawler = get_crawler(CuteNewsSpider, {"RETRY_BACKOFF_BASE": base, "RETRY_BACKOFF_MAX": most})
    return BackoffRetry.from_crawler(crawler)


@pytest.mark.parametrize(
    ("retry", "low", "high"),
    [(1, 1.6, 2.4), (2, 3.2, 4.8), (3, 6.4, 9.6), (6, 8.0, 12.0)],  # capped at 10 s
)
def test_each_retry_waits_twice_as_long_up_to_the_cap(retry: int, low: float, high: float) -> None:
    retry_request = Request("https://www.nato.int/", meta={"retry_times": retry})
    waits = [middleware(2.0, 10.0).delay(retry_request) for _ in range(50)]
    assert all(low <= wait <= high for wait in waits)
    assert max(waits) - min(waits) > 0  # jitter: parallel crawls do not retry in step
