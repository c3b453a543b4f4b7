"""Keep every request inside its newsroom's scope, and end redirect loops as crawl errors.

`NewsroomHosts` drops any request whose scheme, host and port are not one of its newsroom's
``origins`` (``request.meta["newsroom"]``; a request without one, such as a robots.txt fetch,
may go to any newsroom of the spider), whatever made it: a link, a feed, a sitemap, or a
redirect (an open redirect to another host or port is never followed). `RedirectBounds` turns
a redirect back to a URL of the same chain, or past ``REDIRECT_MAX_TIMES``, into an error of the
crawl. Both replace Scrapy's `OffsiteMiddleware` (``DOWNLOADER_MIDDLEWARES``,
``crawler.components.settings``).
"""

from __future__ import annotations

import logging
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from scrapy.exceptions import IgnoreRequest
from w3lib.url import safe_url_string

from crawler.core.newsrooms import origin_of
from crawler.core.stats import stat

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response

    from crawler.core.newsrooms import Newsroom, Origin

__all__ = ["NewsroomHosts", "OffsiteRequest", "RedirectBounds", "RedirectError"]

logger = logging.getLogger(__name__)

SCHEMES = frozenset({"http", "https"})
REDIRECTS = frozenset({301, 302, 303, 307, 308})


@cache
def _origins(newsrooms: tuple[Newsroom, ...]) -> frozenset[Origin]:
    """The origins of any of ``newsrooms``, worked out once, not per request."""
    return frozenset(o for n in newsrooms for o in n.origins)


class OffsiteRequest(IgnoreRequest):
    """A request outside its newsroom's origins: not fetched, by policy (no crawl error)."""


class RedirectError(Exception):
    """A redirect chain that loops or is too long: the page cannot be fetched (a crawl error)."""


class NewsroomHosts:
    """Drop requests for other schemes, hosts or ports than their newsroom's, with a log line and
    a per-newsroom counter (``links/offsite_redirect`` for redirects, else ``links/offsite``).

    Scrapy's `OffsiteMiddleware` is not enough: it lets through every request with
    ``dont_filter`` (start pages, feeds and sitemaps, and so their redirects), allows any
    subdomain of an allowed host, matches no host of a site on another port than 80 or 443
    (it compares the port too), checks the spider's hosts rather than the request's
    newsroom's, and leaves schemes to the download handlers (``file:`` and ``ftp:`` have one).
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        parts = urlsplit(request.url)
        newsrooms: dict[str, Newsroom] | None = getattr(self.crawler.spider, "newsrooms", None)
        own = (newsrooms or {}).get(request.meta.get("newsroom", ""))
        if newsrooms is None:  # a spider of no newsroom (`scrapy fetch`): held to http(s) only
            allowed = parts.scheme in SCHEMES
        else:
            # A request of no newsroom (robots.txt) may go to any of the spider's newsrooms.
            scope = own.origins if own is not None else _origins(tuple(newsrooms.values()))
            allowed = origin_of(request.url) in scope
        if allowed:
            return
        redirects = request.meta.get("redirect_urls") or []
        key = own.key if own is not None else request.meta.get("newsroom", "-")
        if redirects:
            logger.warning(
                "Offsite redirect not followed %(url)s from %(source)s (%(newsroom)s)",
                {"url": request.url, "source": redirects[-1], "newsroom": key},
            )
            name = "links/offsite_redirect"
        else:
            logger.info(
                "Offsite request not sent %(url)s (%(newsroom)s)",
                {"url": request.url, "newsroom": key},
            )
            name = "links/offsite"
        if own is not None and self.crawler.stats is not None:
            self.crawler.stats.inc_value(stat(own.key, name))
        raise OffsiteRequest(f"not http(s) at an origin of newsroom {key}: {request.url}")


class RedirectBounds:
    """Fail a request whose redirect leads back into its own chain or past
    ``REDIRECT_MAX_TIMES``, before Scrapy's `RedirectMiddleware` quietly drops it (a loop
    ends in its duplicate filter, a long chain in an `IgnoreRequest`: neither is logged above
    DEBUG nor counted as an error of the crawl)."""

    def __init__(self, max_redirects: int) -> None:
        self.max_redirects = max_redirects

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler.settings.getint("REDIRECT_MAX_TIMES"))

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        location = response.headers.get("Location")
        if (
            response.status not in REDIRECTS
            or not location
            or request.meta.get("dont_redirect")
            or request.meta.get("handle_httpstatus_all")
            or response.status in request.meta.get("handle_httpstatus_list", ())
        ):
            return response
        target = urljoin(request.url, safe_url_string(location))
        chain = [*request.meta.get("redirect_urls", ()), request.url]
        if target in chain:
            raise RedirectError(
                "redirect loop: " + " -> ".join([*chain[chain.index(target) :], target])
            )
        if len(chain) > self.max_redirects:
            raise RedirectError(
                f"more than {self.max_redirects} redirects (REDIRECT_MAX_TIMES): "
                + " -> ".join([*chain, target])
            )
        return response
