"""The address each page was asked for, where it is not its canonical URL: the query in the
order the site's pages write it, which some servers need when the page is checked again.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("page_state") as page_state:
        page_state.add_column(sa.Column("address", sa.String(length=2048), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("page_state") as page_state:
        page_state.drop_column("address")
