"""robots.txt for every waiting request, not only the first (Scrapy 2.19's middleware hands the
parsed file to one waiter; the others get None, which reads as "allowed"), and one line for a
robots.txt that cannot be fetched.

Requests made while a host's robots.txt is still being fetched each wait on their own copy of
the result, so a disallowed link is never fetched, however many were queued. Reads Scrapy's
``ROBOTSTXT_*`` settings, as the middleware it replaces.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

from crawler.components.retry import fetch_error
from crawler.core.stats import stat

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.robotstxt import RobotParser

__all__ = ["RobotsTxtForAll"]

logger = logging.getLogger(__name__)


class RobotsTxtForAll(RobotsTxtMiddleware):
    """Scrapy's middleware, but a robots.txt that cannot be fetched is one ``Fetch failed``
    line (no traceback) and one error of the newsroom whose request asked for it, and the
    spider's own request for that robots.txt (the generic spider reads its ``Sitemap:``
    lines) is not sent again to a host that just failed it."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._unreachable: set[str] = set()  # hosts whose robots.txt could not be fetched

    async def process_request(self, request: Request, spider: Spider | None = None) -> None:
        await super().process_request(request)
        netloc = urlparse_cached(request).netloc
        if netloc in self._unreachable and request.url == _robots_url(request):
            raise IgnoreRequest(f"{request.url} could not be fetched (already reported)")

    async def robot_parser(self, request: Request) -> RobotParser | None:
        netloc = urlparse_cached(request).netloc
        pending = self._parsers.get(netloc)
        if isinstance(pending, Deferred):
            mine: Deferred[Any] = Deferred()

            def share(result: Any) -> Any:
                mine.callback(result)
                return result  # the next waiter gets it too

            pending.addBoth(share)
            parser: RobotParser | None = await maybe_deferred_to_future(mine)
            return parser
        if netloc in self._parsers:
            return pending
        # Scrapy's own fetch, but its failure logged as one line that names the newsroom.
        self._parsers[netloc] = Deferred()
        robots = Request(
            _robots_url(request),
            priority=self.DOWNLOAD_PRIORITY,
            meta={"dont_obey_robotstxt": True},
            callback=NO_CALLBACK,
        )
        try:
            if self.crawler.settings.get("DISTRIBUTED_CRAWL"):
                response = await self._fetched_once(robots)
            else:
                response = await self.crawler.engine.download_async(robots)
            await self._parse_robots(response, netloc, request)
        except Exception as exc:
            if not isinstance(exc, IgnoreRequest):
                self._failed(robots, request.meta.get("newsroom"), exc)
            self._robots_error(exc, netloc)
        self._stats.inc_value("robotstxt/request_count")
        parsed = self._parsers[netloc]
        return None if isinstance(parsed, Deferred) else parsed

    async def _fetched_once(self, robots: Request) -> Response:
        """In a shared crawl, a host's robots.txt is fetched by one worker, which keeps it in
        Redis for the others (`crawler.components.distributed.SharedCrawl.robots`)."""
        from twisted.internet import reactor
        from twisted.internet.task import deferLater

        from crawler.components.distributed import SharedCrawl

        shared = SharedCrawl.of(self.crawler)
        netloc = urlparse_cached(robots).netloc
        deadline = time.monotonic() + 30
        while (kept := shared.robots(netloc)) is None:
            if shared.claim_robots(netloc) or time.monotonic() > deadline:
                try:
                    response = await self.crawler.engine.download_async(robots)
                except BaseException:
                    shared.release_robots(netloc)
                    raise
                shared.keep_robots(netloc, response.status, response.url, response.body)
                return response
            await maybe_deferred_to_future(deferLater(reactor, 0.1, lambda: None))
        status, url, body = kept
        return Response(url, status=status, body=body, request=robots)

    def _failed(self, robots: Request, key: str | None, exc: Exception) -> None:
        self._unreachable.add(urlparse_cached(robots).netloc)
        if key:
            self._stats.inc_value(stat(key, "errors/fetch"))
        logger.warning(
            "Fetch failed %(url)s (%(newsroom)s): %(error)s; its pages are fetched as if it "
            "allowed them",
            {"url": robots.url, "newsroom": key or "-", "error": fetch_error(exc)},
        )


def _robots_url(request: Request) -> str:
    url = urlparse_cached(request)
    return f"{url.scheme}://{url.netloc}/robots.txt"
