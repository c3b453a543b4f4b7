"""Open a database by URL and bring its schema to the newest migration.

SQLite files get WAL mode, a busy timeout and foreign keys, so a crawl, the scheduler and the
feed writer can share one file. The schema is always Alembic's: `open_database` upgrades it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session

__all__ = ["DatabaseError", "insert_for", "open_database", "redact", "upgrade"]

MIGRATIONS = Path(__file__).parent / "migrations"
SUPPORTED = ("sqlite", "postgresql")


class DatabaseError(RuntimeError):
    """The database URL is wrong or the database cannot be opened; the message says why."""


def redact(url: str | URL) -> str:
    """The URL with its password masked, safe for logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparseable database URL>"


def open_database(url: str, *, migrate: bool = True) -> Engine:
    """An engine for ``url``, with the schema upgraded to the newest migration."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(
            f"{url!r} is not a database URL; use e.g. sqlite:///data/newsroom.sqlite3 "
            "or postgresql+psycopg://user@host/db"
        ) from None
    if parsed.get_backend_name() not in SUPPORTED:
        raise DatabaseError(
            f"{redact(parsed)}: unsupported database {parsed.get_backend_name()!r}; "
            "use sqlite or postgresql"
        )
    options: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        options["connect_args"] = {"timeout": 30}
    else:
        options["pool_pre_ping"] = True
    try:
        engine = create_engine(parsed, **options)
    except Exception as exc:  # a missing driver, a malformed query string
        raise DatabaseError(f"{redact(parsed)}: {exc}") from None
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    if migrate:
        upgrade(engine)
    return engine


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the Alembic migrations up to ``revision`` on ``engine``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    except Exception as exc:
        raise DatabaseError(
            f"{redact(engine.url)}: cannot open or upgrade the database: {exc}"
        ) from exc


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def insert_for(session: Session, model: type[Any]) -> Any:
    """An INSERT that knows ``ON CONFLICT`` (idempotent upserts) on this session's database."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(model)
    if dialect == "sqlite":
        return sqlite.insert(model)
    raise RuntimeError(f"unsupported database dialect {dialect!r}")
