"""Any other newsroom: discover feeds on the start pages, read feeds and sitemaps, follow links.

Without family rules, links are followed by heuristics (same host, not a file, not a login or
print page) to a bounded depth; extraction decides what is a story.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import Response, TextResponse
from trafilatura.feeds import determine_feed

from spiders.base import NewsroomSpider, feed_parameters


class GenericSpider(NewsroomSpider):
    name: str = "generic"
    custom_settings: dict[str, Any] | None = {"DEPTH_LIMIT": 3}  # noqa: RUF012

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        yield from super().parse(response, **kwargs)
        start = response.meta.get("depth", 0) == 0
        newsroom = self.newsroom_of(response)
        if start and isinstance(response, TextResponse) and not newsroom.feeds:
            for feed in determine_feed(response.text, feed_parameters(response.url)):
                if request := self.request(newsroom, feed, self.parse_feed):
                    yield request
