"""Pytest hooks and the fixtures several test files share: ``--clock-ahead``, run files kept out
of the repository, databases on disk and their records, the snapshot sites served, and the
crawls more than one file reads (day 1 of the demo sites, the ops crawls, the served demo).

The helpers these fixtures are built on are in ``tests/support/``. This file imports them before
``--clock-ahead`` moves the clock, so nothing there may read the clock at import.
"""

from __future__ import annotations

import os
import runpy
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from crawler.snapshots import demo_sites, serve_snapshots
from storage.repository import Repository
from storage.runs import CrawlRuns
from tests.support import databases
from tests.support.crawls import Days, crawl_snapshots
from tests.support.postgres import fresh_database, server_url
from tests.support.run_records import OpsCrawls, run_ops_crawls
from tests.support.serving import Served, crawl_demo, serving

CLOCK_AHEAD = Path(__file__).resolve().parent / "clock_ahead"

# No property-based test has a deadline: speed is measured in bench/, never asserted here, and
# a first example that parses pages and warms caches up on a loaded machine is no failure.
settings.register_profile("newsroom", deadline=None)
settings.load_profile("newsroom")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--clock-ahead",
        type=float,
        default=0.0,
        metavar="DAYS",
        help="run the suite DAYS ahead of today: this process's clock and that of every Python "
        "process the tests start (crawls, servers, the scheduler); no test may depend on the day",
    )


def pytest_configure(config: pytest.Config) -> None:
    databases.mode()  # a wrong NEWSROOM_TEST_DATABASE stops the run before it starts
    days = config.getoption("clock_ahead")
    if not days:
        return
    os.environ["NEWSROOM_TEST_CLOCK_AHEAD"] = str(days)
    paths = [str(CLOCK_AHEAD), *filter(None, [os.environ.get("PYTHONPATH")])]
    os.environ["PYTHONPATH"] = os.pathsep.join(paths)
    # This process travels as its children will: by running the same file once.
    runpy.run_path(str(CLOCK_AHEAD / "sitecustomize.py"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """With NEWSROOM_TEST_DATABASE=postgresql, the tests about SQLite files are skipped."""
    if databases.on_postgresql():
        skip = pytest.mark.skip(reason=databases.skip_reason())
        for item in items:
            if item.get_closest_marker("sqlite_only"):
                item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def _databases_at_paths_dropped() -> Iterator[None]:
    """The PostgreSQL databases paths stood for (`tests.support.databases`), dropped at the
    session's end."""
    yield
    databases.drop_all()


@pytest.fixture(scope="session", autouse=True)
def _run_files_in_a_temporary_directory(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[None]:
    """Crawls in tests write their run logs, metrics and feeds here, never into the
    repository."""
    home = tmp_path_factory.mktemp("run-files")
    files = {
        "NEWSROOM_LOG_DIR": home / "logs",
        "NEWSROOM_METRICS_FILE": home / "metrics.prom",
        "NEWSROOM_FEEDS_DIR": home / "feeds",
    }
    saved = {name: os.environ.get(name) for name in files}
    for name, path in files.items():
        os.environ[name] = str(path)
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database: a SQLite file on disk, then a PostgreSQL database of its own
    (`tests.support.postgres`); a test that takes it runs on both."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'newsroom.sqlite3'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database of the test's own (`tests.support.postgres`)."""
    with fresh_database(server_url()) as url:
        yield url


@pytest.fixture
def repository(database_url: str) -> Iterator[Repository]:
    repository = Repository.open(database_url)
    yield repository
    repository.close()


@pytest.fixture
def runs(database_url: str) -> Iterator[CrawlRuns]:
    """The ``crawl_run`` records of ``database_url``."""
    records = CrawlRuns.open(database_url)
    yield records
    records.close()


@pytest.fixture(scope="session")
def snapshot_origins() -> Iterator[dict[str, str]]:
    """The bundled snapshot sites, served on 127.0.0.1 for the whole session."""
    with serve_snapshots(demo_sites()) as origins:
        yield origins


@pytest.fixture(scope="session")
def served_demo(
    tmp_path_factory: pytest.TempPathFactory, snapshot_origins: dict[str, str]
) -> Iterator[Served]:
    """`newsroom serve` on the demo sites crawled once with a newsroom that fails (the system
    tests' one database and server: `tests.support.serving`)."""
    database, newsrooms = crawl_demo(tmp_path_factory.mktemp("served"), snapshot_origins)
    with serving(database, newsrooms) as served:
        yield served


@pytest.fixture(scope="session")
def day_one(tmp_path_factory: pytest.TempPathFactory) -> Days:
    """The three demo sites crawled once into an empty database: the day before each re-crawl
    (`tests.support.crawls.next_day`)."""
    home = tmp_path_factory.mktemp("recrawl")
    return Days(home, crawl_snapshots(demo_sites(), home / "day1.sqlite3"))


@pytest.fixture(scope="session")
def ops_crawls(tmp_path_factory: pytest.TempPathFactory) -> OpsCrawls:
    """NATO HQ beside a newsroom that refuses every connection, health checked, then NATO HQ
    relaunched: one database the run-record, health and metrics tests read
    (`tests.support.run_records`)."""
    return run_ops_crawls(tmp_path_factory.mktemp("runs"))
