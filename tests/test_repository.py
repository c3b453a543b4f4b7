"""The repository (`storage`): migrations that build exactly the models; one story per article
(twins in two scripts, copies on other newsrooms, front-page copies), updates and cosmetic
changes; where each story's fields came from; stories listed, filtered and searched; UTC-aware
times; raw pages; database URLs; re-check times; feed and page states."""

from __future__ import annotations

import itertools
import multiprocessing
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, inspect, select, text

from crawler.core.items import Article, Outcome, Source
from crawler.core.keys import NEAR_DUPLICATE_DAYS
from storage import search
from storage.database import MIGRATIONS, DatabaseError, open_database, redact, upgrade
from storage.models import Base, PageState
from storage.pages import PageStates
from storage.repository import Recheck, Repository, StoredStory
from storage.search import is_search_object

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def words(seed: str, count: int = 60) -> str:
    """A text of its own: no two seeds share a five-word run."""
    return " ".join(f"{seed}{i}" for i in range(count))


TEXT = words("word")


def article(url: str = "http://x.org/story?id=1", text: str = TEXT, **changes: object) -> Article:
    base = Article(
        url=url,
        page_url=url,
        title="A story",
        text=text,
        language="en",
        published=date(2021, 6, 4),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


#: The comparison of the migrated schema with the models: types too, the search index aside
#: (no model describes it: `storage.search`).
_COMPARED = {
    "compare_type": True,
    "include_name": lambda name, type_, parents: not is_search_object(name, type_),
}


_EVENTS = ("insert", "update", "delete")


def test_the_migrations_build_exactly_the_models(database_url: str) -> None:
    engine = open_database(database_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts=_COMPARED)
        assert compare_metadata(context, Base.metadata) == []
    assert {"story", "story_url", "story_hash", "raw_page", "alembic_version"} <= set(
        inspect(engine).get_table_names()
    )
    # The search index, which no model describes, and what keeps it whole.
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            found = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
            expected = {f"{fts}_{e}" for fts in search.SEARCHED.values() for e in _EVENTS}
        else:
            found = "SELECT indexname FROM pg_indexes WHERE right(indexname, 5) = '_trgm'"
            expected = search.GIN
        assert set(connection.exec_driver_sql(found).scalars()) == expected


def _head() -> str:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def test_opening_twice_is_an_upgrade_no_op(database_url: str) -> None:
    open_database(database_url).dispose()
    engine = open_database(database_url)
    with engine.connect() as connection:
        version = connection.execute(text("select version_num from alembic_version")).scalar()
    assert version == _head()


def test_threads_opening_databases_at_once_each_get_the_whole_schema(tmp_path: Path) -> None:
    """Alembic keeps a running migration in module globals; threads of one process (a test's
    pool, a server) opening new files at once must not run each other's steps."""

    def tables(number: int) -> set[str]:
        engine = open_database(f"sqlite:///{tmp_path / f'db{number}.sqlite3'}")
        try:
            return set(inspect(engine).get_table_names())
        finally:
            engine.dispose()

    with ThreadPoolExecutor(max_workers=8) as pool:
        found = list(pool.map(tables, range(16)))
    assert all({"story", "story_url", "raw_page", "alembic_version"} <= names for names in found)


def _revisions() -> list[str]:
    """Every migration's revision, oldest first."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return [script.revision for script in ScriptDirectory.from_config(config).walk_revisions()][
        ::-1
    ]


@pytest.mark.parametrize("revision", _revisions()[:-1])
def test_a_database_at_each_earlier_revision_upgrades_to_the_models_keeping_its_story(
    database_url: str, revision: str
) -> None:
    engine = open_database(database_url, migrate=False)
    try:
        upgrade(engine, revision)
        with engine.begin() as connection:
            connection.execute(
                text(
                    "insert into story (guid, newsroom, url, title, text, content_hash,"
                    " from_listing, first_seen, last_seen, sort_time) values ('g', 'n',"
                    " 'http://x/1', 'Kept', 'body', 'h', :no, '2026-11-24 12:00:00',"
                    " '2026-11-24 12:00:00', '2026-11-24 12:00:00')"
                ),
                {"no": False},
            )
        upgrade(engine)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts=_COMPARED)
            assert compare_metadata(context, Base.metadata) == []
        [story] = Repository(engine).stories()
        assert (story.title, story.text, story.version) == ("Kept", "body", 1)
        assert Repository(engine).stories(query="KEPT") == [story]  # the index holds it
        _index_is_whole(Repository(engine))
    finally:
        engine.dispose()


def test_upgrading_a_first_schema_database_keeps_its_stories(database_url: str) -> None:
    engine = open_database(database_url, migrate=False)
    upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.execute(
            text(
                "insert into story (guid, newsroom, url, title, text, content_hash, from_listing,"
                " first_seen, last_seen, sort_time) values ('g', 'n', 'http://x/1', 'T', 'body',"
                " 'h', :no, '2026-11-24 12:00:00', '2026-11-24 12:00:00', '2026-11-24 12:00:00')"
            ),
            {"no": False},  # a boolean each database writes its own way
        )
    upgrade(engine)
    repository = Repository(engine)
    [story] = repository.stories()
    assert story.version == 1
    assert [v.text for v in repository.versions(story.guid)] == ["body"]


def test_upgrading_a_database_of_schema_0005_keeps_its_stories_without_sources(
    database_url: str,
) -> None:
    engine = open_database(database_url, migrate=False)
    upgrade(engine, "0005")
    with engine.begin() as connection:
        connection.execute(
            text(
                "insert into story (guid, newsroom, url, title, text, content_hash, from_listing,"
                " first_seen, last_seen, sort_time) values ('g', 'n', 'http://x/1', 'T', 'body',"
                " 'h', :no, '2026-11-24 12:00:00', '2026-11-24 12:00:00', '2026-11-24 12:00:00')"
            ),
            {"no": False},  # a boolean each database writes its own way
        )
    upgrade(engine)
    repository = Repository(engine)
    [story] = repository.stories()
    assert story.provenance == {} and story.as_json()["provenance"] == {}
    new = article(provenance={"title": Source.SELECTOR, "body": Source.GENERIC})
    repository.save_article(new, "n", NOW)
    stored = repository.story(new.url)
    assert stored is not None and stored.provenance == {"title": "selector", "body": "generic"}


def test_where_the_fields_came_from_follows_the_stored_text(repository: Repository) -> None:
    front = {"title": Source.LISTING, "body": Source.LISTING, "published": Source.DATELINE}
    repository.save_article(article(text=TEXT[:300], from_listing=True, provenance=front), "n", NOW)
    [story] = repository.stories()
    assert story.as_json()["provenance"] == {
        "title": "listing",
        "body": "listing",
        "published": "dateline",
    }
    # Its own page completes the story; the date the front page stated stays, and its source.
    own = {"title": Source.SELECTOR, "body": Source.SELECTOR}
    repository.save_article(article(published=None, provenance=own), "n", NOW)
    [story] = repository.stories()
    assert story.published == date(2021, 6, 4)
    assert story.provenance == {"title": "selector", "body": "selector", "published": "dateline"}
    # An update read by the generic reading says so.
    later = {"title": Source.STRUCTURED, "body": Source.GENERIC, "published": Source.GENERIC}
    longer = TEXT + " The ministers will meet again in spring."
    updated = article(text=longer, provenance=later)
    assert repository.save_article(updated, "n", NOW + timedelta(days=1)) is Outcome.UPDATED
    [story] = repository.stories()
    assert story.provenance == {"title": "structured", "body": "generic", "published": "dateline"}


def test_a_newsroom_counts_the_stories_whose_own_pages_state_their_date(
    repository: Repository,
) -> None:
    stories = [
        # (its page states its date, how, from a listing)
        ({"published": Source.DATELINE}, date(2021, 6, 4), False),
        ({"published": Source.STRUCTURED}, date(2021, 6, 5), False),
        ({"published": Source.TEASER}, date(2021, 6, 6), False),  # its listing's day only
        ({}, None, False),
        ({"published": Source.DATELINE}, date(2021, 6, 7), True),  # a front page's, unread
    ]
    for n, (provenance, published, listed) in enumerate(stories):
        repository.save_article(
            article(
                f"http://x.org/story?id={n}",
                words(f"s{n}"),
                published=published,
                provenance=provenance,
                from_listing=listed,
            ),
            "n",
            NOW,
        )
    assert repository.dated("n") == (2, 4)


def test_storing_the_same_article_twice_keeps_one_story(repository: Repository) -> None:
    assert repository.save_article(article(), "n", NOW) is Outcome.NEW
    assert repository.save_article(article(), "n", NOW + timedelta(hours=2)) is Outcome.UNCHANGED
    [story] = repository.stories()
    assert story.first_seen == NOW
    assert story.last_seen == NOW + timedelta(hours=2)


def test_times_come_back_utc_aware(repository: Repository) -> None:
    brussels = NOW.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Brussels"))
    repository.save_article(article(updated=brussels), "n", brussels)
    [story] = repository.stories()
    assert story.first_seen.tzinfo is not None and story.first_seen.utcoffset() == timedelta(0)
    assert story.first_seen == NOW and story.updated == NOW


def test_naive_datetimes_are_refused(repository: Repository) -> None:
    with pytest.raises(Exception, match="naive datetime"):
        repository.save_article(article(), "n", NOW.replace(tzinfo=None))


def test_a_twin_in_the_other_script_joins_the_story(repository: Repository) -> None:
    latin = "Ministar odbrane Aleksandar Vulin sastao se danas sa zamenicom. " * 8
    cyrillic = "Министар одбране Александар Вулин састао се данас са заменицом. " * 8
    repository.save_article(article("http://x.rs/lat/1", latin, language="sr-Latn"), "n", NOW)
    outcome = repository.save_article(
        article("http://x.rs/cir/1", cyrillic, language="sr-Cyrl"), "n", NOW
    )
    assert outcome is Outcome.DUPLICATE_CONTENT
    [story] = repository.stories()
    assert story.urls == ("http://x.rs/lat/1", "http://x.rs/cir/1")
    assert story.languages == ("sr-Latn", "sr-Cyrl")
    assert [s.guid for s in repository.stories(language="sr-Cyrl")] == [story.guid]


@pytest.mark.parametrize("apart", [0, 1, NEAR_DUPLICATE_DAYS, NEAR_DUPLICATE_DAYS + 1, 90, 400])
def test_alike_texts_published_days_apart_are_two_stories(
    repository: Repository, apart: int
) -> None:
    """Two short stories read with the same page around them are alike; stated days further
    apart than NEAR_DUPLICATE_DAYS keep them apart, a day or two (a sister site) does not."""
    first = words("shared", 50) + " one two three four"
    second = words("shared", 50) + " five six seven eight"
    day = date(2017, 3, 21)
    url = f"http://x.org/a-{apart}"
    repository.save_article(article(url, first, published=day), "n", NOW)
    outcome = repository.save_article(
        article(url + "-b", second, published=day + timedelta(days=apart)), "n", NOW
    )
    if apart <= NEAR_DUPLICATE_DAYS:
        assert outcome is Outcome.NEAR_DUPLICATE
    else:
        assert outcome is Outcome.NEW


LATIN = "Ministar odbrane Aleksandar Vulin sastao se danas sa zamenicom. " * 8
CYRILLIC = "Министар одбране Александар Вулин састао се данас са заменицом. " * 8


@pytest.mark.parametrize("first", ["sr-Latn", "sr-Cyrl"])
def test_a_story_asked_for_in_one_script_comes_in_that_script(
    repository: Repository, first: str
) -> None:
    versions = {
        "sr-Latn": article("http://x.rs/lat/1", LATIN, title="Sastanak", language="sr-Latn"),
        "sr-Cyrl": article("http://x.rs/cir/1", CYRILLIC, title="Састанак", language="sr-Cyrl"),
    }
    second = "sr-Cyrl" if first == "sr-Latn" else "sr-Latn"
    repository.save_article(versions[first], "n", NOW)
    outcome = repository.save_article(versions[second], "n", NOW + timedelta(minutes=5))
    assert outcome is Outcome.DUPLICATE_CONTENT
    [stored] = repository.stories()
    for language, version in versions.items():
        [shown] = repository.stories(language=language)
        assert (shown.title, shown.text, shown.url) == (version.title, version.text, version.url)
        assert shown.language == language
        assert shown.guid == stored.guid and shown.urls == stored.urls  # one story
        assert repository.stories_by_id([stored.id], language) == [shown]
        # ... and found by the words it is shown with.
        assert repository.stories(language=language, query=version.title) == [shown]
    # Unasked, the story is as it was first seen.
    assert (stored.title, stored.language) == (versions[first].title, first)


#: One story's pages in Latin and Cyrillic, and its copies on the front page of each script
#: (the demo site shows its stories in full there), by name.
_TWINS = {
    "lat": article("http://x.rs/lat/1", LATIN, title="Sastanak", language="sr-Latn"),
    "cir": article("http://x.rs/cir/1", CYRILLIC, title="Састанак", language="sr-Cyrl"),
}
_TWIN_PAGES = {
    **_TWINS,
    **{
        f"{name} front page": replace(twin, page_url=f"http://x.rs/{name}/", from_listing=True)
        for name, twin in _TWINS.items()
    },
}
#: A paragraph added to one twin the next day, in its script.
_ADDED = {
    "lat": "Ministri će se ponovo sastati na proleće u Beogradu.",
    "cir": "Министри ће се поново састати на пролеће у Београду.",
}


@given(
    order=st.permutations(sorted(_TWIN_PAGES)),
    cuts=st.lists(st.booleans(), min_size=len(_TWIN_PAGES) - 1, max_size=len(_TWIN_PAGES) - 1),
    changed=st.sampled_from([None, *_TWINS]),
)
# The crawl of the demo sites that stored some at their Cyrillic URL with their Latin text: the
# Cyrillic front page first, then the Latin one, then the Latin page completing their copy.
@example(order=["cir front page", "lat front page", "lat", "cir"], cuts=[True] * 3, changed=None)
@example(order=["lat front page", "cir front page", "cir", "lat"], cuts=[False] * 3, changed=None)
@settings(max_examples=60, deadline=None)
def test_a_story_in_two_scripts_is_one_pages_url_title_text_and_language(
    order: list[str],
    cuts: list[bool],
    changed: str | None,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The pages of one story in Latin and Cyrillic and its copies on the front pages, stored
    in any order, one by one or in batches (``cuts``: a new batch begins before that page),
    and the next day one twin changed: the story's URL, title, text and language are one
    page's, never the Cyrillic URL with the Latin text."""
    url = f"sqlite:///{tmp_path_factory.mktemp('twins') / 'twins.sqlite3'}"
    repository = Repository.open(url)
    try:
        batches: list[list[Article]] = [[_TWIN_PAGES[order[0]]]]
        for cut, name in zip(cuts, order[1:], strict=True):
            if cut:
                batches.append([])
            batches[-1].append(_TWIN_PAGES[name])
        for batch in batches:
            with repository.batch():
                for page in batch:
                    repository.save_article(page, "rs", NOW, run_started=NOW)
        pages = {twin.url: twin for twin in _TWINS.values()}
        if changed is not None:
            twin = _TWINS[changed]
            grown = replace(twin, text=twin.text + "\n\n" + _ADDED[changed])
            later = NOW + timedelta(days=1)
            outcome = repository.save_article(grown, "rs", later, run_started=later)
            assert outcome is Outcome.UPDATED
            pages[grown.url] = grown
        [story] = repository.stories()
        page = pages[story.url]
        assert (story.title, story.text, story.language) == (page.title, page.text, page.language)
        # Read in either script, it is that script's page.
        for twin in _TWINS.values():
            [shown] = repository.stories(language=twin.language)
            assert (shown.url, shown.language) == (twin.url, twin.language)
            assert (shown.title, shown.text) == (pages[twin.url].title, pages[twin.url].text)
    finally:
        repository.close()


@pytest.mark.parametrize("found_by", ["canonical", "redirect"])
def test_a_twin_found_at_another_address_takes_the_storys_url_with_its_text(
    repository: Repository, found_by: str
) -> None:
    """The Latin page completes a Cyrillic front-page copy, found through an address the
    story did not have yet (its rel=canonical, or the address that redirected to it): the
    story's URL follows the Latin text there too."""
    cyrillic = article("http://x.rs/cir/1", CYRILLIC, title="Састанак", language="sr-Cyrl")
    latin = article("http://x.rs/lat/1/", LATIN, title="Sastanak", language="sr-Latn")
    front = replace(cyrillic, page_url="http://x.rs/cir/", from_listing=True)
    repository.save_article(front, "rs", NOW, run_started=NOW)
    if found_by == "canonical":
        latin = replace(latin, canonical=cyrillic.url)
        also_at = [(cyrillic.url, "canonical")]
    else:
        old = replace(
            latin, url="http://x.rs/lat/1", page_url="http://x.rs/lat/", from_listing=True
        )
        repository.save_article(old, "rs", NOW, run_started=NOW)
        also_at = [(old.url, "redirect")]
    repository.save_article(latin, "rs", NOW, run_started=NOW, also_at=also_at)
    [story] = repository.stories()
    assert (story.url, story.title, story.language) == (latin.url, latin.title, "sr-Latn")
    assert cyrillic.url in story.urls


def test_a_feed_in_one_script_changes_when_that_scripts_page_does(repository: Repository) -> None:
    repository.save_article(article("http://x.rs/lat/1", LATIN, language="sr-Latn"), "n", NOW)
    cyrillic = article("http://x.rs/cir/1", CYRILLIC, title="Састанак", language="sr-Cyrl")
    repository.save_article(cyrillic, "n", NOW)
    before = repository.feed_state(language="sr-Cyrl")
    retitled = replace(cyrillic, title="Састанак у Београду")
    assert repository.save_article(retitled, "n", NOW + timedelta(hours=1)) is Outcome.UNCHANGED
    after = repository.feed_state(language="sr-Cyrl")
    assert after.ids == before.ids and after.fingerprint != before.fingerprint
    assert repository.stories(language="sr-Cyrl")[0].title == "Састанак у Београду"


def test_a_front_page_copy_never_overwrites_the_story_page(repository: Repository) -> None:
    repository.save_article(article(), "n", NOW)
    short = article(text=TEXT[:300], from_listing=True)
    assert repository.save_article(short, "n", NOW) is Outcome.DUPLICATE_URL
    assert repository.stories()[0].text == TEXT


def test_the_story_page_completes_a_front_page_copy_without_an_update(
    repository: Repository,
) -> None:
    repository.save_article(article(text=TEXT[:300], from_listing=True), "n", NOW)
    assert repository.save_article(article(), "n", NOW) is Outcome.DUPLICATE_URL
    [story] = repository.stories()
    assert story.text == TEXT and story.updated is None


def test_a_changed_story_page_is_an_update_with_the_same_guid(repository: Repository) -> None:
    repository.save_article(article(), "n", NOW)
    guid = repository.stories()[0].guid
    later = NOW + timedelta(days=1)
    longer = TEXT + " The ministers will meet again in spring."
    assert repository.save_article(article(text=longer), "n", later) is Outcome.UPDATED
    [story] = repository.stories()
    assert story.guid == guid and story.updated == later and story.text == longer
    assert story.version == 2
    assert [v.text for v in repository.versions(guid)] == [TEXT, longer]


def test_a_cosmetic_change_is_not_an_update(repository: Repository) -> None:
    repository.save_article(article(text=TEXT + " Views: 120"), "n", NOW)
    later = NOW + timedelta(days=1)
    outcome = repository.save_article(article(text=TEXT + " Views: 4031"), "n", later)
    assert outcome is Outcome.COSMETIC
    [story] = repository.stories()
    assert story.version == 1 and story.updated is None


def test_a_story_retitled_on_its_own_page_takes_the_new_title_quietly(
    repository: Repository,
) -> None:
    # A Croatian embassy's notice moved to an address naming its new title, its text as it was.
    repository.save_article(article(), "n", NOW)
    later = NOW + timedelta(days=1)
    twin = article(url="http://x.org/story?id=1&big=1", title="Another title")
    assert repository.save_article(twin, "n", later) is Outcome.DUPLICATE_CONTENT
    assert repository.save_article(twin, "n", later) is Outcome.UNCHANGED  # not its page
    assert repository.stories()[0].title == "A story"
    retitled = article(title="A retitled story", text=TEXT + " Views: 4031")  # cosmetic
    assert repository.save_article(retitled, "n", later) is Outcome.COSMETIC
    [story] = repository.stories()
    assert story.title == "A retitled story" and story.version == 1 and story.updated is None
    assert repository.save_article(article(title="A retitled story"), "n", later) in (
        Outcome.UNCHANGED,
        Outcome.DUPLICATE_URL,
    )


def _repost(text: str) -> str:
    """Another newsroom's copy: its own captions and credit line around the same paragraphs."""
    return (
        "Photo: the Secretary General with the President in Belgrade.\n\n"
        + text
        + "\n\nStory by MLO Belgrade (originally posted on NATO HQ website)"
    )


def test_a_repost_on_another_newsroom_joins_the_story_and_lists_both_sources(
    repository: Repository,
) -> None:
    repository.save_article(article("https://hq.example/news_1.htm"), "nato-hq", NOW)
    repost = article("https://mlo.example/news/1", _repost(TEXT), title="Another title")
    assert repository.save_article(repost, "nato-mlo", NOW) is Outcome.NEAR_DUPLICATE
    [story] = repository.stories()
    assert story.sources == ("nato-hq", "nato-mlo")
    assert story.urls == ("https://hq.example/news_1.htm", "https://mlo.example/news/1")
    assert story.title == "A story" and story.text == TEXT  # the first copy stays the text


def test_two_copies_of_a_story_never_look_like_updates_of_each_other(
    repository: Repository,
) -> None:
    original = article("https://hq.example/news_1.htm")
    repost = article("https://mlo.example/news/1", _repost(TEXT), title="Another title")
    for day in range(3):  # each crawl sees both pages again, in either order
        seen = NOW + timedelta(days=day)
        first, second = (original, repost) if day % 2 else (repost, original)
        repository.save_article(first, "a", seen, run_started=seen)
        repository.save_article(second, "b", seen, run_started=seen)
    [story] = repository.stories()
    assert story.version == 1 and story.updated is None


def test_a_copy_that_changes_is_judged_against_its_own_last_text(
    repository: Repository,
) -> None:
    repository.save_article(article("https://hq.example/news_1.htm"), "hq", NOW)
    repost = article("https://mlo.example/news/1", _repost(TEXT))
    repository.save_article(repost, "mlo", NOW)
    later = NOW + timedelta(days=1)
    counter = replace(repost, text=repost.text + "\n\nViews: 1204")
    assert repository.save_article(counter, "mlo", later) is Outcome.COSMETIC
    grown = replace(repost, text=repost.text + "\n\n" + words("added", 30))
    assert repository.save_article(grown, "mlo", later) is Outcome.UPDATED
    [story] = repository.stories()
    assert story.version == 2 and story.text == grown.text


def test_a_front_page_copy_with_the_full_text_is_completed_by_its_page(
    repository: Repository,
) -> None:
    repository.save_article(article(from_listing=True), "n", NOW)
    page_id = repository.save_page("http://x.org/story?id=1", 200, "text/html", b"<p>x</p>", NOW)
    assert repository.save_article(article(), "n", NOW, page_id) is Outcome.DUPLICATE_URL
    later = NOW + timedelta(days=1)
    assert repository.save_article(article(), "n", later) is Outcome.UNCHANGED
    # The story now counts as seen on its own page: its page is re-checked for updates.
    assert repository.due_story_urls("n", later, Recheck()) == ["http://x.org/story?id=1"]


def test_newest_first_by_stated_date_then_first_seen(repository: Repository) -> None:
    repository.save_article(
        article("http://x/old", words("a"), published=date(2015, 1, 1)), "n", NOW
    )
    repository.save_article(
        article("http://x/new", words("b"), published=date(2023, 1, 1)), "n", NOW
    )
    repository.save_article(article("http://x/undated", words("c"), published=None), "n", NOW)
    assert [s.url for s in repository.stories()] == [
        "http://x/undated",
        "http://x/new",
        "http://x/old",
    ]
    assert [s.url for s in repository.stories(limit=1)] == ["http://x/undated"]


def test_filters_by_source_newsroom(repository: Repository) -> None:
    repository.save_article(article("http://a/1"), "mission", NOW)
    repository.save_article(article("http://b/1", words("x")), "hq", NOW)
    assert [s.url for s in repository.stories(newsroom="hq")] == ["http://b/1"]


def test_raw_pages_are_kept_once_and_come_back_whole(repository: Repository) -> None:
    body = "<html><body>Ćirilica ћирилица</body></html>".encode("cp1250", "ignore") * 50
    first = repository.save_page("http://x/", 200, "text/html", body, NOW)
    assert repository.save_page("http://x/", 200, "text/html", body, NOW) == first
    assert repository.raw_page(first) == body


def _store(url: str, count: int) -> None:
    repository = Repository.open(url)
    for i in range(count):
        repository.save_article(article(f"http://x.org/{i}", words(f"s{i}x")), "n", NOW)
    repository.close()


def test_two_processes_storing_the_same_stories_leave_one_copy(database_url: str) -> None:
    Repository.open(database_url).close()
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_store, args=(database_url, 40)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    repository = Repository.open(database_url)
    assert repository.count() == 40
    assert sorted(len(s.urls) for s in repository.stories()) == [1] * 40


def _store_copies(url: str, site: str, count: int, start: Any) -> None:
    repository = Repository.open(url)
    start.wait()
    for i in range(count):
        repository.save_article(article(f"http://{site}/{i}", words(f"s{i}x")), site, NOW)
    repository.close()


def test_two_processes_storing_one_story_at_two_addresses_at_once_store_it_once(
    database_url: str,
) -> None:
    """Whether a text is stored already is read before the write: two crawler processes
    (workers of a shared crawl) storing copies of one story at once take turns
    (`storage.database.take_turns`), so the second finds the first's."""
    Repository.open(database_url).close()
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(2)
    workers = [
        context.Process(target=_store_copies, args=(database_url, site, 40, start))
        for site in ("one.example", "two.example")
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    repository = Repository.open(database_url)
    assert repository.count() == 40
    assert sorted(len(s.urls) for s in repository.stories(limit=100)) == [2] * 40


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("nonsense", "is not a database URL"),
        ("mysql://u:secret@h/db", "unsupported database 'mysql'"),
    ],
)
def test_bad_database_urls_say_what_to_use(url: str, expected: str) -> None:
    with pytest.raises(DatabaseError, match=expected) as error:
        open_database(url)
    assert "secret" not in str(error.value)


