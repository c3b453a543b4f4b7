"""The snapshot server: routes, files and overlays (``extends``), served on 127.0.0.1."""

from __future__ import annotations

import http.client
import socket
import struct
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from crawler.snapshots import Hit, SnapshotError, load_snapshot, serve_snapshots

ORIGIN = "https://www.example.org"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def fetch(base: str, target: str) -> tuple[int, bytes, dict[str, str]]:
    """GET ``target`` without following redirects: (status, body, headers)."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        connection.request("GET", target)
        response = connection.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        connection.close()


@pytest.fixture
def base(tmp_path: Path) -> Path:
    """A base site: an exact-path, PHP-query site with pages, a redirect and static files."""
    root = tmp_path / "base"
    write(root / "pages" / "home.html", "<p>base home</p>")
    write(root / "pages" / "story.html", "<p>base story</p>")
    write(root / "pages" / "old.html", "<p>base old story</p>")
    write(root / "files" / "robots.txt", "User-agent: *\n")
    write(root / "files" / "css" / "site.css", "body { color: black }")
    write(
        root / "site.toml",
        f"""origin = "{ORIGIN}/"
query = "php"

[[route]]
url = "/"
file = "pages/home.html"

[[route]]
url = "/index.php?id=7&action=show"
file = "pages/story.html"

[[route]]
url = "/index.php?id=3&action=show"
file = "pages/old.html"

[[route]]
url = "/index.html"
status = 301
location = "{ORIGIN}/"
""",
    )
    return root


@pytest.fixture
def overlay(tmp_path: Path, base: Path) -> Path:
    """A later day of ``base``: one page replaced, one added, one removed, one file replaced."""
    root = tmp_path / "days" / "day2"
    write(root / "pages" / "story.html", "<p>day 2 story</p>")
    write(root / "pages" / "new.html", "<p>day 2 new story</p>")
    write(root / "files" / "css" / "site.css", "body { color: navy }")
    write(
        root / "site.toml",
        """extends = "../../base"

[[route]]
url = "/index.php?action=show&id=7&page="
file = "pages/story.html"

[[route]]
url = "/index.php?id=8&action=show"
file = "pages/new.html"
content_type = "text/html; charset=utf-8"

