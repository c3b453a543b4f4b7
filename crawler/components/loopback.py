"""A hosts file for Scrapy: requests to recorded origins go to loopback snapshot servers.

Reads ``LOOPBACK_ORIGINS`` (``{"https://www.nato.int": "http://127.0.0.1:8123"}``); when it
is set, the `LoopbackAddon` (enabled in ``crawler.components.settings``) installs the download
handler.
Requests and responses keep their real URLs, so everything above the socket (canonical URLs,
redirects, stored rows, feed links) behaves as on the real site. Any other host except loopback is
refused: an offline crawl can never reach the internet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.settings import BaseSettings

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def loopback_settings(origins: dict[str, str]) -> dict[str, Any]:
    """Scrapy settings that route ``origins`` to loopback and refuse every other host."""
    return {"LOOPBACK_ORIGINS": dict(origins)}


class LoopbackAddon:
    """Install `LoopbackDownloadHandler` for http and https when ``LOOPBACK_ORIGINS`` is set."""

    def update_settings(self, settings: BaseSettings) -> None:
        if not settings.getdict("LOOPBACK_ORIGINS"):
            return
        handler = f"{__name__}.LoopbackDownloadHandler"
        settings.set("DOWNLOAD_HANDLERS", {"http": handler, "https": handler}, "addon")


class LoopbackDownloadHandler(BaseDownloadHandler):
    lazy = False

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._origins: dict[str, str] = {
            k.rstrip("/"): v.rstrip("/")
            for k, v in crawler.settings.getdict("LOOPBACK_ORIGINS").items()
        }
        self._http = HTTP11DownloadHandler(crawler)

    async def download_request(self, request: Request) -> Response:
        parts = urlsplit(request.url)
        origin = f"{parts.scheme}://{parts.netloc}"
        target = self._origins.get(origin)
        if target is None:
            if parts.hostname in LOOPBACK_HOSTS:
                return await self._http.download_request(request)
            # As if the host could not be reached: a fetch error of the crawl, not a policy skip.
            raise ConnectionRefusedError(f"offline crawl: {origin} is not a recorded origin")
        mapped = request.replace(url=target + request.url[len(origin) :])
        response = await self._http.download_request(mapped)
        return response.replace(url=request.url)

    async def close(self) -> None:
        await self._http.close()
