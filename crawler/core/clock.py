"""The one wall clock of the project: every "now" of the crawler, the server and the scheduler.

`now()` is the only place the code reads the time of day. Tests set it with `frozen()` in their
own process; a whole process tree (child crawls, the server) is moved with libfaketime, as
``.ci/run`` does to run the suite a year ahead. No settings.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

__all__ = ["frozen", "now"]

_fixed: list[datetime] = []


def now() -> datetime:
    """The current time, tz-aware UTC (or the time `frozen` holds)."""
    if _fixed:
        return _fixed[-1]
    return datetime.now(UTC)


@contextmanager
def frozen(at: datetime) -> Iterator[datetime]:
    """Hold `now()` at ``at`` (tz-aware) inside the block, in this process."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"frozen() needs a tz-aware datetime, got {at!r}")
    _fixed.append(at.astimezone(UTC))
    try:
        yield _fixed[-1]
    finally:
        _fixed.pop()