[[route]]
url = "/index.php?id=3&action=show"
status = 404
""",
    )
    return root


@pytest.fixture
def served(overlay: Path) -> Iterator[str]:
    with serve_snapshots([overlay]) as origins:
        yield origins[ORIGIN]


def test_an_overlay_is_served_at_its_base_origin(overlay: Path) -> None:
    with serve_snapshots([overlay]) as origins:
        assert list(origins) == [ORIGIN]
        assert origins[ORIGIN].startswith("http://127.0.0.1:")


def test_an_overlay_serves_the_base_routes_it_does_not_change(served: str) -> None:
    status, body, _ = fetch(served, "/")
    assert (status, body) == (200, b"<p>base home</p>")


def test_an_overlay_route_replaces_the_base_route_with_the_same_normalised_url(
    served: str,
) -> None:
    # The overlay wrote the URL in another order with an empty parameter: PHP reads it as one.
    status, body, _ = fetch(served, "/index.php?id=7&action=show")
    assert (status, body) == (200, b"<p>day 2 story</p>")


def test_an_overlay_route_adds_a_page(served: str) -> None:
    status, body, headers = fetch(served, "/index.php?action=show&id=8")
    assert (status, body) == (200, b"<p>day 2 new story</p>")
    assert headers["Content-Type"] == "text/html; charset=utf-8"


def test_a_404_route_removes_a_base_page_without_a_file(served: str) -> None:
    status, body, _ = fetch(served, "/index.php?id=3&action=show")
    assert status == 404
    assert body == b"<html><body>Not Found</body></html>"


def test_overlay_pages_answer_if_none_match_with_304(served: str) -> None:
    url = f"{served}/index.php?id=8&action=show"
    with urllib.request.urlopen(url, timeout=10) as response:
        etag = response.headers["ETag"]
    request = urllib.request.Request(url, headers={"If-None-Match": etag})
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(request, timeout=10)
    raised.value.close()
    assert raised.value.code == 304


def revalidate(origin: str, target: str, times: int = 2) -> list[tuple[int, str | None]]:
    """GET ``target`` ``times`` times, each sending back the ETag of the answer before."""
    answers: list[tuple[int, str | None]] = []
    parts = urlsplit(origin)
    for _ in range(times):
        etag = answers[-1][1] if answers else None
        connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
        try:
            connection.request("GET", target, headers={"If-None-Match": etag} if etag else {})
            response = connection.getresponse()
            response.read()
            answers.append((response.status, response.getheader("ETag") or etag))
        finally:
            connection.close()
    return answers


@pytest.mark.parametrize(
    ("validators", "statuses", "etags"),
    [
        ("etag", [200, 304], 1),  # a hash of the body: 304 for it
        ("none", [200, 200], 0),  # no validator at all
        ("wrong", [200, 200], 2),  # a new one on every answer, never 304
        ("constant", [200, 304], 1),  # one for every page, whatever its body
    ],
)
def test_an_overlay_chooses_how_its_server_revalidates(
    tmp_path: Path, base: Path, validators: str, statuses: list[int], etags: int
) -> None:
    overlay = write(
        tmp_path / "later" / "site.toml",
        f'extends = "../base"\nvalidators = "{validators}"\n',
    ).parent
    with serve_snapshots([overlay]) as origins:
        answers = revalidate(origins[ORIGIN], "/index.php?id=7&action=show")
        others = revalidate(origins[ORIGIN], "/", times=1)
    assert [status for status, _ in answers] == statuses
    assert len({etag for _, etag in answers if etag}) == etags
    if validators == "constant":
        assert others[0][1] == answers[0][1]


@pytest.mark.parametrize("keep_alive", [True, False])
def test_an_overlay_chooses_whether_its_server_keeps_connections_open(
    tmp_path: Path, base: Path, keep_alive: bool
) -> None:
    overlay = write(
        tmp_path / "later" / "site.toml",
        f'extends = "../base"\nkeep_alive = {str(keep_alive).lower()}\n',
    ).parent
    with serve_snapshots([overlay]) as origins:
        parts = urlsplit(origins[ORIGIN])
        connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
        try:
            connection.request("GET", "/")
            response = connection.getresponse()
            assert response.read() == b"<p>base home</p>"
            assert (response.getheader("Connection") == "close") is not keep_alive
            assert response.will_close is not keep_alive
        finally:
            connection.close()


def test_validators_must_be_one_the_server_knows(tmp_path: Path, base: Path) -> None:
    manifest = write(tmp_path / "later" / "site.toml", 'extends = "../base"\nvalidators = "x"\n')
    with pytest.raises(SnapshotError, match="`validators` must be 'etag' or 'none' or"):
        load_snapshot(manifest.parent)


def test_base_redirects_are_inherited(served: str) -> None:
    status, _, headers = fetch(served, "/index.html")
    assert status == 301
    assert headers["Location"] == f"{ORIGIN}/"


def test_files_fall_back_to_the_base_files(served: str) -> None:
    assert fetch(served, "/robots.txt")[:2] == (200, b"User-agent: *\n")


def test_an_overlay_file_shadows_the_base_file(served: str) -> None:
    assert fetch(served, "/css/site.css")[:2] == (200, b"body { color: navy }")


def test_a_path_neither_routed_nor_in_any_files_folder_is_404(served: str) -> None:
    assert fetch(served, "/nothing/here.html")[0] == 404


def test_route_files_resolve_next_to_the_site_toml_that_names_them(
    overlay: Path, base: Path
) -> None:
    routes = load_snapshot(overlay).routes
    assert routes["/"].file == base.resolve() / "pages" / "home.html"
    assert routes["/index.php?action=show&id=7"].file == overlay / "pages" / "story.html"


def test_an_overlay_inherits_the_base_url_semantics(tmp_path: Path) -> None:
    base = tmp_path / "aspnet"
    write(base / "pages" / "a.html", "<p>a</p>")
    write(
        base / "site.toml",
        f'origin = "{ORIGIN}"\npaths = "case-insensitive"\n\n'
        '[[route]]\nurl = "/News/A"\nfile = "pages/a.html"\n',
    )
    day2 = tmp_path / "day2"
    write(day2 / "b.html", "<p>b</p>")
    write(
        day2 / "site.toml",
        'extends = "../aspnet"\n\n[[route]]\nurl = "/NEWS/b"\nfile = "b.html"\n',
    )
    with serve_snapshots([day2]) as origins:
        assert fetch(origins[ORIGIN], "/news/a")[:2] == (200, b"<p>a</p>")
        assert fetch(origins[ORIGIN], "/News/B")[:2] == (200, b"<p>b</p>")


def test_an_overlay_can_extend_an_overlay(tmp_path: Path, overlay: Path, base: Path) -> None:
    day3 = tmp_path / "days" / "day3"
    write(day3 / "site.toml", 'extends = "../day2"\n')
    snapshot = load_snapshot(day3)
    assert snapshot.origin == ORIGIN and snapshot.php_query
    assert snapshot.routes == load_snapshot(overlay).routes
    assert [p.resolve() for p in snapshot.files] == [
        p.resolve() / "files" for p in (day3, overlay, base)
    ]
    with serve_snapshots([day3]) as origins:
        assert fetch(origins[ORIGIN], "/index.php?id=7&action=show")[1] == b"<p>day 2 story</p>"
        assert fetch(origins[ORIGIN], "/index.php?id=3&action=show")[0] == 404


def test_a_base_and_its_overlay_cannot_be_served_together(overlay: Path, base: Path) -> None:
    with pytest.raises(SnapshotError, match="already served"), serve_snapshots([base, overlay]):
        pass


def test_extends_must_name_a_snapshot_folder(tmp_path: Path) -> None:
    manifest = write(tmp_path / "day2" / "site.toml", 'extends = "../missing"\n')
    with pytest.raises(SnapshotError) as raised:
        load_snapshot(manifest.parent)
    message = str(raised.value)
    assert message.startswith(f"{manifest}:")
    assert "no site.toml" in message and "relative to this file's folder" in message


def test_extends_cycles_are_refused(tmp_path: Path) -> None:
    write(tmp_path / "a" / "site.toml", 'extends = "../b"\n')
    write(tmp_path / "b" / "site.toml", 'extends = "../a"\n')
    with pytest.raises(SnapshotError, match="cycle"):
        load_snapshot(tmp_path / "a")


@pytest.mark.parametrize(
    ("setting", "name"),
    [
        ('origin = "https://other.example.org"', "origin"),
        ('paths = "case-insensitive"', "paths"),
        ('query = "exact"', "query"),
    ],
)
def test_an_overlay_cannot_change_what_it_inherits(
    tmp_path: Path, base: Path, setting: str, name: str
) -> None:
    manifest = write(tmp_path / "day2" / "site.toml", f'extends = "../base"\n{setting}\n')
    with pytest.raises(SnapshotError) as raised:
        load_snapshot(manifest.parent)
    message = str(raised.value)
    assert message.startswith(f"{manifest}: `{name} = ")
    assert "remove it" in message


def test_an_overlay_may_repeat_the_inherited_origin(tmp_path: Path, base: Path) -> None:
    write(tmp_path / "day2" / "site.toml", f'extends = "../base"\norigin = "{ORIGIN}"\n')
    assert load_snapshot(tmp_path / "day2").origin == ORIGIN


def test_a_missing_route_file_names_the_folder_it_is_relative_to(
    tmp_path: Path, base: Path
) -> None:
    manifest = write(
        tmp_path / "day2" / "site.toml",
        'extends = "../base"\n\n[[route]]\nurl = "/gone"\nfile = "pages/gone.html"\n',
    )
    with pytest.raises(SnapshotError) as raised:
        load_snapshot(manifest.parent)
    message = str(raised.value)
    assert message.startswith(f"{manifest}: route #1 (/gone)")
    assert f"relative to {manifest.parent}" in message and "status = 404" in message


def test_a_status_must_be_an_http_status(tmp_path: Path) -> None:
    manifest = write(
        tmp_path / "site" / "site.toml",
        f'origin = "{ORIGIN}"\n\n[[route]]\nurl = "/x"\nstatus = 999\n',
    )
    with pytest.raises(SnapshotError, match=r"route #1 \(/x\): `status` must be an HTTP status"):
        load_snapshot(manifest.parent)


def test_the_bundled_day_overlays_load() -> None:
    sites = sorted((Path(__file__).parent / "days").glob("day*/*/site.toml"))
    assert len(sites) == 6
    for site in sites:
        snapshot = load_snapshot(site.parent)
        assert snapshot.base is not None
        assert all(r.file is None or r.file.is_file() for r in snapshot.routes.values())


def test_the_bundled_network_fault_overlays_load() -> None:
    faults = Path(__file__).parent / "faults"
    sites = [faults / name / "nato-hq" for name in ("server-errors", "redirects", "slow", "links")]
    for site in sites:
        snapshot = load_snapshot(site)
        assert snapshot.base is not None and snapshot.origin == "https://www.nato.int"
        assert all(r.file is None or r.file.is_file() for r in snapshot.routes.values())


def test_the_bundled_drift_overlays_load() -> None:
    drift = Path(__file__).parent / "drift"
    sites = sorted(drift.glob("*/*/site.toml"))
    assert [s.parent.parent.name for s in sites] == ["layout", "no-links", "paywall"]
    for site in sites:
        snapshot = load_snapshot(site.parent)
        assert snapshot.base is not None and snapshot.origin == "https://www.nato.int"
        assert all(r.file is None or r.file.is_file() for r in snapshot.routes.values())


@pytest.fixture
def faulty(tmp_path: Path) -> Iterator[str]:
    """A site whose routes misbehave as slow and broken servers do."""
    root = tmp_path / "faulty"
    write(root / "pages" / "story.html", "<p>" + "x" * 10_000 + "</p>")
    write(
        root / "site.toml",
        f"""origin = "{ORIGIN}"

