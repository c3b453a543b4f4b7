"""Full-text search of stories' titles and texts, in each story's own script and the other
scripts it was seen in: FTS5 tables kept by triggers on SQLite, GIN indexes on PostgreSQL
(`storage.search`).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

from storage.search import SEARCHED, postgresql_index, sqlite_index

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in SEARCHED:
        if dialect == "sqlite":
            for statement in sqlite_index(table):
                op.execute(statement)
        else:
            op.execute(postgresql_index(table))


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for fts in SEARCHED.values():
        if dialect == "sqlite":
            for trigger in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS {fts}_{trigger}")
            op.execute(f"DROP TABLE IF EXISTS {fts}")
        else:
            op.execute(f"DROP INDEX IF EXISTS ix_{fts}")
