"""Crawl records for ops: ``crawl_run`` rows, run logs, ``runs`` and ``runs show``, and the runs
``scrapy crawl`` and a stopped crawl leave.

Most tests read the ops crawls (`tests.support.run_records`): real crawls of snapshot sites on
loopback through the CLI into one SQLite file. Commands that only read the records run in this
process. ``newsroom health`` is tested in ``test_health.py``, the metrics in ``test_metrics.py``.
"""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crawler.core.events import RunLogFormatter, fields_text
from crawler.run.runner import NewsroomSummary
from crawler.snapshots import DEMO_SITES, serve_snapshots
from storage.runs import CrawlRuns, RunOutcome
from tests.support.cli import ROOT, invoke
from tests.support.databases import url_at
from tests.support.prometheus import parse_metrics, value
from tests.support.run_records import BROKEN, HQ, HQ_NEWSROOM, OpsCrawls, finished, records

LINE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ (DEBUG|INFO |WARNING|ERROR|CRITICAL) (\S+)")
EVENT = re.compile(r"^(\S+) (\S+) +([a-z]+\.[a-z]+)((?: [a-z_]+=(?:\"(?:[^\"\\]|\\.)*\"|\S+))*)$")


def summary(stdout: str) -> dict[str, dict[str, str]]:
    lines = [line.split() for line in stdout.splitlines() if line.strip()]
    header = next(line for line in lines if line[0] == "newsroom")
    return {
        line[0]: dict(zip(header, line, strict=True)) for line in lines if line[0] in (HQ, BROKEN)
    }


# -- crawl_run rows -----------------------------------------------------------------------


@pytest.mark.crawl
def test_each_crawl_writes_a_row_per_newsroom_with_the_counts_of_its_summary(
    ops_crawls: OpsCrawls,
) -> None:
    assert ops_crawls.first.returncode == 1  # broken failed
    first = [r for r in records(ops_crawls.url) if r.run_id == records(ops_crawls.url)[0].run_id]
    assert sorted(r.newsroom for r in first) == [BROKEN, HQ]
    table = summary(ops_crawls.first.stdout)
    for row in first:
        counts = table[row.newsroom]
        assert row.pages == int(counts["pages"])
        assert row.stories_new == int(counts["new"])
        assert row.stories_updated == int(counts["updated"])
        assert row.stories_duplicate == int(counts["duplicates"])
        assert row.stories_unchanged == int(counts["unchanged"])
        assert row.stories_gone == int(counts["gone"])
        assert row.errors == int(counts["errors"])
        # The run's status, as `newsroom runs` shows it: broken's crawl "finished" for
        # Scrapy, but fetched nothing, so it failed.
        assert row.status == counts["status"]
        assert row.host == socket.gethostname() and row.pid is not None
        assert row.started_at.tzinfo is UTC and row.finished_at is not None
        assert row.started_at <= row.finished_at <= datetime.now(UTC)
    hq, broken = sorted(first, key=lambda r: r.newsroom != HQ)
    assert (hq.status, hq.stories_new, hq.pages, hq.error_lines) == (
        "finished",
        15,
        34,
        [],
    )  # 16 pages its patterns do not name: hints
    assert hq.requests == sum(hq.responses.values()) > hq.pages
    assert hq.bytes > 100_000 and hq.counters["stories/new"] == 15
    assert hq.counters["downloader/request_count"] == hq.requests
    assert (broken.status, broken.pages, broken.responses) == ("failed", 0, {})
    assert broken.errors == 2 and broken.requests >= 2
    # Unreachable: robots.txt and the start page were retried, then given up.
    assert broken.error_lines and all("broken.invalid" in line for line in broken.error_lines)
    assert any("Fetch failed http://broken.invalid/news" in line for line in broken.error_lines)
    assert all(LINE.match(line) for line in broken.error_lines)