def test_passwords_are_masked() -> None:
    assert "hunter2" not in redact("postgresql+psycopg://bot:hunter2@db/newsroom")


def _fetched(database_url: str, url: str, at: datetime) -> None:
    states = PageStates.open(database_url)
    states.fetched(
        url, "n", "story", 200, at, etag=None, last_modified=None, content_hash="x", full=True
    )
    states.close()


def test_younger_stories_are_checked_again_sooner(
    repository: Repository, database_url: str
) -> None:
    policy = Recheck(days=30, factor=0.25, least=timedelta(hours=1), most=timedelta(days=7))
    ages = {"fresh": timedelta(hours=8), "week": timedelta(days=8), "old": timedelta(days=40)}
    for name, age in ages.items():
        url = f"http://x.org/{name}"
        repository.save_article(article(url, words(name)), "n", NOW - age)
        _fetched(database_url, url, NOW - timedelta(hours=3))  # all last checked 3 hours ago
    # 8 hours old: due after 2 hours; 8 days old: after 2 days or so; 40 days old: never again.
    assert repository.due_story_urls("n", NOW, policy) == ["http://x.org/fresh"]
    later = NOW + timedelta(days=3)
    assert repository.due_story_urls("n", later, policy) == [
        "http://x.org/fresh",
        "http://x.org/week",
    ]
    assert repository.due_story_urls("n", later, replace(policy, limit=1)) == ["http://x.org/fresh"]


