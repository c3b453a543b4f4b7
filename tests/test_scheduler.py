"""newsroom schedule: one job per newsroom in the database, kept across restarts; crawls in
child processes, never two of one newsroom at once; a clean stop on SIGTERM.

Real parts throughout: SQLite files, APScheduler, child processes. Where timing matters the
child is a small script (``SCHEDULE_CRAWL_COMMAND``) that records when it ran.
"""

from __future__ import annotations

import itertools
import json
import logging
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from crawler.core.newsrooms import load_newsrooms
from crawler.snapshots import DEMO_SITES
from scheduler.children import CHILDREN
from scheduler.config import ScheduleConfig
from scheduler.jobs import JOB_FUNCTION, Launch
from scheduler.timetable import build_scheduler, intervals, reconcile
from storage.database import open_database
from storage.models import CrawlRun, SchedulerJob
from storage.repository import Repository
from tests.support.cli import ROOT, run_cli, wait_for

#: A stand-in crawl: records start, SIGTERM and end in a JSON-lines file, sleeps meanwhile.
#: ``stubborn`` ignores SIGTERM and, like a crawl, first records a running crawl_run row.
CHILD = """
import json, os, signal, sys, time
newsroom, record, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])

def note(event):
    with open(record, "a") as f:
        f.write(json.dumps({"newsroom": newsroom, "event": event, "t": time.time(),
                            "pid": os.getpid()}) + "\\n")

def term(*_):
    note("term")
    if newsroom != "stubborn":
        note("end")
        sys.exit(0)

signal.signal(signal.SIGTERM, term)
if newsroom == "stubborn":
    from datetime import UTC, datetime
    from sqlalchemy.orm import Session
    from storage.database import open_database
    from storage.models import CrawlRun
    with Session(open_database(os.environ["NEWSROOM_DB"], migrate=False)) as session:
        session.add(CrawlRun(run_id="r1", newsroom=newsroom, started_at=datetime.now(UTC),
                             status="running", pid=os.getpid()))
        session.commit()
note("start")
time.sleep(seconds)
note("end")
sys.exit(1 if newsroom.startswith("failing") else 0)
"""


def write_newsrooms(path: Path, every: dict[str, str], disabled: tuple[str, ...] = ()) -> Path:
    entries = [
        f'[[newsroom]]\nkey = "{key}"\nname = "Newsroom {key}"\nfamily = "generic"\n'
        f'start_urls = ["http://{key}.example/"]\nlanguages = ["en"]\nevery = "{interval}"\n'
        f"enabled = {'false' if key in disabled else 'true'}\n"
        for key, interval in every.items()
    ]
    path.write_text("\n".join(entries), encoding="utf-8")
    return path


def child_command(tmp_path: Path, seconds: float) -> list[str]:
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    return [sys.executable, str(script), "{newsroom}", str(tmp_path / "record.jsonl"), str(seconds)]


def records(tmp_path: Path) -> list[dict[str, Any]]:
    path = tmp_path / "record.jsonl"
    lines = path.read_text().splitlines() if path.exists() else []
    return [json.loads(line) for line in lines]


def launch_for(tmp_path: Path, database_url: str, seconds: float = 0.0) -> Launch:
    command = tuple(child_command(tmp_path, seconds))
    return Launch(command=command, log_dir=str(tmp_path / "logs"), database_url=database_url)


@contextmanager
def timetable(database_url: str, config: ScheduleConfig) -> Iterator[Any]:
    """A started but paused scheduler on the database's job table, as the daemon starts one."""
    engine = open_database(database_url)
    scheduler = build_scheduler(engine, config)
    scheduler.start(paused=True)
    try:
        yield scheduler
    finally:
        scheduler.shutdown(wait=True)
        engine.dispose()


def jobs_by_key(scheduler: Any) -> dict[str, Any]:
    return {job.id: job for job in scheduler.get_jobs()}


def test_one_job_per_enabled_newsroom_with_its_interval_and_jitter_in_the_database(
    tmp_path: Path, database_url: str
) -> None:
    path = write_newsrooms(tmp_path / "n.toml", {"a": "2h", "b": "1m", "c": "1d"}, ("c",))
    config = ScheduleConfig()
    before = datetime.now(UTC)
    with timetable(database_url, config) as scheduler:
        reconcile(scheduler, intervals(load_newsrooms(path)), launch_for(tmp_path, "x"), config)
        jobs = jobs_by_key(scheduler)
    assert set(jobs) == {"a", "b"}
    assert jobs["a"].trigger.interval == timedelta(hours=2)
    assert jobs["a"].trigger.jitter == 300  # 10% of 2h is 12 min: capped at 5 min
    assert jobs["b"].trigger.jitter == 6  # 10% of a minute
    for key, job in jobs.items():
        assert job.func_ref == JOB_FUNCTION
        assert job.args[0] == key
        assert (job.max_instances, job.coalesce, job.misfire_grace_time) == (1, True, 900)
        # New newsrooms run soon, spread over their jitter.
        jitter = timedelta(seconds=job.trigger.jitter)
        assert before <= job.next_run_time <= datetime.now(UTC) + jitter

    engine = open_database(database_url)
    with engine.connect() as connection:
        rows = dict(connection.execute(select(SchedulerJob.id, SchedulerJob.next_run_time)).all())
    engine.dispose()
    assert rows == {key: job.next_run_time.timestamp() for key, job in jobs.items()}


