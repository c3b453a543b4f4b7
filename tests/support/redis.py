"""A real ``redis-server`` for one test: Debian's, on a Unix socket in the test's folder, with no
persistence, stopped when the test ends. Without the program the test is skipped, and says so;
under CI (``CI=true``) it fails instead: ``.ci/run`` installs it."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _program() -> str:
    program = shutil.which("redis-server")
    if program:
        return program
    message = "Redis: no redis-server (apt-get install redis-server; .ci/run installs it)"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """Start ``redis-server`` listening on a socket in ``folder`` only; yield its URL."""
    import redis

    socket = folder / "redis.sock"
    server = subprocess.Popen(
        [
            *(_program(), "--port", "0", "--unixsocket", str(socket), "--unixsocketperm", "700"),
            *("--save", "", "--appendonly", "no", "--dir", str(folder)),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    url = f"unix://{socket}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if redis.Redis.from_url(url).ping():
                    break
            except redis.ConnectionError as exc:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server did not start ({server.poll()})") from exc
                time.sleep(0.05)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)
