from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import feedparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from crawler.feeds import FeedInfo, render_feed, write_atomic, xml_safe
from storage.repository import StoredStory

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
