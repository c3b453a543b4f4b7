"""Three crawls of sites that change between them, into one database and one feeds directory.

Day 1 serves the demo sites, day 2 the overlays in ``tests/days/day2`` (a re-post, a press
release from a shared template, an update, cosmetic changes, a moved story, a removed story,
new stories), day 3 the same sites again; ``tests/days/README.md`` describes each change. Each
crawl runs through the CLI like ``tests/test_crawl.py``; after each day the export, the Atom
feed and the crawl summary are kept, and the tests read what the crawls decided.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import feedparser
import pytest

from crawler.core.items import Rejected
from crawler.core.keys import (
    NEAR_DUPLICATE,
    canonical_url,
    content_hash,
    signature,
    similarity,
)
from crawler.core.newsrooms import load_newsrooms
from crawler.extraction import extract
from crawler.snapshots import DEMO_SITES, Hit, demo_sites, serve_snapshots
from storage.repository import Repository
from tests.support.cli import run_cli
from tests.support.databases import url_at

pytestmark = pytest.mark.crawl

NEWSROOMS = DEMO_SITES / "newsrooms.toml"
DAYS = Path(__file__).parent / "days"
KEYS = ("rs-mission-nato", "nato-mlo-belgrade", "nato-hq")

HQ = "https://www.nato.int/cps/en/natohq/"
MLO = "https://jfcnaples.nato.int/mlo_belgrade/newsroom/news-archive/"
RS = "http://nato-brussels.mfa.gov.rs/"

MLO_ORIGINAL = (
    MLO + "2023/secretary-general-visits-belgrade-underlines-the-importance-of-nato-s-partnership"
    "-with-serbia"
)
REPOST = HQ + "news_220491.htm"
TEMPLATE = HQ + "news_124980.htm"
FROM_TEMPLATE = HQ + "news_125880.htm"
UPDATED = HQ + "news_125290.htm"
COSMETIC = (HQ + "news_125470.htm", HQ + "news_125845.htm")
MOVED_FROM = MLO + "2023/mlo-belgrade-hosts-students-of-the-faculty-of-political-sciences"
MOVED_TO = MLO + "2023/political-sciences-students-visit-mlo-belgrade"
REMOVED = RS + "index.php?id=1491405000&subaction=showfull"
NEW_RS = RS + "index.php?id=1512483900&subaction=showfull"


@dataclass(frozen=True)
class Day:
    """What one day's crawl left: its summary table, the export and the Atom feed."""

    summary: dict[str, dict[str, str]]  # newsroom -> column -> value
    export: list[dict[str, Any]]
    feed: dict[str, datetime]  # entry id -> entry updated
    feed_valid: bool
    hits: list[Hit]  # what the crawl asked the servers for

    def row(self, url: str) -> dict[str, Any]:
        """The one exported story that lists ``url``."""
        rows = [r for r in self.export if url in r["urls"]]
        assert len(rows) == 1, f"{len(rows)} stories list {url}"
        return rows[0]

    def guids(self) -> set[str]:
        return {r["id"] for r in self.export}


@dataclass(frozen=True)
class World:
    url: str
    days: tuple[Day, ...]

    def versions(self, guid: str) -> list[tuple[int, str]]:
        repository = Repository.open(self.url)
        try:
            return [(v.number, v.text) for v in repository.versions(guid)]
        finally:
            repository.close()


def crawl(origins: dict[str, str], database_url: str, feeds: Path) -> str:
    return run_cli(
        "crawl",
        "--newsrooms",
        str(NEWSROOMS),
        "--db",
        database_url,
        "--feeds-dir",
        str(feeds),
        "--log-level",
        "WARNING",
        "-s",
        f"LOOPBACK_ORIGINS={json.dumps(origins)}",
        "-s",
        "AUTOTHROTTLE_ENABLED=False",
        # A day later every stored story is due for a re-check (crawls here are seconds apart).
        "-s",
        "RECHECK_FACTOR=0",
        "-s",
        "RECHECK_LEAST_HOURS=0",
    ).stdout


def summary_table(stdout: str) -> dict[str, dict[str, str]]:
    lines = [line.split() for line in stdout.splitlines() if line.strip()]
    header = next(line for line in lines if line[0] == "newsroom")
    return {line[0]: dict(zip(header, line, strict=True)) for line in lines if line[0] in KEYS}


