"""A fresh PostgreSQL database for one test, on the server ``NEWSROOM_TEST_POSTGRES`` names.

``NEWSROOM_TEST_POSTGRES`` is a URL whose role may create databases
(``postgresql+psycopg://newsroom:ci-only-4b1e@127.0.0.1:5432/postgres``): ``.ci/postgres`` starts
such a server from Debian's packages and prints it. Each test gets a database of its own,
dropped when it ends, so tests never see each other's rows. Without the variable the PostgreSQL
half of the suite is skipped, and says so; under CI (``CI=true``) it fails instead: CI must run
both databases.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

SERVER = "NEWSROOM_TEST_POSTGRES"
#: Seconds a copy waits for the last connection to its template to end.
TEMPLATE_TIMEOUT = 30


def server_url() -> str:
    """The server's URL, or skip (fail under CI) when none is given."""
    url = os.environ.get(SERVER)
    if url:
        return url
    message = f"PostgreSQL: no server ({SERVER} is not set; `.ci/postgres` starts one)"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@contextmanager
def fresh_database(server: str, template: str | None = None) -> Iterator[str]:
    """The URL of a new, empty database on ``server`` (or a copy of the database ``template``),
    dropped afterwards whoever still holds a connection to it (a server a test left running)."""
    name = f"newsroom_test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            if template is None:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
            else:
                _copy(connection, template, name)
        try:
            yield make_url(server).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def _copy(connection: Connection, template: str, name: str) -> None:
    """``CREATE DATABASE name TEMPLATE template``, which PostgreSQL does only while no one is
    connected to the template: whoever is (an engine left open, autovacuum) is ended first."""
    end = text(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = :template AND pid <> pg_backend_pid()"
    )
    deadline = time.monotonic() + TEMPLATE_TIMEOUT
    while True:
        connection.execute(end, {"template": template})
        try:
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
            return
        except OperationalError as error:  # "source database ... is being accessed by ..."
            if "being accessed by other users" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