def test_a_moved_story_keeps_its_old_address_and_is_checked_at_its_new_one(
    repository: Repository,
) -> None:
    old, new = "http://x.org/2023/old-slug", "http://x.org/2023/new-slug"
    repository.save_article(article(old), "n", NOW)
    assert repository.moved(old, new, NOW + timedelta(days=1))
    [story] = repository.stories()
    assert story.url == new and set(story.urls) == {old, new}
    assert repository.due_story_urls("n", NOW + timedelta(days=2), Recheck()) == [new]
    # A redirect into another stored story merges nothing.
    repository.save_article(article("http://x.org/other", words("other")), "n", NOW)
    assert not repository.moved(new, "http://x.org/other", NOW)
    assert repository.count() == 2


# -- feeds: selections, fingerprints, the ops page's chart ------------------------------------


def test_a_feed_state_changes_with_anything_a_feed_shows(repository: Repository) -> None:
    repository.save_article(article(), "nato-hq", NOW)
    first = repository.feed_state()
    assert len(first.ids) == 1 and first.changed == NOW
    repository.save_article(article(), "nato-hq", NOW + timedelta(hours=1))  # seen again
    assert repository.feed_state() == first
    changed = replace(article(), text=TEXT + " " + words("update", 8))
    assert repository.save_article(changed, "nato-hq", NOW + timedelta(hours=2)) is Outcome.UPDATED
    updated = repository.feed_state()
    assert updated.fingerprint != first.fingerprint
    assert updated.changed == NOW + timedelta(hours=2)
    elsewhere = replace(changed, url="http://y.org/copy", page_url="http://y.org/copy")
    outcome = repository.save_article(elsewhere, "rs-mission-nato", NOW + timedelta(hours=3))
    assert outcome is Outcome.DUPLICATE_CONTENT
    copied = repository.feed_state()
    assert copied.fingerprint != updated.fingerprint
    assert copied.changed == NOW + timedelta(hours=3)
    assert repository.feed_state(newsroom="nato-mlo-belgrade") == replace(
        copied, ids=(), fingerprint=repository.feed_state(query="nothing").fingerprint, changed=None
    )


