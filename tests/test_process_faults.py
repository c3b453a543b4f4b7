"""Process faults: a crawl killed in the middle, a database that fills up during a run, and
the scheduler, a crawl and the feed server on one SQLite file at once.

Real crawls of the demo sites on 127.0.0.1 through the CLI, in child processes, into SQLite
files (or PostgreSQL databases: `tests.support.databases`). The reference for "nothing lost,
nothing doubled" is the same site crawled once without the fault into another database: the
stories the export lists must be the same.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import feedparser
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from crawler.core.families import FAMILIES
from crawler.core.language import to_latin
from crawler.snapshots import DEMO_SITES, Hit, load_snapshot, serve_snapshots
from storage.database import open_database
from tests.support.cli import ROOT, run_cli, wait_for
from tests.support.crawls import copy_database
from tests.support.databases import sqlite_only, url_at
from tests.support.serving import serving

pytestmark = pytest.mark.crawl

NEWSROOMS = DEMO_SITES / "newsrooms.toml"
KEY = "nato-mlo-belgrade"
SITE = DEMO_SITES / KEY
ORIGIN = "https://jfcnaples.nato.int"


def slow_stories(folder: Path, seconds: float) -> Path:
    """An overlay of the MLO demo site whose story pages answer ``seconds`` late: a crawl of
    it is still fetching stories well after it stored the first one."""
    snapshot = load_snapshot(SITE)
    family = FAMILIES["nato-mlo"]
    lines = [f'extends = "{SITE}"', ""]
    for target, route in snapshot.routes.items():
        if route.file is None or not family.is_story_url(ORIGIN + target):
            continue
        lines += ["[[route]]", f"url = {json.dumps(target)}", f'file = "{route.file}"']
        lines += [f"delay = {seconds}", ""]
    assert len(lines) > 20, "the demo site has story routes"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "site.toml").write_text("\n".join(lines), encoding="utf-8")
    return folder


def crawl_argv(database: Path, origins: dict[str, str], *settings: str) -> list[str]:
    options = [f"LOOPBACK_ORIGINS={json.dumps(origins)}", "AUTOTHROTTLE_ENABLED=False", *settings]
    return [
        sys.executable,
        "-m",
        "crawler.cli",
        "crawl",
        "--newsrooms",
        str(NEWSROOMS),
        "--db",
        url_at(database),
        "--only",
        KEY,
        "--no-feeds",
        *(a for option in options for a in ("-s", option)),
    ]


def crawl(database: Path, site: Path = SITE, *settings: str) -> subprocess.CompletedProcess[str]:
    with serve_snapshots([site]) as origins:
        return subprocess.run(
            crawl_argv(database, origins, *settings),
            capture_output=True,
            text=True,
            timeout=180,
            cwd=ROOT,
        )


def stories(database: Path) -> list[dict[str, Any]]:
    """What a reader sees of each stored story: its addresses, title, text, date, state.

    Which copy of a story was stored first depends on the order pages were fetched in, which
    no two crawls share: the order of its addresses, and the script of a Serbian story told
    in both scripts (its title and text are compared in Latin, its language without script).
    """
    exported = run_cli("export", "--db", url_at(database)).stdout
    found = []
    for line in exported.splitlines():
        row = json.loads(line)
        found.append(
            {
                "urls": sorted(row["urls"]),
                "title": to_latin(row["title"]),
                "text": to_latin(row["text"]),
                "language": (row["language"] or "").split("-")[0],
                **{k: row.get(k) for k in ("published", "sources", "version", "gone")},
            }
        )
    return sorted(found, key=lambda r: r["urls"])


def query(database: Path, sql: str) -> list[tuple[Any, ...]]:
    engine = create_engine(url_at(database), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql))]
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    """The MLO demo site crawled once, without faults."""
    database = tmp_path_factory.mktemp("reference") / "reference.sqlite3"
    done = crawl(database)
    assert done.returncode == 0, done.stderr
    return stories(database)


# -- kill -9 in the middle of a crawl -------------------------------------------------------------


def stored(database: Path) -> int:
    try:
        return int(query(database, "SELECT count(*) FROM story")[0][0])
    except DBAPIError:  # not created yet, or busy
        return 0


@pytest.fixture(scope="module")
def killed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A crawl of the MLO site killed with SIGKILL after it stored its first stories, while
    it waits for the others (story pages answer late)."""
    home = tmp_path_factory.mktemp("killed")
    database = home / "killed.sqlite3"
    hits: list[Hit] = []
    with serve_snapshots([slow_stories(home / "slow", 1.0)], hits) as origins:
        child = subprocess.Popen(
            crawl_argv(database, origins, "RUN_RECORD_INTERVAL=0.2"),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(lambda: stored(database) >= 2 and recorded_new(database) >= 1, timeout=60)
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=10)
        finally:
            if child.poll() is None:
                child.kill()
    return database


