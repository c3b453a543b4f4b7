"""A spider of a demo newsroom without a crawl (`spider_for`), and responses as Scrapy would hand
them to it (`response_for`): for tests that call a spider's methods directly."""

from __future__ import annotations

from dataclasses import replace

from scrapy.http import Request, Response, TextResponse
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from crawler.core.newsrooms import load_newsrooms
from crawler.snapshots import DEMO_SITES
from spiders import SPIDERS
from spiders.base import NewsroomSpider

NEWSROOMS = load_newsrooms(DEMO_SITES / "newsrooms.toml")


def spider_for(
    key: str, settings: dict[str, object] | None = None, **changes: object
) -> NewsroomSpider:
    """The spider of demo newsroom ``key`` (its fields changed by ``changes``), on a crawler
    with ``settings`` and stats kept in memory."""
    newsroom = replace(NEWSROOMS[key], **changes)  # type: ignore[arg-type]
    cls = SPIDERS[newsroom.family]
    crawler = get_crawler(cls, settings)
    crawler.stats = MemoryStatsCollector(crawler)
    spider = cls()
    spider._set_crawler(crawler)
    spider.newsrooms = {newsroom.key: newsroom}
    return spider


def response_for(
    url: str, body: bytes, newsroom: str, cls: type[Response] = TextResponse
) -> Response:
    """``body`` answered for ``url``, to a request made for ``newsroom``."""
    request = Request(url, meta={"newsroom": newsroom})
    return cls(url=url, body=body, request=request)