def test_a_feed_state_selects_what_stories_selects(repository: Repository) -> None:
    for n in range(6):
        text = words(f"s{n}") + (" KFOR 100%" if n % 2 else "")
        published = date(2021, 6, 1 + n)
        url = f"http://x.org/{n}"
        repository.save_article(article(url, text, published=published), "nato-hq", NOW)
    for selection in ({}, {"query": "kfor"}, {"query": "KFOR 100%"}, {"query": "s3"}):
        stories = repository.stories(limit=3, **selection)
        assert repository.feed_state(limit=3, **selection).ids == tuple(s.id for s in stories)
        assert repository.stories_by_id([s.id for s in stories]) == stories
    assert [s.url for s in repository.stories(query="kfor")] == [
        "http://x.org/5",
        "http://x.org/3",
        "http://x.org/1",
    ]
    assert repository.stories(query="KFOR s3") == repository.stories(query="s3 kfor")
    assert repository.stories(query="10_%") == []  # wildcards are literal
    assert repository.stories(query="s_") == []
    assert repository.stories_by_id([]) == []


#: What stories say, for searches: punctuation inside words, numbers, addresses, accents
#: composed and decomposed, both Serbian scripts, LIKE's wildcards and FTS5's quote. No
#: letter outside ASCII comes in two cases, so that the answer is the same whatever case a
#: database folds (SQLite folds ASCII letters only).
_SAID = [
    "F-35",
    "COVID-19",
    "3.5",
    "v2.0",
    "nato.int",
    "press@mfa.gov.rs",
    "l’armée",
    "Vučić",
    "Вучић",
    "Vuc\u030cic\u0301",
    "10%",
    "s_t",
    "a\\b",
    'say "no"',
    "mayor",
    "KFOR",
    "ab",
]
_SAID_LETTERS = sorted(set("".join(_SAID) + " xyzXYZ"))
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_SEARCHES = itertools.count()


