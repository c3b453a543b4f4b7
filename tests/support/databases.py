"""The database at a path: a SQLite file there, or, with ``NEWSROOM_TEST_DATABASE=postgresql``,
a PostgreSQL database of its own on the server ``NEWSROOM_TEST_POSTGRES`` names.

Crawl helpers and tests that keep a database beside a crawl's other files name it by a path
(`url_at`) and copy it by paths (`copy_at`). By default that is the SQLite file at the path, as
a user's crawl makes it. With ``NEWSROOM_TEST_DATABASE=postgresql`` each path stands for a fresh
PostgreSQL database instead: created the first time the path is named, the same one whenever the
path is named again, copied with ``CREATE DATABASE ... TEMPLATE``, and dropped when the session
ends (`drop_all`, from ``tests/conftest.py``). The crawls then run the whole suite against
PostgreSQL; the few tests about SQLite files themselves are marked `sqlite_only` and skipped.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import ExitStack, closing
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.support.postgres import SERVER, fresh_database, server_url

MODE = "NEWSROOM_TEST_DATABASE"
MODES = ("sqlite", "postgresql")

#: A test about SQLite files themselves (opened with sqlite3, filled up, locked, on disk): run
#: by default, skipped when the crawls' databases are PostgreSQL's.
sqlite_only = pytest.mark.sqlite_only


def mode() -> str:
    """The database the crawls' paths stand for: "sqlite" (the default) or "postgresql"."""
    chosen = os.environ.get(MODE, "") or "sqlite"
    if chosen not in MODES:
        raise pytest.UsageError(f"{MODE}={chosen!r}: give one of {', '.join(MODES)}")
    if chosen == "postgresql" and not os.environ.get(SERVER):
        raise pytest.UsageError(
            f"{MODE}=postgresql needs a server: set {SERVER} (`.ci/postgres` starts one)"
        )
    return chosen


def on_postgresql() -> bool:
    return mode() == "postgresql"


def skip_reason() -> str:
    return f"about SQLite files; {MODE}=postgresql runs the crawls on PostgreSQL"


# path -> (URL, what drops its database)
_databases: dict[Path, tuple[str, ExitStack]] = {}


def url_at(path: Path) -> str:
    """The URL of the database at ``path``: ``sqlite:///path``, or the PostgreSQL database that
    stands for ``path`` (created now if the path is new)."""
    if not on_postgresql():
        return f"sqlite:///{path}"
    key = path.resolve()
    if key not in _databases:
        _databases[key] = _fresh()
    return _databases[key][0]


def url_of(database: Path | str) -> str:
    """The URL of ``database``: a database at a path (`url_at`), or a URL as it is."""
    return url_at(database) if isinstance(database, Path) else database


def copy_at(source: Path, target: Path) -> Path:
    """A copy of the database at ``source`` at ``target``, replacing what was there: SQLite's
    backup (consistent), or ``CREATE DATABASE target TEMPLATE source``."""
    if not on_postgresql():
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
            src.backup(dst)
        return target
    template = make_url(url_at(source)).database
    assert template is not None
    key = target.resolve()
    if key in _databases:
        _url, drop = _databases.pop(key)
        drop.close()
    _databases[key] = _fresh(template)
    return target


def drop_all() -> None:
    """Drop every PostgreSQL database a path stood for (the session's end)."""
    while _databases:
        _path, (_url, drop) = _databases.popitem()
        drop.close()


def _fresh(template: str | None = None) -> tuple[str, ExitStack]:
    stack = ExitStack()
    url = stack.enter_context(fresh_database(server_url(), template))
    return url, stack