def test_a_restart_keeps_the_timetable_and_follows_the_newsrooms_file(
    tmp_path: Path, database_url: str
) -> None:
    config = ScheduleConfig()
    launch = launch_for(tmp_path, database_url)
    first = write_newsrooms(tmp_path / "1.toml", {"same": "2h", "faster": "6h", "dropped": "1h"})
    with timetable(database_url, config) as scheduler:
        reconcile(scheduler, intervals(load_newsrooms(first)), launch, config)
        scheduler.add_job("time:sleep", "interval", args=[0], id="not-a-crawl", hours=1)
        # As if "faster" had just run: its next run is 6 hours away.
        far = datetime.now(UTC) + timedelta(hours=6)
        scheduler.modify_job("faster", next_run_time=far)
        before = jobs_by_key(scheduler)

    second = write_newsrooms(
        tmp_path / "2.toml",
        {"same": "2h", "faster": "30m", "dropped": "1h", "added": "1h"},
        disabled=("dropped",),
    )
    now = datetime.now(UTC)
    with timetable(database_url, config) as scheduler:
        reconcile(scheduler, intervals(load_newsrooms(second)), launch, config)
        after = jobs_by_key(scheduler)

    assert set(after) == {"same", "faster", "added", "not-a-crawl"}
    assert after["same"].next_run_time == before["same"].next_run_time
    assert after["faster"].trigger.interval == timedelta(minutes=30)
    assert now + timedelta(minutes=30) <= after["faster"].next_run_time
    assert after["faster"].next_run_time <= datetime.now(UTC) + timedelta(minutes=33)
    assert now <= after["added"].next_run_time <= datetime.now(UTC) + timedelta(minutes=5)
    assert after["not-a-crawl"].next_run_time == before["not-a-crawl"].next_run_time


def test_a_restart_after_a_long_stop_runs_each_overdue_newsroom_soon_and_once(
    tmp_path: Path, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="scheduler")
    config = ScheduleConfig()
    launch = launch_for(tmp_path, database_url)
    with timetable(database_url, config) as scheduler:
        reconcile(scheduler, {"late": timedelta(hours=1)}, launch, config)
        scheduler.modify_job("late", next_run_time=datetime.now(UTC) - timedelta(days=2))
    now = datetime.now(UTC)
    with timetable(database_url, config) as scheduler:
        reconcile(scheduler, {"late": timedelta(hours=1)}, launch, config)
        late = jobs_by_key(scheduler)["late"]
    assert now <= late.next_run_time <= datetime.now(UTC) + timedelta(minutes=5)
    assert "schedule.job-overdue newsroom=late every=1h" in caplog.text


def test_two_due_jobs_run_side_by_side_and_never_overlap_themselves(
    tmp_path: Path, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="scheduler")
    config = ScheduleConfig(max_crawls=2, jitter=0, stop_grace=5)
    # Each crawl takes 1.5 s and is due every second: every other trigger finds it running.
    launch = launch_for(tmp_path, database_url, seconds=1.5)
    every = {"a": timedelta(seconds=1), "b": timedelta(seconds=1)}
    CHILDREN.reopen()
    with timetable(database_url, config) as scheduler:
        try:
            reconcile(scheduler, every, launch, config, first_run_now=True)
            scheduler.resume()
            time.sleep(4.2)
        finally:
            scheduler.pause()
            CHILDREN.stop(config.stop_grace)
            CHILDREN.reopen()
    runs: dict[str, list[tuple[float, float]]] = {}
    starts = {}
    for row in records(tmp_path):
        if row["event"] == "start":
            starts[row["pid"]] = row["t"]
        elif row["event"] == "end":
            runs.setdefault(row["newsroom"], []).append((starts[row["pid"]], row["t"]))
    assert set(runs) == {"a", "b"}
    for spans in runs.values():
        assert len(spans) >= 2
        spans.sort()
        assert all(end <= start for (_, end), (start, _) in itertools.pairwise(spans))
    # Two crawls at once: the executor holds SCHEDULE_MAX_CRAWLS = 2.
    (a_start, a_end), (b_start, b_end) = runs["a"][0], runs["b"][0]
    assert a_start < b_end and b_start < a_end
    assert "schedule.skipped newsroom=a reason=still-running" in caplog.text
    assert "schedule.crawl-finished newsroom=b exit=0" in caplog.text
    # One log file per crawl started, including one the stop may have cut short (a crawl due
    # as the test ends may start before the scheduler is paused, and never finish).
    logs = sorted(p.name for p in (tmp_path / "logs").iterdir())
    assert len(logs) == caplog.text.count("schedule.crawl-started ")
    assert len(logs) >= sum(len(spans) for spans in runs.values())
    assert all(name.startswith(("a-", "b-")) and name.endswith("Z.log") for name in logs)


