"""robots.txt for every waiting request, not only the first (Scrapy 2.19's middleware hands the
parsed file to one waiter; the others get None, which reads as "allowed").

Requests made while a host's robots.txt is still being fetched each wait on their own copy of
the result, so a disallowed link is never fetched, however many were queued. Reads Scrapy's
``ROBOTSTXT_*`` settings, as the middleware it replaces.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.robotstxt import RobotParser

__all__ = ["RobotsTxtForAll"]


class RobotsTxtForAll(RobotsTxtMiddleware):
    async def robot_parser(self, request: Request) -> RobotParser | None:
        pending = self._parsers.get(urlparse_cached(request).netloc)
        if isinstance(pending, Deferred):
            mine: Deferred[Any] = Deferred()

            def share(result: Any) -> Any:
                mine.callback(result)
                return result  # the next waiter gets it too

            pending.addBoth(share)
            parser: RobotParser | None = await maybe_deferred_to_future(mine)
            return parser
        return await super().robot_parser(request)
