"""A page is asked for at its canonical address (its query's fields sorted, tracking fields
dropped), so that one page linked in many spellings is fetched once; a server that answers only
the address as its page wrote it (a Liferay pager, "?p_p_id=...&..._cur=2") is asked so, once,
when the canonical address is not there."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.loopback_crawls import crawl_site
from tests.support.loopback_site import Page, serve_site
from tests.support.pages import story


def _html(body: str) -> Page:
    html = f"<html><head><title>Embassy news</title></head><body>{body}</body></html>"
    return Page(lambda: [html.encode()], headers={"Content-Type": "text/html; charset=utf-8"})


def _pages(origin: str) -> dict[str, Page]:
    return {
        "/": _html(
            "<ul><li><a href='/news?p_p_id=list&p_p_lifecycle=0&_list_cur=2'>2</a></li>"
            "<li><a href='/gone?zone=1&area=2'>An old page</a></li></ul>"
        ),
        # Only as written: the fields in the page's order, not sorted.
        "/news?p_p_id=list&p_p_lifecycle=0&_list_cur=2": _html(
            "<h2><a href='/story-1.html'>Ambassador visits Novi Sad</a></h2>"
            "<h2><a href='/view?seq=7&board=news'>Consular days in Subotica</a></h2>"
        ),
        "/story-1.html": story(1, "Ambassador visits Novi Sad"),
        "/view?seq=7&board=news": story(7, "Consular days in Subotica"),
    }


@pytest.mark.crawl
def test_a_server_that_answers_only_the_address_as_written_is_asked_so(tmp_path: Path):
    with serve_site(_pages) as site:  # type: ignore[arg-type]
        crawl = crawl_site(tmp_path, site, sitemap=False)
    # Stored at its canonical address, as every story is.
    assert crawl.stored == {f"{site.origin}/story-1.html", f"{site.origin}/view?board=news&seq=7"}
    # The canonical address first, then the page's own spelling, once each.
    assert site.asked.count("/news?_list_cur=2&p_p_id=list&p_p_lifecycle=0") == 1
    assert site.asked.count("/news?p_p_id=list&p_p_lifecycle=0&_list_cur=2") == 1
    assert site.asked.count("/gone?area=2&zone=1") == 1
    assert site.asked.count("/gone?zone=1&area=2") == 1
    # A page not there in either spelling is gone, counted once (robots.txt, asked for by the
    # spider, is not there either); the pages found when asked again are not.
    assert crawl.run.counters["pages/http-404"] == 1 + site.asked.count("/robots.txt")
