"""Open a database by URL and bring its schema to the newest migration.

SQLite files get WAL mode, a busy timeout and foreign keys, so a crawl, the scheduler and the
feed writer can share one file. The schema is always Alembic's: `open_database` upgrades a
SQLite file itself; on PostgreSQL it creates the schema of an empty database and refuses one at
an older revision, naming ``newsroom db upgrade`` (`OldSchema`).
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Self
from urllib.parse import quote

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

__all__ = [
    "DatabaseError",
    "MissingDatabase",
    "OldSchema",
    "Store",
    "check_writable",
    "insert_for",
    "insert_of",
    "insert_row",
    "open_database",
    "reason",
    "redact",
    "revisions",
    "rowcount",
    "scrub",
    "upgrade",
]

MIGRATIONS = Path(__file__).parent / "migrations"
#: Alembic keeps the running migration's context in module globals (``alembic.context``,
#: ``alembic.op``), so two upgrades in one process at once run each other's steps on the wrong
#: connection; one at a time per process. Processes are kept apart by the database's own locks.
_UPGRADING = threading.Lock()
SUPPORTED = ("sqlite", "postgresql")


class DatabaseError(RuntimeError):
    """The database URL is wrong or the database cannot be opened; the message says why."""


class MissingDatabase(DatabaseError):
    """A command that only reads was given a SQLite file that does not exist (it would have
    made an empty one and found nothing)."""


#: Query-string parameters that carry a secret (libpq reads ``?password=``, others a token).
SECRET_PARAMETERS = frozenset(
    {"password", "passwd", "pwd", "sslpassword", "secret", "token", "access_token", "api_key"}
)
MASK = "***"
EXAMPLES = "e.g. sqlite:///data/newsroom.sqlite3 or postgresql+psycopg://user:password@host/db"
# What to tell the operator for a driver that is missing: the package that provides it.
DRIVER_PACKAGES = {"psycopg": "psycopg[binary]", "psycopg2": "psycopg2-binary", "pg8000": "pg8000"}


class Store:
    """Some tables of one database, read and written in short sessions: `Store.open` a URL
    (the schema is upgraded first), or build one on an engine another store opened."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        #: The session of the `batch` being written, while one is.
        self._batch: Session | None = None

    @contextmanager
    def batch(self) -> Iterator[None]:
        """The writes made inside, in one transaction: committed whole when the block ends,
        rolled back whole when it raises. Outside a batch each write is a transaction of its
        own.

        A transaction costs more than most writes' rows (a session, its commit, the ORM's
        bookkeeping), so a crawl writes its pages and page states in batches
        (`crawler.components.pipelines.StoragePipeline`,
        `crawler.components.conditional.ConditionalRequests`)."""
        if self._batch is not None:
            yield  # already inside one: its writes join it
            return
        with self._sessions.begin() as session:
            self._began(session)
            self._batch = session
            try:
                yield
            finally:
                self._batch = None

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        """A session for one write: the batch's, or a transaction of its own. In a batch, the
        write's objects leave the session when it is done: each write starts as it would in a
        session of its own, and the ORM's bookkeeping of one write does not grow with the
        batch (a bulk UPDATE evaluates its WHERE against every object the session holds)."""
        if self._batch is not None:
            yield self._batch
            self._batch.flush()
            self._batch.expunge_all()
            return
        with self._sessions.begin() as session:
            self._began(session)
            yield session

    def _began(self, session: Session) -> None:
        """A write transaction has begun (a store whose writes must take turns locks here)."""

    @classmethod
    def open(cls, url: str, *, create: bool = True) -> Self:
        return cls(open_database(url, create=create))

    def close(self) -> None:
        self.engine.dispose()