def read_feed(path: Path) -> tuple[dict[str, datetime], bool]:
    parsed = feedparser.parse(path.read_bytes())
    entries = {e.id: datetime.fromisoformat(e.updated) for e in parsed.entries}
    assert len(entries) == len(parsed.entries), "an entry id repeats"
    return entries, not parsed.bozo


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    """Crawl day 1, day 2 and day 3 into one SQLite file and one feeds directory."""
    home = tmp_path_factory.mktemp("days")
    url = url_at(home / "newsroom.sqlite3")
    feeds = home / "feeds"
    days = []
    for sites in (
        demo_sites(),
        [DAYS / "day2" / key for key in KEYS],
        [DAYS / "day3" / key for key in KEYS],
    ):
        hits: list[Hit] = []
        with serve_snapshots(sites, hits) as origins:
            stdout = crawl(origins, url, feeds)
        export = [json.loads(line) for line in run_cli("export", "--db", url).stdout.splitlines()]
        feed, valid = read_feed(feeds / "all.atom")
        days.append(Day(summary_table(stdout), export, feed, valid, hits))
    return World(url, tuple(days))


def day(world: World, number: int) -> Day:
    return world.days[number - 1]


def entry(guid: str) -> str:
    return f"urn:uuid:{guid}"


# -- how many stories, and which ----------------------------------------------------------------


def test_day_one_stores_every_story_of_the_expected_files(world: World) -> None:
    expected = sum(
        len(json.loads((DEMO_SITES / key / "expected.json").read_text(encoding="utf-8"))["stories"])
        for key in KEYS
    )
    assert expected == 42
    assert len(day(world, 1).export) == expected


def test_day_two_adds_exactly_the_template_press_release_and_the_new_cutenews_story(
    world: World,
) -> None:
    one, two = day(world, 1), day(world, 2)
    new = {two.row(FROM_TEMPLATE)["id"], two.row(NEW_RS)["id"]}
    assert len(two.export) == 42 + 2
    assert two.guids() == one.guids() | new


def test_day_three_changes_nothing_stored(world: World) -> None:
    assert day(world, 3).export == day(world, 2).export


def test_the_new_cutenews_story_is_stored_with_its_title_date_and_own_url(world: World) -> None:
    story = day(world, 2).row(NEW_RS)
    title = "Chief of General Staff of the Serbian Armed Forces at NATO Headquarters"
    assert story["title"] == title
    assert story["published"] == "2017-12-05"
    assert story["urls"] == [NEW_RS]
    assert story["language"] == "en"
    assert story["text"].startswith("Brussels, 5 December 2017 - The Chief of General Staff")


# -- the feed -----------------------------------------------------------------------------------


def test_the_feed_gains_exactly_the_new_stories_on_day_two(world: World) -> None:
    one, two = day(world, 1), day(world, 2)
    new = {entry(two.row(FROM_TEMPLATE)["id"]), entry(two.row(NEW_RS)["id"])}
    assert set(two.feed) - set(one.feed) == new
    assert set(one.feed) <= set(two.feed)


def test_the_feed_gains_nothing_on_day_three(world: World) -> None:
    assert day(world, 3).feed == day(world, 2).feed


def test_the_feed_is_valid_after_every_day(world: World) -> None:
    assert [d.feed_valid for d in world.days] == [True, True, True]


# -- a re-post and a shared template ------------------------------------------------------------


def test_nato_hqs_original_of_an_mlo_story_joins_the_stored_story(world: World) -> None:
    before, after = day(world, 1).row(MLO_ORIGINAL), day(world, 2).row(MLO_ORIGINAL)
    assert day(world, 2).row(REPOST)["id"] == after["id"] == before["id"]
    assert REPOST in after["urls"]
    assert after["sources"] == ["nato-mlo-belgrade", "nato-hq"]


def test_the_repost_joins_by_near_duplicate_text_not_by_an_identical_one(world: World) -> None:
    # NATO HQ's text fixes a typo and adds a closing paragraph: no exact hash can join the two.
    page = DAYS / "day2" / "nato-hq" / "pages" / "en" / "news_220491.html"
    newsroom = load_newsrooms(DEMO_SITES / "newsrooms.toml")["nato-hq"]
    extracted = extract(page.read_bytes(), REPOST, newsroom, datetime.now(UTC), "text/html")
    assert not isinstance(extracted, Rejected)
    stored = day(world, 2).row(MLO_ORIGINAL)["text"]
    assert content_hash(extracted[0].text) != content_hash(stored)
    score = similarity(signature(extracted[0].text), signature(stored))
    assert NEAR_DUPLICATE <= score < 1.0


def test_a_repost_is_not_an_update_of_the_story(world: World) -> None:
    before, after = day(world, 1).row(MLO_ORIGINAL), day(world, 2).row(MLO_ORIGINAL)
    assert after["version"] == 1
    assert (after["title"], after["text"]) == (before["title"], before["text"])