def _said(data: st.DataObject, label: str) -> str:
    parts = data.draw(st.lists(st.sampled_from(_SAID), min_size=1, max_size=4), label=label)
    joint = data.draw(st.sampled_from([" ", "", "; "]), label=f"{label} joint")
    return joint.join(parts)


def _searched_word(data: st.DataObject, texts: list[str]) -> str:
    """A word of a search: part of a text (or not), in any ASCII case."""
    made = data.draw(st.text(alphabet=_SAID_LETTERS, min_size=1, max_size=6), label="made")
    text = data.draw(st.sampled_from(texts), label="from")
    start = data.draw(st.integers(0, len(text) - 1), label="start")
    size = data.draw(st.integers(1, 8), label="size")
    word = data.draw(st.sampled_from([text[start : start + size], made]), label="word")
    word = "".join(word.split()) or made.strip() or "x"
    flips = data.draw(st.lists(st.booleans(), min_size=len(word), max_size=len(word)))
    return "".join(
        c.swapcase() if f and c.isascii() else c for c, f in zip(word, flips, strict=True)
    )


@given(st.data())
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_a_search_finds_the_stories_holding_each_word_in_any_ascii_case(
    repository: Repository, data: st.DataObject
) -> None:
    """The search index (SQLite's trigram FTS5, PostgreSQL's trigram GIN) narrows, the words
    decide: a story is found when each word of the search is part of its title or text, in
    any case of its ASCII letters, and by what it says now, after an update."""
    newsroom = f"search-{next(_SEARCHES)}"
    stored = {}
    said = {}  # what was drawn: words are drawn from it, never from the newsroom's name,
    # whose length changes from example to example (Hypothesis replays a choice as it was)
    for n in range(data.draw(st.integers(1, 4), label="stories")):
        url = f"http://x.org/{newsroom}/{n}"
        title, drawn = _said(data, "title"), _said(data, "text")
        text = " ".join([drawn, words(f"{newsroom}x{n}z")])  # no duplicate
        repository.save_article(article(url, text, title=title), newsroom, NOW)
        stored[url], said[url] = (title, text), (title, drawn)
    # The first story says something else the next day: a new version, its old words gone.
    url = f"http://x.org/{newsroom}/0"
    title, drawn = _said(data, "new title"), _said(data, "new text")
    text = " ".join([drawn, words(f"{newsroom}y0z")])
    saved = repository.save_article(article(url, text, title=title), newsroom, NOW + DAY)
    assert saved is Outcome.UPDATED
    stored[url], said[url] = (title, text), (title, drawn)
    texts = [part for parts in said.values() for part in parts]
    query = [_searched_word(data, texts) for _ in range(data.draw(st.integers(1, 2)))]

    def holds(title: str, text: str, word: str) -> bool:
        word = word.translate(_ASCII_LOWER)
        return any(word in said.translate(_ASCII_LOWER) for said in (title, text))

    language = data.draw(st.sampled_from([None, "en"]), label="language")
    limit = data.draw(st.sampled_from([None, 1, 50]), label="limit")
    asked = {"newsroom": newsroom, "query": " ".join(query), "language": language}
    found = [s.url for s in repository.stories(**asked, limit=limit)]
    holding = [
        url for url, (title, text) in stored.items() if all(holds(title, text, w) for w in query)
    ]
    assert found == holding[::-1][:limit]  # newest first: all stored at once, so by id
    _index_is_whole(repository)