def redact(url: str | URL) -> str:
    """The URL with its password (and any secret query parameter) masked, safe for logs."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return "<unparseable database URL>"
    hidden = {name: MASK for name in parsed.query if name.lower() in SECRET_PARAMETERS}
    shown = parsed.update_query_dict(hidden).render_as_string(hide_password=True)
    # The mask and a SQLite URI's "file:" as written, not URL-quoted.
    return shown.replace("%2A%2A%2A", MASK).replace(":///file%3A", ":///file:")


#: A secret is masked where it stands alone (a driver may quote it bare) only from this length
#: on: shorter, it would be found inside ordinary words ("p" in "unsupported"), garbling the
#: message and showing by the gaps which letters the password has. In a URL, or after
#: ``password=``, it is masked at any length.
MIN_BARE_SECRET = 3


def _secrets(url: str | URL) -> list[str]:
    """The secret strings of ``url``: its password and secret query values, decoded and as
    written in the URL; longest first."""
    found: list[str] = []
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        # Not a URL SQLAlchemy reads: its whole userinfo is the secret.
        text = url if isinstance(url, str) else str(url)
        for userinfo in re.findall(r"//([^/?#]*)@", text):
            found += [userinfo, userinfo.partition(":")[2]]
    else:
        if parsed.password:
            found.append(str(parsed.password))
        found += [
            value
            for name, values in parsed.query.items()
            if name.lower() in SECRET_PARAMETERS
            for value in ([values] if isinstance(values, str) else values)
        ]
    found += [quote(secret, safe="") for secret in found]  # as a URL may write it
    if isinstance(url, str):  # and as this one does (SQLAlchemy's own reading of it)
        found += re.findall(r"\A[\w+]+://[^:/]*:([^@]*)@", url)
    return sorted({s for s in found if s}, key=len, reverse=True)


def _shown(url: str | URL) -> str:
    """``url`` safe to show: `redact`, or with its userinfo masked when it cannot be parsed."""
    shown = redact(url)
    if shown.startswith("<") and isinstance(url, str):
        return re.sub(r"//[^/?#]*@", f"//{MASK}@", url)
    return shown


def scrub(text: str, url: str | URL) -> str:
    """``text`` on one line, with every secret of ``url`` masked: the URL as written shown as
    `redact` shows it, and the password wherever it stands as a whole (a driver's message
    may quote the connection string), never inside other words."""
    written = url if isinstance(url, str) else url.render_as_string(hide_password=False)
    if written:
        text = text.replace(written, _shown(url))
    names = "|".join(SECRET_PARAMETERS)
    for secret in _secrets(url):
        quoted = re.escape(secret)
        text = re.sub(rf"(?<=:){quoted}(?=@)", MASK, text)  # user:secret@host
        text = re.sub(
            rf"(?i)(\b(?:{names})\s*=\s*['\"]?){quoted}(?=['\"]?(?:[\s&;,)]|$))",
            rf"\g<1>{MASK}",
            text,
        )
        if len(secret) >= MIN_BARE_SECRET:
            text = re.sub(rf"(?<!\w){quoted}(?!\w)", MASK, text)
    return " ".join(text.split())


def reason(exc: BaseException) -> str:
    """What went wrong, without SQLAlchemy's "[SQL: ...]" and "(Background ...)" lines (the
    driver's own error, when SQLAlchemy wraps one; its class name when it says nothing)."""
    original = getattr(exc, "orig", None)
    if isinstance(original, BaseException):
        exc = original
    text = str(exc).split("\n(Background on this error", 1)[0].split("\n[SQL:", 1)[0]
    return text.strip() or type(exc).__name__


def _fail(url: str | URL, message: str) -> DatabaseError:
    return DatabaseError(scrub(f"{redact(url)}: {message}", url))


