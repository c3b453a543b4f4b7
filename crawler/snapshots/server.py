"""Serve recorded newsroom snapshots over HTTP on 127.0.0.1, for the demo and the tests.

A snapshot is a folder with a ``site.toml`` that names the real origin it stands for
(``origin = "http://nato-brussels.mfa.gov.rs"``), how the real server reads URLs, and its
routes. Pages keep their real absolute links; the crawler reaches the loopback server through
``crawler.components.loopback`` (a hosts file for Scrapy), so stored URLs are the real ones.

``site.toml``::

    origin = "https://jfcnaples.nato.int"
    paths = "case-insensitive"      # ASP.NET: /News and /news are one page (default "exact")
    query = "php"                   # order and empty values of parameters do not matter
                                    # (default "exact")
    validators = "etag"             # what the server sends to revalidate a page (default
                                    # "etag": a hash of the body, 304 for it); "none": no
                                    # validator, every answer in full; "wrong": a new ETag on
                                    # every answer, never 304; "constant": one ETag for every
                                    # page and every day, 304 whenever it is sent back
    keep_alive = false              # close every connection after its answer (default true):
                                    # a client cannot re-send a request on a reused connection

    [[route]]
    url = "/index.php?subaction=showfull&id=1510741020"
    file = "en/story-1510741020.html"   # relative to the folder of this site.toml
    content_type = "text/html"      # default: by extension, without a charset
    status = 200                    # default 200; 301/302/303/307/308 need `location`
    location = "..."
    headers = { "Last-Modified" = "Wed, 15 Nov 2017 10:00:00 GMT" }
    fail_first = 1                  # answer 500 to the first N requests, then the page
    etag = '"v1"'                   # send this ETag (and 304 for it) whatever the body: a
                                    # server whose validator goes stale (default: body hash)

    # Faults of slow or broken servers (each optional):
    delay = 2.5                     # wait this many seconds before answering
    stall_after = 1024              # send the headers and this many bytes of the body, then
                                    # nothing more (the connection stays open)
    truncate = 1024                 # send the headers and this many bytes, then close: a body
                                    # shorter than its Content-Length
    reset = true                    # read the request, then reset the connection (TCP RST)
    fault_times = 1                 # the faults above hit only the first N requests (default:
                                    # every request)

Any path without a route is looked up as a file under ``files/`` (``/robots.txt`` ->
``files/robots.txt``). Responses carry an ``ETag`` and answer ``If-None-Match`` with 304
(unless ``validators`` says otherwise).
A route with a 4xx or 5xx ``status`` and no ``file`` answers with a short page naming the status.

Overlays: the same site on a later day. ``extends`` names another snapshot folder, relative
to the overlay's folder; the overlay is that site with some pages changed::

    extends = "../../../../crawler/snapshots/demo_sites/nato-hq"     # in tests/days/day2/nato-hq

    [[route]]                       # same URL as a base route (after normalising): replaces it
    url = "/cps/en/natohq/news_125290.htm"
    file = "pages/en/news_125290.html"      # the overlay's own file

    [[route]]                       # a page taken down
    url = "/cps/en/natohq/news_125150.htm"
    status = 404

The overlay inherits the base's ``origin``, ``paths`` and ``query`` (it may repeat them, not
change them), its ``validators`` and ``keep_alive`` (it may change them: the same site behind
another server or cache) and all its routes; its own routes replace base routes with the same
normalised URL and add the others. A path without a route is looked up under the overlay's
``files/`` first, then under the base's. A base may itself extend another snapshot.
"""

from __future__ import annotations

import hashlib
import itertools
import mimetypes
import secrets
import socket
import struct
import threading
import tomllib
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

__all__ = ["Hit", "Route", "Snapshot", "SnapshotError", "load_snapshot", "serve_snapshots"]

REDIRECTS = frozenset({301, 302, 303, 307, 308})
STALL_SECONDS = 300.0  # how long a stalled answer stays silent (until the server stops)
NOT_FOUND_PAGE = b"<html><body>Not found</body></html>"
#: How a snapshot server revalidates pages (``validators`` in ``site.toml``).
VALIDATORS = ("etag", "none", "wrong", "constant")


@dataclass(frozen=True)
class Hit:
    """One request a snapshot server answered."""

    origin: str  # the real origin the snapshot stands for
    method: str
    path: str  # the request target, as sent
    conditional: bool  # it carried If-None-Match or If-Modified-Since
    status: int  # 0: no answer (reset, server stopping, client gone)
    bytes: int = 0  # of the body sent


class SnapshotError(ValueError):
    """A snapshot folder is malformed."""


