"""The ops page as a person sees it: rendered by headless Chromium (Debian's). What Chromium
rendered is kept in test-artifacts/: ops-page.html (the DOM) and ops-page.png (a screenshot)."""

from __future__ import annotations

import os
import signal
import struct
import subprocess
import zlib
from pathlib import Path

import lxml.html
import pytest

from tests.support.cli import ROOT
from tests.support.serving import DEMO_KEYS, Served, installed, need

pytestmark = [pytest.mark.crawl, pytest.mark.system, installed("chromium")]
ARTIFACTS = ROOT / "test-artifacts"
TIMEOUT = 90  # seconds Chromium may take for one page
NAMES = {
    "rs-mission-nato": "Mission of the Republic of Serbia to NATO",
    "nato-mlo-belgrade": "NATO Military Liaison Office Belgrade",
    "nato-hq": "NATO HQ news",
    "broken": "Unreachable Mission",
}
NEW = {"rs-mission-nato": 16, "nato-mlo-belgrade": 11, "nato-hq": 15, "broken": 0}


def chromium(url: str, profile: Path, *options: str) -> bytes:
    """Headless Chromium on ``url`` with its own profile and home (as root it needs
    ``--no-sandbox``); its stdout. On a timeout its whole process group is killed."""
    browser = subprocess.Popen(
        [
            *(need("chromium"), "--headless=new", "--no-sandbox", "--disable-gpu"),
            *("--disable-dev-shm-usage", "--hide-scrollbars", "--no-first-run", "--mute-audio"),
            *(f"--user-data-dir={profile}", *options, url),
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "HOME": str(profile)},  # its crash reports and caches stay there
        start_new_session=True,  # its own process group: the renderer and helpers die with it
    )
    try:
        out, err = browser.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(browser.pid, signal.SIGKILL)
        browser.communicate()
        raise AssertionError(
            f"chromium {' '.join(options)} {url}: no answer in {TIMEOUT} s"
        ) from None
    assert browser.returncode == 0, f"chromium exited {browser.returncode}: {err.decode()[-2000:]}"
    return out


@pytest.fixture(scope="module")
def page(served_demo: Served, tmp_path_factory: pytest.TempPathFactory) -> lxml.html.HtmlElement:
    """The ops page's DOM once Chromium has loaded and rendered it."""
    dom = chromium(served_demo.url, tmp_path_factory.mktemp("chromium"), "--dump-dom")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "ops-page.html").write_bytes(dom)
    return lxml.html.fromstring(dom.decode("utf-8"))


def cells(row: lxml.html.HtmlElement) -> list[str]:
    return [" ".join(cell.text_content().split()) for cell in row.findall("td")]


def test_a_row_per_newsroom_with_its_name_last_run_status_and_counts(
    page: lxml.html.HtmlElement,
) -> None:
    rows = {row.get("data-newsroom"): row for row in page.cssselect("#newsrooms tr[data-newsroom]")}
    assert list(rows) == list(NAMES)  # in the order of the newsrooms file
    for key, row in rows.items():
        shown = cells(row)
        assert NAMES[key] in shown[0]
        assert shown[1][:4].isdigit(), f"{key}: no last run time in {shown}"  # 2026-11-24 17:13Z
        assert ("failed" if key == "broken" else "finished") in shown[2]
        assert str(NEW[key]) in shown[3:]


def test_the_failing_newsroom_shows_its_error(page: lxml.html.HtmlElement) -> None:
    [row] = page.cssselect('#newsrooms tr[data-newsroom="broken"]')
    [error] = row.cssselect(".error")
    text = " ".join(error.text_content().split())
    assert "http://broken.invalid/" in text  # the first error line of its last run
    for key in DEMO_KEYS:
        [ok] = page.cssselect(f'#newsrooms tr[data-newsroom="{key}"]')
        assert not ok.cssselect(".error")


def test_links_to_the_newest_stories_and_a_chart(page: lxml.html.HtmlElement) -> None:
    links = page.cssselect("#newest a[href]")
    assert len(links) >= 10
    assert all(a.get("href").startswith(("http://", "https://")) for a in links)
    assert all(a.text_content().strip() for a in links)
    assert len({a.get("href") for a in links}) == len(links)
    [chart] = page.cssselect("svg#stories-per-day")
    # The chart's marks: 42 stories first seen today (whatever shape the bars take).
    assert chart.cssselect("rect, path, line, polyline")
    assert "42" in " ".join(chart.itertext()) + " ".join(chart.attrib.values())


def test_a_screenshot_of_the_ops_page_is_kept(served_demo: Served, tmp_path: Path) -> None:
    shot = ARTIFACTS / "ops-page.png"
    ARTIFACTS.mkdir(exist_ok=True)
    shot.unlink(missing_ok=True)
    chromium(
        served_demo.url, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,900"
    )
    png = shot.read_bytes()
    width, height, colours = png_colours(png)
    assert (width, height) == (1280, 900)
    # A blank or error page has a few colours; text, table rules and the chart have hundreds.
    assert colours > 50, f"{shot}: {colours} colours, a blank page?"


def png_colours(png: bytes) -> tuple[int, int, int]:
    """Width, height and the number of distinct colours of an 8-bit RGB(A) PNG, decoded here
    (zlib and the PNG row filters) so the test needs no imaging library."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    at, header, data = 8, b"", bytearray()
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind, body = png[at + 4 : at + 8], png[at + 8 : at + 8 + length]
        assert (
            zlib.crc32(kind + body)
            == struct.unpack(">I", png[at + 8 + length : at + 12 + length])[0]
        )
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            data += body
        at += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, "not an 8-bit RGB(A) PNG"
    n = 3 if colour == 2 else 4
    stride = width * n
    raw = zlib.decompress(bytes(data))
    assert len(raw) == height * (stride + 1), "truncated PNG"
    previous, colours = bytearray(stride), set()
    for y in range(height):
        start = y * (stride + 1)
        kind, row = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        if kind == 1:  # Sub
            for i in range(n, stride):
                row[i] = (row[i] + row[i - n]) & 0xFF
        elif kind == 2:  # Up
            row = bytearray((a + b) & 0xFF for a, b in zip(row, previous, strict=True))
        elif kind == 3:  # Average
            for i in range(stride):
                left = row[i - n] if i >= n else 0
                row[i] = (row[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:  # Paeth
            for i in range(stride):
                a, b = (row[i - n], previous[i]) if i >= n else (0, previous[i])
                c = previous[i - n] if i >= n else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        else:
            assert kind == 0, f"unknown PNG filter {kind}"
        colours.update(bytes(row[i : i + n]) for i in range(0, stride, n))
        previous = row
    return width, height, len(colours)
