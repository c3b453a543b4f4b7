"""A site made in a test, served on 127.0.0.1 on a free port: pages whose links name that port,
and bodies streamed from generators (a gzip bomb is never held in memory)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Page:
    """One answer: a status, headers, and the body as chunks (sent chunked when it has no
    Content-Length header)."""

    body: Callable[[], Iterable[bytes]] = lambda: [b""]
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html"})


@dataclass
class Site:
    origin: str = ""  # http://127.0.0.1:PORT
    pages: dict[str, Page] = field(default_factory=dict)  # by path
    asked: list[str] = field(default_factory=list)  # paths, in order


@contextmanager
def serve_site(pages: Callable[[str], dict[str, Page]]) -> Iterator[Site]:
    """Serve ``pages(origin)`` (paths to answers; any other path is a 404) until the block
    ends."""
    site = Site()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            site.asked.append(self.path)
            page = site.pages.get(self.path, Page(lambda: [b"not found"], 404))
            self.send_response(page.status)
            for name, value in page.headers.items():
                self.send_header(name, value)
            chunked = "Content-Length" not in page.headers
            if chunked:
                self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for chunk in page.body():
                if not chunk:
                    continue
                if chunked:
                    self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                else:
                    self.wfile.write(chunk)
            if chunked:
                self.wfile.write(b"0\r\n\r\n")

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    # A client that stops reading (a download cancelled over its size) is no error of the site.
    server.handle_error = lambda request, address: None  # type: ignore[method-assign]
    site.origin = f"http://127.0.0.1:{server.server_address[1]}"
    site.pages = pages(site.origin)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
