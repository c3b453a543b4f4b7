"""Feeds rendered from stored stories (`crawler.reports.feeds`): RSS and Atom that parse for any
text, stable GUIDs, no date for a story without one, markup as text, sources and bylines, atomic
writes, and ``newsroom feed`` writing what a crawl writes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import feedparser
import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from crawler.core.files import write_atomic
from crawler.reports.feeds import FeedInfo, feed_info, render_feed, xml_safe
from storage.repository import StoredStory
from tests.support.databases import url_at

INFO = FeedInfo(
    id="urn:newsroom-monitor:feed:all:all",
    title="All",
    link="http://x.org/",
    description="New stories",
)


def story(n: int, published: date | None, text: str = "First paragraph.\n\nSecond.") -> StoredStory:
    return StoredStory(
        id=n,
        guid=f"00000000-0000-0000-0000-{n:012d}",
        newsroom="nato-hq",
        url=f"https://www.nato.int/cps/en/natohq/news_{n}.htm",
        urls=(),
        sources=("nato-hq",),
        title=f"Story {n}",
        text=text,
        byline=None,
        language="en",
        languages=("en",),
        published=published,
        updated=None,
        first_seen=datetime(2026, 11, 24, 8, n, tzinfo=UTC),
        last_seen=datetime(2026, 11, 24, 8, n, tzinfo=UTC),
    )


STORIES = [story(3, date(2023, 11, 22)), story(2, date(2021, 7, 6)), story(1, None)]


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_feeds_parse_cleanly_in_the_given_order(fmt: str) -> None:
    parsed = feedparser.parse(render_feed(STORIES, INFO, fmt))  # type: ignore[arg-type]
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert [e.title for e in parsed.entries] == ["Story 3", "Story 2", "Story 1"]
    assert parsed.entries[0].link == "https://www.nato.int/cps/en/natohq/news_3.htm"
    assert "<p>Second.</p>" in parsed.entries[0].content[0].value
    assert [t.term for t in parsed.entries[0].tags] == ["nato-hq"]


def test_rss_guids_are_stable_and_not_permalinks() -> None:
    xml = render_feed(STORIES, INFO, "rss").decode()
    assert '<guid isPermaLink="false">urn:uuid:00000000-0000-0000-0000-000000000003</guid>' in xml
    parsed = feedparser.parse(xml)
    assert parsed.entries[0].id == "urn:uuid:00000000-0000-0000-0000-000000000003"


def test_a_story_without_a_date_gets_no_publication_date() -> None:
    parsed = feedparser.parse(render_feed(STORIES, INFO, "rss"))
    assert "published" not in parsed.entries[2]
    assert parsed.entries[1].published_parsed[:3] == (2021, 7, 6)


def test_rendering_is_a_pure_function_of_the_rows() -> None:
    assert render_feed(STORIES, INFO, "atom") == render_feed(STORIES, INFO, "atom")
    assert render_feed(STORIES, INFO, "rss") == render_feed(STORIES, INFO, "rss")


@settings(max_examples=60, deadline=None)
@given(
    title=st.text(min_size=1, max_size=80).filter(lambda t: xml_safe(t).strip()),
    text=st.text(min_size=1, max_size=400),
    fmt=st.sampled_from(["rss", "atom"]),
)
def test_any_stored_text_gives_a_feed_that_parses(title: str, text: str, fmt: str) -> None:
    item = story(7, None, text=text)
    item = StoredStory(**{**item.__dict__, "title": title})
    data = render_feed([item], INFO, fmt)  # type: ignore[arg-type]
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert len(parsed.entries) == 1
    # The XML holds the title as stored, less what XML cannot carry (feedparser's own
    # reading of odd whitespace is its business).
    tree = etree.fromstring(data)
    [written] = tree.xpath(
        "//item/title/text() | //*[local-name()='entry']/*[local-name()='title']/text()"
    )
    assert written.strip() == xml_safe(title).strip()


def test_feeds_are_written_atomically(tmp_path: Path) -> None:
    target = tmp_path / "feeds" / "all.rss"
    write_atomic(target, b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in target.parent.iterdir()] == ["all.rss"]


HOSTILE = (
    "<script>alert(1)</script>\n\n<iframe src='https://evil.example/'></iframe>"
    ' <img src=x onerror="alert(2)"> <style>p{}</style> <svg onload=alert(3)>'
    "\n\n<a href=\"javascript:alert(4)\" onclick='alert(5)'>x</a> ]]> &amp; <!-- -->"
)


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_markup_in_a_story_reaches_readers_as_text(fmt: str) -> None:
    """Stored text is plain text: whatever markup it holds is escaped, never live HTML."""
    item = StoredStory(**{**story(5, None, text=HOSTILE).__dict__, "title": "<b>Bold</b> title"})
    data = render_feed([item], INFO, fmt)  # type: ignore[arg-type]
    tree = etree.fromstring(data)
    fragments = tree.xpath(
        "//*[local-name()='content' or local-name()='encoded' or local-name()='description'"
        " or local-name()='summary'][ancestor::*[local-name()='item' or local-name()='entry']]"
        "/text()"
    )
    assert fragments
    for fragment in fragments:
        html = lxml.html.fragment_fromstring(fragment, create_parent="div")
        assert [el.tag for el in html.iter()] == ["div"] + ["p"] * (len(html) if len(html) else 0)
        assert not [name for el in html.iter() for name in el.attrib]
        assert "alert(1)" in html.text_content() or "alert(4)" in html.text_content()
    parsed = feedparser.parse(data)
    assert not parsed.bozo
    assert parsed.entries[0].title == "<b>Bold</b> title"  # a title is text too


def test_entries_name_their_sources_and_byline_and_feeds_their_language() -> None:
    item = StoredStory(
        **{**story(4, date(2026, 1, 2)).__dict__, "sources": ("nato-hq", "rs-mission-nato")}
    )
    item = StoredStory(**{**item.__dict__, "byline": "Ana Petrović"})
    info = replace(
        INFO,
        language="en",
        self_url="http://127.0.0.1:8080/feed.atom",
        source_names={"nato-hq": "NATO HQ news"},
    )
    atom = feedparser.parse(render_feed([item], info, "atom"))
    rss = feedparser.parse(render_feed([item], info, "rss"))
    assert [(t.term, t.label) for t in atom.entries[0].tags] == [
        ("nato-hq", "NATO HQ news"),
        ("rs-mission-nato", "rs-mission-nato"),
    ]
    assert [t.term for t in rss.entries[0].tags] == ["NATO HQ news", "rs-mission-nato"]
    for parsed in (atom, rss):
        assert not parsed.bozo, parsed.get("bozo_exception")
        entry = parsed.entries[0]
        assert entry.author == "Ana Petrović"
        assert entry.language == "en"
        assert parsed.feed.language == "en"
    assert atom.feed.author == "Newsroom Monitor"  # Atom: entries without a byline need one
    assert rss.feed.link == "http://x.org/"  # the page, not the feed itself
    assert {(link.rel, link.href) for link in atom.feed.links} == {
        ("alternate", "http://x.org/"),
        ("self", "http://127.0.0.1:8080/feed.atom"),
    }


def test_feed_info_names_the_selection() -> None:
    info = feed_info(None, None, "sr-Latn", "KFOR Kosovo")
    assert info.title == "Newsroom Monitor: all newsrooms (sr-Latn) matching 'KFOR Kosovo'"
    assert info.id == "urn:newsroom-monitor:feed:all:sr-Latn:q:KFOR%20Kosovo"
    assert info.language == "sr-Latn"
    assert feed_info("nato-hq", None).id == "urn:newsroom-monitor:feed:nato-hq:all"


def test_newsroom_feed_writes_what_the_crawl_writes_with_newsroom_names_as_labels(
    tmp_path: Path,
) -> None:
    from click.testing import CliRunner

    from crawler.cli import cli
    from crawler.cli.feedfiles import write_feeds
    from crawler.core.items import Article
    from crawler.core.newsrooms import load_newsrooms
    from crawler.snapshots import DEMO_SITES
    from storage.repository import Repository

    newsrooms = DEMO_SITES / "newsrooms.toml"
    registry = load_newsrooms(newsrooms)
    database = url_at(tmp_path / "newsroom.sqlite3")
    repository = Repository.open(database)
    text = "Experts of both sides exchanged flood response plans and agreed a joint exercise."
    seen = datetime(2026, 11, 24, 12, tzinfo=UTC)
    for key, url in [
        ("rs-mission-nato", "http://nato-brussels.mfa.gov.rs/news.php?id=12"),
        ("nato-mlo-belgrade", "https://jfcnaples.nato.int/mlo_belgrade/newsroom/news/2026/talks"),
    ]:
        repository.save_article(Article(url, url, "Staff talks", text, "en"), key, seen)
    repository.close()
    crawl = write_feeds(database, tmp_path / "feeds", registry, registry.values())

    for fmt in ("rss", "atom"):
        for scope in ("all", "rs-mission-nato"):
            args = ["feed", "--db", database, "--newsrooms", str(newsrooms), "--format", fmt]
            args += ["-o", str(tmp_path / f"cli-{scope}.{fmt}")]
            if scope != "all":
                args += ["--newsroom", scope]
            result = CliRunner().invoke(cli, args, catch_exceptions=False)
            assert result.exit_code == 0, result.output
            written = (tmp_path / f"cli-{scope}.{fmt}").read_bytes()
            assert written == (crawl / f"{scope}.{fmt}").read_bytes()
            [entry] = feedparser.parse(written).entries
            # RSS carries the label only; Atom the key as the term and the name as the label.
            keys = ["rs-mission-nato", "nato-mlo-belgrade"]
            assert [t.get("label") or t.term for t in entry.tags] == [
                registry[key].name for key in keys
            ]
            if fmt == "atom":
                assert [t.term for t in entry.tags] == keys
