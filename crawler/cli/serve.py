"""``newsroom serve``: the feeds, ``/healthz``, ``/metrics`` and the ops page over HTTP.

uvicorn runs the Starlette app of `server.app` on a socket bound here (``--port 0``: any free
port), after one line on stdout, ``Serving on http://HOST:PORT/``. SIGTERM or Ctrl-C: open
requests finish (at most STOP_GRACE seconds), exit 0. Reads ``DATABASE_URL``,
``NEWSROOMS_FILE`` and the ``SERVE_*`` settings; imports nothing heavy until it runs.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

import click

from crawler.cli.options import (
    db_option,
    debug_mode,
    friendly,
    newsrooms_option,
    settings_overrides,
)

__all__ = ["serve"]

#: Seconds a stop waits for open requests before it closes their connections.
STOP_GRACE = 10
BACKLOG = 2048


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8080,
    show_default=True,
    help="Port to listen on (0: any free port; the line printed on start says which).",
)
@db_option
@newsrooms_option
@click.option(
    "--access-log/--no-access-log",
    default=True,
    show_default=True,
    help="Log one line per request on stderr.",
)
@click.option(
    "-s",
    "settings",
    multiple=True,
    metavar="KEY=VALUE",
    help="Override a setting (repeatable): SERVE_MAX_AGE, SERVE_FEED_CACHE, ...",
)
@friendly
def serve(
    host: str,
    port: int,
    database_url: str | None,
    newsrooms_file: Path | None,
    access_log: bool,
    settings: Sequence[str],
) -> None:
    """Serve RSS and Atom feeds of the stored stories, /healthz, /metrics and an ops page.

    Routes: /feed.rss, /feed.atom, /newsrooms/KEY.rss and .atom (query: language=TAG,
    q=WORDS, limit=N), /healthz (the verdict of `newsroom health`: 200 or 503), /metrics
    (Prometheus text) and / (the ops page). Feeds carry ETag, Last-Modified and
    Cache-Control, answer conditional requests with 304 and come gzipped when asked.
    A request never starts a crawl: `newsroom crawl` and `newsroom schedule` fill the database."""
    import uvicorn

    from crawler.components.project import project_settings
    from crawler.core.events import event
    from crawler.core.newsrooms import load_newsrooms
    from server.app import Backend, create_app
    from server.protocol import bounded_protocol
    from storage.database import open_database, redact
    from storage.repository import Repository
    from storage.runs import CrawlRuns

    debug = debug_mode()
    _log_to_stderr(debug)
    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    overrides = settings_overrides(settings)
    if newsrooms_file is not None:
        overrides["NEWSROOMS_FILE"] = str(newsrooms_file)
    if database_url is not None:
        overrides["DATABASE_URL"] = database_url
    project = project_settings(overrides)
    registry = load_newsrooms(project["NEWSROOMS_FILE"])
    url = project["DATABASE_URL"]
    engine = open_database(url, create=False)  # it only reads: crawl or schedule makes it
    backend = Backend(
        repository=Repository(engine),
        runs=CrawlRuns(engine),
        newsrooms=registry,
        max_age=project.getint("SERVE_MAX_AGE", 300),
        feed_cache=project.getint("SERVE_FEED_CACHE", 32),
        search_depth=project.getint("SERVE_SEARCH_DEPTH", 10_000),
        gzip_min_size=project.getint("SERVE_GZIP_MIN_SIZE", 1024),
    )
    max_connections = project.getint("SERVE_MAX_CONNECTIONS", 200)
    config = uvicorn.Config(
        create_app(backend),
        log_config=None,  # our handler, our line shape (_log_to_stderr)
        access_log=access_log,
        proxy_headers=True,  # X-Forwarded-Proto/For from a proxy on 127.0.0.1 (nginx)
        timeout_graceful_shutdown=STOP_GRACE,
        # Slow clients: the h11 protocol (never httptools, which has not these deadlines) with
        # header and send deadlines, and uvicorn's own idle keep-alive timeout.
        http=bounded_protocol(
            project.getfloat("SERVE_HEADER_TIMEOUT", 10.0),
            project.getfloat("SERVE_SEND_TIMEOUT", 30.0),
        ),
        timeout_keep_alive=project.getint("SERVE_KEEP_ALIVE", 5),
        # uvicorn answers 503 once as many connections are open as this, its own included.
        limit_concurrency=max_connections + 1 if max_connections > 0 else None,
    )
    try:
        listener = _bind(host, port)
    except OSError as exc:
        engine.dispose()
        raise OSError(
            f"cannot listen on {host} port {port} ({exc.strerror or exc}); pass --port N "
            "(0: any free port) or --host ADDRESS"
        ) from exc
    except BaseException:
        engine.dispose()
        raise
    address = _url(listener)
    try:
        event(
            "serve.started", url=address, db=redact(url), newsrooms=registry.path, pid=os.getpid()
        )
        click.echo(f"Serving on {address}")
        sys.stdout.flush()
        uvicorn.Server(config).run(sockets=[listener])
    finally:
        listener.close()
        engine.dispose()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        event("serve.stopped", url=address)


def _stop(signum: int, frame: FrameType | None) -> None:
    """SIGTERM or SIGINT outside uvicorn's own handling (before it starts, and the signal it
    raises again once it has stopped): a clean exit."""
    raise SystemExit(0)


def _bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host`` (a name, an IPv4 or an IPv6 address) and ``port``."""
    info = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    family, kind, proto, _, address = info[0]
    listener = socket.socket(family, kind, proto)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(address)
        listener.listen(BACKLOG)  # connections wait here until uvicorn accepts them
    except BaseException:
        listener.close()
        raise
    return listener


def _url(listener: socket.socket) -> str:
    host, port = listener.getsockname()[:2]
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def _log_to_stderr(debug: bool) -> None:
    from crawler.core.events import RunLogFormatter

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(RunLogFormatter())
    logging.root.addHandler(handler)
    logging.root.setLevel(logging.DEBUG if debug else logging.INFO)
    logging.getLogger("alembic").setLevel(logging.DEBUG if debug else logging.WARNING)