@dataclass(frozen=True)
class Route:
    status: int = 200
    file: Path | None = None
    content_type: str | None = None
    location: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    fail_first: int = 0  # answer 500 to the first N requests (a server that errs, then recovers)
    etag: str | None = None  # a pinned validator, whatever the body (a server's stale ETag)
    delay: float = 0.0  # seconds before answering
    stall_after: int | None = None  # body bytes sent before the server goes silent
    truncate: int | None = None  # body bytes sent before the server closes the connection
    reset: bool = False  # reset the connection instead of answering
    fault_times: int = 0  # the faults hit only the first N requests (0: every request)

    @property
    def faulty(self) -> bool:
        return (
            bool(self.delay or self.reset)
            or self.stall_after is not None
            or (self.truncate is not None)
        )

    def body(self) -> bytes:
        if self.file is not None:
            return self.file.read_bytes()
        if self.status >= 400:
            return f"<html><body>{HTTPStatus(self.status).phrase}</body></html>".encode()
        return b""


@dataclass(frozen=True)
class Snapshot:
    """One recorded site: its real origin, URL semantics and routes."""

    root: Path
    origin: str
    case_insensitive: bool = False
    php_query: bool = False
    routes: Mapping[str, Route] = field(default_factory=dict)
    #: Where paths without a route are looked up, first match wins (default ``root/files``).
    files: tuple[Path, ...] = ()
    #: The snapshot folder this one extends, if it is an overlay.
    base: Path | None = None
    #: How the server revalidates pages: one of `VALIDATORS`.
    validators: str = "etag"
    #: False: every answer closes its connection.
    keep_alive: bool = True

    def key(self, target: str) -> str:
        """Normalise a request target the way the real server reads it: its path decoded
        ("/%D0%BD%D0%B0" and "/на" are one page, as a route may write either)."""
        parts = urlsplit(target)
        path = unquote(parts.path) or "/"
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
        if not path:
            return None
        for files in self.files or (self.root / "files",):
            candidate = (files / path).resolve()
            if candidate.is_file() and candidate.is_relative_to(files.resolve()):
                return Route(file=candidate)
        return None


#: What a URL may hold as it is: its delimiters, and a percent-encoding already there.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~"


def load_snapshot(root: Path) -> Snapshot:
    """Read ``root/site.toml`` (and the snapshots it extends); raise `SnapshotError` naming
    the file and the fix."""
    return _load(Path(root), ())


def _load(root: Path, chain: tuple[Path, ...]) -> Snapshot:
    manifest = root / "site.toml"
    try:
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SnapshotError(f"{manifest}: {exc}") from exc
    base = _base(data, root, manifest, chain)
    if base is None:
        origin = str(data.get("origin", "")).rstrip("/")
        if not origin.startswith(("http://", "https://")):
            raise SnapshotError(f"{manifest}: `origin` must be an http(s) origin, got {origin!r}")
        snapshot = Snapshot(
            root=root,
            origin=origin,
            case_insensitive=_choice(data, "paths", ("exact", "case-insensitive"), manifest)
            == "case-insensitive",
            php_query=_choice(data, "query", ("exact", "php"), manifest) == "php",
            validators=_choice(data, "validators", VALIDATORS, manifest),
            keep_alive=_flag(data, "keep_alive", True, manifest),
        )
        routes: dict[str, Route] = {}
        files: tuple[Path, ...] = (root / "files",)
    else:
        _check_inherited(data, base, manifest)
        validators = data.get("validators", base.validators)
        snapshot = Snapshot(
            root,
            base.origin,
            base.case_insensitive,
            base.php_query,
            validators=_choice({"validators": validators}, "validators", VALIDATORS, manifest),
            keep_alive=_flag(data, "keep_alive", base.keep_alive, manifest),
        )
        routes = dict(base.routes)
        files = (root / "files", *(base.files or (base.root / "files",)))
    raw_routes = data.get("route", [])
    if not isinstance(raw_routes, list):
        raise SnapshotError(f"{manifest}: `route` must be an array of tables: write [[route]]")
    for number, raw in enumerate(raw_routes, start=1):
        routes[snapshot.key(_route_target(raw, manifest, number))] = _route(
            raw, root, manifest, number
        )
    return Snapshot(
        root,
        snapshot.origin,
        snapshot.case_insensitive,
        snapshot.php_query,
        routes,
        files,
        base.root if base is not None else None,
        snapshot.validators,
        snapshot.keep_alive,
    )


