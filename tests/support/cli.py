"""The ``newsroom`` command as tests run it: in a child process from the repository root
(`run_cli`, as a user would, since a Twisted reactor runs once per process) or in this process
(`invoke`, for commands that only read), and `wait_for` to poll what a child process leaves."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner, Result

from crawler.cli import cli

#: The repository root: child processes run there (``scrapy.cfg``, ``newsrooms.toml``).
ROOT = Path(__file__).resolve().parents[2]


def run_cli(
    *args: str, check: bool = True, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    """Run the ``newsroom`` command in a child process (a Twisted reactor runs once)."""
    done = subprocess.run(
        [sys.executable, "-m", "crawler.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )
    if check and done.returncode != 0:
        raise AssertionError(f"newsroom {' '.join(args)} exited {done.returncode}:\n{done.stderr}")
    return done


def invoke(*args: str) -> Result:
    """Run the ``newsroom`` command in this process; an exception fails the test as itself."""
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def wait_for(condition: Callable[[], bool], timeout: float = 20) -> None:
    """Poll ``condition`` until it holds; fail the test after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)
