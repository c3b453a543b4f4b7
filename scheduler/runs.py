"""Mark the crawl run of a child that died from a signal interrupted.

A crawl that gets SIGTERM records itself as interrupted; one killed (after the stop grace, by
the OOM killer) or ended by a signal before Scrapy's handlers were in place cannot, and would
stay ``running`` in ``crawl_run``.
"""

from __future__ import annotations

from datetime import timedelta

from crawler.core import clock
from scheduler.children import Child
from storage.database import open_database
from storage.runs import CrawlRuns

__all__ = ["mark_interrupted"]


def mark_interrupted(database_url: str, child: Child, reason: str) -> int:
    """Set the ``running`` crawl runs of ``child`` to interrupted; how many there were."""
    runs = CrawlRuns(open_database(database_url, migrate=False))
    try:
        # pids are reused: only runs this child can have started
        since = child.started_at - timedelta(seconds=5)
        return runs.mark_killed(child.pid, since, reason, clock.now())
    finally:
        runs.close()
