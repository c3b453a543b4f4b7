"""Where each story's title, date, body and byline came from (the family's selectors, the
page's metadata, a dateline, the generic reading, a listing): NULL for stories stored before.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("story") as story:
        story.add_column(sa.Column("provenance", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("story") as story:
        story.drop_column("provenance")