def open_database(url: str, *, migrate: bool = True, create: bool = True) -> Engine:
    """An engine for ``url``, with the schema upgraded to the newest migration.

    ``create=False`` (commands that only read): a SQLite file that does not exist is a
    `MissingDatabase`, and neither it nor its folder is made."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:  # ValueError: a port that is not a number
        raise DatabaseError(
            scrub(
                f"{_shown(url)!r} is not a database URL ({exc}); give --db or NEWSROOM_DB a "
                "URL, " + EXAMPLES,
                url,
            )
        ) from None
    backend = parsed.get_backend_name()
    if backend not in SUPPORTED:
        raise _fail(
            parsed,
            f"unsupported database {backend!r}; give --db or NEWSROOM_DB a sqlite or "
            f"postgresql URL, {EXAMPLES}",
        )
    options: dict[str, Any] = {}
    if backend == "sqlite":
        database = parsed.database or ""
        if not create:
            _must_exist(parsed)
        if database and database != ":memory:" and not database.startswith("file:"):
            folder = Path(database).expanduser().parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise _fail(
                    parsed,
                    f"cannot create the folder {str(folder)!r} for the SQLite file "
                    f"({exc.strerror}); point --db or NEWSROOM_DB at a file in a folder "
                    "you can write, e.g. sqlite:///data/newsroom.sqlite3",
                ) from None
        options["connect_args"] = {"timeout": _BUSY_SECONDS}
    else:
        options["pool_pre_ping"] = True
    try:
        engine = create_engine(parsed, **options)
    except NoSuchModuleError:
        raise _fail(
            parsed,
            f"unknown driver {parsed.get_driver_name()!r} for {backend}; write "
            + ("sqlite:///PATH" if backend == "sqlite" else "postgresql+psycopg://...")
            + " in --db or NEWSROOM_DB",
        ) from None
    except ImportError as exc:  # the dialect is known, its driver is not installed
        module = (exc.name or parsed.get_driver_name()).partition(".")[0]
        package = DRIVER_PACKAGES.get(module, module)
        raise _fail(
            parsed,
            f"its driver {module!r} is not installed; pip install '{package}' "
            "(or use a sqlite:/// URL)",
        ) from None
    except Exception as exc:  # a malformed query string
        raise _fail(parsed, f"{reason(exc)}; fix the URL in --db or NEWSROOM_DB") from None
    if backend == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    if migrate:
        _require_newest(engine)
    return engine


class OldSchema(DatabaseError):
    """A PostgreSQL database whose schema is not the newest this version knows: the message
    gives the command that upgrades it (or says the database is the newer one)."""


def revisions(engine: Engine) -> tuple[str | None, str]:
    """The schema revision of ``engine``'s database (None: no schema yet) and the newest one
    this version of the code knows."""
    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
    except Exception as exc:
        raise _fail(
            engine.url, f"cannot open or read it: {reason(exc)}; {_advice(engine, exc)}"
        ) from exc
    return current, _newest()


@lru_cache(maxsize=1)
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


def _newest() -> str:
    head = _scripts().get_current_head()
    assert head is not None, "the migrations have one head"
    return head


def _require_newest(engine: Engine) -> None:
    """Leave a database at the newest revision as it is (a read-only file too); create the
    schema of an empty one; upgrade a SQLite file; refuse a PostgreSQL database at another
    revision.

    Upgrading a database that holds stories is the operator's step (``newsroom db upgrade``,
    once, with a backup and no crawl on it), not a side effect of whichever of several crawler
    machines starts first; SQLite, one file beside one installation, upgrades itself."""
    current, newest = revisions(engine)
    if current == newest:
        return
    if current is None or engine.dialect.name == "sqlite":
        upgrade(engine)
        return
    shown = redact(engine.url)
    if current not in _known():
        raise OldSchema(
            f"{shown}: its schema is at revision {current}, newer than this version of "
            f"newsroom knows (newest {newest}); run the version that upgraded it, or newer"
        )
    raise OldSchema(
        f"{shown}: its schema is at revision {current}, this version of newsroom needs "
        f"{newest}; back it up, then run `newsroom db upgrade` with the same --db or "
        "NEWSROOM_DB, once, with no crawl or server using it"
    )


def _known() -> frozenset[str]:
    return frozenset(script.revision for script in _scripts().walk_revisions())


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _must_exist(parsed: URL) -> None:
    """Raise `MissingDatabase` when ``parsed`` names a SQLite file that is not there."""
    database = parsed.database or ""
    if database.startswith("file:"):  # a URI: file:PATH, its options in the URL's query
        if parsed.query.get("mode") == "memory":
            return
        database = database.removeprefix("file:")
    if not database or database == ":memory:":
        return
    if not Path(database).expanduser().exists():
        raise MissingDatabase(
            f"no database at {database}; crawl first (newsroom crawl) or pass --db URL "
            "(or set NEWSROOM_DB) of the database to read"
        )


#: The PostgreSQL advisory lock an upgrade holds: crawler machines that start on one empty
#: database at once create its schema one after the other, the later ones finding it made
#: (SQLite: a write transaction from the start, ``BEGIN IMMEDIATE``).
_UPGRADE_LOCK = 0x6E657773  # "news"


def take_turns(session: Session, key: int) -> None:
    """Make the transaction of ``session`` wait for, and then hold off, every other that
    called this with ``key``, on any machine, until it ends: a PostgreSQL advisory lock.

    SQLite takes none. Two processes storing one story at two addresses at once store it once
    there in every run of `tests/test_repository.py`'s race, but why is not proven: pysqlite
    begins a transaction at the first write, so the reads that decide may come before it.
    Workers share a PostgreSQL database; a SQLite file is for one crawling process. (A crawl
    storing Serbian stories under their Cyrillic URL with their Latin text, once blamed on
    ``BEGIN IMMEDIATE`` here, came from the order pages arrived in: `Repository._read_at`.)"""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the Alembic migrations up to ``revision`` on ``engine``."""
    config = _config()
    try:
        with _UPGRADING, engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _UPGRADE_LOCK}
                )
            else:
                # pysqlite opens no transaction before DDL: two processes that found no
                # schema both made it ("table raw_page already exists"). One writer at a
                # time, from the first read of the revision (the busy timeout waits).
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    except Exception as exc:
        raise _fail(
            engine.url, f"cannot open or upgrade it: {reason(exc)}; {_advice(engine, exc)}"
        ) from exc


