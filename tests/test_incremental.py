"""Re-crawls: what a crawl asks a newsroom's server for when it has crawled the site before.

Day 1 serves the demo sites and crawls them into a SQLite file. Each scenario copies that file
and crawls one newsroom again, served from an overlay in ``tests/recrawl/`` (its README.md
describes each one), through the CLI like ``tests/test_days.py``. The tests read what the
snapshot servers were asked (`crawler.snapshots.Hit`), the crawl summary and the export.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest

from crawler.core.families import FAMILIES
from crawler.core.keys import canonical_url
from crawler.snapshots import DEMO_SITES
from storage.runs import CrawlRuns, RunRecord
from tests.support.crawls import (
    HQ,
    MLO,
    NEXT_DAY,
    RECRAWL,
    RS,
    Crawl,
    Days,
    copy_database,
    crawl_snapshots,
    next_day,
)

pytestmark = pytest.mark.crawl


def older_pages(family: str, origin: str, paths: Iterable[str]) -> set[str]:
    """The paths that are older pages of a listing (the family's ``pagination``), their
    queries' fields sorted (a page is asked for as its links write it: `written_url`)."""
    rules = FAMILIES[family].url_rules
    canonical = (canonical_url(origin + p, rules) for p in paths)
    return {u.removeprefix(origin) for u in canonical if FAMILIES[family].is_pagination_url(u)}


def new_guids(before: Crawl, after: Crawl) -> set[str]:
    return {r["id"] for r in after.export} - {r["id"] for r in before.export}


def same_old_stories(before: Crawl, after: Crawl) -> bool:
    """Every story stored before is exported exactly as it was."""
    now = {r["id"]: r for r in after.export}
    return all(now.get(r["id"]) == r for r in before.export)


# -- 1. a new story at the top of a paged listing -----------------------------------------------

NEW_STORY = RECRAWL / "new-story" / "rs-mission-nato"
NEW_RS = RS + "/index.php?id=1513159200&subaction=showfull"
RS_OLDER = {
    "/index.php?start_from=0",
    "/index.php?start_from=4",
    "/index.php?start_from=8",
    "/index.php?subaction=list-archive",
    "/index.php?archive=1483228800&subaction=list-archive",
    "/lat/index.php?subaction=list-archive",
    "/cir/index.php?subaction=list-archive",
}


@dataclass(frozen=True)
class NewStory:
    normal: Crawl
    backfill: Crawl


@pytest.fixture(scope="module")
def new_story(day_one: Days) -> NewStory:
    """The CuteNews newsroom with one new story on top of its front page, crawled twice from
    day 1's database: as usual, and with ``BACKFILL``."""
    key = "rs-mission-nato"
    normal = next_day(day_one, "new-story", NEW_STORY, key)
    backfill = next_day(day_one, "new-story-backfill", NEW_STORY, key, "BACKFILL=True")
    return NewStory(normal, backfill)


def test_day_one_walks_every_older_page_of_the_cutenews_listings(day_one: Days) -> None:
    assert older_pages("cutenews", RS, day_one.one.paths(RS)) == RS_OLDER


def test_a_new_story_on_top_of_the_listing_is_stored(day_one: Days, new_story: NewStory) -> None:
    crawl = new_story.normal
    story = crawl.row(NEW_RS)
    assert story["title"] == "Serbian experts take part in NATO cyber defence exercise"
    assert story["published"] == "2017-12-13"
    assert story["urls"] == [NEW_RS]
    assert story["text"].startswith("Brussels, 13 December 2017 - A team of experts")
    assert new_guids(day_one.one, crawl) == {story["id"]}
    assert same_old_stories(day_one.one, crawl)
    assert crawl.summary["rs-mission-nato"]["new"] == "1"


def test_the_re_crawl_walks_only_older_pages_linked_from_a_page_with_news(
    new_story: NewStory,
) -> None:
    # The front page shows the new story: the pages it links are walked (pages 2 and 3 changed,
    # the archive list did not). Pages 2 and 3 show only stored stories, so what only they link
    # (start_from=0) is not; the archive behind the unchanged archive list is not either.
    crawl = new_story.normal
    assert older_pages("cutenews", RS, crawl.paths(RS)) == {
        "/index.php?start_from=4",
        "/index.php?start_from=8",
        "/index.php?subaction=list-archive",
    }
    for page, status in [
        ("/", 200),
        ("/index.php?start_from=4", 200),
        ("/index.php?start_from=8", 200),
        ("/index.php?subaction=list-archive", 304),
    ]:
        assert [(h.conditional, h.status) for h in crawl.asked(RS, page)] == [(True, status)]


def test_a_backfill_on_the_same_day_walks_every_older_page(new_story: NewStory) -> None:
    crawl = new_story.backfill
    assert older_pages("cutenews", RS, crawl.paths(RS)) == RS_OLDER
    assert not [hit for hit in crawl.hits if hit.conditional]
    assert crawl.row(NEW_RS)["title"] == new_story.normal.row(NEW_RS)["title"]


# -- 2. a late-published story in the middle of a listing page -----------------------------------

LATE_STORY = HQ + "/cps/en/natohq/news_125871.htm"


@pytest.fixture(scope="module")
def late_story(day_one: Days) -> Crawl:
    site = RECRAWL / "late-story" / "nato-hq"
    return next_day(day_one, "late-story", site, "nato-hq")


def test_a_late_story_in_the_middle_of_a_listing_page_is_stored(
    day_one: Days, late_story: Crawl
) -> None:
    story = late_story.row(LATE_STORY)
    assert story["title"] == "Civil emergency planners review lessons from a year of crises"
    assert story["published"] == "2015-12-01"
    assert story["urls"] == [LATE_STORY]
    assert story["text"].startswith("Senior civil emergency planners from Allied and partner")
    assert new_guids(day_one.one, late_story) == {story["id"]}
    assert same_old_stories(day_one.one, late_story)


def test_the_late_story_was_found_through_the_listing(late_story: Crawl) -> None:
    # The feed and the sitemap did not change (304): only the listing links the story.
    asked = {
        path: [(h.conditional, h.status) for h in late_story.asked(HQ, path)]
        for path in (
            "/cps/en/natohq/news.htm",
            "/cps/en/natohq/news_125871.htm",
            "/cps/rss/en/natohq/rssFeed.xsl/rssFeed.xml",
            "/sitemap.xml",
        )
    }
    assert asked == {
        "/cps/en/natohq/news.htm": [(True, 200)],
        "/cps/en/natohq/news_125871.htm": [(False, 200)],
        "/cps/rss/en/natohq/rssFeed.xsl/rssFeed.xml": [(True, 304)],
        "/sitemap.xml": [(True, 304)],
    }


# -- 3. a page that answers 500 once ------------------------------------------------------------

RETRIED = "/cps/en/natohq/news_125868.htm"


@pytest.fixture(scope="module")
def retry(day_one: Days) -> Crawl:
    site = RECRAWL / "retry" / "nato-hq"
    return next_day(day_one, "retry", site, "nato-hq", "RETRY_BACKOFF_BASE=0.1")


def test_a_page_that_errs_once_is_asked_again(retry: Crawl) -> None:
    assert [(h.conditional, h.status) for h in retry.asked(HQ, RETRIED)] == [
        (False, 500),
        (False, 200),
    ]


def test_a_story_whose_page_erred_once_is_stored(day_one: Days, retry: Crawl) -> None:
    story = retry.row(HQ + RETRIED)
    assert story["title"] == "Serbian and Allied instructors share experience in defence education"
    assert story["published"] == "2015-12-17"
    assert new_guids(day_one.one, retry) == {story["id"]}


def test_a_retry_that_recovered_is_not_a_crawl_error(retry: Crawl) -> None:
    row = retry.summary["nato-hq"]
    assert (row["status"], row["new"], row["errors"]) == ("finished", "1", "0")


@dataclass(frozen=True)
class Outage:
    down: Crawl  # the story's page answers 500 to every request
    back: Crawl  # the next crawl: the page answers again


@pytest.fixture(scope="module")
def outage(day_one: Days, tmp_path_factory: pytest.TempPathFactory) -> Outage:
    """The retry day, but the new story's page answers 500 to all 3 tries; then the retry
    day again (its page answers after one 500), crawled from the first one's database."""
    retry_site = RECRAWL / "retry" / "nato-hq"
    down_site = tmp_path_factory.mktemp("outage") / "nato-hq"
    down_site.mkdir()
    (down_site / "site.toml").write_text(
        f'extends = "{retry_site}"\n\n[[route]]\nurl = "{RETRIED}"\n'
        f'file = "{retry_site / "pages" / "en" / "news_125868.html"}"\nfail_first = 1000\n',
        encoding="utf-8",
    )
    down = next_day(day_one, "outage", down_site, "nato-hq", "RETRY_BACKOFF_BASE=0.1")
    database = copy_database(down.database, day_one.home / "outage-back.sqlite3")
    back = crawl_snapshots([retry_site], database, "RETRY_BACKOFF_BASE=0.1", only="nato-hq")
    return Outage(down, back)


def test_a_story_page_that_keeps_failing_is_an_error_of_the_run(outage: Outage) -> None:
    assert [h.status for h in outage.down.asked(HQ, RETRIED)] == [500, 500, 500]
    row = outage.down.summary["nato-hq"]
    assert (row["new"], row["errors"]) == ("0", "1")
    assert not [r for r in outage.down.export if HQ + RETRIED in r["urls"]]


def test_the_listing_that_linked_a_failed_story_is_read_in_full_next_time(
    outage: Outage,
) -> None:
    # The listing answered 200 while the story failed: its ETag would make the next crawl's
    # request answer 304, hiding the story until the listing's next full fetch.
    listing = "/cps/en/natohq/news.htm"
    assert [(h.conditional, h.status) for h in outage.back.asked(HQ, listing)] == [(False, 200)]
    story = outage.back.row(HQ + RETRIED)
    assert story["title"] == "Serbian and Allied instructors share experience in defence education"


# -- 4. listings fetched without validators -----------------------------------------------------


@pytest.fixture(scope="module")
def full_fetch(day_one: Days) -> Crawl:
    """The new-story day of the CuteNews newsroom with ``FULL_FETCH_HOURS=0``."""
    key = "rs-mission-nato"
    return next_day(day_one, "full-fetch", NEW_STORY, key, "FULL_FETCH_HOURS=0")


def test_full_fetch_hours_zero_asks_for_listings_without_validators(full_fetch: Crawl) -> None:
    family = FAMILIES["cutenews"]
    # As the spider tells them apart: a story URL first (an archived story's URL names its
    # archive, as archive pages do).
    stories = [h for h in full_fetch.hits if family.is_story_url(RS + h.path)]
    listings = [
        h for h in full_fetch.hits if h not in stories and family.is_listing_url(RS + h.path)
    ]
    assert {h.path for h in listings} >= {"/", "/lat/", "/cir/", "/index.php?start_from=4"}
    assert [h for h in listings if h.conditional or h.status != 200] == []
    # Stories keep their validators: only the new one is asked for without.
    assert [canonical_url(RS + h.path) for h in stories if not h.conditional] == [NEW_RS]
    assert {h.status for h in stories if h.conditional} == {304}
    assert full_fetch.row(NEW_RS)["published"] == "2017-12-13"


STALE_ETAG = RECRAWL / "stale-etag" / "rs-mission-nato"


@pytest.fixture(scope="module")
def stale_etag(day_one: Days) -> tuple[Crawl, Crawl]:
    """The front page gains a story but keeps day 1's ETag: crawled as usual, then with
    ``FULL_FETCH_HOURS=0`` (as a day later, when listings are due for a full fetch)."""
    key = "rs-mission-nato"
    usual = next_day(day_one, "stale-etag", STALE_ETAG, key)
    full = crawl_snapshots([STALE_ETAG], usual.database, *NEXT_DAY, "FULL_FETCH_HOURS=0", only=key)
    return usual, full


def test_a_stale_etag_cannot_hide_a_new_story(stale_etag: tuple[Crawl, Crawl]) -> None:
    usual, full = stale_etag
    # The server answers day 1's validator with 304: the change is invisible to it...
    assert ("/", 304) in [(h.path, h.status) for h in usual.hits]
    assert all(NEW_RS not in row["urls"] for row in usual.export)
    # ...until the listing's full fetch, without validators, which finds the story.
    assert ("/", 200, False) in [(h.path, h.status, h.conditional) for h in full.hits]
    assert full.row(NEW_RS)["published"] == "2017-12-13"


# -- 5. an unchanged site -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def unchanged(day_one: Days) -> Crawl:
    site = DEMO_SITES / "nato-mlo-belgrade"
    return next_day(day_one, "unchanged", site, "nato-mlo-belgrade")


def test_an_unchanged_site_is_asked_only_conditionally_for_known_pages(
    day_one: Days, unchanged: Crawl
) -> None:
    asked = [hit for hit in unchanged.hits if hit.path != "/robots.txt"]
    assert [(h.path, h.status) for h in asked if not h.conditional or h.status != 304] == []
    # Its three start pages and every URL of its stored stories (all due for a re-check), once.
    stored = [
        urlsplit(url).path
        for row in day_one.one.export
        if row["newsroom"] == "nato-mlo-belgrade"
        for url in row["urls"]
    ]
    starts = ["/mlo_belgrade/newsroom", "/mlo_belgrade/lat/newsroom", "/mlo_belgrade/cir/newsroom"]
    assert sorted(h.path for h in asked) == sorted(starts + stored)
    assert {h.path for h in asked} <= set(day_one.one.paths(MLO))


def test_an_unchanged_site_stores_nothing_new(day_one: Days, unchanged: Crawl) -> None:
    assert sorted(unchanged.export, key=lambda r: r["id"]) == sorted(
        day_one.one.export, key=lambda r: r["id"]
    )
    row = unchanged.summary["nato-mlo-belgrade"]
    assert (row["new"], row["updated"], row["gone"], row["errors"]) == ("0", "0", "0", "0")


# -- 6. servers whose validators do not help ----------------------------------------------------

MLO_SITE = DEMO_SITES / "nato-mlo-belgrade"


@dataclass(frozen=True)
class Revalidated:
    mode: str
    first: Crawl  # the first crawl from that server, after day 1's
    second: Crawl  # and the one after it: every body as it was read before


@pytest.fixture(scope="module", params=["none", "wrong", "constant"])
def revalidated(
    request: pytest.FixtureRequest, day_one: Days, tmp_path_factory: pytest.TempPathFactory
) -> Revalidated:
    """The unchanged MLO site behind a server that sends no validator (``none``), a new one on
    every answer (``wrong``), or one for every page that never changes (``constant``), crawled
    twice after day 1."""
    mode = request.param
    overlay = tmp_path_factory.mktemp(f"validators-{mode}") / "nato-mlo-belgrade"
    overlay.mkdir()
    (overlay / "site.toml").write_text(
        f"extends = {json.dumps(str(MLO_SITE))}\nvalidators = {json.dumps(mode)}\n"
    )
    key = "nato-mlo-belgrade"
    first = next_day(day_one, f"validators-{mode}", overlay, key)
    second = crawl_snapshots([overlay], first.database, *NEXT_DAY, only=key)
    return Revalidated(mode, first, second)


def last_run(crawl: Crawl, key: str = "nato-mlo-belgrade") -> RunRecord:
    runs = CrawlRuns.open(crawl.url)
    try:
        return runs.recent(newsroom=key, limit=1)[0]
    finally:
        runs.close()


def test_a_server_without_useful_validators_is_no_error(
    day_one: Days, revalidated: Revalidated
) -> None:
    for crawl in (revalidated.first, revalidated.second):
        row = crawl.summary["nato-mlo-belgrade"]
        assert (row["new"], row["updated"], row["gone"], row["errors"]) == ("0", "0", "0", "0")
        run = last_run(crawl)
        assert (run.status, run.errors, run.error_lines) == ("finished", 0, [])
        assert sorted(crawl.export, key=lambda r: r["id"]) == sorted(
            day_one.one.export, key=lambda r: r["id"]
        )


def test_an_identical_body_is_not_read_again_whatever_the_validators(
    revalidated: Revalidated,
) -> None:
    asked = [hit for hit in revalidated.second.hits if hit.path != "/robots.txt"]
    statuses = {hit.status for hit in asked}
    if revalidated.mode == "constant":
        assert statuses == {304}  # the server says nothing changed, and nothing did
    else:
        assert statuses == {200}  # every page in full: the body hash is all the crawler has
    counters = last_run(revalidated.second).counters
    same = counters.get("fetch/not-modified", 0) + counters.get("fetch/unchanged", 0)
    assert same == len(asked)