def _index_is_whole(repository: Repository) -> None:
    """SQLite's FTS5 tables hold what their tables do (FTS5's own check; PostgreSQL's GIN
    indexes are the database's to keep)."""
    if repository.engine.dialect.name == "sqlite":
        with repository.engine.begin() as connection:
            for fts in search.SEARCHED.values():
                check = f"INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)"
                connection.exec_driver_sql(check)


def test_a_search_finds_parts_of_words_numbers_and_addresses(repository: Repository) -> None:
    """The index keeps a search's meaning: any part of the text, not words the index cut."""
    text = "The F-35 jets, COVID-19 rules and 3.5% growth: press@mfa.gov.rs, the mayor said. "
    repository.save_article(article("http://x.org/1", text * 6, title="NATO.int news"), "n", NOW)
    for word in ("35", "f-35", "19", "covid-1", "3.5%", "mfa.gov", "ayor", "o.INT", "ews"):
        assert [s.url for s in repository.stories(query=word)] == ["http://x.org/1"], word
    for word in ("f35", "covid19", "mayors", "gov.rs,x"):
        assert repository.stories(query=word) == [], word


def _searched(
    repository: Repository, query: str, **selection: Any
) -> tuple[list[StoredStory], list[Any]]:
    """The stories ``query`` finds, and the statements (with their parameters) that read
    titles and texts for it."""
    asked: list[tuple[str, Any]] = []

    def record(*args: Any) -> None:
        statement, parameters = args[2], args[3]
        if "like" in statement.lower():
            asked.append((statement, parameters))

    event.listen(repository.engine, "before_cursor_execute", record)
    try:
        return repository.stories(query=query, **selection), asked
    finally:
        event.remove(repository.engine, "before_cursor_execute", record)


