"""Alembic environment: run migrations on the connection `storage.database.upgrade` passes in.

``alembic`` on the command line works too: ``alembic -x url=sqlite:///data/newsroom.sqlite3
upgrade head`` (or set NEWSROOM_DB) from the repository root.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Connection, create_engine

from storage.models import Base
from storage.search import is_search_object

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or os.environ.get("NEWSROOM_DB")
    if not url:
        raise SystemExit("give the database: alembic -x url=DATABASE_URL ... (or set NEWSROOM_DB)")
    with create_engine(url).begin() as connection:
        _run(connection)


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
        include_name=_modelled,  # autogenerate: the search index is no model's
    )
    with context.begin_transaction():
        context.run_migrations()


def _modelled(name: str | None, type_: str, parent_names: object) -> bool:
    return not is_search_object(name, type_)


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run them on a database")
run_migrations_online()
