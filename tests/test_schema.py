"""Whose step an upgrade of the schema is: a SQLite file upgrades itself when a command opens
it; a PostgreSQL database, shared by crawler machines, is upgraded by ``newsroom db upgrade``
and every command refuses it until then, naming that command. Each test runs on both."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from storage.database import open_database, revisions, upgrade
from tests.support.cli import ROOT, invoke


def _story_at(database_url: str, revision: str) -> None:
    """A database at schema ``revision`` holding one story."""
    engine = open_database(database_url, migrate=False)
    try:
        upgrade(engine, revision)
        with engine.begin() as connection:
            connection.execute(
                text(
                    "insert into story (guid, newsroom, url, title, text, content_hash,"
                    " from_listing, first_seen, last_seen, sort_time) values ('g', 'n',"
                    " 'http://x/1', 'Kept', 'body', 'h', :no, '2026-11-24 12:00:00',"
                    " '2026-11-24 12:00:00', '2026-11-24 12:00:00')"
                ),
                {"no": False},
            )
    finally:
        engine.dispose()


def _revision(database_url: str) -> str | None:
    engine = create_engine(database_url)
    try:
        return revisions(engine)[0]
    finally:
        engine.dispose()


def test_an_old_schema_is_upgraded_by_sqlite_and_by_the_operator_on_postgresql(
    database_url: str,
) -> None:
    _story_at(database_url, "0005")
    newest = revisions(create_engine("sqlite://"))[1]
    exported = invoke("export", "--db", database_url)
    if database_url.startswith("sqlite"):
        assert exported.exit_code == 0 and '"title": "Kept"' in exported.output
        assert _revision(database_url) == newest
        return
    assert exported.exit_code == 1, exported.output
    assert "schema is at revision 0005" in exported.output
    assert f"needs {newest}" in exported.output and "newsroom db upgrade" in exported.output
    password = make_url(database_url).password
    assert password and password not in exported.output
    assert _revision(database_url) == "0005"  # refused, not half-upgraded
    current = invoke("db", "current", "--db", database_url)
    assert current.exit_code == 1 and f"schema 0005, this version needs {newest}" in current.output
    upgraded = invoke("db", "upgrade", "--db", database_url)
    assert upgraded.exit_code == 0 and f"schema 0005 -> {newest}" in upgraded.output
    exported = invoke("export", "--db", database_url)
    assert exported.exit_code == 0 and '"title": "Kept"' in exported.output
    current = invoke("db", "current", "--db", database_url)
    assert current.exit_code == 0 and f"schema {newest}, the newest" in current.output


def test_db_upgrade_gives_an_empty_database_the_whole_schema_once(database_url: str) -> None:
    engine = open_database(database_url, migrate=False)
    engine.dispose()
    newest = revisions(create_engine("sqlite://"))[1]
    assert invoke("db", "current", "--db", database_url).exit_code == 1
    first = invoke("db", "upgrade", "--db", database_url)
    assert first.exit_code == 0 and f"schema none -> {newest}" in first.output
    again = invoke("db", "upgrade", "--db", database_url)
    assert again.exit_code == 0 and "nothing to do" in again.output


def test_a_schema_newer_than_the_code_is_refused(database_url: str) -> None:
    _story_at(database_url, "head")
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("update alembic_version set version_num = '9999'"))
    engine.dispose()
    exported = invoke("export", "--db", database_url)
    assert exported.exit_code == 1
    if not database_url.startswith("sqlite"):
        assert "revision 9999, newer than this version" in exported.output
    assert _revision(database_url) == "9999"


def test_machines_starting_on_one_empty_database_at_once_share_one_schema(
    database_url: str,
) -> None:
    """Four processes open one empty database at the same moment: each gets the whole schema
    and none fails (on PostgreSQL an advisory lock orders their upgrades)."""
    opening = (
        "import sys; from storage.database import open_database; "
        "open_database(sys.argv[1]).dispose()"
    )
    children = [
        subprocess.Popen(
            [sys.executable, "-c", opening, database_url],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    errors = [child.communicate(timeout=120)[1] for child in children]
    assert [child.returncode for child in children] == [0] * 4, errors
    engine = create_engine(database_url)
    try:
        assert {"story", "story_url", "raw_page", "alembic_version"} <= set(
            inspect(engine).get_table_names()
        )
    finally:
        engine.dispose()


def test_a_sqlite_file_another_process_is_writing_is_waited_for_not_refused(
    tmp_path: Path,
) -> None:
    """The race behind the test above, made certain: another process holds the write lock of a
    file not yet in WAL mode when a command opens it. Switching it into WAL must wait for that
    writer, as SQLite's busy timeout does for other writes, not fail at once with "database is
    locked"."""
    path = tmp_path / "newsroom.sqlite3"
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time; db = sqlite3.connect(sys.argv[1], isolation_level=None); "
            "db.execute('create table other (x)'); db.execute('BEGIN IMMEDIATE'); "
            "db.execute('insert into other values (1)'); print('holding', flush=True); "
            "time.sleep(1.5); db.execute('COMMIT')",
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "holding"
        open_database(f"sqlite:///{path}").dispose()
    finally:
        writer.communicate(timeout=60)
    assert writer.returncode == 0
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        tables = {row[0] for row in db.execute("select name from sqlite_master")}
    assert {"other", "story", "alembic_version"} <= tables


def test_an_upgrade_whose_role_cannot_install_pg_trgm_names_the_statement_to_run(
    postgres_url: str,
) -> None:
    """The search index needs ``pg_trgm``: a role without the right to install it is told
    what a superuser must run, and the database is left at its revision, whole."""
    _story_at(postgres_url, "0007")
    database = make_url(postgres_url).database
    engine = create_engine(postgres_url)
    with engine.begin() as connection:
        connection.execute(text(f'REVOKE CREATE ON DATABASE "{database}" FROM CURRENT_USER'))
    upgraded = invoke("db", "upgrade", "--db", postgres_url)
    assert upgraded.exit_code == 1, upgraded.output
    assert "CREATE EXTENSION pg_trgm;" in upgraded.output
    assert f"in the database {database}" in upgraded.output
    assert _revision(postgres_url) == "0007"
    with engine.begin() as connection:
        connection.execute(text(f'GRANT CREATE ON DATABASE "{database}" TO CURRENT_USER'))
    engine.dispose()
    assert invoke("db", "upgrade", "--db", postgres_url).exit_code == 0
    exported = invoke("search", "kept", "--db", postgres_url)
    assert exported.exit_code == 0 and "Kept" in exported.output