@pytest.mark.parametrize("language", [None, "en"])
def test_a_search_is_answered_from_the_search_index(
    repository: Repository, language: str | None
) -> None:
    """The plan of a search's query reads the index: FTS5's tables on SQLite, the trigram GIN
    indexes on PostgreSQL, whose planner is told not to read whole tables or indexes (a
    search in one language reads the pages' index too)."""
    repository.save_article(article("http://x.org/1", TEXT + " KFOR"), "n", NOW)
    found, asked = _searched(repository, "kfor", language=language)
    [statement, parameters] = asked[-1]  # the search itself (after its counts)
    sqlite = repository.engine.dialect.name == "sqlite"
    with repository.engine.connect() as connection:
        if not sqlite:
            connection.exec_driver_sql("SET enable_seqscan = off")
            connection.exec_driver_sql("SET enable_indexscan = off")
        explain = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN "
        rows = connection.exec_driver_sql(explain + statement, parameters)
        plan = " ".join(str(row) for row in rows)
    indexes = ["story_search VIRTUAL TABLE"] if sqlite else ["ix_story_text_trgm"]
    if language is not None:
        indexes.append("story_url_search VIRTUAL TABLE" if sqlite else "ix_story_url_text_trgm")
    assert all(index in plan for index in indexes), plan
    assert [story.url for story in found] == ["http://x.org/1"]


