"""A listing whose pager a script writes (the TRS CMS of Chinese government sites:
``createPageHTML(3, 0, "index", "htm")`` writes links to index_1.htm and index_2.htm, none of
them in the page's markup): its older pages are followed, and the stories only they list are
found."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scrapy.http import HtmlResponse

from crawler.components.workers import SCRIPT_PAGER_PAGES, page_links, script_pager
from tests.support.loopback_crawls import crawl_site, newsroom
from tests.support.loopback_site import Page, serve_site
from tests.support.pages import story


def _listing(items: str, script: str) -> bytes:
    return (
        f"<html><head><title>News</title></head><body><ul>{items}</ul>"
        "<div class='pages'><script src='../images/page.js'></script>"
        f"<script>{script}</script></div></body></html>"
    ).encode()


@given(st.integers(0, 200), st.data())
def test_the_pages_a_script_pager_writes_are_its_links(count: int, data: st.DataObject) -> None:
    current = data.draw(st.integers(0, max(count - 1, 0)))
    body = _listing("", f'createPageHTML({count}, {current}, "index", "htm");')
    response = HtmlResponse("https://n.example/sgdt/", body=body, encoding="utf-8")
    pages = script_pager(response)
    shown = min(count, SCRIPT_PAGER_PAGES)
    expected = [f"https://n.example/sgdt/index_{n}.htm" for n in range(1, shown) if n != current]
    assert pages == expected
    links = page_links(response, newsroom("https://n.example/"), 100)
    assert [url for url in links.found if "index_" in url] == expected


def test_a_script_that_writes_no_pager_adds_no_link() -> None:
    for script in ('show(3, 0, "menu")', 'track("index", "htm", 3, 0)', "var pages = 3;"):
        response = HtmlResponse("https://n.example/", body=_listing("", script), encoding="utf-8")
        assert script_pager(response) == []


@pytest.mark.crawl
def test_a_story_only_a_script_pagers_older_page_lists_is_found(tmp_path: Path) -> None:
    def pages(origin: str) -> dict[str, Page]:
        def listing(numbers: range, current: int) -> Page:
            items = "".join(
                f"<li><a href='./t{n}.htm'>Story number {n} of the embassy</a>"
                f"<span>2026-11-{n + 1:02d}</span></li>"
                for n in numbers
            )
            body = _listing(items, f'createPageHTML(2, {current}, "index", "htm");')
            return Page(lambda: [body], headers={"Content-Type": "text/html; charset=utf-8"})

        site = {"/": listing(range(6), 0), "/index_1.htm": listing(range(6, 8), 1)}
        for n in range(8):
            site[f"/t{n}.htm"] = story(n, f"Story number {n} of the embassy")
        return site

    with serve_site(pages) as site:
        crawl = crawl_site(tmp_path, site, sitemap=False)
    assert crawl.stored == {f"{site.origin}/t{n}.htm" for n in range(8)}