@pytest.mark.crawl
def test_an_unreachable_site_is_one_line_per_failure_each_counted_once(
    ops_crawls: OpsCrawls,
) -> None:
    stderr = ops_crawls.first.stderr.splitlines()
    assert not [line for line in stderr if line.startswith((" ", "Traceback"))]
    failures = [line for line in stderr if "broken.invalid" in line]
    assert failures and all(" WARNING: Fetch failed http://broken.invalid/" in f for f in failures)
    urls = [line.split("Fetch failed ")[1].split()[0] for line in failures]
    assert len(set(urls)) == len(urls)  # robots.txt and the start page, once each
    broken = next(r for r in records(ops_crawls.url) if r.newsroom == BROKEN)
    assert broken.errors == len(failures)
    assert [line.split("] ", 1)[1] for line in broken.error_lines] == [
        line.split(": ", 1)[1] for line in failures
    ]
    # Every progress line counts the failures logged before it.
    logged = 0
    progress = re.compile(rf"^{BROKEN}: \d+ pages, \d+ new, \d+ updated, (\d+) errors")
    for line in stderr:
        if f"({BROKEN}): " in line:
            logged += 1
        elif counted := progress.match(line):
            assert int(counted[1]) >= logged, line


@pytest.mark.crawl
def test_the_relaunched_site_is_crawled_without_a_story_or_an_error(ops_crawls: OpsCrawls) -> None:
    assert ops_crawls.second.returncode == 0, ops_crawls.second.stderr
    last = records(ops_crawls.url)[-1]
    assert (last.newsroom, last.status, last.stories, last.errors) == (HQ, "finished", 0, 0)
    assert last.fresh_reads > 0 and last.empty_story_pages > 0


# -- scrapy crawl -------------------------------------------------------------------------


def scrapy_crawl(*args: str) -> subprocess.CompletedProcess[str]:
    """Scrapy's own ``scrapy crawl`` from the repository root (scrapy.cfg)."""
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", *args, "-L", "WARNING"],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
    )


@pytest.mark.crawl
def test_scrapy_crawl_records_its_run_as_newsroom_crawl_does(tmp_path: Path) -> None:
    newsrooms = tmp_path / "hq.toml"
    newsrooms.write_text(HQ_NEWSROOM, encoding="utf-8")
    url = url_at(tmp_path / "newsroom.sqlite3")
    with serve_snapshots([DEMO_SITES / HQ]) as origins:
        done = scrapy_crawl(
            "nato-hq",
            *("-s", f"NEWSROOMS_FILE={newsrooms}", "-s", f"DATABASE_URL={url}"),
            *("-s", f"LOOPBACK_ORIGINS={json.dumps(origins)}", "-s", "AUTOTHROTTLE_ENABLED=False"),
            *("-s", f"METRICS_FILE={tmp_path / 'metrics.prom'}"),
        )
    assert done.returncode == 0, done.stderr
    [row] = records(url)
    assert (row.newsroom, row.status, row.finish_reason) == (HQ, "finished", "finished")
    assert (row.stories_new, row.pages, row.errors) == (15, 34, 0)
    assert row.requests == row.counters["downloader/request_count"] == sum(row.responses.values())
    assert row.host == socket.gethostname() and row.pid not in (None, os.getpid())
    assert row.finished_at is not None and row.started_at <= row.finished_at
    health = invoke("health", "--db", url, "--newsrooms", str(newsrooms))
    assert (health.exit_code, health.output) == (0, "OK: 1 newsroom healthy (nato-hq)\n")
    samples = parse_metrics((tmp_path / "metrics.prom").read_text(encoding="utf-8"))
    assert value(samples, "newsroom_runs_total", newsroom=HQ, status="finished") == 1


def test_scrapy_crawl_of_a_family_without_a_newsroom_is_one_line(tmp_path: Path) -> None:
    newsrooms = tmp_path / "hq.toml"
    newsrooms.write_text(HQ_NEWSROOM, encoding="utf-8")
    done = scrapy_crawl("generic", "-s", f"NEWSROOMS_FILE={newsrooms}")
    assert done.returncode == 1
    [line] = done.stderr.splitlines()
    assert line.startswith(f"scrapy crawl generic: {newsrooms}: no enabled newsroom of family")
    assert "add one with family = 'generic'" in line and "crawl a family it has: nato-hq" in line


# -- the run log --------------------------------------------------------------------------