@pytest.mark.crawl
def test_schedule_once_crawls_the_due_demo_newsrooms_and_plans_their_next_runs(
    tmp_path: Path, database_url: str, snapshot_origins: dict[str, str]
) -> None:
    once = (
        "schedule",
        "--once",
        "--newsrooms",
        str(DEMO_SITES / "newsrooms.toml"),
        "--db",
        database_url,
        "-s",
        f"LOOPBACK_ORIGINS={json.dumps(snapshot_origins)}",
        "-s",
        "AUTOTHROTTLE_ENABLED=False",
        "-s",
        f"FEEDS_DIR={tmp_path / 'feeds'}",
        "-s",
        f"LOG_DIR={tmp_path / 'logs'}",
        "-s",
        "SCHEDULE_MAX_CRAWLS=3",
    )
    started = datetime.now(UTC)
    done = run_cli(*once, "-s", f"METRICS_FILE={tmp_path / 'metrics.prom'}", timeout=60)
    finished = datetime.now(UTC)
    keys = ["rs-mission-nato", "nato-mlo-belgrade", "nato-hq"]
    for key in keys:
        assert f"schedule.crawl-finished newsroom={key} exit=0" in done.stderr
    repository = Repository.open(database_url)
    try:
        assert all(repository.stories(newsroom=key) for key in keys)
    finally:
        repository.close()
    logs = {p.name.rsplit("-", 1)[0]: p for p in (tmp_path / "logs").iterdir()}
    assert set(logs) == set(keys)
    assert all("Spider closed (finished)" in p.read_text() for p in logs.values())
    assert (tmp_path / "feeds" / "all.rss").exists()

    registry = load_newsrooms(DEMO_SITES / "newsrooms.toml")
    engine = open_database(database_url)
    with engine.connect() as connection:
        rows = dict(connection.execute(select(SchedulerJob.id, SchedulerJob.next_run_time)).all())
    engine.dispose()
    for key in keys:
        every = registry[key].every
        planned = datetime.fromtimestamp(rows[key], UTC)
        assert started + every <= planned <= finished + every + timedelta(minutes=5)

    again = run_cli(*once, "-s", f"METRICS_FILE={tmp_path / 'metrics.prom'}", timeout=30)
    assert "schedule.once due=0" in again.stderr  # nothing is due any more
    assert len(list((tmp_path / "logs").iterdir())) == 3


