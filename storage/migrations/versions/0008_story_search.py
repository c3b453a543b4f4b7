"""The search index of stories' titles and texts, in each story's own script and the other
scripts it was read in: trigram FTS5 tables kept by triggers on SQLite, ``pg_trgm`` GIN indexes
on PostgreSQL (`storage.search`).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op
from sqlalchemy.exc import DBAPIError

from storage.search import (
    SEARCHED,
    postgresql_drop,
    postgresql_index,
    sqlite_drop,
    sqlite_index,
)

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for table in SEARCHED:
            for statement in sqlite_index(table):
                op.execute(statement)
        return
    try:
        with bind.begin_nested():
            # Trusted since PostgreSQL 13: a database's owner may create it.
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DBAPIError as exc:
        database = bind.exec_driver_sql("SELECT current_database()").scalar()
        raise RuntimeError(
            f"the search index needs PostgreSQL's pg_trgm extension, which this role cannot "
            f"create ({str(exc.orig).strip()}): as a superuser, run "
            f"'CREATE EXTENSION pg_trgm;' in the database {database} (Debian's postgresql "
            "package ships it), then upgrade again"
        ) from exc
    for table in SEARCHED:
        for statement in postgresql_index(table):
            op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in SEARCHED:
        for statement in sqlite_drop(table) if sqlite else postgresql_drop(table):
            op.execute(statement)