def recorded_new(database: Path) -> int:
    """The new stories the crawl's ``crawl_run`` row counts so far."""
    try:
        rows = query(database, "SELECT stories_new FROM crawl_run")
    except DBAPIError:
        return 0
    return int(rows[0][0]) if rows else 0


def test_a_crawl_killed_mid_way_left_some_stories_and_a_running_row(
    killed: Path, reference: list[dict[str, Any]]
) -> None:
    assert 2 <= stored(killed) < len(reference)
    # Its row says how far it got: a running crawl writes its counts every RUN_RECORD_INTERVAL.
    [(status, requests, new)] = query(killed, "SELECT status, requests, stories_new FROM crawl_run")
    assert status == "running" and requests > 0 and 1 <= new <= stored(killed)


@pytest.fixture(scope="module")
def rerun(killed: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The killed crawl's database, crawled again without faults."""
    database = copy_database(killed, tmp_path_factory.mktemp("rerun") / "rerun.sqlite3")
    done = crawl(database)
    assert done.returncode == 0, done.stderr
    return database


def test_a_re_run_after_kill_9_equals_an_uninterrupted_crawl(
    rerun: Path, reference: list[dict[str, Any]]
) -> None:
    # The listings were fetched (and their ETags recorded) before the kill: without distrust of
    # the unfinished run, the re-run gets 304s for them and never sees the stories not stored.
    assert stories(rerun) == reference


def test_the_killed_run_is_recorded_interrupted_and_the_re_run_finished(rerun: Path) -> None:
    rows = query(rerun, "SELECT status, finish_reason FROM crawl_run ORDER BY started_at")
    assert rows == [("interrupted", "abandoned"), ("finished", "finished")]
    out = run_cli("runs", "--db", url_at(rerun)).stdout
    assert "interrupted" in out and "finished" in out


def test_a_second_re_run_trusts_the_finished_one(rerun: Path, tmp_path: Path) -> None:
    # Once a run finished, the pages it read are trusted again: the listings answer 304.
    database = copy_database(rerun, tmp_path / "again.sqlite3")
    hits: list[Hit] = []
    with serve_snapshots([SITE], hits) as origins:
        subprocess.run(crawl_argv(database, origins), check=True, cwd=ROOT, capture_output=True)
    listings = [h for h in hits if h.path.lower().endswith("/newsroom")]
    assert listings and all(h.status == 304 for h in listings), listings


# -- the disk fills up during a run ---------------------------------------------------------------


@pytest.fixture(scope="module")
def disk_full(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """A crawl whose database fills up after a few stories (``tests/support/sqlite_full.py``)."""
    home = tmp_path_factory.mktemp("full")
    database = home / "full.sqlite3"
    open_database(f"sqlite:///{database}").dispose()  # creates the schema
    pages = query(database, "PRAGMA page_count")[0][0]
    with serve_snapshots([SITE]) as origins:
        argv = crawl_argv(database, origins, f"LOG_DIR={home / 'logs'}", "METRICS_FILE=")
        done = subprocess.run(
            [sys.executable, "-m", "tests.support.sqlite_full", *argv[3:]],
            capture_output=True,
            text=True,
            timeout=180,
            cwd=ROOT,
            env={**os.environ, "NEWSROOM_TEST_MAX_PAGES": str(pages + 40)},
        )
    return database, done


@sqlite_only
def test_a_full_disk_stops_the_crawl_with_one_clear_error(
    disk_full: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    _, done = disk_full
    assert done.returncode != 0
    errors = [line for line in done.stderr.splitlines() if "database" in line.lower()]
    assert any("Database write failed" in line for line in errors), done.stderr[-3000:]
    assert sum("Database write failed" in line for line in errors) == 1
    # It stopped: every page fetched after the database failed would be lost.
    assert "status=failed reason=database_error" in done.stderr
    assert "Traceback" not in done.stderr


@sqlite_only
def test_a_full_disk_leaves_no_half_written_story_and_a_re_run_completes_it(
    disk_full: tuple[Path, subprocess.CompletedProcess[str]],
    reference: list[dict[str, Any]],
    tmp_path: Path,
) -> None:
    database, _ = disk_full
    with closing(sqlite3.connect(database)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        # Every story has its address, hash and first version: none is half written.
        assert db.execute(
            "SELECT count(*) FROM story WHERE id NOT IN (SELECT story_id FROM story_url)"
        ).fetchone() == (0,)
        assert db.execute(
            "SELECT count(*) FROM story WHERE id NOT IN (SELECT story_id FROM story_version)"
        ).fetchone() == (0,)
    assert stored(database) < len(reference)
    done = crawl(database)
    assert done.returncode == 0, done.stderr
    assert stories(database) == reference


# -- the scheduler, a crawl and the feed server on one file at once ----------------------------


def test_scheduler_crawl_and_server_share_one_sqlite_file_without_locking(
    tmp_path: Path,
) -> None:
    import urllib.request

    database = tmp_path / "shared.sqlite3"
    url = url_at(database)
    open_database(url).dispose()  # the server reads it from the start
    sites = [d for d in DEMO_SITES.iterdir() if (d / "site.toml").is_file()]
    answers: list[int] = []
    with serve_snapshots(sites) as origins, serving(url, NEWSROOMS) as server:
        common = [
            *("--newsrooms", str(NEWSROOMS), "--db", url),
            *("-s", f"LOOPBACK_ORIGINS={json.dumps(origins)}", "-s", "AUTOTHROTTLE_ENABLED=False"),
            *("-s", f"LOG_DIR={tmp_path / 'logs'}", "-s", "METRICS_FILE="),
            *("-s", f"FEEDS_DIR={tmp_path / 'feeds'}"),
        ]
        schedule = subprocess.Popen(
            [
                *(sys.executable, "-m", "crawler.cli", "schedule", "--once", *common),
                *("-s", "SCHEDULE_MAX_CRAWLS=3"),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        # A crawl by hand beside the scheduler's, of a newsroom the scheduler crawls too.
        crawl = subprocess.Popen(
            [sys.executable, "-m", "crawler.cli", "crawl", "--only", "nato-hq", *common],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

        feed = server.url.rstrip("/") + "/feed.atom"

        def read_feed() -> None:
            with urllib.request.urlopen(feed, timeout=30) as answer:
                answers.append(answer.status)

        while schedule.poll() is None or crawl.poll() is None:
            read_feed()  # the server reads while the crawls write
            time.sleep(0.05)
        _, schedule_err = schedule.communicate()
        _, crawl_err = crawl.communicate()
        read_feed()
    assert schedule.returncode == 0, schedule_err
    assert crawl.returncode == 0, crawl_err
    logs = "".join(p.read_text() for p in (tmp_path / "logs").iterdir())
    assert "locked" not in (schedule_err + crawl_err + logs).lower()
    assert len(answers) > 3 and set(answers) == {200}
    runs = query(database, "SELECT newsroom, status, errors FROM crawl_run")
    assert sorted(row[0] for row in runs) == [
        "nato-hq",
        "nato-hq",
        "nato-mlo-belgrade",
        "rs-mission-nato",
    ]
    assert all(row[1:] == ("finished", 0) for row in runs), runs
    assert stored(database) == 42  # 16 + 11 + 15: nothing doubled by the two nato-hq crawls
    feed = feedparser.parse((tmp_path / "feeds" / "all.atom").read_bytes())
    assert not feed.bozo and len(feed.entries) == 42


def test_a_crawl_that_cannot_start_ends_at_once_with_one_error(tmp_path: Path) -> None:
    # A setting every crawler fails on, before the reactor runs: a stop requested then used
    # to be lost, and the command hung until killed, then printed a traceback.
    argv = crawl_argv(tmp_path / "db.sqlite3", {}, "LOOPBACK_ORIGINS={bad")
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 1, done.stderr
    assert "crawl.error" in done.stderr and "status=failed" in done.stderr
    assert "Traceback" not in done.stderr