def _base(
    data: dict[str, Any], root: Path, manifest: Path, chain: tuple[Path, ...]
) -> Snapshot | None:
    """The snapshot ``extends`` names, loaded; None when this one extends nothing."""
    extends = data.get("extends")
    if extends is None:
        return None
    if not isinstance(extends, str) or not extends:
        raise SnapshotError(
            f"{manifest}: `extends` must be the path of another snapshot folder, relative to "
            f"{root}, got {extends!r}"
        )
    folder = (root / extends).resolve()
    if not (folder / "site.toml").is_file():
        raise SnapshotError(
            f"{manifest}: `extends = {extends!r}` names {folder}, which has no site.toml; "
            "give the path of a snapshot folder relative to this file's folder"
        )
    here = (*chain, root.resolve())
    if folder in here:
        cycle = " -> ".join(str(p) for p in (*here, folder))
        raise SnapshotError(f"{manifest}: `extends` makes a cycle ({cycle}); remove one of them")
    return _load(folder, here)


def _check_inherited(data: dict[str, Any], base: Snapshot, manifest: Path) -> None:
    """An overlay may repeat the base's origin and URL semantics, never change them."""
    inherited = {
        "origin": base.origin,
        "paths": "case-insensitive" if base.case_insensitive else "exact",
        "query": "php" if base.php_query else "exact",
    }
    for name, value in inherited.items():
        if name not in data:
            continue
        given = str(data[name]).rstrip("/") if name == "origin" else data[name]
        if given != value:
            raise SnapshotError(
                f"{manifest}: `{name} = {data[name]!r}` differs from {value!r} of the snapshot "
                f"it extends ({base.root / 'site.toml'}); an overlay inherits `{name}`: "
                "remove it"
            )


def _choice(data: dict[str, Any], name: str, allowed: tuple[str, ...], manifest: Path) -> str:
    value = data.get(name, allowed[0])
    if value not in allowed:
        options = " or ".join(repr(a) for a in allowed)
        raise SnapshotError(f"{manifest}: `{name}` must be {options}, got {value!r}")
    return str(value)


def _flag(data: dict[str, Any], name: str, default: bool, manifest: Path) -> bool:
    value = data.get(name, default)
    if not isinstance(value, bool):
        raise SnapshotError(f"{manifest}: `{name}` must be true or false, got {value!r}")
    return value


def _route_target(raw: Any, manifest: Path, number: int) -> str:
    if not isinstance(raw, dict):
        raise SnapshotError(f"{manifest}: route #{number} must be a table: write [[route]]")
    url = raw.get("url")
    if not isinstance(url, str) or not url:
        raise SnapshotError(f"{manifest}: route #{number} needs `url`")
    return url


def _route(raw: dict[str, Any], root: Path, manifest: Path, number: int) -> Route:
    where = f"{manifest}: route #{number} ({raw['url']})"
    try:
        status = HTTPStatus(int(raw.get("status", 200))).value
    except (TypeError, ValueError) as exc:
        raise SnapshotError(
            f"{where}: `status` must be an HTTP status code, got {raw.get('status')!r}"
        ) from exc
    file = root / raw["file"] if "file" in raw else None
    if file is not None and not file.is_file():
        raise SnapshotError(
            f"{where}: no file {file} (`file` is relative to {root}; "
            "a route that removes a page needs only `status = 404`)"
        )
    if status in REDIRECTS and "location" not in raw:
        raise SnapshotError(f"{where}: a redirect needs `location`")
    headers = raw.get("headers", {})
    if not isinstance(headers, dict):
        raise SnapshotError(f'{where}: `headers` must be a table: headers = {{ "Name" = "value" }}')
    faults: dict[str, Any] = {}
    for name, kind in (
        ("delay", float),
        ("stall_after", int),
        ("truncate", int),
        ("reset", bool),
        ("fault_times", int),
    ):
        if name not in raw:
            continue
        value = raw[name]
        if not isinstance(value, (int, float)) or (kind is bool) != isinstance(value, bool):
            raise SnapshotError(f"{where}: `{name}` must be {_KINDS[kind]}, got {value!r}")
        if value < 0:
            raise SnapshotError(f"{where}: `{name}` must not be negative, got {value!r}")
        faults[name] = kind(value)
    return Route(
        status,
        file,
        raw.get("content_type"),
        raw.get("location"),
        tuple((str(k), str(v)) for k, v in headers.items()),
        int(raw.get("fail_first", 0)),
        raw.get("etag"),
        **faults,
    )


_KINDS = {float: "a number of seconds", int: "a number of bytes or times", bool: "true or false"}


def _content_type(route: Route) -> str:
    if route.content_type:
        return route.content_type
    if route.file is None:
        return "text/html"
    guessed, _ = mimetypes.guess_type(route.file.name)
    return guessed or "application/octet-stream"


