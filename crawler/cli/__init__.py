"""The ``newsroom`` command: crawl, schedule, serve, runs, health, metrics, export, search,
history, diff, feed, extract, demo, db, enqueue, worker. The top layer: it may import every other.

Options override the settings of `crawler.components.settings` at command-line priority (``-s
KEY=VALUE`` for any Scrapy setting). Errors in config, database, input or an output path are one
line on stderr that says what to fix, and a non-zero exit; ``--debug`` shows the traceback. Each
module holds some of the commands: `crawl`, `stories`, `demo`, `ops` (runs, health, metrics),
`schedule`, `serve` and `db` (the schema); `options` is what they share.
"""

from __future__ import annotations

import click

from crawler.cli.crawl import crawl
from crawler.cli.db import db
from crawler.cli.demo import demo
from crawler.cli.ops import health, metrics, runs
from crawler.cli.schedule import schedule
from crawler.cli.serve import serve
from crawler.cli.stories import diff, export, extract, feed, history, search
from crawler.cli.worker import enqueue, worker

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logs.")
@click.version_option(package_name="newsroom-monitor")
def cli(debug: bool) -> None:
    """Newsroom Monitor: crawl the newsrooms of diplomatic missions, store each story once,
    and publish RSS/Atom feeds of what is new."""


for _command in (
    crawl,
    export,
    search,
    feed,
    history,
    diff,
    extract,
    demo,
    schedule,
    runs,
    health,
    metrics,
    serve,
    db,
    enqueue,
    worker,
):
    cli.add_command(_command)


def main() -> None:
    cli(prog_name="newsroom")
