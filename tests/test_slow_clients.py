"""`newsroom serve` against slow clients, with short deadlines set by ``-s``: raw sockets that
trickle header bytes or never read their answers are cut off, and beyond
SERVE_MAX_CONNECTIONS a request is answered 503 while the server stays up."""

from __future__ import annotations

import random
import re
import select
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest

from crawler.core.items import Article
from crawler.snapshots import DEMO_SITES
from storage.repository import Repository
from tests.support.cli import ROOT
from tests.support.databases import url_at

NEWSROOMS = DEMO_SITES / "newsrooms.toml"
SEEN = datetime(2026, 11, 24, 12, tzinfo=UTC)
WORDS = ("allies", "mission", "kosovo", "defence", "talks", "staff", "exercise", "flood")


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Forty distinct stories of some 6 kB each: a feed of them is a few hundred kB."""
    url = url_at(tmp_path_factory.mktemp("slow") / "newsroom.sqlite3")
    words = random.Random(7)
    repository = Repository.open(url)
    try:
        for n in range(40):
            text = " ".join(words.choice(WORDS) + str(words.randrange(10**6)) for _ in range(600))
            repository.save_article(
                Article(
                    url=f"https://www.nato.int/cps/en/natohq/news_{n}.htm",
                    page_url=f"https://www.nato.int/cps/en/natohq/news_{n}.htm",
                    title=f"Story {n}",
                    text=text,
                    language="en",
                    published=date(2026, 11, 1) + timedelta(days=n % 20),
                ),
                "nato-hq",
                SEEN + timedelta(minutes=n),
            )
    finally:
        repository.close()
    return url


@contextmanager
def serving(database: str, *settings: str) -> Iterator[tuple[str, int, list[str]]]:
    """`newsroom serve --port 0` with these ``-s`` settings: (host, port, its stderr lines,
    filled in once it has stopped)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "serve", "--port", "0", "--db", database,
         "--newsrooms", str(NEWSROOMS), "--no-access-log",
         *(arg for pair in settings for arg in ("-s", pair))],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    errors: list[str] = []
    try:
        ready, _, _ = select.select([process.stdout], [], [], 60)
        line = process.stdout.readline() if ready else ""
        match = re.fullmatch(r"Serving on http://(127\.0\.0\.1):(\d+)/\n", line)
        assert match, f"no 'Serving on' line but {line!r}"
        yield match[1], int(match[2]), errors
    finally:
        process.terminate()
        try:
            code = process.wait(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
            errors += process.stderr.read().splitlines()
            process.stdout.close()
            process.stderr.close()
    assert code == 0, "\n".join(errors)
    assert not [line for line in errors if "Traceback" in line], "\n".join(errors)


def connect(address: tuple[str, int], stack: ExitStack, rcvbuf: int | None = None) -> socket.socket:
    sock = socket.socket()
    stack.callback(sock.close)
    if rcvbuf is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    sock.connect(address)
    return sock


def closed_by_server(sock: socket.socket) -> bool:
    """Whether the server has closed ``sock`` (it sends nothing to a client it waits for)."""
    if not select.select([sock], [], [], 0)[0]:
        return False
    try:
        return sock.recv(4096) == b""
    except ConnectionResetError:
        return True


def get(address: tuple[str, int], path: str = "/feed.atom") -> int:
    """The status of one request on a connection of its own."""
    with httpx.Client(base_url=f"http://{address[0]}:{address[1]}", timeout=10) as client:
        return client.get(path, headers={"Connection": "close"}).status_code


def test_connections_that_trickle_headers_or_say_nothing_are_closed(database: str) -> None:
    timeout = 1.0
    with (
        serving(database, f"SERVE_HEADER_TIMEOUT={timeout}", "SERVE_KEEP_ALIVE=1") as (
            host,
            port,
            errors,
        ),
        ExitStack() as stack,
    ):
        started = time.monotonic()
        tricklers = [connect((host, port), stack) for _ in range(3)]
        silent = connect((host, port), stack)
        for sock in tricklers:
            sock.sendall(b"GET /feed.atom HTTP/1.1\r\nHost: x\r\n")
        header = b"X-Slow: " + b"a" * 200
        open_ones = {*tricklers, silent}
        closed_after: list[float] = []
        sent = 0
        while open_ones and time.monotonic() - started < timeout + 5:
            for sock in [*open_ones]:
                if closed_by_server(sock):
                    open_ones.discard(sock)
                    closed_after.append(time.monotonic() - started)
                elif sock is not silent and sent < len(header):
                    try:
                        sock.sendall(header[sent : sent + 1])  # a byte each 50 ms, never done
                    except (BrokenPipeError, ConnectionResetError):
                        open_ones.discard(sock)
                        closed_after.append(time.monotonic() - started)
            sent += 1
            time.sleep(0.05)
        assert not open_ones, f"{len(open_ones)} slow connections still open after {timeout + 5}s"
        assert all(timeout * 0.9 <= after <= timeout + 5 for after in closed_after), closed_after
        assert get((host, port)) == 200  # the server itself is fine
    assert sum("no complete request in 1s (SERVE_HEADER_TIMEOUT)" in line for line in errors) == 4


def test_beyond_max_connections_a_request_gets_503_and_the_server_recovers(
    database: str,
) -> None:
    with (
        serving(database, "SERVE_MAX_CONNECTIONS=4", "SERVE_HEADER_TIMEOUT=30") as (
            host,
            port,
            _,
        ),
        ExitStack() as stack,
    ):
        address = (host, port)
        idle = [connect(address, stack) for _ in range(3)]
        for sock in idle:
            sock.sendall(b"GET / HTTP/1.1\r\n")  # and no more
        time.sleep(0.3)
        assert get(address) == 200  # the fourth connection: still served
        idle.append(connect(address, stack))
        idle[-1].sendall(b"GET / HTTP/1.1\r\n")
        time.sleep(0.3)
        assert get(address) == 503  # the fifth: refused at once, not queued
        for sock in idle[:2]:
            sock.close()
        deadline = time.monotonic() + 10
        while (status := get(address)) != 200 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert status == 200  # served again once connections are given up


def test_a_client_that_never_reads_its_answers_is_dropped(database: str) -> None:
    requests = 60
    with (
        serving(database, "SERVE_SEND_TIMEOUT=1", "SERVE_KEEP_ALIVE=30") as (host, port, errors),
        ExitStack() as stack,
    ):
        assert len(httpx.get(f"http://{host}:{port}/feed.atom?limit=40").content) > 150_000
        reader = connect((host, port), stack, rcvbuf=4096)
        reader.sendall(b"GET /feed.atom?limit=40 HTTP/1.1\r\nHost: x\r\n\r\n" * requests)
        time.sleep(4)  # not reading: several MB wait for us on the server
        received = bytearray()
        deadline = time.monotonic() + 20
        reader.settimeout(2)
        while time.monotonic() < deadline:
            try:
                chunk = reader.recv(1 << 16)
            except ConnectionResetError:
                break
            except TimeoutError:
                break  # all answers read, and the connection kept alive
            if not chunk:
                break
            received += chunk
        answers = received.count(b"HTTP/1.1 200 OK")
        assert answers < requests, "every answer was kept for a client that did not read"
        assert get((host, port)) == 200
    assert any("lay unread for 1s (SERVE_SEND_TIMEOUT)" in line for line in errors)
