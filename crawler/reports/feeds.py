"""RSS 2.0 and Atom feeds: a pure render of stored stories, and an atomic write to disk.

Entries keep the order they are given (newest first), carry a GUID that never changes for a
story (``urn:uuid:`` of the story, not a permalink), a link to the original, the full text as
escaped paragraphs (stories are plain text: no markup of a page ever reaches a reader), every
source newsroom as a category, the byline as author, published and updated times, and the
story's language.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from typing import Literal
from urllib.parse import quote

from feedgen.feed import FeedGenerator

from crawler.core.newsrooms import Newsroom
from storage.repository import StoredStory

__all__ = ["FeedInfo", "feed_info", "render_feed", "xml_safe"]

Format = Literal["rss", "atom"]
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class FeedInfo:
    """What a feed says about itself."""

    id: str  # a URI that never changes for this feed
    title: str
    link: str  # the page the feed stands for
    description: str
    self_url: str | None = None
    language: str | None = None  # what the feed was asked for; entries give their own
    source_names: Mapping[str, str] = field(default_factory=dict)  # newsroom key -> name


def feed_info(
    key: str | None,
    newsroom: Newsroom | None,
    language: str | None = None,
    query: str | None = None,
    *,
    self_url: str | None = None,
    source_names: Mapping[str, str] | None = None,
) -> FeedInfo:
    """What the feed of one newsroom's (``key``, or all newsrooms') stories says of itself,
    narrowed to a ``language`` and to the stories that hold every word of ``query``."""
    scope = newsroom.name if newsroom else (key or "all newsrooms")
    suffix = f" ({language})" if language else ""
    if query:
        suffix += f" matching {query!r}"
    feed_id = f"urn:newsroom-monitor:feed:{key or 'all'}:{language or 'all'}"
    if query:
        feed_id += ":q:" + quote(query, safe="")
    return FeedInfo(
        id=feed_id,
        title=f"Newsroom Monitor: {scope}{suffix}",
        link=newsroom.start_urls[0] if newsroom else "https://github.com/newsroom-monitor",
        description=f"New stories from {scope}{suffix}, as Newsroom Monitor stored them.",
        self_url=self_url,
        language=language,
        source_names=dict(source_names or {}),
    )


def render_feed(stories: Sequence[StoredStory], info: FeedInfo, fmt: Format) -> bytes:
    """The feed of ``stories`` in their given order. Same rows in, same bytes out."""
    feed = FeedGenerator()
    feed.load_extension("dc", atom=True, rss=True)
    feed.id(info.id)
    feed.title(info.title)
    if info.self_url:
        feed.link(href=info.self_url, rel="self")
    feed.link(href=info.link, rel="alternate")  # last: RSS's <link> is the last one given
    feed.description(info.description)
    feed.subtitle(info.description)
    feed.generator("Newsroom Monitor")
    feed.author({"name": "Newsroom Monitor"})  # Atom wants an author for entries with none
    if info.language:
        feed.language(info.language)
    newest = max((_entry_updated(s) for s in stories), default=EPOCH)
    feed.updated(newest)
    feed.lastBuildDate(newest)  # feedgen would otherwise stamp the clock
    for story in stories:
        entry = feed.add_entry(order="append")  # the default prepends: newest-first would flip
        guid = f"urn:uuid:{story.guid}"
        entry.id(guid)
        entry.guid(guid, permalink=False)
        entry.title(xml_safe(story.title))
        entry.link(href=story.url, rel="alternate")
        if story.published is not None:
            entry.published(datetime.combine(story.published, time(0), tzinfo=UTC))
        entry.updated(_entry_updated(story))
        text = xml_safe(story.text)
        entry.content(_paragraphs_html(text), type="html")
        # Escaped HTML too: RSS readers take <description> as HTML, whatever the text holds.
        entry.summary(_paragraphs_html(_summary(text)), type="html")
        for source in story.sources:
            entry.category(term=source, label=info.source_names.get(source, source))
        if story.byline:
            entry.author({"name": xml_safe(story.byline)})  # Atom only: RSS wants an e-mail
            entry.dc.dc_creator(xml_safe(story.byline))
        if story.language:
            entry.dc.dc_language(story.language)
    if fmt == "rss":
        return bytes(feed.rss_str(pretty=True))
    return bytes(feed.atom_str(pretty=True))


#: What XML 1.0 cannot carry (C0 controls but tab and newlines, surrogates, U+FFFE/F) and what
#: it discourages (DEL and C1 controls, which readers guess as windows-1252).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters an XML document cannot hold (a stray control byte in
    an old CMS page must not make the whole feed unreadable)."""
    return _NOT_XML.sub("", text)


def _entry_updated(story: StoredStory) -> datetime:
    if story.updated is not None:
        return story.updated
    if story.published is not None:
        return datetime.combine(story.published, time(0), tzinfo=UTC)
    return story.first_seen


def _paragraphs_html(text: str) -> str:
    return "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n") if p.strip())


def _summary(text: str, limit: int = 400) -> str:
    first = text.split("\n\n", 1)[0].strip()
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + " …"