[[route]]
url = "/slow"
file = "pages/story.html"
delay = 0.6

[[route]]
url = "/stall"
file = "pages/story.html"
stall_after = 100

[[route]]
url = "/truncate"
file = "pages/story.html"
truncate = 100

[[route]]
url = "/reset"
file = "pages/story.html"
reset = true

[[route]]
url = "/reset-once"
file = "pages/story.html"
reset = true
fault_times = 1
""",
    )
    with serve_snapshots([root]) as origins:
        yield origins[ORIGIN]


def test_a_delayed_route_answers_late(faulty: str) -> None:
    started = time.monotonic()
    status, body, _ = fetch(faulty, "/slow")
    assert status == 200 and len(body) > 10_000
    assert time.monotonic() - started >= 0.6


def test_a_stalled_route_sends_part_of_the_body_then_nothing(faulty: str) -> None:
    parts = urlsplit(faulty)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=1)
    try:
        connection.request("GET", "/stall")
        response = connection.getresponse()
        assert int(response.headers["Content-Length"]) > 10_000
        assert len(response.read(100)) == 100
        with pytest.raises(TimeoutError):
            response.read(1)
    finally:
        connection.close()


def test_a_truncated_route_closes_before_its_content_length(faulty: str) -> None:
    with pytest.raises(http.client.IncompleteRead) as short:
        fetch(faulty, "/truncate")
    assert len(short.value.partial) == 100


def test_a_reset_route_resets_the_connection(faulty: str) -> None:
    with pytest.raises((ConnectionResetError, http.client.RemoteDisconnected)):
        fetch(faulty, "/reset")


def test_fault_times_limits_a_fault_to_the_first_requests(faulty: str) -> None:
    with pytest.raises((ConnectionResetError, http.client.RemoteDisconnected)):
        fetch(faulty, "/reset-once")
    status, body, _ = fetch(faulty, "/reset-once")
    assert status == 200 and len(body) > 10_000


def test_fault_options_are_checked(tmp_path: Path) -> None:
    write(tmp_path / "files" / "a.html", "a")
    write(tmp_path / "site.toml", f'origin = "{ORIGIN}"\n[[route]]\nurl = "/"\ndelay = "slow"\n')
    with pytest.raises(SnapshotError, match="`delay` must be a number of seconds"):
        load_snapshot(tmp_path)


def test_a_client_that_gives_up_on_a_slow_answer_is_logged_as_no_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "pages" / "story.html", "<p>" + "x" * 10_000 + "</p>")
    write(
        tmp_path / "site.toml",
        f'origin = "{ORIGIN}"\n[[route]]\nurl = "/slow"\nfile = "pages/story.html"\ndelay = 0.3\n',
    )
    hits: list[Hit] = []
    with serve_snapshots([tmp_path], hits) as origins:
        parts = urlsplit(origins[ORIGIN])
        with socket.create_connection((parts.hostname or "", parts.port or 80)) as client:
            client.sendall(b"GET /slow HTTP/1.1\r\nHost: www.example.org\r\n\r\n")
            # A client whose timeout fired: it resets the connection before the answer comes.
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        for _ in range(100):  # the server answers after its delay
            if hits:
                break
            time.sleep(0.05)
    assert [(h.path, h.status, h.bytes) for h in hits] == [("/slow", 0, 0)]
    assert "Traceback" not in capsys.readouterr().err


#: "/народна-скупштина.2.html" percent-encoded.
ENCODED = quote("/народна-скупштина.2.html")


@pytest.mark.parametrize(
    "written",
    [
        "/народна-скупштина.2.html",
        ENCODED,
    ],
)
def test_a_path_in_other_letters_is_one_page_however_written(tmp_path: Path, written: str) -> None:
    """A route may write a Cyrillic path as it is or percent-encoded, and a client asks for
    it percent-encoded; a redirect to such a path is sent percent-encoded, as a real server
    sends it (a header holds Latin-1 only)."""
    write(tmp_path / "site" / "pages" / "home.html", "<html><body>Народна скупштина</body></html>")
    write(
        tmp_path / "site" / "site.toml",
        'origin = "https://www.parlament.example"\n'
        f'[[route]]\nurl = "{written}"\nfile = "pages/home.html"\n'
        '[[route]]\nurl = "/стара.html"\nstatus = 301\nlocation = "/народна-скупштина.2.html"\n',
    )
    with serve_snapshots([tmp_path / "site"]) as origins:
        base = origins["https://www.parlament.example"]
        status, body, _ = fetch(base, ENCODED)
        assert status == 200 and "Народна".encode() in body
        status, _, headers = fetch(base, "/%D1%81%D1%82%D0%B0%D1%80%D0%B0.html")
        assert status == 301 and headers["Location"].endswith(ENCODED)
