"""Stories, their URLs and content hashes, and the raw pages they were read from.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "raw_page",
        sa.Column("id", Id, primary_key=True),
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("fetched_at", UTCDateTime(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(255), nullable=True),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_raw_page"),
        sa.UniqueConstraint("sha256", name="uq_raw_page_sha256"),
    )
    op.create_index("ix_raw_page_url", "raw_page", ["url"])
    op.create_table(
        "story",
        sa.Column("id", Id, primary_key=True),
        sa.Column("guid", sa.String(36), nullable=False),
        sa.Column("newsroom", sa.String(64), nullable=False),
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("byline", sa.Text(), nullable=True),
        sa.Column("language", sa.String(16), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("updated", UTCDateTime(), nullable=True),
        sa.Column("content_hash", sa.String(32), nullable=False),
        sa.Column("from_listing", sa.Boolean(), nullable=False),
        sa.Column("first_seen", UTCDateTime(), nullable=False),
        sa.Column("last_seen", UTCDateTime(), nullable=False),
        sa.Column("sort_time", UTCDateTime(), nullable=False),
        sa.Column("raw_page_id", Id, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_story"),
        sa.UniqueConstraint("guid", name="uq_story_guid"),
        sa.UniqueConstraint("url", name="uq_story_url"),
        sa.ForeignKeyConstraint(
            ["raw_page_id"], ["raw_page.id"], name="fk_story_raw_page_id_raw_page"
        ),
    )
    op.create_index("ix_story_newsroom", "story", ["newsroom"])
    op.create_index("ix_story_published", "story", ["published"])
    op.create_index("ix_story_sort_time", "story", ["sort_time"])
    op.create_index("ix_story_raw_page_id", "story", ["raw_page_id"])
    op.create_table(
        "story_url",
        sa.Column("id", Id, primary_key=True),
        sa.Column("story_id", Id, nullable=False),
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("newsroom", sa.String(64), nullable=False),
        sa.Column("language", sa.String(16), nullable=True),
        sa.Column("first_seen", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_story_url"),
        sa.UniqueConstraint("url", name="uq_story_url_url"),
        sa.ForeignKeyConstraint(
            ["story_id"], ["story.id"], name="fk_story_url_story_id_story", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_story_url_story_id", "story_url", ["story_id"])
    op.create_table(
        "story_hash",
        sa.Column("hash", sa.String(32), nullable=False),
        sa.Column("story_id", Id, nullable=False),
        sa.PrimaryKeyConstraint("hash", name="pk_story_hash"),
        sa.ForeignKeyConstraint(
            ["story_id"], ["story.id"], name="fk_story_hash_story_id_story", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_story_hash_story_id", "story_hash", ["story_id"])


def downgrade() -> None:
    op.drop_table("story_hash")
    op.drop_table("story_url")
    op.drop_table("story")
    op.drop_table("raw_page")
