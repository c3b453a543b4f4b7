"""An index on when each story was first seen, for the ops page's stories-per-day chart.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_story_first_seen", "story", ["first_seen"])


def downgrade() -> None:
    op.drop_index("ix_story_first_seen", table_name="story")
