"""The project's Scrapy settings as one object, without starting anything.

`crawler.components.settings` is the settings module (``scrapy.cfg``); `project_settings`
layers overrides on it. The server and the scheduler read their settings here, so reading a
setting never imports Scrapy's crawler process or the spiders.
"""

from __future__ import annotations

from typing import Any

from scrapy.settings import Settings

__all__ = ["SETTINGS_MODULE", "project_settings"]

SETTINGS_MODULE = "crawler.components.settings"


def project_settings(overrides: dict[str, Any] | None = None) -> Settings:
    """The project's settings (`crawler.components.settings`) with ``overrides`` at
    command-line priority."""
    settings = Settings()
    settings.setmodule(SETTINGS_MODULE, priority="project")
    if overrides:
        settings.setdict(overrides, priority="cmdline")
    return settings
