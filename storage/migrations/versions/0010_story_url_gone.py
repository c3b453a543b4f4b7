"""When each page of a story answered 404 or 410: a story is gone when its own page goes or
every page it was read at has, not when one of its copies goes (a duplicate the site's editor
deleted, a script twin taken down).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("story_url") as story_url:
        story_url.add_column(sa.Column("gone_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("story_url") as story_url:
        story_url.drop_column("gone_at")
