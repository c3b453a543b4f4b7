"""Story-URL templates: the shapes of the addresses a newsroom's new stories were found at are
learned crawl after crawl (``story_template``), each run counts its new stories at learned and
at new templates, and health warns when new stories stop matching what was learned."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.core.sitelinks import template
from crawler.reports.health import check_health
from storage.runs import CrawlRuns
from storage.templates import StoryTemplates
from tests.support.databases import url_at
from tests.support.loopback_crawls import KEY, crawl_site
from tests.support.loopback_site import Page, serve_site
from tests.support.pages import story

slugs = st.text(alphabet="abcdefghij-", min_size=1, max_size=20).filter(lambda s: s.strip("-"))


@given(st.integers(1990, 2030), slugs, slugs)
def test_stories_of_one_listing_share_a_template(year: int, one: str, other: str) -> None:
    host = "https://jfcnaples.nato.int/mlo/news/news-archive-m"
    assert template(f"{host}/{year}/{one}") == template(f"{host}/2017/{other}")
    assert (
        template(f"{host}/{year}/{one}") == "jfcnaples.nato.int/mlo/news/news-archive-m/<n>/<slug>"
    )
    assert template(f"https://jfcnaples.nato.int/about/{one}") != template(f"{host}/2017/{other}")


def test_a_query_template_names_its_fields_not_their_values() -> None:
    url = "http://n.example/lat/news.php?subaction=showfull&id={}&archive=&ucat=1"
    assert template(url.format(1498741800)) == template(url.format(7))
    assert template(url.format(7)) == "n.example/lat/news.php?archive&id&subaction&ucat"


def test_learning_adds_up_per_newsroom_and_template(tmp_path: Path) -> None:
    templates = StoryTemplates.open(url_at(tmp_path / "stories.sqlite3"))
    first, later = datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 2, tzinfo=UTC)
    try:
        templates.learn("a", {"n.example/news/<id>": 3}, first)
        templates.learn("a", {"n.example/news/<id>": 2, "n.example/vesti/<slug>": 1}, later)
        templates.learn("b", {"n.example/news/<id>": 5}, later)
        learned = templates.of_newsroom("a")
    finally:
        templates.close()
    assert {t: (v.stories, v.first_seen, v.last_seen) for t, v in learned.items()} == {
        "n.example/news/<id>": (5, first, later),
        "n.example/vesti/<slug>": (1, later, later),
    }


def _pages(stories: dict[str, str]) -> dict[str, Page]:
    links = "".join(f'<li><a href="{path}">{title}</a></li>' for path, title in stories.items())
    home = f"<html><body><h1>News</h1><ul>{links}</ul></body></html>".encode()
    pages = {"/": Page(lambda: [home], headers={"Content-Type": "text/html; charset=utf-8"})}
    for n, (path, title) in enumerate(stories.items()):
        pages[path] = story(n, title)
    return pages


@pytest.mark.crawl
def test_crawls_learn_where_stories_live_and_health_sees_them_move(tmp_path: Path) -> None:
    first = {f"/news/{n}.html": f"Liaison office story number {n}" for n in range(3)}
    more = {**first, **{f"/news/{n}.html": f"Liaison office story number {n}" for n in (3, 4)}}
    moved = {**more, "/aktuelno/vest-a": "Story at a new address", "/aktuelno/vest-b": "And one"}
    with serve_site(lambda origin: _pages(first)) as site:
        crawls = [crawl_site(tmp_path, site, sitemap=False)]
        site.pages = _pages(more)
        crawls.append(crawl_site(tmp_path, site, sitemap=False))
        runs = CrawlRuns.open(url_at(tmp_path / "newsroom.sqlite3"))
        try:
            assert check_health(runs, [KEY]) == []
            site.pages = _pages(moved)
            crawls.append(crawl_site(tmp_path, site, sitemap=False))
            problems = check_health(runs, [KEY])
        finally:
            runs.close()
    counts = [
        (c.run.counters.get("templates/known", 0), c.run.counters.get("templates/new", 0))
        for c in crawls
    ]
    assert counts == [(0, 3), (2, 0), (0, 2)]
    [problem] = problems
    assert problem.message.startswith("story URLs changed?")
    templates = StoryTemplates.open(url_at(tmp_path / "newsroom.sqlite3"))
    try:
        learned = templates.of_newsroom(KEY)
    finally:
        templates.close()
    host = site.origin.removeprefix("http://")
    assert {t: v.stories for t, v in learned.items()} == {
        f"{host}/news/<id>": 5,
        f"{host}/aktuelno/<slug>": 2,
    }
