"""The search index of stories' titles and texts, in each story's own script and the other
scripts it was read in: trigram FTS5 tables kept by triggers on SQLite, ``pg_trgm`` GIN indexes
on PostgreSQL (`storage.search` reads them). The statements are written out here, not taken
from `storage.search`, so that this revision stays what it was whatever the code becomes.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op
from sqlalchemy.exc import DBAPIError

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

#: The tables indexed (their ``title`` and ``text``), and their FTS5 table on SQLite.
TABLES = {"story": "story_search", "story_url": "story_url_search"}


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for table, fts in TABLES.items():
            for statement in _sqlite(table, fts):
                op.execute(statement)
        return
    _pg_trgm()
    for table in TABLES:
        for column in ("title", "text"):
            op.execute(
                f"CREATE INDEX ix_{table}_{column}_trgm ON {table} "
                f"USING gin ({column} gin_trgm_ops)"
            )


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, fts in TABLES.items():
        if sqlite:
            for event in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS {fts}_{event}")
            op.execute(f"DROP TABLE IF EXISTS {fts}")
        else:
            for column in ("title", "text"):
                op.execute(f"DROP INDEX IF EXISTS ix_{table}_{column}_trgm")


def _sqlite(table: str, fts: str) -> list[str]:
    """``table``'s FTS5 table (trigrams, no positions, the text read from ``table``), the
    triggers that keep it, and its first contents."""
    remove = (
        f"INSERT INTO {fts}({fts}, rowid, title, text) "
        "VALUES ('delete', old.id, old.title, old.text);"
    )
    add = f"INSERT INTO {fts}(rowid, title, text) VALUES (new.id, new.title, new.text);"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5(title, text, content='{table}', "
        "content_rowid='id', tokenize='trigram', detail='none')",
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN {add} END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN {remove} END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF title, text ON {table} "
        f"BEGIN {remove} {add} END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def _pg_trgm() -> None:
    """PostgreSQL's ``pg_trgm``, installed unless it is: a trusted extension since
    PostgreSQL 13, which a role with the CREATE privilege on the database may install."""
    bind = op.get_bind()
    database = bind.exec_driver_sql("SELECT current_database()").scalar()
    installed = bind.exec_driver_sql(
        "SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'"
    ).scalar()
    if installed:
        return
    available = bind.exec_driver_sql(
        "SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_trgm'"
    ).scalar()
    if not available:
        raise RuntimeError(
            "the search index needs PostgreSQL's pg_trgm extension, which this server does "
            "not have: install the server's contrib extensions (Debian's postgresql package "
            "ships them; elsewhere postgresql-contrib), then upgrade again"
        )
    try:
        with bind.begin_nested():
            bind.exec_driver_sql("CREATE EXTENSION pg_trgm")
    except DBAPIError as exc:
        raise RuntimeError(
            f"the search index needs PostgreSQL's pg_trgm extension, which this role may not "
            f"install ({str(exc.orig).strip()}): as a superuser, run 'CREATE EXTENSION "
            f"pg_trgm;' in the database {database}, or grant the role CREATE on it, then "
            "upgrade again"
        ) from exc
