"""Config and CLI faults: every `newsroom` command, for every broken newsrooms file, unknown
family, bad database URL and unwritable output path, says what to fix in one line on stderr
and exits non-zero, with a traceback only under ``--debug``; a database password is never
printed, logged or stored.

The table below is the catalogue: (command, fault) -> the words the line must hold. Each case
runs the real command in a child process (`tests.support.cli.run_cli`).
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st
from sqlalchemy.engine import URL

from crawler.core.families import FAMILIES
from crawler.snapshots import DEMO_SITES
from storage.database import DatabaseError, open_database, redact, scrub
from tests.support.cli import ROOT, run_cli
from tests.support.databases import url_at
from tests.support.serving import START_TIMEOUT, STOP_TIMEOUT, first_line

PASSWORD = "hunter2"
ENTRY = """[[newsroom]]
key = "x"
name = "X"
family = "generic"
start_urls = ["http://x.example/"]
languages = ["en"]
every = "1h"
"""


@dataclass(frozen=True)
class Fault:
    """What a case sets up in ``home`` (a folder of its own) and what its line must say."""

    name: str
    newsrooms: Callable[[Path], Path] | None = None  # the --newsrooms file
    database: Callable[[Path], str] | None = None  # the --db URL
    output: Callable[[Path], Path] | None = None  # the unwritable path
    says: tuple[str, ...] = ()  # words of the line ({home}: the case's folder)


def _write(name: str, text: str) -> Callable[[Path], Path]:
    def make(home: Path) -> Path:
        path = home / name
        path.write_text(text, encoding="utf-8")
        return path

    return make


def _a_file(home: Path) -> Path:
    path = home / "a-file"
    path.write_text("not a folder\n")
    return path


def _proc() -> Path:
    # A folder no one may create files in, even root (the tests may run as root, for whom
    # permission bits do not count).
    return Path("/proc/self")


NEWSROOMS_FAULTS = [
    Fault(
        "toml-syntax",
        newsrooms=_write("newsrooms.toml", ENTRY.replace('name = "X"', "name = X")),
        says=("{home}/newsrooms.toml", "not valid TOML", "line 3", "fix that line"),
    ),
    Fault(
        "missing-file",
        newsrooms=lambda home: home / "absent.toml",
        says=("{home}/absent.toml", "not found", "--newsrooms FILE", "NEWSROOM_NEWSROOMS"),
    ),
    Fault(
        "missing-key",
        newsrooms=_write("newsrooms.toml", ENTRY.replace('every = "1h"\n', "")),
        says=("newsrooms.toml", "newsroom #1 (key 'x')", "missing 'every'", 'every = "2h"'),
    ),
    Fault(
        "wrong-type",
        newsrooms=_write("newsrooms.toml", ENTRY.replace('["en"]', '"en"')),
        says=("newsrooms.toml", "newsroom #1 (key 'x')", 'languages = ["..."]'),
    ),
    Fault(
        "unknown-family",
        newsrooms=_write("newsrooms.toml", ENTRY.replace('"generic"', '"joomla"')),
        says=("newsrooms.toml", "newsroom #1 (key 'x')", "unknown family 'joomla'", *FAMILIES),
    ),
]

REFUSED = f"postgresql+psycopg://bot:{PASSWORD}@127.0.0.1:1/newsroom"
DATABASE_FAULTS = [
    Fault(
        "unparseable-url",
        database=lambda home: f"postgresql://bot:{PASSWORD}@db:port/newsroom",
        says=("is not a database URL", "--db", "NEWSROOM_DB", "sqlite:///"),
    ),
    Fault(
        "unknown-dialect",
        database=lambda home: f"mysql://bot:{PASSWORD}@db/newsroom",
        says=("mysql://bot:***@db/newsroom", "unsupported database 'mysql'", "NEWSROOM_DB"),
    ),
    Fault(
        "unknown-driver",
        database=lambda home: f"postgresql+nosuch://bot:{PASSWORD}@db/newsroom",
        says=("unknown driver 'nosuch'", "postgresql+psycopg://"),
    ),
    Fault(
        "sqlite-folder-is-a-file",
        database=lambda home: f"sqlite:///{_a_file(home)}/sub/newsroom.sqlite3",
        says=("cannot create the folder", "{home}/a-file/sub", "NEWSROOM_DB"),
    ),
    Fault(
        "sqlite-file-is-not-a-database",
        database=lambda home: f"sqlite:///{_a_file(home)}",
        says=("{home}/a-file", "file is not a database", "NEWSROOM_DB"),
    ),
    Fault(
        # Connection refused with psycopg installed; without it, the driver to install.
        "postgres-refused",
        database=lambda home: REFUSED,
        says=("postgresql+psycopg://bot:***@127.0.0.1:1/newsroom",),
    ),
    Fault(
        "postgres-password-in-query",
        database=lambda home: f"postgresql+psycopg://bot@127.0.0.1:1/newsroom?password={PASSWORD}",
        says=("postgresql+psycopg://bot@127.0.0.1:1/newsroom?password=***",),
    ),
]


def _read_only(home: Path) -> str:
    database = home / "read-only.sqlite3"
    open_database(f"sqlite:///{database}").dispose()
    return f"sqlite:///file:{database}?mode=ro&uri=true"


#: Reading commands may use a read-only database; crawl and schedule check that it takes writes.
READ_ONLY_FAULT = Fault(
    "read-only-database",
    database=_read_only,
    says=("file:{home}/read-only.sqlite3?mode=ro", "cannot write to it", "readonly"),
)

OUTPUT_FAULTS = [
    Fault("output-is-a-file", output=_a_file, says=("{out}", "is a file, not a folder")),
    Fault("output-under-a-file", output=lambda home: _a_file(home) / "sub", says=("{out}",)),
    Fault("output-in-a-read-only-folder", output=lambda home: _proc(), says=("{out}",)),
]
FEED_FILE_FAULTS = [
    Fault("output-is-a-folder", output=lambda home: home, says=("{out}", "is a folder")),
    Fault("output-under-a-file", output=lambda home: _a_file(home) / "f", says=("{out}",)),
    Fault("output-in-a-read-only-folder", output=lambda home: _proc() / "f", says=("{out}",)),
]

DEMO = DEMO_SITES / "newsrooms.toml"
RUN = "0123abcd"


def _args(command: str, newsrooms: Path, database: str, out: Path) -> list[str]:
    """The command line of ``command`` with these paths (the fault is in one of them)."""
    n, d = ["--newsrooms", str(newsrooms)], ["--db", database]
    return {
        "crawl": ["crawl", *n, *d, "--feeds-dir", str(out)],
        "schedule --once": ["schedule", "--once", *n, *d, "-s", f"FEEDS_DIR={out}"],
        "serve": ["serve", "--port", "0", *n, *d],
        "runs": ["runs", *d],
        "runs show": ["runs", "show", RUN, *d],
        "health": ["health", *n, *d],
        "metrics": ["metrics", *d, "-o", str(out)],
        "export": ["export", *d, "-o", str(out)],
        "history": ["history", RUN, *d],
        "diff": ["diff", RUN, *d],
        "feed": ["feed", *n, "--newsroom", "x", *d, "-o", str(out)],
        "extract": ["extract", str(DEMO), "--newsroom", "x", *n],
        "demo": ["demo", "--out", str(out)],
    }[command]


READ_NEWSROOMS = ("crawl", "schedule --once", "serve", "health", "feed", "extract")
OPEN_DATABASE = (
    "crawl",
    "schedule --once",
    "serve",
    "runs",
    "runs show",
    "health",
    "metrics",
    "export",
    "history",
    "diff",
    "feed",
)
WRITE_FOLDER = ("crawl", "schedule --once", "demo")
WRITE_FILE = ("feed", "export", "metrics")

CASES = [
    *((c, f) for f in NEWSROOMS_FAULTS for c in READ_NEWSROOMS),
    *(
        (c, f)
        for f in DATABASE_FAULTS
        for c in OPEN_DATABASE
        # Commands that only read make no folder: theirs is "no database at" (test_cli).
        if f.name != "sqlite-folder-is-a-file" or c in ("crawl", "schedule --once")
    ),
    *((c, READ_ONLY_FAULT) for c in ("crawl", "schedule --once")),
    *((c, f) for f in OUTPUT_FAULTS for c in WRITE_FOLDER),
    *((c, f) for f in FEED_FILE_FAULTS for c in WRITE_FILE),
]


def _setup(fault: Fault, home: Path, command: str) -> tuple[list[str], Path]:
    newsrooms = fault.newsrooms(home) if fault.newsrooms else DEMO
    if command in ("feed", "extract") and not fault.newsrooms:
        newsrooms = _write("good.toml", ENTRY)(home)
    database = fault.database(home) if fault.database else f"sqlite:///{home / 'db.sqlite3'}"
    out = (
        fault.output(home)
        if fault.output
        else home / ("feeds" if command in WRITE_FOLDER else "out")
    )
    return _args(command, newsrooms, database, out), out


@dataclass(frozen=True)
class Outcome:
    home: Path
    out: Path
    done: subprocess.CompletedProcess[str]


@pytest.fixture(scope="module")
def outcomes(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Outcome]:
    """Every selected case, run at once a few at a time (each child process spends most of
    its second importing), by case id."""
    wanted = {
        item.callspec.id
        for item in request.session.items
        if isinstance(item, pytest.Function)
        and item.originalname == test_a_fault_is_one_line_that_says_what_to_fix.__name__
    }

    def run(case: tuple[str, str, Fault]) -> tuple[str, Outcome]:
        case_id, command, fault = case
        home = tmp_path_factory.mktemp("fault")
        args, out = _setup(fault, home, command)
        return case_id, Outcome(home, out, run_cli(*args, check=False, timeout=120))

    cases = [(f"{c}-{f.name}", c, f) for c, f in CASES if f"{c}-{f.name}" in wanted]
    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(pool.map(run, cases))


@pytest.mark.parametrize(
    ("command", "fault"), [pytest.param(c, f, id=f"{c}-{f.name}") for c, f in CASES]
)
def test_a_fault_is_one_line_that_says_what_to_fix(
    command: str, fault: Fault, outcomes: dict[str, Outcome]
) -> None:
    outcome = outcomes[f"{command}-{fault.name}"]
    done = outcome.done
    assert PASSWORD not in done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    if command == "health":  # a Nagios-style check: UNKNOWN on standard output, exit 3
        assert done.returncode == 3, done.stdout + done.stderr
        [line] = done.stdout.splitlines()
        assert line.startswith("UNKNOWN: ") and done.stderr == ""
    else:
        assert done.returncode == 1, done.stderr
        [line] = done.stderr.splitlines()
        assert line.startswith("Error: ")
    for words in fault.says:
        assert words.format(home=outcome.home, out=outcome.out) in line, line


@pytest.mark.parametrize("command", sorted({c for c, _ in CASES}))
def test_debug_shows_the_traceback(command: str, tmp_path: Path) -> None:
    fault = (
        NEWSROOMS_FAULTS[0]
        if command in READ_NEWSROOMS
        else DATABASE_FAULTS[1]
        if command in OPEN_DATABASE
        else OUTPUT_FAULTS[0]
    )
    args, _ = _setup(fault, tmp_path, command)
    done = run_cli("--debug", *args, check=False, timeout=60)
    assert done.returncode != 0
    assert "Traceback (most recent call last)" in done.stderr
    assert PASSWORD not in done.stdout  # a traceback shows what the code saw; stdout does not


def test_serve_on_a_port_in_use_says_which_and_what_to_pass(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    open_database(database).dispose()  # serve only reads: it needs a database to be there
    with closing(socket.socket()) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_cli(
            *("serve", "--port", str(port), "--newsrooms", str(DEMO)),
            *("--db", database),
            check=False,
            timeout=60,
        )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    [line] = done.stderr.splitlines()
    assert f"cannot listen on 127.0.0.1 port {port}" in line and "pass --port N" in line


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
@pytest.mark.parametrize("command", ["crawl", "feed"])
def test_a_read_only_folder_is_refused(command: str, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    out = locked if command == "crawl" else locked / "f.rss"
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    done = run_cli(*_args(command, DEMO, database, out), check=False, timeout=60)
    assert done.returncode == 1
    [line] = done.stderr.splitlines()
    assert str(out) in line and "cannot be written" in line


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql+psycopg://bot:{PASSWORD}@db/newsroom",
        f"postgresql+psycopg://bot@db/newsroom?sslmode=require&password={PASSWORD}",
        f"sqlite:///file:/srv/newsroom.sqlite3?uri=true&password={PASSWORD}",
    ],
)
def test_a_logged_url_masks_its_password(url: str) -> None:
    assert PASSWORD not in redact(url) and "***" in redact(url)
    # A driver's message that quotes the secret, on several lines: one line, masked.
    assert scrub(f"auth failed ({PASSWORD})\n\tHINT: retry", url) == "auth failed (***) HINT: retry"


# -- a password in a database URL that works --------------------------------------------------


@pytest.mark.crawl
def test_a_database_password_is_never_printed_logged_or_stored(
    tmp_path: Path, snapshot_origins: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite takes no password, but its URI form takes (and ignores) any query parameter, as
    libpq takes ``?password=``: a working URL with a secret in it."""
    database = tmp_path / "newsroom.sqlite3"
    url = f"sqlite:///file:{database}?uri=true&password={PASSWORD}"
    logs, metrics = tmp_path / "logs", tmp_path / "metrics.prom"
    monkeypatch.setenv("NEWSROOM_DB", url)  # as in production: the URL from the environment
    monkeypatch.setenv("NEWSROOM_LOG_DIR", str(logs))
    monkeypatch.setenv("NEWSROOM_METRICS_FILE", str(metrics))
    newsrooms = tmp_path / "newsrooms.toml"
    entries = DEMO.read_text(encoding="utf-8").split("[[newsroom]]")
    newsrooms.write_text(
        "".join(f"[[newsroom]]{e}" for e in entries if '"nato-mlo-belgrade"' in e),
        encoding="utf-8",
    )
    settings = [f"LOOPBACK_ORIGINS={json.dumps(snapshot_origins)}", "AUTOTHROTTLE_ENABLED=False"]
    s = [arg for pair in settings for arg in ("-s", pair)]
    n = ["--newsrooms", str(newsrooms)]
    said: list[str] = []

    # The scheduler first, while the newsroom is due: its crawl child gets the URL by the
    # environment, as NEWSROOM_DB.
    schedule = run_cli("schedule", "--once", *n, *s, "-s", f"FEEDS_DIR={tmp_path / 'feeds'}")
    crawl = run_cli("crawl", *n, "--feeds-dir", str(tmp_path / "feeds"), *s)
    said += [schedule.stdout, schedule.stderr, crawl.stdout, crawl.stderr]
    for args in (["runs"], ["runs", "show", "1"], ["metrics"], ["export"], ["health", *n]):
        done = run_cli(*args, check=args[0] != "health")
        said += [done.stdout, done.stderr]
    said += _serve_a_feed(n)

    run_logs = [p.read_text() for p in logs.glob("*.log")]
    assert len(run_logs) == 2  # the scheduler's crawl and ours
    with closing(sqlite3.connect(database)) as db:
        stored = "\n".join(db.iterdump())
    assert "nato-mlo-belgrade" in stored and "crawl_run" in stored
    assert all("password=***" in text for text in run_logs)  # the URL is logged, masked
    for text in [*said, stored, metrics.read_text(), *run_logs]:
        assert PASSWORD not in text


