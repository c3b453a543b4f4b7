"""Crawl accuracy on the bundled snapshot sites, against a naive crawler.

Usage: ``python bench/fixture_accuracy.py``. Runs ``newsroom demo`` (the real spiders over
the snapshots on 127.0.0.1) and scores the stored stories against each site's
``expected.json``. The naive row is "Scrapy + trafilatura + URL dedup" over every HTML page
of the snapshot: trafilatura's text, the page's <title>, htmldate's guess, one story per
w3lib-canonical URL. Prints one table row per site and crawler.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import trafilatura
from htmldate import find_date
from w3lib.encoding import html_to_unicode
from w3lib.url import canonicalize_url

from crawler.core import clock
from crawler.core.newsrooms import load_newsrooms
from crawler.snapshots import DEMO_SITES, load_snapshot
from crawler.snapshots.groundtruth import Score, load_expected, score
from storage.repository import Repository, StoredStory


def naive(site: Path) -> list[StoredStory]:
    """What a URL-dedup crawler stores: every page trafilatura finds text on, once per URL."""
    snapshot = load_snapshot(site)
    stories: dict[str, StoredStory] = {}
    for target, route in snapshot.routes.items():
        if route.file is None or route.status != 200 or not route.file.suffix.startswith(".htm"):
            continue
        _, html = html_to_unicode(route.content_type, route.file.read_bytes())
        url = canonicalize_url(snapshot.origin + target)
        document = trafilatura.bare_extraction(html, url=url, with_metadata=True)
        text = getattr(document, "text", None)
        if not text or url in stories:
            continue
        tree_title = html.split("<title>", 1)[-1].split("</title>", 1)[0].strip()
        found = find_date(html, original_date=True)
        stories[url] = StoredStory(
            id=len(stories),
            guid="",
            newsroom=site.name,
            url=url,
            urls=(url,),
            sources=(),
            title=tree_title,
            text=text,
            byline=None,
            language=None,
            languages=(),
            published=date.fromisoformat(found) if found else None,
            updated=None,
            first_seen=clock.now(),
            last_seen=clock.now(),
        )
    return list(stories.values())


def row(site: str, crawler: str, result: Score, stored: int) -> str:
    dates, titles = result.rate(result.dates_right), result.rate(result.titles_right)
    urls = result.rate(result.urls_complete)
    return (
        f"| {site:<18} | {crawler:<14} | {result.present:>7} | {result.found:>5} | {stored:>6} "
        f"| {result.duplicated:>10} | {result.spurious:>8} | {dates:>5.0%} | {titles:>6.0%} "
        f"| {urls:>9.0%} |"
    )


def main() -> None:
    registry = load_newsrooms(DEMO_SITES / "newsrooms.toml")
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(
            [sys.executable, "-m", "crawler.cli", "demo", "--out", out, "--log-level", "ERROR"],
            check=True,
            capture_output=True,
        )
        repository = Repository.open(f"sqlite:///{out}/newsroom.sqlite3")
        print(
            "| site               | crawler        | present | found | stored | duplicated "
            "| spurious | dates | titles | URLs kept |"
        )
        print(
            f"|{'-' * 20}|{'-' * 16}|{'-' * 9}|{'-' * 7}|{'-' * 8}|{'-' * 12}|{'-' * 10}"
            f"|{'-' * 7}|{'-' * 8}|{'-' * 11}|"
        )
        for key, newsroom in registry.items():
            expected = load_expected(DEMO_SITES / key)
            ours = repository.stories(newsroom=key)
            print(row(key, "newsroom", score(ours, expected, newsroom.family), len(ours)))
            baseline = naive(DEMO_SITES / key)
            print(row(key, "naive", score(baseline, expected, "generic"), len(baseline)))
        repository.close()


if __name__ == "__main__":
    main()
