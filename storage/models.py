"""The schema, in SQLAlchemy 2.0 style; Alembic migrations in ``storage/migrations`` own it.

Portable between SQLite and PostgreSQL: no dialect-only types, UTC times through one
`TypeDecorator`, and every identity a unique constraint the database enforces.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    Unicode,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

__all__ = [
    "Base",
    "CrawlRun",
    "PageState",
    "RawPage",
    "SchedulerJob",
    "Story",
    "StoryBand",
    "StoryHash",
    "StoryTemplate",
    "StoryTranslation",
    "StoryUrl",
    "StoryVersion",
    "UTCDateTime",
]

# BIGINT keys for PostgreSQL at millions of rows; SQLite only autoincrements INTEGER.
Id = BigInteger().with_variant(Integer(), "sqlite")
URL_LENGTH = 2048


class UTCDateTime(TypeDecorator[datetime]):
    """A tz-aware UTC datetime in and out, whatever the database keeps."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: store tz-aware datetimes only")
        value = value.astimezone(UTC)
        # SQLite keeps text: store UTC without an offset so values sort as text.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(table_name)s_%(column_0_name)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class RawPage(Base):
    """A fetched page as it came, compressed (`crawler.core.packing`), kept so stories can be
    re-extracted."""

    __tablename__ = "raw_page"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    url: Mapped[str] = mapped_column(String(URL_LENGTH), index=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str | None] = mapped_column(String(255))
    body: Mapped[bytes] = mapped_column(LargeBinary)


class Story(Base):
    """One story, however many URLs, scripts and newsrooms show it."""

    __tablename__ = "story"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), unique=True)  # the feed GUID; never changes
    newsroom: Mapped[str] = mapped_column(String(64), index=True)  # where it was first seen
    url: Mapped[str] = mapped_column(String(URL_LENGTH), unique=True)  # canonical, first seen
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    byline: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(16))
    published: Mapped[date | None] = mapped_column(Date, index=True)
    updated: Mapped[datetime | None] = mapped_column(UTCDateTime())
    content_hash: Mapped[str] = mapped_column(String(32))
    from_listing: Mapped[bool] = mapped_column(Boolean)
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)  # ops page chart
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime())
    # Newest first: the stated publication day (midnight UTC), else when we first saw it.
    sort_time: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    raw_page_id: Mapped[int | None] = mapped_column(ForeignKey("raw_page.id"), index=True)
    signature: Mapped[bytes | None] = mapped_column(LargeBinary)  # MinHash, crawler.core.keys
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    gone_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # its page answered 404/410
    #: Where the stored title, date, body and byline came from: field -> source
    #: (`crawler.core.items.Source`); NULL for stories stored before it was recorded.
    provenance: Mapped[dict[str, str] | None] = mapped_column(JSON)


class StoryUrl(Base):
    """Every canonical URL that shows a story: its own page, aliases, script twins."""

    __tablename__ = "story_url"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("story.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(URL_LENGTH), unique=True)
    newsroom: Mapped[str] = mapped_column(String(64))
    language: Mapped[str | None] = mapped_column(String(16))
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime())
    #: How the URL joined the story: its page, the same text, a near-duplicate, a redirect,
    #: or the page's own rel=canonical.
    via: Mapped[str] = mapped_column(String(16), server_default="page")
    #: What this page last said, when it is a page of the story: a change is judged against
    #: the page's own last text, so two copies of one story (a re-post with other captions)
    #: never look like updates of each other.
    content_hash: Mapped[str | None] = mapped_column(String(32))
    text: Mapped[str | None] = mapped_column(Text)
    #: ... and its title: with the text, what a reader who asks for this page's language or
    #: script is shown (a story known in Latin and Cyrillic is one story, read in either).
    title: Mapped[str | None] = mapped_column(Text)
    #: When the page last answered 404 or 410 (None while it answers): the story is gone when
    #: its own page is, or every page it was read at (`Repository.mark_gone`).
    gone_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class StoryHash(Base):
    """Exact content identity: the hash of every normalised text a story has had."""

    __tablename__ = "story_hash"

    hash: Mapped[str] = mapped_column(String(32), primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("story.id", ondelete="CASCADE"), index=True)