@pytest.mark.crawl
def test_each_run_logs_to_its_own_file_in_fixed_shape_lines(ops_crawls: OpsCrawls) -> None:
    first = records(ops_crawls.url)[0]
    path = Path(str(first.log_path))
    assert path.parent == ops_crawls.logs
    assert re.fullmatch(r"\d{8}T\d{6}Z-" + first.run_id[:8] + r"\.log", path.name)
    assert f"log in {path}" in ops_crawls.first.stderr
    lines = path.read_text(encoding="utf-8").splitlines()
    records_ = [line for line in lines if not line.startswith("    ")]
    assert all(LINE.match(line) for line in records_), [x for x in records_ if not LINE.match(x)]
    assert any("[scrapy.core.engine] Spider closed (finished)" in line for line in records_)
    events = {}
    for line in records_:
        if match := EVENT.match(line):
            fields = dict(re.findall(r'([a-z_]+)=("(?:[^"\\]|\\.)*"|\S+)', match[4]))
            events.setdefault(match[3], []).append({k: v.strip('"') for k, v in fields.items()})
    [started] = events["run.started"]
    assert started["run"] == first.run_id and started["backfill"] == "no"
    assert started["newsrooms"] == f"{HQ},{BROKEN}"
    assert {e["newsroom"] for e in events["crawl.started"]} == {HQ, BROKEN}
    finished = {e["newsroom"]: e for e in events["crawl.finished"]}
    for row in records(ops_crawls.url)[:2]:
        shown = finished[row.newsroom]
        assert shown["status"] == row.status and shown["run"] == row.run_id[:8]
        assert int(shown["pages"]) == row.pages and int(shown["new"]) == row.stories_new
        assert int(shown["requests"]) == row.requests and int(shown["errors"]) == row.errors
    [done] = events["run.finished"]
    assert (done["status"], done["newsrooms"], done["failed"]) == ("failed", "2", "1")
    assert events["metrics.written"] == [{"path": str(ops_crawls.metrics)}]


@pytest.mark.crawl
def test_run_logs_older_than_log_keep_days_are_deleted_at_the_start_of_a_crawl(
    ops_crawls: OpsCrawls,
) -> None:
    left = {p.name for p in ops_crawls.logs.iterdir()}
    assert not left & set(ops_crawls.old_logs)
    assert set(ops_crawls.kept_files) <= left
    log = Path(str(records(ops_crawls.url)[0].log_path)).read_text(encoding="utf-8")
    deleted = re.findall(r" INFO  log\.deleted path=(\S+) age_days=4\d\.\d$", log, re.MULTILINE)
    assert sorted(Path(p).name for p in deleted) == sorted(ops_crawls.old_logs)


@pytest.mark.crawl
def test_log_file_puts_the_run_log_there_and_nothing_on_stderr_but_where_it_is(
    ops_crawls: OpsCrawls,
) -> None:
    assert records(ops_crawls.url)[-1].log_path == str(ops_crawls.relaunch_log)
    text = ops_crawls.relaunch_log.read_text(encoding="utf-8")
    assert " INFO  crawl.finished " in text and "[scrapy.core.engine]" in text
    assert (
        ops_crawls.second.stderr.strip()
        == f"Run {records(ops_crawls.url)[-1].run_id[:8]} (finished): "
        f"log in {ops_crawls.relaunch_log}"
    )


@pytest.mark.crawl
def test_progress_lines_only_when_asked_or_on_a_terminal(ops_crawls: OpsCrawls) -> None:
    progress = re.compile(r"^nato-hq: \d+ pages, \d+ new, \d+ updated, \d+ errors \(\d+s\)$", re.M)
    assert progress.search(ops_crawls.first.stderr)
    assert not progress.search(ops_crawls.second.stderr)


# -- runs and runs show -------------------------------------------------------------------


@pytest.mark.crawl
def test_runs_lists_the_newest_runs_first(ops_crawls: OpsCrawls) -> None:
    out = invoke("runs", "--db", ops_crawls.url)
    assert out.exit_code == 0
    lines = out.output.splitlines()
    assert lines[0].split() == [
        "run", "newsroom", "started", "duration", "status", "requests", "304", "new",
        "updated", "dup", "gone", "errors",
    ]  # fmt: skip
    rows = [line.split() for line in lines[1:]]
    expected = list(reversed(records(ops_crawls.url)))
    assert [(r[0], r[1], r[4]) for r in rows] == [
        (e.run_id[:8], e.newsroom, e.status) for e in expected
    ]
    assert [int(r[7]) for r in rows] == [e.stories_new for e in expected]
    one = invoke("runs", "--db", ops_crawls.url, "--newsroom", HQ, "--last", "1")
    assert [line.split()[0] for line in one.output.splitlines()[1:]] == [expected[0].run_id[:8]]


