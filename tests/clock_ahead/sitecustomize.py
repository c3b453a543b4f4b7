"""Moves the clock of every Python process the tests start, under ``pytest --clock-ahead=DAYS``.

``tests/conftest.py`` puts this folder first on ``PYTHONPATH`` and names the days in
``NEWSROOM_TEST_CLOCK_AHEAD``; Python imports ``sitecustomize`` at start-up, so a child crawl,
server or scheduler lives on the same day as the test that started it. Test-only: the project
itself reads the time from ``crawler.core.clock``.
"""

from __future__ import annotations

import os


def travel_ahead(days: str | None) -> None:
    """Move this process's wall clock ``days`` ahead of now; it keeps ticking from there."""
    if not days:
        return
    from datetime import UTC, datetime, timedelta

    import time_machine

    time_machine.travel(datetime.now(UTC) + timedelta(days=float(days)), tick=True).start()


travel_ahead(os.environ.get("NEWSROOM_TEST_CLOCK_AHEAD"))