def _serve_a_feed(newsrooms: list[str]) -> list[str]:
    """`newsroom serve`: start, fetch /feed.atom, stop; what it printed."""
    server = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "serve", "--port", "0", *newsrooms],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    line = first_line(server, START_TIMEOUT)
    try:
        assert line.startswith("Serving on http://"), line
        with urllib.request.urlopen(line.split()[-1] + "feed.atom", timeout=30) as response:
            feed = response.read().decode()
        assert "<feed" in feed
    finally:
        server.terminate()
        out, err = server.communicate(timeout=STOP_TIMEOUT)
    assert server.returncode == 0, err
    return [line, out, err, feed]


@pytest.mark.crawl
def test_feeds_that_fail_after_the_crawl_leave_the_stories_stored(
    tmp_path: Path, snapshot_origins: dict[str, str]
) -> None:
    """The folder passes the check before the crawl, but a feed file cannot replace a folder
    of its name: the crawl's stories stay stored and the line says so."""
    feeds = tmp_path / "feeds"
    (feeds / "all.rss").mkdir(parents=True)
    database = url_at(tmp_path / "newsroom.sqlite3")
    done = run_cli(
        *("crawl", "--newsrooms", str(DEMO), "--only", "nato-mlo-belgrade", "--db", database),
        *("--feeds-dir", str(feeds), "--log-level", "WARNING"),
        *("-s", f"LOOPBACK_ORIGINS={json.dumps(snapshot_origins)}"),
        *("-s", "AUTOTHROTTLE_ENABLED=False"),
        check=False,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    line = done.stderr.splitlines()[-1]
    assert line.startswith(f"Error: feeds not written to {feeds} (")
    assert "stories are stored" in line and "newsroom feed" in line
    assert run_cli("export", "--db", database).stdout.count("\n") > 0


@pytest.mark.parametrize(
    ("command", "setting", "what"),
    [
        (("crawl",), "DOWNLOAD_TIMEOUT=soon", "DOWNLOAD_TIMEOUT is a number (default 30)"),
        (("schedule", "--once"), "SCHEDULE_MAX_CRAWLS=two", "SCHEDULE_MAX_CRAWLS is a number"),
        (("serve",), "SERVE_MAX_AGE=x", "SERVE_MAX_AGE is a number (default 300)"),
        (("crawl",), "BACKFILL=maybe", "BACKFILL is true or false (default False)"),
    ],
)
def test_a_setting_of_the_wrong_type_is_one_line_naming_it(
    tmp_path: Path, command: tuple[str, ...], setting: str, what: str
) -> None:
    done = run_cli(*command, "--db", f"sqlite:///{tmp_path}/db", "-s", setting, check=False)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: -s {setting}: {what}"), done.stderr


# -- masking: the password field, never letters inside other words ---------------------------

#: What a driver or SQLAlchemy may say around a URL; none of it is secret.
SAID = (
    "{url}: unsupported database 'mysql'; give --db or NEWSROOM_DB a sqlite or postgresql URL, "
    "e.g. postgresql+psycopg://user:password@host/db\n"
    "\tFATAL: connection to bot:{written}@db failed; invalid dsn: password={password} ({password})"
)


@given(password=st.text(min_size=1, max_size=30))
@example(password="p")  # found in "unsupported", "postgresql", "psycopg": it garbled them
@example(password="sql")
@example(password="ews")  # in the database's name: assumed away
def test_only_the_password_is_masked_and_the_message_is_intact(password: str) -> None:
    # Not a password the rest of the message or its URL says ("newsroom", the database's
    # name): masking it there is right, and no message could show it intact.
    template = SAID.format(url="postgresql+psycopg://bot:@db/newsroom", written="", password="")
    assume(password.strip() and password not in template and not set(password) & set("*'"))
    url = URL.create(
        "postgresql+psycopg", username="bot", password=password, host="db", database="newsroom"
    ).render_as_string(hide_password=False)
    written = url.split("bot:", 1)[1].rsplit("@db", 1)[0]  # quoted as a URL writes it
    said = SAID.format(url=url, written=written, password=password)
    shown = scrub(said, url)
    bare = "***" if len(password) >= 3 else password  # shorter: only as a field is it masked
    assert shown == " ".join(
        SAID.format(url="postgresql+psycopg://bot:***@db/newsroom", written="***", password="***")
        .replace("(***)", f"({bare})")
        .split()
    )
    if len(password) >= 3:
        assert password not in shown and written not in shown


@given(password=st.text(st.characters(codec="ascii", exclude_categories=["Cc"]), min_size=1))
def test_a_rejected_database_url_shows_no_password(password: str) -> None:
    assume(password.strip())
    url = URL.create("mysql", username="bot", password=password, host="db", database="newsroom")
    with pytest.raises(DatabaseError) as raised:
        open_database(url.render_as_string(hide_password=False))
    assert str(raised.value).startswith(
        "mysql://bot:***@db/newsroom: unsupported database 'mysql'; give --db or NEWSROOM_DB"
    )
    assert str(raised.value).count("***") == 1
