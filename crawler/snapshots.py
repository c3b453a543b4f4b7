"""Serve recorded newsroom snapshots over HTTP on 127.0.0.1, for the demo and the tests.

A snapshot is a folder with a ``site.toml`` that names the real origin it stands for
(``origin = "http://nato-brussels.mfa.gov.rs"``), how the real server reads URLs, and its
routes. Pages keep their real absolute links; the crawler reaches the loopback server through
``crawler.loopback`` (a hosts file for Scrapy), so stored URLs are the real ones.

``site.toml``::

    origin = "https://jfcnaples.nato.int"
    paths = "case-insensitive"      # ASP.NET: /News and /news are one page (default "exact")
    query = "php"                   # order and empty values of parameters do not matter
                                    # (default "exact")

    [[route]]
    url = "/index.php?subaction=showfull&id=1510741020"
    file = "en/story-1510741020.html"
    content_type = "text/html"      # default: by extension, without a charset
    status = 200                    # default 200; 301/302 need `location`
    location = "..."
    headers = { "Last-Modified" = "Wed, 15 Nov 2017 10:00:00 GMT" }

Any path without a route is looked up as a file under ``files/`` (``/robots.txt`` ->
``files/robots.txt``). Responses carry an ``ETag`` and answer ``If-None-Match`` with 304.
"""

from __future__ import annotations

import hashlib
import mimetypes
import threading
import tomllib
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

__all__ = ["Route", "Snapshot", "SnapshotError", "load_snapshot", "serve_snapshots"]


class SnapshotError(ValueError):
    """A snapshot folder is malformed."""


@dataclass(frozen=True)
class Route:
    status: int = 200
    file: Path | None = None
    content_type: str | None = None
    location: str | None = None
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Snapshot:
    """One recorded site: its real origin, URL semantics and routes."""

    root: Path
    origin: str
    case_insensitive: bool = False
    php_query: bool = False
    routes: Mapping[str, Route] = field(default_factory=dict)

    def key(self, target: str) -> str:
        """Normalise a request target the way the real server reads it."""
        parts = urlsplit(target)
        path = parts.path or "/"
        if self.case_insensitive:
            path = path.lower()
        if not parts.query:
            return path
        params = parse_qsl(parts.query, keep_blank_values=True)
        if self.php_query:
            # PHP reads $_GET by name: order is irrelevant and `x=` is the same as no `x`.
            params = sorted((k, v) for k, v in params if v != "")
            if not params:
                return path
        return f"{path}?{urlencode(params)}"

    def resolve(self, target: str) -> Route | None:
        route = self.routes.get(self.key(target))
        if route is not None:
            return route
        path = urlsplit(target).path.lstrip("/")
        files = self.root / "files"
        candidate = (files / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(files.resolve()):
            return Route(file=candidate)
        return None


def load_snapshot(root: Path) -> Snapshot:
    """Read ``root/site.toml``; raise `SnapshotError` naming the file and the fix."""
    manifest = root / "site.toml"
    try:
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SnapshotError(f"{manifest}: {exc}") from exc
    origin = str(data.get("origin", "")).rstrip("/")
    if not origin.startswith(("http://", "https://")):
        raise SnapshotError(f"{manifest}: `origin` must be an http(s) origin, got {origin!r}")
    snapshot = Snapshot(
        root=root,
        origin=origin,
        case_insensitive=data.get("paths", "exact") == "case-insensitive",
        php_query=data.get("query", "exact") == "php",
    )
    routes: dict[str, Route] = {}
    for number, raw in enumerate(data.get("route", []), start=1):
        routes[snapshot.key(_route_target(raw, manifest, number))] = _route(
            raw, root, manifest, number
        )
    return Snapshot(snapshot.root, origin, snapshot.case_insensitive, snapshot.php_query, routes)


def _route_target(raw: dict[str, Any], manifest: Path, number: int) -> str:
    url = raw.get("url")
    if not isinstance(url, str) or not url:
        raise SnapshotError(f"{manifest}: route #{number} needs `url`")
    return url


def _route(raw: dict[str, Any], root: Path, manifest: Path, number: int) -> Route:
    status = int(raw.get("status", 200))
    file = root / raw["file"] if "file" in raw else None
    if file is not None and not file.is_file():
        raise SnapshotError(f"{manifest}: route #{number} ({raw['url']}): no file {file}")
    if status in (301, 302, 303, 307, 308) and "location" not in raw:
        raise SnapshotError(
            f"{manifest}: route #{number} ({raw['url']}): a redirect needs `location`"
        )
    headers = tuple((str(k), str(v)) for k, v in raw.get("headers", {}).items())
    return Route(status, file, raw.get("content_type"), raw.get("location"), headers)


def _content_type(route: Route) -> str:
    if route.content_type:
        return route.content_type
    if route.file is None:
        return "text/html"
    guessed, _ = mimetypes.guess_type(route.file.name)
    return guessed or "application/octet-stream"


def _handler(snapshot: Snapshot) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "SnapshotServer/1"
        protocol_version = "HTTP/1.1"

        def do_HEAD(self) -> None:
            self._respond(head=True)

        def do_GET(self) -> None:
            self._respond(head=False)

        def _respond(self, head: bool) -> None:
            route = snapshot.resolve(self.path)
            if route is None:
                self._send(HTTPStatus.NOT_FOUND, b"<html><body>Not found</body></html>", head)
                return
            body = route.file.read_bytes() if route.file is not None else b""
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            if route.status == 200 and self.headers.get("If-None-Match") == etag:
                self._send(HTTPStatus.NOT_MODIFIED, b"", head=True, route=route, etag=etag)
                return
            self._send(HTTPStatus(route.status), body, head, route=route, etag=etag)

        def _send(
            self,
            status: HTTPStatus,
            body: bytes,
            head: bool,
            route: Route | None = None,
            etag: str | None = None,
        ) -> None:
            self.send_response(status)
            if status != HTTPStatus.NOT_MODIFIED:
                self.send_header("Content-Type", _content_type(route or Route()))
                self.send_header("Content-Length", str(len(body)))
            if etag and status in (HTTPStatus.OK, HTTPStatus.NOT_MODIFIED):
                self.send_header("ETag", etag)
            if route is not None:
                if route.location:
                    self.send_header("Location", route.location)
                for name, value in route.headers:
                    self.send_header(name, value)
            self.end_headers()
            if not head and status != HTTPStatus.NOT_MODIFIED:
                self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # the crawler logs every request it makes

    return Handler


@contextmanager
def serve_snapshots(roots: list[Path]) -> Iterator[dict[str, str]]:
    """Serve each snapshot on its own 127.0.0.1 port; yield ``{real origin: loopback origin}``."""
    with ExitStack() as stack:
        origins: dict[str, str] = {}
        for root in roots:
            snapshot = load_snapshot(root)
            if snapshot.origin in origins:
                raise SnapshotError(f"{root}: origin {snapshot.origin} is already served")
            server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(snapshot))
            server.daemon_threads = True
            thread = threading.Thread(target=server.serve_forever, name=f"snapshot {root.name}")
            thread.daemon = True
            thread.start()
            stack.callback(server.server_close)
            stack.callback(server.shutdown)
            origins[snapshot.origin] = f"http://127.0.0.1:{server.server_address[1]}"
        yield origins