class StoryBand(Base):
    """LSH band keys of a story's MinHash signature: an indexed lookup of near-duplicates."""

    __tablename__ = "story_band"

    key: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    story_id: Mapped[int] = mapped_column(
        ForeignKey("story.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class StoryVersion(Base):
    """Every material text a story has had, oldest first; the story row holds the newest."""

    __tablename__ = "story_version"
    __table_args__ = (UniqueConstraint("story_id", "number"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("story.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(32))
    raw_page_id: Mapped[int | None] = mapped_column(ForeignKey("raw_page.id"))


class StoryTranslation(Base):
    """A page the story names as its translation (hreflang): linked, never merged."""

    __tablename__ = "story_translation"

    story_id: Mapped[int] = mapped_column(
        ForeignKey("story.id", ondelete="CASCADE"), primary_key=True
    )
    url: Mapped[str] = mapped_column(String(URL_LENGTH), primary_key=True)
    language: Mapped[str | None] = mapped_column(String(16))


class PageState(Base):
    """What the crawler knows of one fetched URL, for conditional and incremental re-crawls."""

    __tablename__ = "page_state"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    url: Mapped[str] = mapped_column(String(URL_LENGTH), unique=True)
    newsroom: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # story | listing | feed | sitemap | page
    etag: Mapped[str | None] = mapped_column(String(255))
    last_modified: Mapped[str | None] = mapped_column(String(64))  # as the server wrote it
    content_hash: Mapped[str | None] = mapped_column(String(64))  # sha256 of the body
    status: Mapped[int | None] = mapped_column(Integer)
    first_fetched: Mapped[datetime] = mapped_column(UTCDateTime())
    last_fetched: Mapped[datetime] = mapped_column(UTCDateTime())
    last_changed: Mapped[datetime] = mapped_column(UTCDateTime())  # the body last differed
    #: The last time the page was fetched without validators (a stale ETag cannot hide news).
    last_full_fetch: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: The URL asked for, where it is not ``url``: the query in the order the site's pages
    #: write it, which some servers need (`crawler.core.keys.written_url`).
    address: Mapped[str | None] = mapped_column(String(URL_LENGTH))


class StoryTemplate(Base):
    """A story-URL template a newsroom's stories were found at (`crawler.core.sitelinks`),
    learned from the stories its crawls stored: links that match one are fetched first, and
    new stories that match none of them while they used to are drift."""

    __tablename__ = "story_template"
    __table_args__ = (UniqueConstraint("newsroom", "template"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    newsroom: Mapped[str] = mapped_column(String(64), index=True)
    template: Mapped[str] = mapped_column(String(URL_LENGTH))
    stories: Mapped[int] = mapped_column(Integer, server_default="0")  # new stories found there
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime())


class CrawlRun(Base):
    """One crawl of one newsroom: when, how it ended and what it did, for ops."""

    __tablename__ = "crawl_run"
    __table_args__ = (UniqueConstraint("run_id", "newsroom"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    run_id: Mapped[str] = mapped_column(String(36), index=True)  # one `newsroom crawl` call
    newsroom: Mapped[str] = mapped_column(String(64), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: running | finished | failed | interrupted
    status: Mapped[str] = mapped_column(String(16))
    finish_reason: Mapped[str | None] = mapped_column(String(64))
    requests: Mapped[int] = mapped_column(Integer, server_default="0")
    responses: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)  # by HTTP status
    not_modified: Mapped[int] = mapped_column(Integer, server_default="0")
    pages: Mapped[int] = mapped_column(Integer, server_default="0")
    stories_new: Mapped[int] = mapped_column(Integer, server_default="0")
    stories_updated: Mapped[int] = mapped_column(Integer, server_default="0")
    stories_duplicate: Mapped[int] = mapped_column(Integer, server_default="0")
    stories_unchanged: Mapped[int] = mapped_column(Integer, server_default="0")
    stories_gone: Mapped[int] = mapped_column(Integer, server_default="0")
    errors: Mapped[int] = mapped_column(Integer, server_default="0")
    bytes: Mapped[int] = mapped_column(BigInteger, server_default="0")
    counters: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)  # every stat
    error_lines: Mapped[list[str]] = mapped_column(JSON, default=list)  # the first errors
    log_path: Mapped[str | None] = mapped_column(String(1024))
    #: The crawling process, so a run left "running" by a killed process can be told apart.
    host: Mapped[str | None] = mapped_column(String(255))
    pid: Mapped[int | None] = mapped_column(Integer)


class SchedulerJob(Base):
    """APScheduler 3's job store table, declared here so that Alembic owns it too (the
    scheduler's own create-if-missing then finds it in place)."""

    __tablename__ = "apscheduler_jobs"

    id: Mapped[str] = mapped_column(Unicode(191), primary_key=True)
    next_run_time: Mapped[float | None] = mapped_column(Float(25), index=True)
    job_state: Mapped[bytes] = mapped_column(LargeBinary)