def test_a_word_in_many_stories_is_looked_for_without_the_index(
    repository: Repository,
) -> None:
    """The index lists the stories that may hold a word, unless more of them may than the
    newest stories would show before ``limit`` of them do (about sqrt(limit * stories)):
    those are found sooner by reading the newest in order. The answer is the same either
    way. (PostgreSQL is given the list for a search in one language only.)"""
    for n in range(12):
        text = words(f"h{n}") + " KFOR" + (" Ranoza" if n == 3 else "")
        repository.save_article(article(f"http://x.org/{n}", text), "n", NOW)

    def narrowed(query: str, **selection: Any) -> tuple[list[str], int]:
        found, asked = _searched(repository, query, language="en", **selection)
        return [story.url for story in found], asked[-1][0].count("UNION ALL")

    # One of 12 asked for: a word more than sqrt(12) stories may hold is read for.
    assert narrowed("kfor ranoza", limit=1) == (["http://x.org/3"], 1)  # for "ranoza" only
    assert narrowed("KFOR", limit=1) == (["http://x.org/11"], 0)
    assert narrowed("KFOR", limit=4) == (
        ["http://x.org/11", *[f"http://x.org/{n}" for n in (10, 9, 8)]],
        0,
    )
    # Every story asked for: the index lists them.
    found, count = narrowed("KFOR")
    assert len(found) == 12 and count == 1
    assert narrowed("kf") == ([f"http://x.org/{n}" for n in range(11, -1, -1)], 0)  # no trigram


def test_stories_first_seen_per_day(repository: Repository) -> None:
    for n in range(5):
        url = f"http://x.org/{n}"
        repository.save_article(
            article(url, words(f"d{n}")), "nato-hq", NOW - timedelta(hours=14 * n)
        )
    assert repository.first_seen_per_day(NOW - timedelta(days=2)) == {
        date(2026, 11, 24): 1,
        date(2026, 11, 23): 2,
        date(2026, 11, 22): 1,
    }


def test_a_search_looks_through_the_newest_stories_only_when_bounded(
    repository: Repository,
) -> None:
    for n in range(5):
        text = words(f"b{n}") + " KFOR"
        url = f"http://x.org/{n}"
        repository.save_article(article(url, text, published=date(2021, 6, 1 + n)), "nato-hq", NOW)
    assert len(repository.stories(query="KFOR")) == 5
    assert [s.url for s in repository.stories(query="KFOR", search_depth=2)] == [
        "http://x.org/4",
        "http://x.org/3",
    ]
    assert repository.feed_state(query="KFOR", search_depth=2).ids == tuple(
        s.id for s in repository.stories(query="KFOR", search_depth=2)
    )
    assert len(repository.stories(query="KFOR", search_depth=50)) == 5  # fewer stored
    assert len(repository.stories(search_depth=2)) == 5  # no words: no bound


@given(bodies=st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=6))
@settings(max_examples=25, deadline=None)
def test_a_page_state_records_every_fetch_and_when_its_body_last_changed(
    bodies: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Fetches of one page without validators, whatever its bodies, one by one or in one
    batch: each is recorded, and the page changed when its body differs from the last one."""
    url = f"sqlite:///{tmp_path_factory.mktemp('pages') / 'pages.sqlite3'}"
    states = PageStates.open(url)

    def last_changed() -> datetime | None:
        with states.engine.connect() as connection:
            return connection.scalar(select(PageState.last_changed))

    try:
        changed_at = None
        for n, body in enumerate(bodies):
            at = NOW + timedelta(hours=n)
            states.fetched(
                "http://x.org/", "n", "page", 200, at,
                etag=None, last_modified=None, content_hash=body, full=True,
            )  # fmt: skip
            changed_at = at if n == 0 or bodies[n - 1] != body else changed_at
            assert last_changed() == changed_at
            known = states.of_newsroom("n")["http://x.org/"]
            assert (known.content_hash, known.last_fetched) == (body, at)
        with states.batch():  # the same fetches again, in one transaction
            for n, body in enumerate(bodies):
                at = NOW + timedelta(days=1, hours=n)
                states.fetched(
                    "http://x.org/", "n", "page", 200, at,
                    etag=None, last_modified=None, content_hash=body, full=False,
                )  # fmt: skip
                changed_at = at if bodies[n - 1] != body else changed_at
        assert last_changed() == changed_at
        known = states.of_newsroom("n")["http://x.org/"]
        # Fetched conditionally: the last full fetch is still the first day's.
        assert known.last_full_fetch == NOW + timedelta(hours=len(bodies) - 1)
    finally:
        states.close()