def test_schedule_once_exits_1_when_a_crawl_failed(tmp_path: Path, database_url: str) -> None:
    path = write_newsrooms(tmp_path / "n.toml", {"fine": "1h", "failing": "1h"})
    command = json.dumps(child_command(tmp_path, 0))
    done = run_cli(
        "schedule",
        "--once",
        "--newsrooms",
        str(path),
        "--db",
        database_url,
        "-s",
        f"LOG_DIR={tmp_path / 'logs'}",
        "-s",
        f"SCHEDULE_CRAWL_COMMAND={command}",
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "schedule.crawl-finished newsroom=fine exit=0" in done.stderr
    assert "schedule.crawl-finished newsroom=failing exit=1" in done.stderr


def test_sigterm_passes_on_to_the_crawls_and_stops_the_daemon_with_exit_0(
    tmp_path: Path, database_url: str
) -> None:
    path = write_newsrooms(tmp_path / "n.toml", {"polite": "1h", "stubborn": "1h"})
    stderr = tmp_path / "daemon.log"
    command = json.dumps(child_command(tmp_path, 30))
    argv = [sys.executable, "-m", "crawler.cli", "schedule", "--newsrooms", str(path)]
    argv += ["--db", database_url, "-s", f"LOG_DIR={tmp_path / 'logs'}", "-s", "SCHEDULE_JITTER=0"]
    argv += ["-s", "SCHEDULE_STOP_GRACE=1", "-s", f"SCHEDULE_CRAWL_COMMAND={command}"]
    argv += ["-s", "SCHEDULE_MAX_CRAWLS=3"]

    def started() -> set[str]:
        return {r["newsroom"] for r in records(tmp_path) if r["event"] == "start"}

    with stderr.open("w") as err:
        daemon = subprocess.Popen(argv, cwd=ROOT, stderr=err)
    try:
        wait_for(lambda: started() == {"polite", "stubborn"})
        # SIGHUP: the daemon reads the newsrooms file again and adds the new one.
        write_newsrooms(path, {"polite": "1h", "stubborn": "1h", "added": "1h"})
        daemon.send_signal(signal.SIGHUP)
        wait_for(lambda: "schedule.job-added newsroom=added" in stderr.read_text())
        wait_for(lambda: "added" in started())
        daemon.send_signal(signal.SIGTERM)
        assert daemon.wait(timeout=15) == 0, stderr.read_text()
    finally:
        if daemon.poll() is None:
            daemon.kill()
    log = stderr.read_text()
    events = {(r["newsroom"], r["event"]) for r in records(tmp_path)}
    # The children got SIGTERM from the scheduler (each runs in its own session); the polite
    # ones ended on it, the stubborn one was killed after the grace and its run marked.
    assert {("polite", "term"), ("polite", "end"), ("added", "end")} <= events
    assert ("stubborn", "term") in events and ("stubborn", "end") not in events
    assert "schedule.crawl-killed newsroom=stubborn" in log
    assert "schedule.crawl-finished newsroom=polite exit=0" in log
    assert "schedule.stopped" in log
    engine = open_database(database_url)
    with engine.connect() as connection:
        run = connection.execute(select(CrawlRun.status, CrawlRun.finish_reason)).one()
    engine.dispose()
    assert tuple(run) == ("interrupted", "sigkill")

    # A restart keeps the timetable: nothing is due for another hour.
    again = run_cli("schedule", "--once", "--newsrooms", str(path), "--db", database_url)
    assert "schedule.job-kept newsroom=polite every=1h" in again.stderr
    assert "schedule.once due=0" in again.stderr


@pytest.mark.crawl
def test_sigterm_during_a_real_crawl_records_it_interrupted_and_keeps_the_others_due(
    tmp_path: Path, database_url: str, snapshot_origins: dict[str, str]
) -> None:
    stderr = tmp_path / "daemon.log"
    argv = [sys.executable, "-m", "crawler.cli", "schedule"]
    argv += ["--newsrooms", str(DEMO_SITES / "newsrooms.toml"), "--db", database_url]
    for setting in (
        f"LOOPBACK_ORIGINS={json.dumps(snapshot_origins)}",
        "AUTOTHROTTLE_ENABLED=False",
        "DOWNLOAD_DELAY=0.2",  # a crawl long enough to be stopped in the middle
        f"FEEDS_DIR={tmp_path / 'feeds'}",
        f"LOG_DIR={tmp_path / 'logs'}",
        f"METRICS_FILE={tmp_path / 'metrics.prom'}",
        "SCHEDULE_JITTER=0",
        "SCHEDULE_MAX_CRAWLS=1",  # one crawl; the other two wait for it
    ):
        argv += ["-s", setting]
    with stderr.open("w") as err:
        daemon = subprocess.Popen(argv, cwd=ROOT, stderr=err)
    try:

        def crawling() -> bool:  # Scrapy's signal handlers are in place once the spider opens
            logs = list((tmp_path / "logs").glob("*.log"))
            return bool(logs) and "Spider opened" in logs[0].read_text()

        wait_for(crawling)
        time.sleep(0.5)
        daemon.send_signal(signal.SIGTERM)
        assert daemon.wait(timeout=30) == 0, stderr.read_text()
    finally:
        if daemon.poll() is None:
            daemon.kill()
    log = stderr.read_text()
    assert "schedule.crawl-killed" not in log
    logs = list((tmp_path / "logs").iterdir())
    assert len(logs) == 1  # the waiting crawls never started
    engine = open_database(database_url)
    with engine.connect() as connection:
        run = connection.execute(select(CrawlRun.newsroom, CrawlRun.status, CrawlRun.log_path))
        ((newsroom, status, log_path),) = run.all()
        jobs = dict(connection.execute(select(SchedulerJob.id, SchedulerJob.next_run_time)).all())
    engine.dispose()
    assert (status, log_path) == ("interrupted", str(logs[0]))
    assert logs[0].name.startswith(f"{newsroom}-")
    # The crawls that were due but never started are due again at the next start.
    stopped = time.time()
    waiting = [key for key in jobs if key != newsroom]
    assert len(waiting) == 2
    assert all(jobs[key] <= stopped for key in waiting)
    assert jobs[newsroom] > stopped + 3000  # the stopped one's next run is an interval away
