"""Writes queued and made together: the crawl's stories (`crawler.components.pipelines`) and
page states (`crawler.components.conditional`), each in one transaction per batch."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Generic, TypeVar

from twisted.internet.task import LoopingCall

__all__ = ["STORAGE_BATCH_SECONDS", "Batches"]

logger = logging.getLogger(__name__)

#: The longest a write waits for its batch (setting ``STORAGE_BATCH_SECONDS``, both batches).
STORAGE_BATCH_SECONDS = 1.0

T = TypeVar("T")


class Batches(Generic[T]):
    """Items handed to ``write`` together: when ``size`` are queued, at least every
    ``seconds`` once started (while the reactor runs), and on `flush`. ``what`` names them in
    the log when the timer's write fails."""

    def __init__(
        self, write: Callable[[list[T]], None], size: int, seconds: float, what: str
    ) -> None:
        self._write = write
        self.size = max(1, size)
        self.seconds = seconds
        self.what = what
        #: Queued, in the order they came.
        self.pending: list[T] = []
        self._timer = LoopingCall(self._tick)

    def add(self, item: T, now: bool = False) -> None:
        """Queue ``item``; write the batch now when ``now`` or when it is full."""
        self.pending.append(item)
        if now or len(self.pending) >= self.size:
            self.flush()

    def flush(self) -> None:
        """Write what is queued."""
        pending, self.pending = self.pending, []
        if pending:
            self._write(pending)

    def start(self) -> None:
        """Write at least every ``seconds`` (batches of one need no timer)."""
        if self.size > 1 and self.seconds > 0:
            self._timer.start(self.seconds, now=False)

    def stop(self) -> None:
        if self._timer.running:
            self._timer.stop()

    def _tick(self) -> None:
        # An error is logged and the timer goes on: a LoopingCall whose call raises stops.
        try:
            self.flush()
        except Exception:
            logger.exception("%s not written", self.what)
