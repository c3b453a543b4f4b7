"""The scheduler's settings, read once from the Scrapy settings of `crawler.components.settings`.

Settings: ``SCHEDULE_MAX_CRAWLS``, ``SCHEDULE_MISFIRE_GRACE``, ``SCHEDULE_JITTER``,
``SCHEDULE_JITTER_MAX``, ``SCHEDULE_STOP_GRACE``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

__all__ = ["ScheduleConfig"]


@dataclass(frozen=True)
class ScheduleConfig:
    """How many crawls at once, how late a crawl may start, how much to spread them, how long
    a stop waits for running crawls."""

    max_crawls: int = 2
    misfire_grace: int = 15 * 60  # seconds
    jitter: float = 0.1  # a fraction of the interval ...
    jitter_max: int = 5 * 60  # ... up to this many seconds
    stop_grace: float = 60.0  # seconds

    @classmethod
    def from_settings(cls, settings: Any) -> ScheduleConfig:
        """From Scrapy settings; a bad value is a `ValueError` naming the setting."""
        config = cls(
            max_crawls=settings.getint("SCHEDULE_MAX_CRAWLS", cls.max_crawls),
            misfire_grace=settings.getint("SCHEDULE_MISFIRE_GRACE", cls.misfire_grace),
            jitter=settings.getfloat("SCHEDULE_JITTER", cls.jitter),
            jitter_max=settings.getint("SCHEDULE_JITTER_MAX", cls.jitter_max),
            stop_grace=settings.getfloat("SCHEDULE_STOP_GRACE", cls.stop_grace),
        )
        checks = (
            ("SCHEDULE_MAX_CRAWLS", config.max_crawls >= 1, "at least 1"),
            ("SCHEDULE_MISFIRE_GRACE", config.misfire_grace >= 1, "at least 1 (seconds)"),
            ("SCHEDULE_JITTER", 0 <= config.jitter <= 1, "between 0 and 1"),
            ("SCHEDULE_JITTER_MAX", config.jitter_max >= 0, "0 or more (seconds)"),
            ("SCHEDULE_STOP_GRACE", config.stop_grace >= 0, "0 or more (seconds)"),
        )
        for name, ok, expected in checks:
            if not ok:
                raise ValueError(f"setting {name} must be {expected}; fix it with -s {name}=...")
        return config

    def jitter_for(self, every: timedelta) -> int:
        """Seconds added at random to each run time of a job crawled ``every``."""
        return int(min(every.total_seconds() * self.jitter, self.jitter_max))