@pytest.mark.crawl
def test_runs_show_tells_one_run_with_its_errors_and_log_file(ops_crawls: OpsCrawls) -> None:
    first = records(ops_crawls.url)[0]
    out = invoke("runs", "--db", ops_crawls.url, "show", first.run_id[:8], "--newsroom", BROKEN)
    assert out.exit_code == 0
    assert f"run        {first.run_id}" in out.output
    assert "status     failed" in out.output
    assert f"log        {first.log_path}" in out.output
    assert "Fetch failed http://broken.invalid/news (broken)" in out.output
    both = invoke("runs", "show", first.run_id, "--db", ops_crawls.url)
    assert both.output.count("newsroom   ") == 2
    missing = invoke("runs", "show", "ffffffff", "--db", ops_crawls.url)
    assert missing.exit_code == 2 and "no crawl run 'ffffffff'" in missing.output


# -- records without crawling -------------------------------------------------------------


def dead_pid() -> int:
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(child.stdout)


def test_a_run_left_running_by_a_dead_process_becomes_interrupted(
    runs: CrawlRuns, database_url: str
) -> None:
    now = datetime.now(UTC)
    here = socket.gethostname()
    runs.start("dead", HQ, now - timedelta(minutes=5), host=here, pid=dead_pid())
    runs.start("alive", HQ, now - timedelta(minutes=5), host=here, pid=os.getpid())
    runs.start("remote", HQ, now - timedelta(hours=1), host="other-host", pid=1)
    runs.start("stale", HQ, now - timedelta(hours=30), host="other-host", pid=1)
    out = invoke("runs", "--db", database_url)
    assert out.exit_code == 0
    status = {line.split()[0]: line.split()[4] for line in out.output.splitlines()[1:]}
    assert status == {
        "dead": "interrupted",
        "alive": "running",
        "remote": "running",
        "stale": "interrupted",
    }
    assert [r.finish_reason for r in runs.find("dead")] == ["abandoned"]
    assert runs.mark_abandoned(host=here, now=now) == []  # idempotent
    runs.start("dead", HQ, now)  # so is starting
    assert [r.status for r in runs.find("dead")] == ["interrupted"]


def test_run_ids_are_found_by_prefix_or_row_number(runs: CrawlRuns) -> None:
    now = datetime.now(UTC)
    runs.start("abc123", HQ, now)
    runs.start("abd456", HQ, now)
    assert [r.run_id for r in runs.find("abc")] == ["abc123"]
    assert [r.run_id for r in runs.find(str(runs.find("abd")[0].id))] == ["abd456"]
    with pytest.raises(LookupError, match="several runs"):
        runs.find("ab")


def test_unfinished_since_is_the_start_of_the_runs_that_ended_unfinished_since_the_last_good_one(
    runs: CrawlRuns,
) -> None:
    start = datetime.now(UTC) - timedelta(days=1)
    assert runs.unfinished_since(HQ) is None  # never crawled
    finished(runs, "good", start)
    assert runs.unfinished_since(HQ) is None
    for number, status in enumerate(["interrupted", "failed"], start=1):
        runs.start(status, HQ, start + timedelta(hours=number))
        runs.finish(status, HQ, start + timedelta(hours=number, minutes=1), RunOutcome(status))
    runs.start("now", HQ, start + timedelta(hours=3))  # this crawl, still running
    assert runs.unfinished_since(HQ) == start + timedelta(hours=1)
    assert runs.unfinished_since("other") is None
    finished(runs, "good-again", start + timedelta(hours=4))
    assert runs.unfinished_since(HQ) is None


