"""A page is one page however its query is ordered (`canonical_url`), but it is asked for as its
site writes it (`written_url`): some servers read a query in their own order only (Liferay's
portlets), and a story found at such an address is checked again at that address, not at the
canonical one its server would answer with a 404."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.core.keys import canonical_url, written_url
from tests.support.cli import run_cli
from tests.support.databases import url_at
from tests.support.loopback_crawls import crawl_site
from tests.support.loopback_site import Page, serve_site
from tests.support.pages import story

names = st.text(alphabet="abcdefgh_", min_size=1, max_size=6)
values = st.text(alphabet="0123456789xyz", max_size=4)


@given(st.lists(st.tuples(names, values), max_size=6, unique_by=lambda p: p[0]))
def test_the_written_address_is_the_same_page_with_the_query_in_its_order(
    params: list[tuple[str, str]],
) -> None:
    url = f"https://n.example/web/news?{urlencode(params)}#top"
    written = written_url(url)
    assert canonical_url(written) == canonical_url(url)
    assert written_url(written) == written
    # Its fields in its own order, but for those the canonical address drops too ("_ga",
    # a tracker's, as the next test's "utm_source").
    kept = {name for name, _ in parse_qsl(urlsplit(canonical_url(url)).query, True)}
    assert parse_qsl(urlsplit(written).query, keep_blank_values=True) == [
        (name, value) for name, value in params if name in kept
    ]
    assert "#" not in written


def test_the_written_address_drops_what_the_canonical_one_drops() -> None:
    url = "https://n.example/news?utm_source=x&portlet=p&cur=2&fbclid=y"
    assert written_url(url) == "https://n.example/news?portlet=p&cur=2"
    assert canonical_url(url) == "https://n.example/news?cur=2&portlet=p"


#: Story pages a portal answers only with the query in its own order.
STORIES = {f"/web/news?portlet=pub&view=full&id={n}": f"Embassy story number {n}" for n in (7, 8)}


def _portal(stories: dict[str, str]) -> dict[str, Page]:
    links = "".join(f'<li><a href="{path}">{title}</a></li>' for path, title in stories.items())
    home = f"<html><body><h1>Current affairs</h1><ul>{links}</ul></body></html>".encode()
    pages = {"/": Page(lambda: [home], headers={"Content-Type": "text/html; charset=utf-8"})}
    for n, path in enumerate(STORIES):
        pages[path] = story(n, STORIES[path])
    return pages


def _export(tmp_path: Path) -> dict[str, dict[str, object]]:
    lines = run_cli("export", "--db", url_at(tmp_path / "newsroom.sqlite3")).stdout.splitlines()
    return {row["url"]: row for row in map(json.loads, lines)}


@pytest.mark.crawl
def test_a_story_is_asked_for_and_checked_again_as_its_site_writes_it(tmp_path: Path) -> None:
    due = ("RECHECK_FACTOR=0", "RECHECK_LEAST_HOURS=0")
    with serve_site(lambda origin: _portal(STORIES)) as site:
        crawl_site(tmp_path, site, sitemap=False)
        first = list(site.asked)
        # The stories leave the front page: only their own addresses show them now.
        site.pages = _portal({})
        crawl_site(tmp_path, site, *due, sitemap=False)
        again = site.asked[len(first) :]
    stored = _export(tmp_path)
    assert set(stored) == {canonical_url(site.origin + path) for path in STORIES}
    assert all(row["gone"] is None for row in stored.values())
    for path in STORIES:
        assert path in first
        assert path in again  # the recheck, at the address that answers
    sorted_forms = {urlsplit(canonical_url(site.origin + p)) for p in STORIES}
    assert not {f"{u.path}?{u.query}" for u in sorted_forms} & set(site.asked)