def _handler(
    snapshot: Snapshot, log: list[Hit] | None, stopping: threading.Event
) -> type[BaseHTTPRequestHandler]:
    failures: dict[str, int] = {}
    faults: dict[str, int] = {}
    answers = itertools.count()
    server_id = secrets.token_hex(4)  # a "wrong" ETag matches no answer of any other server
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        server_version = "SnapshotServer/1"
        protocol_version = "HTTP/1.1"

        def do_HEAD(self) -> None:
            self._respond(head=True)

        def do_GET(self) -> None:
            self._respond(head=False)

        def _respond(self, head: bool) -> None:
            try:
                status, size = self._answer(head)
            except ConnectionError:
                # The client gave up (a timeout, while a slow answer was on its way): logged
                # as no answer, not a traceback on stderr.
                self.close_connection = True
                status, size = 0, 0
            if log is not None:
                log.append(
                    Hit(
                        snapshot.origin,
                        self.command,
                        self.path,
                        bool(self.headers.get("If-None-Match"))
                        or bool(self.headers.get("If-Modified-Since")),
                        status,
                        size,
                    )
                )

        def _answer(self, head: bool) -> tuple[int, int]:
            route = snapshot.resolve(self.path)
            if route is None:
                self._send(HTTPStatus.NOT_FOUND, NOT_FOUND_PAGE, head)
                return 404, len(NOT_FOUND_PAGE)
            if route.fail_first:
                with lock:
                    failures[self.path] = failures.get(self.path, 0) + 1
                    failing = failures[self.path] <= route.fail_first
                if failing:
                    error = b"<h1>Server Error</h1>"
                    self._send(HTTPStatus.INTERNAL_SERVER_ERROR, error, head)
                    return 500, len(error)
            if route.faulty:
                with lock:
                    faults[self.path] = faults.get(self.path, 0) + 1
                    if route.fault_times and faults[self.path] > route.fault_times:
                        route = replace(
                            route, delay=0.0, stall_after=None, truncate=None, reset=False
                        )
            if route.delay and stopping.wait(route.delay):
                return 0, 0  # the server is shutting down
            if route.reset:
                self._reset()
                return 0, 0
            body = route.body()
            if route.stall_after is not None or route.truncate is not None:
                cut = min(x for x in (route.stall_after, route.truncate) if x is not None)
                self._send(HTTPStatus(route.status), body, head=True, route=route)
                self.wfile.write(body[:cut])
                self.wfile.flush()
                if route.stall_after is not None:
                    stopping.wait(STALL_SECONDS)
                self.close_connection = True
                return route.status, min(cut, len(body))
            etag = self._etag(route, body)
            if etag and route.status == 200 and self.headers.get("If-None-Match") == etag:
                self._send(HTTPStatus.NOT_MODIFIED, b"", head=True, route=route, etag=etag)
                return 304, 0
            self._send(HTTPStatus(route.status), body, head, route=route, etag=etag)
            return route.status, len(body)

        def _etag(self, route: Route, body: bytes) -> str | None:
            if snapshot.validators == "none":
                return None
            if snapshot.validators == "wrong":
                return f'"{server_id}-{next(answers)}"'
            if snapshot.validators == "constant":
                return '"constant"'
            return route.etag or '"' + hashlib.sha1(body).hexdigest()[:16] + '"'

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
                    # A header is Latin-1: a target with other letters is sent as a real
                    # server sends it, percent-encoded ("/стара.html" -> "/%D1%81...").
                    self.send_header("Location", quote(route.location, safe=_URL_SAFE))
                for name, value in route.headers:
                    self.send_header(name, value)
            if not snapshot.keep_alive:
                self.send_header("Connection", "close")  # and the handler closes it
            self.end_headers()
            if not head and status != HTTPStatus.NOT_MODIFIED:
                self.wfile.write(body)

        def _reset(self) -> None:
            # SO_LINGER with a zero timeout: close() sends RST instead of FIN.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()

        def log_message(self, format: str, *args: Any) -> None:
            pass  # the crawler logs every request it makes

    return Handler


@contextmanager
def serve_snapshots(roots: list[Path], log: list[Hit] | None = None) -> Iterator[dict[str, str]]:
    """Serve each snapshot on its own 127.0.0.1 port; yield ``{real origin: loopback origin}``.

    Every request the servers answer is appended to ``log``, if given (what a crawler really
    asked for, conditionally or not, and what it got).
    """
    with ExitStack() as stack:
        origins: dict[str, str] = {}
        for root in roots:
            snapshot = load_snapshot(root)
            if snapshot.origin in origins:
                raise SnapshotError(f"{root}: origin {snapshot.origin} is already served")
            stopping = threading.Event()
            server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(snapshot, log, stopping))
            server.daemon_threads = True
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.05},  # shut down quickly at the end of a test
                name=f"snapshot {root.name}",
            )
            thread.daemon = True
            thread.start()
            stack.callback(server.server_close)
            stack.callback(server.shutdown)
            stack.callback(stopping.set)  # first: stalled and delayed answers end
            origins[snapshot.origin] = f"http://127.0.0.1:{server.server_address[1]}"
        yield origins
