"""The story-URL templates each newsroom's stories were found at, learned from its crawls.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "story_template",
        sa.Column("id", Id, primary_key=True),
        sa.Column("newsroom", sa.String(64), nullable=False),
        sa.Column("template", sa.String(2048), nullable=False),
        sa.Column("stories", sa.Integer(), server_default="0", nullable=False),
        sa.Column("first_seen", UTCDateTime(), nullable=False),
        sa.Column("last_seen", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("newsroom", "template", name="uq_story_template_newsroom"),
    )
    op.create_index("ix_story_template_newsroom", "story_template", ["newsroom"])


def downgrade() -> None:
    op.drop_index("ix_story_template_newsroom", table_name="story_template")
    op.drop_table("story_template")