def test_two_press_releases_from_one_template_stay_two_stories(world: World) -> None:
    two = day(world, 2)
    template, written_from_it = two.row(TEMPLATE), two.row(FROM_TEMPLATE)
    assert template["id"] != written_from_it["id"]
    assert template == day(world, 1).row(TEMPLATE)
    assert written_from_it["urls"] == [FROM_TEMPLATE]
    assert written_from_it["title"] == "Deputy Secretary General visits Montenegro"


# -- an update and cosmetic changes -------------------------------------------------------------


def test_an_updated_story_keeps_its_guid_and_becomes_version_two(world: World) -> None:
    before, after = day(world, 1).row(UPDATED), day(world, 2).row(UPDATED)
    assert after["id"] == before["id"]
    assert (before["version"], after["version"]) == (1, 2)
    assert after["updated"] == "2015-11-19T10:05:00+00:00"
    assert after["text"].startswith(before["text"])
    assert "The total cost of the project is estimated at 3.7 million euros." in after["text"]


def test_an_updated_story_keeps_both_versions(world: World) -> None:
    before, after = day(world, 1).row(UPDATED), day(world, 2).row(UPDATED)
    assert world.versions(after["id"]) == [(1, before["text"]), (2, after["text"])]


def test_an_updated_story_keeps_its_feed_entry_with_a_new_updated_time(world: World) -> None:
    guid = entry(day(world, 1).row(UPDATED)["id"])
    assert day(world, 1).feed[guid] == datetime(2015, 11, 18, 17, 30, tzinfo=UTC)
    assert day(world, 2).feed[guid] == datetime(2015, 11, 19, 10, 5, tzinfo=UTC)


@pytest.mark.parametrize("url", COSMETIC, ids=["related-box", "number-in-text"])
def test_a_cosmetic_change_leaves_the_story_as_it_was(world: World, url: str) -> None:
    before, after = day(world, 1).row(url), day(world, 2).row(url)
    assert after == before
    assert len(world.versions(after["id"])) == 1
    assert day(world, 2).feed[entry(after["id"])] == day(world, 1).feed[entry(before["id"])]


# -- moved and removed stories ------------------------------------------------------------------


def test_a_story_moved_with_a_301_keeps_its_guid_and_both_urls(world: World) -> None:
    before, after = day(world, 1).row(MOVED_FROM), day(world, 2).row(MOVED_TO)
    assert after["id"] == before["id"]
    assert set(after["urls"]) == {MOVED_FROM, MOVED_TO}
    assert after["version"] == 1


def test_a_story_moved_with_a_301_links_its_new_home(world: World) -> None:
    assert day(world, 2).row(MOVED_TO)["url"] == MOVED_TO


def test_a_removed_story_is_kept_and_marked_gone(world: World) -> None:
    before, after = day(world, 1).row(REMOVED), day(world, 2).row(REMOVED)
    assert before["gone"] is None
    assert after["gone"] is not None
    assert after["id"] == before["id"] and after["text"] == before["text"]


# -- what day 1 got right still holds after day 2 -----------------------------------------------


@pytest.mark.parametrize(
    "latin",
    [
        RS + "lat/index.php?id=1518714300&subaction=showfull",
        RS + "lat/index.php?id=1510757400&subaction=showfull",
        "https://jfcnaples.nato.int/mlo_belgrade/lat/newsroom/news-archive/2022/"
        "change-of-command-at-nato-military-liaison-office-belgrade",
        "https://jfcnaples.nato.int/mlo_belgrade/lat/newsroom/news-archive/2023/"
        "secretary-general-visits-belgrade-underlines-the-importance-of-nato-s-partnership-with-"
        "serbia",
    ],
    ids=["rs-1518714300", "rs-1510757400", "mlo-2022", "mlo-2023"],
)
def test_latin_and_cyrillic_twins_stay_one_story(world: World, latin: str) -> None:
    story = day(world, 2).row(latin)
    cyrillic = latin.replace("/lat/", "/cir/")
    assert sorted(story["urls"]) == sorted([latin, cyrillic])
    assert set(story["languages"]) == {"sr-Latn", "sr-Cyrl"}


def test_every_twin_is_still_one_story_with_two_urls(world: World) -> None:
    twins = [r for r in day(world, 2).export if set(r["languages"]) == {"sr-Latn", "sr-Cyrl"}]
    assert len(twins) == 6
    assert all(len(r["urls"]) == 2 for r in twins)


def test_cutenews_comment_pages_add_no_stories_or_urls(world: World) -> None:
    urls = [u for r in day(world, 2).export for u in r["urls"]]
    assert not [u for u in urls if "showcomments" in u]


