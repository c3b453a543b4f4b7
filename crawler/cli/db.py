"""``newsroom db``: the database's schema revision, and upgrading it.

A SQLite file upgrades itself when a command opens it. A PostgreSQL database shared by several
crawler machines does not: every command refuses one at an older revision and names
``newsroom db upgrade``, which an operator runs once, with a backup and nothing else using it.
"""

from __future__ import annotations

import sys

import click

from crawler.cli.options import db_option, friendly, setting_default
from storage.database import open_database, redact, revisions, upgrade

__all__ = ["db"]


@click.group()
def db() -> None:
    """The database's schema: the revision it is at, and upgrading it to this version's."""


@db.command()
@db_option
@friendly
def current(database_url: str | None) -> None:
    """Print the schema revision of the database and the newest this version knows; exit 1
    when they differ (for deploy scripts: upgrade before starting crawls)."""
    url = database_url or setting_default("DATABASE_URL")
    engine = open_database(url, migrate=False, create=False)
    try:
        revision, newest = revisions(engine)
    finally:
        engine.dispose()
    if revision == newest:
        click.echo(f"{redact(url)}: schema {revision}, the newest")
        return
    click.echo(
        f"{redact(url)}: schema {revision or 'none (an empty database)'}, this version needs "
        f"{newest}: run newsroom db upgrade"
    )
    sys.exit(1)


@db.command("upgrade")
@db_option
@friendly
def upgrade_command(database_url: str | None) -> None:
    """Upgrade the database's schema to the newest this version knows (Alembic's migrations;
    an empty database gets the whole schema). Back the database up first, and run it once,
    with no crawl or server using the database."""
    url = database_url or setting_default("DATABASE_URL")
    engine = open_database(url, migrate=False)
    try:
        before, newest = revisions(engine)
        if before == newest:
            click.echo(f"{redact(url)}: schema {newest}, the newest: nothing to do")
            return
        upgrade(engine)
        after, _ = revisions(engine)
    finally:
        engine.dispose()
    click.echo(f"{redact(url)}: schema {before or 'none'} -> {after}")
