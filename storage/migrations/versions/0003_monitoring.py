"""Incremental crawl state per URL, crawl run records, and the scheduler's job store.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "page_state",
        sa.Column("id", Id, nullable=False),
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("newsroom", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("etag", sa.String(255), nullable=True),
        sa.Column("last_modified", sa.String(64), nullable=True),
        sa.Column("content_hash", sa.String(64), nullable=True),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("first_fetched", UTCDateTime(), nullable=False),
        sa.Column("last_fetched", UTCDateTime(), nullable=False),
        sa.Column("last_changed", UTCDateTime(), nullable=False),
        sa.Column("last_full_fetch", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_page_state"),
        sa.UniqueConstraint("url", name="uq_page_state_url"),
    )
    op.create_index("ix_page_state_newsroom", "page_state", ["newsroom"])
    op.create_table(
        "crawl_run",
        sa.Column("id", Id, nullable=False),
        sa.Column("run_id", sa.String(36), nullable=False),
        sa.Column("newsroom", sa.String(64), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("finish_reason", sa.String(64), nullable=True),
        sa.Column("requests", sa.Integer(), server_default="0", nullable=False),
        sa.Column("responses", sa.JSON(), nullable=False),
        sa.Column("not_modified", sa.Integer(), server_default="0", nullable=False),
        sa.Column("pages", sa.Integer(), server_default="0", nullable=False),
        sa.Column("stories_new", sa.Integer(), server_default="0", nullable=False),
        sa.Column("stories_updated", sa.Integer(), server_default="0", nullable=False),
        sa.Column("stories_duplicate", sa.Integer(), server_default="0", nullable=False),
        sa.Column("stories_unchanged", sa.Integer(), server_default="0", nullable=False),
        sa.Column("stories_gone", sa.Integer(), server_default="0", nullable=False),
        sa.Column("errors", sa.Integer(), server_default="0", nullable=False),
        sa.Column("bytes", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("counters", sa.JSON(), nullable=False),
        sa.Column("error_lines", sa.JSON(), nullable=False),
        sa.Column("log_path", sa.String(1024), nullable=True),
        sa.Column("host", sa.String(255), nullable=True),
        sa.Column("pid", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_crawl_run"),
        sa.UniqueConstraint("run_id", "newsroom", name="uq_crawl_run_run_id"),
    )
    op.create_index("ix_crawl_run_run_id", "crawl_run", ["run_id"])
    op.create_index("ix_crawl_run_newsroom", "crawl_run", ["newsroom"])
    op.create_index("ix_crawl_run_started_at", "crawl_run", ["started_at"])
    # APScheduler 3's SQLAlchemyJobStore table; it creates it only when missing.
    op.create_table(
        "apscheduler_jobs",
        sa.Column("id", sa.Unicode(191), nullable=False),
        sa.Column("next_run_time", sa.Float(25), nullable=True),
        sa.Column("job_state", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_apscheduler_jobs"),
    )
    op.create_index("ix_apscheduler_jobs_next_run_time", "apscheduler_jobs", ["next_run_time"])


def downgrade() -> None:
    op.drop_table("apscheduler_jobs")
    op.drop_table("crawl_run")
    op.drop_table("page_state")
