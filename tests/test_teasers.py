"""A listing's teasers state their stories' days beside their links (`crawler.extraction.
teasers`): a page read as a listing names them, the crawl hands each to the request for its
page, and a story page that states no day of its own takes its teaser's (``Source.TEASER``)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.core.items import Article, Reason, Rejected, Source
from crawler.extraction import extract
from tests.support.cli import run_cli
from tests.support.databases import url_at
from tests.support.loopback_crawls import crawl_site, newsroom
from tests.support.loopback_site import Page, serve_site
from tests.support.pages import story

SITE = "https://n.example"
NEWSROOM = newsroom(f"{SITE}/news")
FETCHED = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
TITLES = [
    "Draft strategy for mineral resources presented to municipalities",
    "Energy efficiency grants for households: second call published",
    "World Water Day: schools invited to the ministry's open day",
]
DAYS = [date(2024, 4, 10), date(2024, 4, 3), date(2024, 3, 20)]


def _slug(title: str) -> str:
    return "-".join("".join(c for c in w if c.isalnum()) for w in title.lower().split())


def _listing(items: list[str], **extra: str) -> bytes:
    """A news page: a menu, then one ``<li>`` per teaser in ``items``."""
    menu = "".join(f'<li><a href="/{p}">{p.title()}</a></li>' for p in ("about", "contact"))
    return (
        "<html><head><title>News</title></head><body>"
        f'<ul class="menu">{menu}</ul><h1>News</h1><ul class="news">{"".join(items)}</ul>'
        f"{extra.get('after', '')}</body></html>"
    ).encode()


def _teaser(title: str, day: str, category: str = "") -> str:
    return (
        f'<li class="item"><span class="date">{day}</span>'
        f'<a class="title" href="/news/{_slug(title)}">{title}</a>{category}'
        f"<p>{title} — the ministry says more about it on its page&hellip;</p></li>"
    )


def _dates(html: bytes) -> dict[str, date]:
    result = extract(html, f"{SITE}/news", NEWSROOM, FETCHED, listing=True)
    assert isinstance(result, Rejected)
    assert result.reason is Reason.LISTING
    return dict(result.teaser_dates)


def test_a_listing_names_the_day_each_teaser_states_beside_its_link() -> None:
    html = _listing([_teaser(t, f"{d.day} {d:%B %Y}") for t, d in zip(TITLES, DAYS, strict=True)])
    assert _dates(html) == {f"{SITE}/news/{_slug(t)}": d for t, d in zip(TITLES, DAYS, strict=True)}


def test_a_link_every_teaser_shares_does_not_hide_their_days() -> None:
    shared = ' <a class="cat" href="/news/category/energy">Energy</a>'
    html = _listing(
        [_teaser(t, f"{d:%d.%m.%Y}.", shared) for t, d in zip(TITLES, DAYS, strict=True)]
    )
    dates = _dates(html)
    assert dates == {f"{SITE}/news/{_slug(t)}": d for t, d in zip(TITLES, DAYS, strict=True)}
    assert f"{SITE}/news/category/energy" not in dates


@pytest.mark.parametrize(
    "extra",
    [
        '<a href="https://www.facebook.com/sharer?u=x">Share</a>',  # a share button
        '<a href="/author/{n}">Jane Doe</a>',  # its author, each a page of its own
        '<a href="/news/{slug}"><img src="/i/{n}.jpg" alt=""></a>',  # its picture, again
    ],
)
def test_a_teasers_buttons_and_its_picture_are_part_of_it(extra: str) -> None:
    items = [
        _teaser(t, f"{d.day} {d:%B %Y}").replace(
            "</li>", extra.format(n=n, slug=_slug(t)) + "</li>"
        )
        for n, (t, d) in enumerate(zip(TITLES, DAYS, strict=True))
    ]
    assert _dates(_listing(items)) == {
        f"{SITE}/news/{_slug(t)}": d for t, d in zip(TITLES, DAYS, strict=True)
    }


def test_no_day_for_a_teaser_without_one_nor_for_a_link_in_a_long_text() -> None:
    long = " ".join(["The ministry"] * 80)
    prose = (
        f'<div class="intro"><p>{long} on 2 February 2024, as the '
        f'<a href="/news/a-strategy-of-the-year-announced">strategy</a> says.</p></div>'
    )
    html = _listing([_teaser(TITLES[0], ""), _teaser(TITLES[1], "3 April 2024")], after=prose)
    assert _dates(html) == {f"{SITE}/news/{_slug(TITLES[1])}": DAYS[1]}


def test_no_day_for_a_page_of_another_site_nor_for_the_listing_itself() -> None:
    elsewhere = (
        '<li><span>1 May 2024</span> <a href="https://other.example/news/elsewhere">There</a></li>'
        '<li><span>2 May 2024</span> <a href="/news">This very page</a></li>'
    )
    html = _listing([elsewhere, _teaser(TITLES[1], "3 April 2024")])
    assert _dates(html) == {f"{SITE}/news/{_slug(TITLES[1])}": DAYS[1]}


def test_a_page_two_teasers_date_differently_gets_no_day() -> None:
    html = _listing([_teaser(TITLES[0], "10 April 2024"), _teaser(TITLES[0], "3 April 2024")])
    assert _dates(html) == {}


def test_a_day_after_the_fetch_is_no_teasers_day() -> None:
    html = _listing([_teaser(TITLES[0], "10 April 2027"), _teaser(TITLES[1], "3 April 2024")])
    assert _dates(html) == {f"{SITE}/news/{_slug(TITLES[1])}": DAYS[1]}


@given(st.lists(st.sampled_from(range(len(TITLES))), min_size=2, max_size=8))
def test_every_day_named_is_the_one_its_teasers_state(order: list[int]) -> None:
    items = [_teaser(TITLES[i], f"{DAYS[i].day} {DAYS[i]:%B %Y}") for i in order]
    dates = _dates(_listing(items))
    truth = {f"{SITE}/news/{_slug(TITLES[i])}": DAYS[i] for i in set(order)}
    assert dates.items() <= truth.items()
    if len(set(order)) == len(order):  # each story in one teaser: each named
        assert dates == truth


def _undated_story(title: str) -> bytes:
    html = b"".join(story(TITLES.index(title), title).body())
    return html.replace(b"<p>Brussels, 24 November 2026</p>", b"")


def _read(html: bytes, url: str, teaser: date | None) -> Article:
    result = extract(html, url, NEWSROOM, FETCHED, teaser_date=teaser)
    assert not isinstance(result, Rejected), result
    (article,) = result
    return article


def test_a_story_that_states_no_day_takes_its_teasers() -> None:
    url = f"{SITE}/news/{_slug(TITLES[0])}"
    assert _read(_undated_story(TITLES[0]), url, None).published is None
    article = _read(_undated_story(TITLES[0]), url, DAYS[0])
    assert article.published == DAYS[0]
    assert article.provenance["published"] is Source.TEASER


def test_a_story_that_states_its_day_keeps_it_and_a_future_teaser_day_is_none() -> None:
    url = f"{SITE}/news/{_slug(TITLES[0])}"
    dated = b"".join(story(1, TITLES[0]).body())
    assert _read(dated, url, DAYS[0]).published == date(2026, 11, 24)
    assert _read(_undated_story(TITLES[0]), url, date(2026, 12, 25)).published is None


@pytest.mark.crawl
def test_a_crawl_dates_a_story_by_its_listings_teaser(tmp_path: Path) -> None:
    def pages(origin: str) -> dict[str, Page]:
        days = [f"{d.day} {d:%B %Y}" for d in DAYS]
        home = _listing([_teaser(t, d) for t, d in zip(TITLES, days, strict=True)])
        found = {"/": Page(lambda: [home], headers={"Content-Type": "text/html; charset=utf-8"})}
        for title in TITLES:
            body = _undated_story(title)
            found[f"/news/{_slug(title)}"] = Page(
                lambda body=body: [body], headers={"Content-Type": "text/html; charset=utf-8"}
            )
        return found

    with serve_site(pages) as site:
        crawl_site(tmp_path, site, sitemap=False)
    exported = run_cli("export", "--db", url_at(tmp_path / "newsroom.sqlite3")).stdout
    stored = {row["url"]: row for row in map(json.loads, exported.splitlines())}
    assert {url: row["published"] for url, row in stored.items()} == {
        f"{site.origin}/news/{_slug(t)}": d.isoformat() for t, d in zip(TITLES, DAYS, strict=True)
    }
