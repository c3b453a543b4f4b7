"""Retries that back off: a newsroom's server that answers 5xx or times out is given time.

Scrapy's retry middleware asks again at once; this one waits ``RETRY_BACKOFF_BASE`` seconds
before the first retry, twice as long before the next, at most ``RETRY_BACKOFF_MAX``, with a
little jitter so parallel crawls do not retry in step. Which responses and errors are
retried, and how often, stay Scrapy's settings (``RETRY_HTTP_CODES``, ``RETRY_TIMES``).
Each wait is logged (INFO): ``Retry 2 of <url> in 4.10s (<newsroom>)``; `fetch_error` says in
one line why a download failed.
"""

from __future__ import annotations

import logging
import random
from typing import TYPE_CHECKING

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import ResponseDataLossError
from scrapy.utils.asyncio import sleep

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response

__all__ = ["BackoffRetry", "fetch_error"]

logger = logging.getLogger(__name__)


class BackoffRetry(RetryMiddleware):
    """`RetryMiddleware`, waiting longer before each retry."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = super().from_crawler(crawler)
        middleware.base = crawler.settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        middleware.most = crawler.settings.getfloat("RETRY_BACKOFF_MAX", 60.0)
        return middleware

    base: float
    most: float

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await self.wait(result)
        return result

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception, spider: Spider | None = None
    ) -> Request | Response | None:
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await self.wait(result)
        return result

    async def wait(self, retry: Request) -> None:
        seconds = self.delay(retry)
        logger.info(
            "Retry %(retry)d of %(url)s in %(seconds).2fs (%(newsroom)s)",
            {
                "retry": int(retry.meta.get("retry_times", 1)),
                "url": retry.url,
                "seconds": seconds,
                "newsroom": retry.meta.get("newsroom", "-"),
            },
        )
        await sleep(seconds)

    def delay(self, retry: Request) -> float:
        """Seconds to wait before sending ``retry`` (its ``retry_times`` says which retry)."""
        attempt = max(1, int(retry.meta.get("retry_times", 1)))
        wait: float = min(self.base * 2 ** (attempt - 1), self.most)
        return wait * random.uniform(0.8, 1.2)


def fetch_error(error: BaseException | None) -> str:
    """Why a download failed, in one line: the HTTP status, or the network error and its kind."""
    response = getattr(error, "response", None)
    if response is not None:
        return f"HTTP {response.status}"
    if isinstance(error, ResponseDataLossError):
        return "ResponseDataLossError: the body ended before its Content-Length"
    if error is None:
        return "unknown error"
    cause: BaseException = error
    while not getattr(cause, "reasons", None) and (inner := cause.__cause__) is not None:
        cause = inner  # Scrapy wraps Twisted's ResponseFailed in DownloadFailedError
    reasons = getattr(cause, "reasons", None)  # ResponseFailed and kin: a list of failures
    if reasons:
        cause = getattr(reasons[0], "value", cause)
    message = str(cause).strip()
    return f"{type(cause).__name__}: {message}" if message else type(cause).__name__
