"""A served database for the system tests (newsboat, Chromium): the demo sites crawled, one
newsroom that fails, and `newsroom serve` on a free loopback port."""

from __future__ import annotations

import json
import os
import selectors
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from crawler.snapshots import DEMO_SITES
from tests.support.cli import ROOT, run_cli
from tests.support.databases import url_at

#: A newsroom outside the recorded origins: its crawl fails at once, offline, and the ops page
#: says why.
BROKEN = """
[[newsroom]]
key = "broken"
name = "Unreachable Mission"
family = "generic"
start_urls = ["http://broken.invalid/news"]
languages = ["en"]
every = "1h"
"""
DEMO_KEYS = ("rs-mission-nato", "nato-mlo-belgrade", "nato-hq")
#: Seconds `newsroom serve` may take to print its address, and to stop after SIGTERM.
START_TIMEOUT = 60
STOP_TIMEOUT = 20


@dataclass(frozen=True)
class Served:
    url: str  # http://127.0.0.1:PORT/
    database: str
    newsrooms: Path


def need(program: str) -> str:
    """The path of a Debian program a test drives. In CI (``CI`` set) its absence fails the
    test, since `.ci/run` installs it; elsewhere the test is skipped."""
    path = shutil.which(program)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(
                f"{program} is not installed: .ci/run installs it with apt-get "
                f"(apt-get install {program})",
                pytrace=False,
            )
        pytest.skip(f"{program} is not installed (Debian: apt-get install {program})")
    return path


def installed(program: str) -> pytest.MarkDecorator:
    """Skip a module at once, before any crawl, when ``program`` is missing and not in CI (in
    CI, `need` fails its tests instead)."""
    return pytest.mark.skipif(
        shutil.which(program) is None and not os.environ.get("CI"),
        reason=f"{program} is not installed (Debian: apt-get install {program})",
    )


def crawl_demo(home: Path, origins: dict[str, str]) -> tuple[str, Path]:
    """The three demo newsrooms and a broken one, crawled once into a database in ``home``."""
    newsrooms = home / "newsrooms.toml"
    newsrooms.write_text(
        (DEMO_SITES / "newsrooms.toml").read_text(encoding="utf-8") + BROKEN, encoding="utf-8"
    )
    database = url_at(home / "newsroom.sqlite3")
    done = run_cli(
        *("crawl", "--newsrooms", str(newsrooms), "--db", database, "--no-feeds"),
        *("--log-level", "WARNING", "-s", f"LOOPBACK_ORIGINS={json.dumps(origins)}"),
        *("-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_BACKOFF_BASE=0.1"),
        check=False,
    )
    # Exit 1: the broken newsroom's crawl failed; the demo newsrooms' did not.
    assert done.returncode == 1, done.stderr
    lines = [line.split() for line in done.stdout.splitlines() if line.strip()]
    rows = {line[0]: dict(zip(lines[0], line, strict=False)) for line in lines[1:]}
    errors = {key: int(row["errors"]) for key, row in rows.items()}
    assert errors.pop("broken") > 0 and errors == dict.fromkeys(DEMO_KEYS, 0), done.stdout
    return database, newsrooms


@contextmanager
def serving(database: str, newsrooms: Path) -> Iterator[Served]:
    """`newsroom serve --port 0` in a child process until the block ends; then SIGTERM, and
    it must exit 0."""
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "crawler.cli", "serve", "--host", "127.0.0.1", "--port", "0"),
            *("--db", database, "--newsrooms", str(newsrooms), "--no-access-log"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert server.stdout is not None and server.stderr is not None
    try:
        line = first_line(server, START_TIMEOUT)
        if not line.startswith("Serving on http://"):
            server.kill()
            raise AssertionError(f"newsroom serve did not start: {line!r}\n{server.stderr.read()}")
        yield Served(line.split()[-1], database, newsrooms)
    finally:
        if server.poll() is None:
            server.terminate()
        try:
            code = server.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
            raise AssertionError("newsroom serve did not stop on SIGTERM") from None
        finally:
            server.stdout.close()
            server.stderr.close()
    assert code == 0, f"newsroom serve exited {code} on SIGTERM"


def first_line(process: subprocess.Popen[str], timeout: float) -> str:
    """The first line ``process`` prints, or "" if it prints none within ``timeout`` seconds
    (then it is killed)."""
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout):
            process.kill()
            return ""
    return process.stdout.readline()
