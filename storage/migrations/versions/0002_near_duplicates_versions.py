"""Near-duplicate signatures and LSH bands, story versions, gone stories, URL provenance and
each page's last text, and translation links.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("story") as story:
        story.add_column(sa.Column("signature", sa.LargeBinary(), nullable=True))
        story.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        story.add_column(sa.Column("gone_at", UTCDateTime(), nullable=True))
    with op.batch_alter_table("story_url") as story_url:
        story_url.add_column(sa.Column("via", sa.String(16), server_default="page", nullable=False))
        story_url.add_column(sa.Column("content_hash", sa.String(32), nullable=True))
        story_url.add_column(sa.Column("text", sa.Text(), nullable=True))
    op.create_table(
        "story_band",
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.Column("story_id", Id, nullable=False),
        sa.PrimaryKeyConstraint("key", "story_id", name="pk_story_band"),
        sa.ForeignKeyConstraint(
            ["story_id"], ["story.id"], name="fk_story_band_story_id_story", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_story_band_story_id", "story_band", ["story_id"])
    op.create_table(
        "story_version",
        sa.Column("id", Id, nullable=False),
        sa.Column("story_id", Id, nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("seen_at", UTCDateTime(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(32), nullable=False),
        sa.Column("raw_page_id", Id, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_story_version"),
        sa.UniqueConstraint("story_id", "number", name="uq_story_version_story_id"),
        sa.ForeignKeyConstraint(
            ["story_id"], ["story.id"], name="fk_story_version_story_id_story", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["raw_page_id"], ["raw_page.id"], name="fk_story_version_raw_page_id_raw_page"
        ),
    )
    op.create_index("ix_story_version_story_id", "story_version", ["story_id"])
    op.create_table(
        "story_translation",
        sa.Column("story_id", Id, nullable=False),
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("language", sa.String(16), nullable=True),
        sa.PrimaryKeyConstraint("story_id", "url", name="pk_story_translation"),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["story.id"],
            name="fk_story_translation_story_id_story",
            ondelete="CASCADE",
        ),
    )
    # Stories stored before this revision get their first version from their current text.
    op.execute(
        "INSERT INTO story_version (story_id, number, seen_at, title, text, content_hash,"
        " raw_page_id) SELECT id, 1, first_seen, title, text, content_hash, raw_page_id"
        " FROM story"
    )


def downgrade() -> None:
    op.drop_table("story_translation")
    op.drop_table("story_version")
    op.drop_table("story_band")
    with op.batch_alter_table("story_url") as story_url:
        story_url.drop_column("text")
        story_url.drop_column("content_hash")
        story_url.drop_column("via")
    with op.batch_alter_table("story") as story:
        story.drop_column("gone_at")
        story.drop_column("version")
        story.drop_column("signature")
