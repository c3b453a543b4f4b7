"""Newsroom Monitor: the Scrapy project (settings, items, pipelines), extraction, dedup keys,
feeds and the ``newsroom`` command."""

__version__ = "0.1.0"