def test_mlo_alias_pages_join_the_story_they_show(world: World) -> None:
    aliases = [
        (u, r) for r in day(world, 2).export for u in r["urls"] if "/mlo/news/news-archive-m/" in u
    ]
    assert len(aliases) == 2
    for alias, story in aliases:
        own = alias.replace("/mlo/news/news-archive-m/", "/mlo_belgrade/newsroom/news-archive/")
        assert own in story["urls"]


def test_selected_locale_spellings_add_no_stories_or_urls(world: World) -> None:
    urls = [u for r in day(world, 2).export for u in r["urls"]]
    assert not [u for u in urls if "selectedLocale" in u]
    for number in ("125590", "125412", "125290"):
        assert day(world, 2).row(f"{HQ}news_{number}.htm")["urls"] == [f"{HQ}news_{number}.htm"]


def test_english_and_french_versions_are_two_stories_linked_by_hreflang(world: World) -> None:
    two = day(world, 2)
    english = two.row(HQ + "news_125357.htm")
    french = two.row("https://www.nato.int/cps/fr/natohq/news_125357.htm")
    assert english["id"] != french["id"]
    assert (english["language"], french["language"]) == ("en", "fr")
    # The English page names the French one with <link rel="alternate" hreflang="fr">; the
    # French page links back in its visible text ("Également disponible en : English"), a
    # link that states its language and leads to its own path in that language's folder.
    assert english["translations"] == [french["id"]]
    assert french["translations"] == [english["id"]]


# -- the crawl summary --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "new", "updated", "gone"),
    [("nato-hq", 1, 1, 0), ("nato-mlo-belgrade", 0, 0, 0), ("rs-mission-nato", 1, 0, 1)],
)
def test_day_two_summary_counts_each_decision(
    world: World, key: str, new: int, updated: int, gone: int
) -> None:
    row = day(world, 2).summary[key]
    assert row["status"] == "finished"
    assert (int(row["new"]), int(row["updated"]), int(row["gone"])) == (new, updated, gone)
    assert int(row["errors"]) == 0
    assert int(row["unchanged"]) > 0


@pytest.mark.parametrize("number", [1, 2, 3])
def test_no_page_is_requested_twice_in_one_crawl(world: World, number: int) -> None:
    # robots.txt is Scrapy's own request; every other target once (a 301 and its new home are
    # two targets). Start pages used to be fetched twice when a re-checked story linked them.
    seen = Counter((hit.origin, hit.path) for hit in day(world, number).hits)
    assert [target for target, times in seen.items() if times > 1] == []


def test_re_crawls_ask_for_known_pages_conditionally(world: World) -> None:
    # Day 3 serves day 2 again. Not conditional: Scrapy's robots.txt, and the removed story's
    # page (a 404 has no validators; it is asked again in case the story comes back).
    removed = RS + "index.php?id=1491405000&subaction=showfull"
    third = [
        hit
        for hit in day(world, 3).hits
        if hit.path != "/robots.txt" and canonical_url(hit.origin + hit.path) != removed
    ]
    assert third and all(hit.conditional for hit in third)
    assert {hit.status for hit in third} == {304}


def test_day_two_summary_counts_the_repost_as_a_duplicate(world: World) -> None:
    assert int(day(world, 1).summary["nato-hq"]["duplicates"]) == 0
    assert int(day(world, 2).summary["nato-hq"]["duplicates"]) >= 1


@pytest.mark.parametrize("key", KEYS)
def test_day_three_summary_finds_nothing_new_updated_or_gone(world: World, key: str) -> None:
    row = day(world, 3).summary[key]
    assert row["status"] == "finished"
    assert (int(row["new"]), int(row["updated"]), int(row["gone"])) == (0, 0, 0)
    assert int(row["errors"]) == 0
    assert int(row["unchanged"]) > 0


# -- the export ---------------------------------------------------------------------------------


def test_export_lists_each_story_once_and_each_url_under_one_story(world: World) -> None:
    rows = day(world, 2).export
    urls = [u for r in rows for u in r["urls"]]
    assert len({r["id"] for r in rows}) == len(rows)
    assert len(set(urls)) == len(urls)
    assert all(r["url"] in r["urls"] for r in rows)


def test_export_names_every_newsroom_that_showed_a_story(world: World) -> None:
    rows = day(world, 2).export
    shared = {r["id"]: r["sources"] for r in rows if len(r["sources"]) > 1}
    assert shared == {day(world, 2).row(REPOST)["id"]: ["nato-mlo-belgrade", "nato-hq"]}
    for row in rows:
        if row["id"] not in shared:
            assert row["sources"] == [row["newsroom"]]