def check_writable(engine: Engine) -> None:
    """Prove the database takes writes (a read-only file, ``mode=ro``, a read-only user), so a
    crawl fails before it fetches a page rather than at its first story. Nothing changes: the
    one-row update is rolled back."""
    try:
        with engine.connect() as connection:
            transaction = connection.begin()
            try:
                connection.execute(text("UPDATE alembic_version SET version_num = version_num"))
            finally:
                transaction.rollback()
    except Exception as exc:
        raise _fail(
            engine.url,
            f"cannot write to it: {reason(exc)}; a crawl and the scheduler need a database "
            "they can write: fix its permissions or the URL in --db or NEWSROOM_DB",
        ) from exc


def _advice(engine: Engine, exc: BaseException) -> str:
    """What the operator can do about a database that does not open."""
    if engine.dialect.name == "sqlite":
        return (
            "check that the path in --db or NEWSROOM_DB is a SQLite file (or a new file) "
            "in a folder you can write, and that the disk is not full"
        )
    if isinstance(exc, OperationalError):
        return (
            "check the host, port, user and password in --db or NEWSROOM_DB, and that the "
            "server is running and accepts connections"
        )
    return "check the URL in --db or NEWSROOM_DB and the database's state"


#: How long a SQLite connection waits for another's write lock (its busy timeout), seconds.
_BUSY_SECONDS = 30


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout={_BUSY_SECONDS * 1000}")
        cursor.execute("PRAGMA foreign_keys=ON")
        _into_wal(cursor)
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def _into_wal(cursor: Any) -> None:
    """Put the file in WAL mode, waiting for another connection that is writing it.

    The busy timeout does not wait here: switching a file into WAL reads its header, then
    writes it, and SQLite refuses such an upgrade from a read to a write at once ("database is
    locked") while another connection holds the write lock, as the first of several processes
    opening one new file at once does. So this waits, as long as the busy timeout would. A file
    already in WAL mode needs no write: the pragma returns at once."""
    deadline = time.monotonic() + _BUSY_SECONDS
    pause = 0.005
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.25)


def insert_for(session: Session, model: Any) -> Any:
    """An INSERT that knows ``ON CONFLICT`` (idempotent upserts) on this session's database."""
    return insert_of(session.get_bind().dialect.name)(model)


def insert_of(dialect: str) -> Any:
    """The INSERT construct of ``dialect`` (a database's name), which knows ``ON CONFLICT``."""
    if dialect == "postgresql":
        return postgresql.insert
    if dialect == "sqlite":
        return sqlite.insert
    raise RuntimeError(f"unsupported database dialect {dialect!r}")


def insert_row(
    session: Session, model: type[Any], unique: tuple[str, ...], row: dict[str, Any]
) -> int:
    """INSERT one ``row`` of ``model``'s table unless a row with its ``unique`` columns is
    there (ON CONFLICT DO NOTHING); how many rows it inserted (0 or 1). The statement is built
    once per table and database and the row passed as parameters: built with the row's values
    each time, as ``insert().values(...)`` is, it cost more than running it."""
    statement = _insert_statement(session.get_bind().dialect.name, model.__table__, unique)
    return rowcount(session.execute(statement, row))


def rowcount(result: Any) -> int:
    """The rows a statement's ``result`` changed (0 when the driver does not say)."""
    return int(getattr(result, "rowcount", 0) or 0)


@lru_cache(maxsize=64)
def _insert_statement(dialect: str, table: Any, unique: tuple[str, ...]) -> Any:
    return insert_of(dialect)(table).on_conflict_do_nothing(index_elements=list(unique))
