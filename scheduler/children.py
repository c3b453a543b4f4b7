"""The crawl processes this scheduler started, so that a stop reaches every one of them.

Each child runs in its own session: a Ctrl-C in the terminal reaches only the scheduler, which
passes one SIGTERM on (a second signal would make Scrapy stop uncleanly).
"""

from __future__ import annotations

import logging
import signal
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from crawler.core import clock

__all__ = ["CHILDREN", "Child", "Children"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Child:
    """One running crawl."""

    newsroom: str
    process: subprocess.Popen[bytes]
    started_at: datetime

    @property
    def pid(self) -> int:
        return self.process.pid


class Children:
    """The running children; once `stop` is called, no new child starts."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: dict[int, Child] = {}
        self._closed = False
        #: Newsrooms whose crawl was due but did not start: the scheduler was stopping.
        self.skipped: list[str] = []

    def start(
        self, newsroom: str, argv: Sequence[str], log_file: Path, env: Mapping[str, str]
    ) -> Child | None:
        """Start ``argv`` with stdout and stderr appended to ``log_file``; None when stopping."""
        with self._lock:
            if self._closed:
                self.skipped.append(newsroom)
                return None
            log_file.parent.mkdir(parents=True, exist_ok=True)
            with log_file.open("ab") as output:
                process = subprocess.Popen(
                    argv,
                    stdin=subprocess.DEVNULL,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                    env=env,
                    start_new_session=True,
                )
            child = Child(newsroom, process, clock.now())
            self._running[process.pid] = child
            return child

    def finished(self, child: Child) -> None:
        with self._lock:
            self._running.pop(child.pid, None)

    def running(self) -> list[Child]:
        with self._lock:
            return list(self._running.values())

    def stop(self, grace: float, now: threading.Event | None = None) -> list[Child]:
        """Start no more children, SIGTERM the running ones and wait up to ``grace`` seconds
        (or until ``now`` is set) for them to end; SIGKILL the rest and return those."""
        with self._lock:
            self._closed = True
            children = list(self._running.values())
        for child in children:
            logger.info(
                "schedule.crawl-stopping newsroom=%s pid=%d signal=SIGTERM",
                child.newsroom,
                child.pid,
            )
            child.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + grace
        alive = children
        while alive and time.monotonic() < deadline and not (now and now.is_set()):
            time.sleep(0.05)
            # poll() answers None while the job's thread is in wait(); returncode is then set
            alive = [c for c in alive if c.process.poll() is None]
        for child in alive:
            logger.warning(
                "schedule.crawl-killed newsroom=%s pid=%d grace=%.0fs",
                child.newsroom,
                child.pid,
                grace,
            )
            child.process.kill()
        return alive

    def reopen(self) -> None:
        """Allow children again (tests run several schedulers in one process)."""
        with self._lock:
            self._closed = False
            self.skipped.clear()


#: Signals reach a process, not an object: one registry per scheduler process.
CHILDREN = Children()
