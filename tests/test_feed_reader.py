"""A real feed reader, Debian's newsboat, subscribed to the served feeds lists their stories."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import urllib.request
from pathlib import Path

import feedparser
import pytest

from tests.support.serving import Served, installed, need

pytestmark = [pytest.mark.crawl, pytest.mark.system, installed("newsboat")]
TIMEOUT = 60  # seconds newsboat may take for one command
Story = tuple[str, str, str]  # guid, title, link


def entries(url: str) -> list[Story]:
    """Each entry of the feed at ``url`` as a feed parser reads it."""
    with urllib.request.urlopen(url, timeout=30) as response:
        parsed = feedparser.parse(response.read())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return sorted((entry.id, entry.title, entry.link) for entry in parsed.entries)


def newsboat(home: Path, *command: str) -> str:
    """Run newsboat headless (``-x``) with its own urls, config and cache in ``home``."""
    done = subprocess.run(
        [
            *(need("newsboat"), "-u", str(home / "urls"), "-c", str(home / "cache.db")),
            *("-C", str(home / "config"), "-x", *command),
        ],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "TERM": "dumb"},
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, f"newsboat -x {' '.join(command)}: {done.stdout}{done.stderr}"
    return done.stdout


def subscribe(home: Path, feeds: list[str]) -> dict[str, list[Story]]:
    """Subscribe a fresh newsboat to ``feeds``, reload them, and read what it stored: the
    stories it lists under each feed (a story in several feeds is listed once, under one of
    them: newsboat keys stories by GUID)."""
    home.mkdir()
    (home / "urls").write_text("".join(f"{feed}\n" for feed in feeds), encoding="utf-8")
    (home / "config").write_text(
        "download-timeout 30\ndownload-retries 1\nreload-threads 1\n", encoding="utf-8"
    )
    newsboat(home, "reload")
    with sqlite3.connect(home / "cache.db") as cache:
        named = {
            url for (url, title) in cache.execute("SELECT rssurl, title FROM rss_feed") if title
        }
        assert named == set(feeds), "newsboat read no title for some feed"
        return {
            feed: sorted(
                cache.execute(
                    "SELECT guid, title, url FROM rss_item WHERE feedurl = ? AND NOT deleted",
                    (feed,),
                )
            )
            for feed in feeds
        }


@pytest.mark.parametrize(
    ("path", "count"),
    [
        ("feed.atom", 42),  # every story stored from the demo sites
        ("feed.rss", 42),
        ("newsrooms/rs-mission-nato.rss", 16),  # the Serbian mission's, in three scripts
        ("newsrooms/nato-hq.atom", 15),
        ("feed.rss?language=sr-Cyrl&limit=3", 3),
    ],
)
def test_newsboat_lists_every_story_of_a_served_feed(
    served_demo: Served, tmp_path: Path, path: str, count: int
) -> None:
    feed = served_demo.url + path
    listed = subscribe(tmp_path / "newsboat", [feed])[feed]
    assert listed == entries(feed)
    assert len(listed) == count
    assert all(link.startswith("http") for _, _, link in listed)
    if "sr-" in path:  # Serbian titles (Cyrillic, or Latin with diacritics) arrive intact
        assert any(not title.isascii() for _, title, _ in listed)


def test_a_story_in_several_feeds_is_one_story_to_the_reader(
    served_demo: Served, tmp_path: Path
) -> None:
    """Subscribed to the Atom feed of everything, a newsroom's RSS feed and a filtered feed, the
    reader lists each story once: a story has one GUID in every feed and format."""
    feeds = [
        served_demo.url + "feed.atom",
        served_demo.url + "newsrooms/rs-mission-nato.rss",
        served_demo.url + "feed.rss?language=sr-Cyrl",
    ]
    listed = subscribe(tmp_path / "newsboat", feeds)
    served = {feed: entries(feed) for feed in feeds}
    for feed in feeds:
        assert set(listed[feed]) <= set(served[feed]), feed
    # A story keeps its GUID in every feed; its title and link are those of the script a feed
    # asks for (the sr-Cyrl feed gives the Cyrillic ones), so a story is counted by its GUID.
    guids = [guid for feed in feeds for guid, _, _ in listed[feed]]
    assert len(guids) == len(set(guids)) == 42  # each story once, every story there
    assert set(guids) == {guid for feed in feeds for guid, _, _ in served[feed]}
    unread = re.search(r"(\d+) unread articles?", newsboat(tmp_path / "newsboat", "print-unread"))
    assert unread and int(unread.group(1)) == 42