def test_progress_writes_the_counts_of_a_running_crawl_and_never_undoes_its_end(
    runs: CrawlRuns,
) -> None:
    now = datetime.now(UTC)
    runs.start("r", HQ, now)
    runs.progress("r", HQ, RunOutcome("running", requests=7, stories_new=2, pages=5))
    [row] = runs.find("r")
    assert (row.status, row.requests, row.stories_new, row.pages) == ("running", 7, 2, 5)
    runs.finish("r", HQ, now, RunOutcome("finished", "finished", requests=9, stories_new=3))
    runs.progress("r", HQ, RunOutcome("running", requests=8))  # a late tick: ignored
    [row] = runs.find("r")
    assert (row.status, row.requests, row.stories_new) == ("finished", 9, 3)


def test_a_crawl_ended_by_sigterm_or_ctrl_c_is_interrupted() -> None:
    stopped = NewsroomSummary(HQ, "NATO", finish_reason="shutdown", counters={"pages/fetched": 3})
    assert stopped.status == "interrupted"
    assert (
        NewsroomSummary(HQ, "NATO", "finished", counters={"pages/fetched": 3}).status == "finished"
    )
    assert NewsroomSummary(HQ, "NATO", "finished").status == "failed"  # fetched nothing


# -- log lines ----------------------------------------------------------------------------


def test_log_lines_start_with_utc_time_and_level_and_indent_what_continues_them() -> None:
    record = logging.LogRecord(
        "scrapy.core.engine", logging.WARNING, __file__, 1, "one\ntwo", None, None
    )
    record.created = datetime(2026, 11, 24, 12, 0, 5, tzinfo=UTC).timestamp()
    assert RunLogFormatter().format(record) == (
        "2026-11-24T12:00:05Z WARNING [scrapy.core.engine] one\n    two"
    )
    assert fields_text({"a": "x y", "b": None, "c": True, "d": 1.25, "e": 'q"'}) == (
        'a="x y" b=- c=yes d=1.2 e="q\\""'
    )


@pytest.mark.crawl
def test_sigterm_records_the_run_as_interrupted(tmp_path: Path) -> None:
    newsrooms = tmp_path / "hq.toml"
    newsrooms.write_text(HQ_NEWSROOM, encoding="utf-8")
    url = url_at(tmp_path / "newsroom.sqlite3")
    with serve_snapshots([DEMO_SITES / HQ]) as origins:
        child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "crawler.cli",
                "crawl",
                "--newsrooms",
                str(newsrooms),
                "--db",
                url,
                "--no-feeds",
                "--backfill",
                "--log-file",
                str(tmp_path / "run.log"),
                "-s",
                f"LOOPBACK_ORIGINS={json.dumps(origins)}",
                "-s",
                "DOWNLOAD_DELAY=0.25",
                "-s",
                "AUTOTHROTTLE_ENABLED=False",
                "-s",
                f"METRICS_FILE={tmp_path / 'm.prom'}",
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            deadline = time.monotonic() + 60
            while not (tmp_path / "run.log").exists() or "crawl.started" not in (
                tmp_path / "run.log"
            ).read_text(encoding="utf-8"):
                assert time.monotonic() < deadline and child.poll() is None
                time.sleep(0.05)
            time.sleep(0.5)
            child.send_signal(signal.SIGTERM)
            out, _ = child.communicate(timeout=60)
        finally:
            child.kill()
    assert child.returncode == 1
    assert summary(out)[HQ]["status"] == "interrupted"
    [row] = records(url)
    assert (row.status, row.finish_reason) == ("interrupted", "shutdown")
    log = (tmp_path / "run.log").read_text(encoding="utf-8")
    assert re.search(r" INFO  run\.started .* backfill=yes$", log, re.MULTILINE)
    assert re.search(r" WARNING crawl\.finished .* status=interrupted reason=shutdown ", log)


@pytest.mark.parametrize("ref", ["%", "_", "r%", "a_"])
def test_a_run_prefix_with_sql_wildcards_names_no_run(database_url: str, ref: str) -> None:
    """``runs show`` reads a prefix as letters: ``%`` and ``_`` are no wildcards."""
    runs = CrawlRuns.open(database_url)
    try:
        started = datetime(2026, 11, 24, 12, tzinfo=UTC)
        for run_id in ("run-a1", "run-a2", "ab"):
            runs.start(run_id, "n", started)
        assert runs.find(ref) == []
        assert [row.run_id for row in runs.find("ab")] == ["ab"]
    finally:
        runs.close()
