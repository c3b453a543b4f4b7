"""Any other newsroom: discover feeds on the start pages and sitemaps in robots.txt, read them,
follow links.

Without family rules, links are followed by heuristics (same host, not a file, not a login or
print page) to a bounded depth; extraction decides what is a story.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import Response, TextResponse
from scrapy.utils.sitemap import sitemap_urls_from_robots
from trafilatura.feeds import determine_feed

from spiders.base import NewsroomSpider, feed_parameters


class GenericSpider(NewsroomSpider):
    name: str = "generic"
    # A site's home, its language's home, the news listing, the listing's older pages, the
    # story: stories sit four or five links from a start page; the max_pages budget bounds it.
    custom_settings: dict[str, Any] | None = {"DEPTH_LIMIT": 5}  # noqa: RUF012

    async def start(self) -> AsyncIterator[Any]:
        async for request in super().start():
            yield request
        for newsroom in self.newsrooms.values():
            if newsroom.sitemaps:
                continue
            # No sitemap declared: robots.txt names the site's sitemaps, if it has any.
            for origin in dict.fromkeys(_origin(u) for u in newsroom.start_urls):
                robots = f"{origin}/robots.txt"
                if request := self.request(newsroom, robots, self.parse_robots, force=True):
                    yield request

    def parse_robots(self, response: Response) -> Iterator[Any]:
        """Follow the ``Sitemap:`` lines of a robots.txt."""
        newsroom = self.newsroom_of(response)
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            if request := self.request(newsroom, url, self.parse_sitemap):
                yield request

    async def parse(self, response: Response, **kwargs: Any) -> AsyncIterator[Any]:
        async for output in super().parse(response, **kwargs):
            yield output
        start = response.meta.get("depth", 0) == 0
        newsroom = self.newsroom_of(response)
        if start and isinstance(response, TextResponse) and not newsroom.feeds:
            for feed in determine_feed(response.text, feed_parameters(response.url)):
                if request := self.request(newsroom, feed, self.parse_feed):
                    yield request


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
