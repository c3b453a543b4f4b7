"""Read and write stories. The only module that builds SQL; spiders and pipelines call this.

Writes are idempotent upserts (``INSERT ... ON CONFLICT``, portable between SQLite and
PostgreSQL): storing the same article twice, or from two processes at once, leaves one story.
"""

from __future__ import annotations

import hashlib
import uuid
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import Engine, Select, delete, exists, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from crawler.dedup import content_hash
from crawler.items import Article, Outcome
from storage.database import open_database
from storage.models import RawPage, Story, StoryHash, StoryUrl

__all__ = ["Repository", "StoredStory"]


@dataclass(frozen=True)
class StoredStory:
    """A story as feeds and exports read it."""

    id: int
    guid: str
    newsroom: str
    url: str
    urls: tuple[str, ...]
    sources: tuple[str, ...]  # every newsroom that showed it
    title: str
    text: str
    byline: str | None
    language: str | None
    languages: tuple[str, ...]  # every language and script it was seen in
    published: date | None
    updated: datetime | None
    first_seen: datetime
    last_seen: datetime

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.guid,
            "newsroom": self.newsroom,
            "url": self.url,
            "urls": list(self.urls),
            "sources": list(self.sources),
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "updated": self.updated.isoformat() if self.updated else None,
            "language": self.language,
            "languages": list(self.languages),
            "byline": self.byline,
            "text": self.text,
            "first_seen": self.first_seen.isoformat(),
        }


class Repository:
    """Stories in one database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str) -> Repository:
        return cls(open_database(url))

    def close(self) -> None:
        self.engine.dispose()

    # -- writes -----------------------------------------------------------------------------

    def save_page(
        self, url: str, status: int, content_type: str | None, body: bytes, fetched_at: datetime
    ) -> int:
        """Keep a fetched page (once per distinct body); return its id."""
        digest = hashlib.sha256(body).hexdigest()
        with self._sessions.begin() as session:
            session.execute(
                _insert(session, RawPage)
                .values(
                    url=url,
                    sha256=digest,
                    fetched_at=fetched_at,
                    status=status,
                    content_type=content_type,
                    body=zlib.compress(body, 6),
                )
                .on_conflict_do_nothing(index_elements=["sha256"])
            )
            page_id = session.scalar(select(RawPage.id).where(RawPage.sha256 == digest))
        assert page_id is not None
        return page_id

    def save_article(
        self,
        article: Article,
        newsroom: str,
        seen_at: datetime,
        page_id: int | None = None,
        run_started: datetime | None = None,
    ) -> Outcome:
        """Store one extracted article; say whether it was new, a duplicate, or an update.

        A story already seen since ``run_started`` is a duplicate (another copy in this crawl);
        one known from an earlier crawl is unchanged, or updated when its own page changed.
        """
        digest = content_hash(article.text)
        with self._sessions.begin() as session:
            by_url = session.scalar(select(StoryUrl.story_id).where(StoryUrl.url == article.url))
            if by_url is not None:
                return self._seen_by_url(
                    session, by_url, article, digest, seen_at, page_id, run_started
                )
            by_hash = session.scalar(select(StoryHash.story_id).where(StoryHash.hash == digest))
            if by_hash is not None:
                self._add_url(session, by_hash, article, newsroom, seen_at)
                self._touch(session, by_hash, seen_at)
                return Outcome.DUPLICATE_CONTENT
            return self._insert_story(session, article, newsroom, digest, seen_at, page_id)

    def _insert_story(
        self,
        session: Session,
        article: Article,
        newsroom: str,
        digest: str,
        seen_at: datetime,
        page_id: int | None,
    ) -> Outcome:
        inserted = session.execute(
            _insert(session, Story)
            .values(
                guid=str(uuid.uuid5(uuid.NAMESPACE_URL, article.url)),
                newsroom=newsroom,
                url=article.url,
                title=article.title,
                text=article.text,
                byline=article.byline,
                language=article.language,
                published=article.published,
                updated=article.updated,
                content_hash=digest,
                from_listing=article.from_listing,
                first_seen=seen_at,
                last_seen=seen_at,
                sort_time=_sort_time(article.published, seen_at),
                raw_page_id=page_id,
            )
            .on_conflict_do_nothing(index_elements=["url"])
        )
        story_id = session.scalar(select(Story.id).where(Story.url == article.url))
        assert story_id is not None
        self._add_url(session, story_id, article, newsroom, seen_at)
        if not _rowcount(inserted):
            # Another writer stored this URL between our lookup and our insert.
            return Outcome.UNCHANGED
        claimed = session.execute(
            _insert(session, StoryHash)
            .values(hash=digest, story_id=story_id)
            .on_conflict_do_nothing(index_elements=["hash"])
        )
        if not _rowcount(claimed):
            # Another writer stored the same text under another URL first: fold into theirs.
            owner = session.scalar(select(StoryHash.story_id).where(StoryHash.hash == digest))
            assert owner is not None
            session.execute(
                update(StoryUrl).where(StoryUrl.story_id == story_id).values(story_id=owner)
            )
            session.execute(delete(Story).where(Story.id == story_id))
            return Outcome.DUPLICATE_CONTENT
        return Outcome.NEW

    def _seen_by_url(
        self,
        session: Session,
        story_id: int,
        article: Article,
        digest: str,
        seen_at: datetime,
        page_id: int | None,
        run_started: datetime | None,
    ) -> Outcome:
        story = session.get(Story, story_id)
        assert story is not None
        if article.from_listing:
            # A front page repeating a story we hold: its own page is the better copy, and
            # only a visit to that page counts as seeing the story again.
            return Outcome.DUPLICATE_URL
        seen_this_run = run_started is not None and story.last_seen >= run_started
        story.last_seen = max(story.last_seen, seen_at)
        if story.content_hash == digest:
            return Outcome.DUPLICATE_URL if seen_this_run else Outcome.UNCHANGED
        completing = story.from_listing  # we only had the front page's copy until now
        story.title = article.title
        story.text = article.text
        story.byline = article.byline
        story.content_hash = digest
        story.from_listing = False
        story.raw_page_id = page_id
        story.published = story.published or article.published
        story.sort_time = _sort_time(story.published, story.first_seen)
        session.execute(
            _insert(session, StoryHash)
            .values(hash=digest, story_id=story_id)
            .on_conflict_do_nothing(index_elements=["hash"])
        )
        if completing:
            return Outcome.DUPLICATE_URL
        story.updated = article.updated or seen_at
        return Outcome.UPDATED

    def _add_url(
        self, session: Session, story_id: int, article: Article, newsroom: str, seen_at: datetime
    ) -> None:
        session.execute(
            _insert(session, StoryUrl)
            .values(
                story_id=story_id,
                url=article.url,
                newsroom=newsroom,
                language=article.language,
                first_seen=seen_at,
            )
            .on_conflict_do_nothing(index_elements=["url"])
        )

    def _touch(self, session: Session, story_id: int, seen_at: datetime) -> None:
        story = session.get(Story, story_id)
        assert story is not None
        story.last_seen = seen_at

    # -- reads ------------------------------------------------------------------------------

    def stories(
        self,
        *,
        newsroom: str | None = None,
        language: str | None = None,
        limit: int | None = None,
    ) -> list[StoredStory]:
        """Stories newest first, optionally of one newsroom (as a source) or one language."""
        query: Select[Story] = select(Story)
        if newsroom is not None:
            query = query.where(
                or_(
                    Story.newsroom == newsroom,
                    exists().where(StoryUrl.story_id == Story.id, StoryUrl.newsroom == newsroom),
                )
            )
        if language is not None:
            query = query.where(
                or_(
                    Story.language == language,
                    exists().where(StoryUrl.story_id == Story.id, StoryUrl.language == language),
                )
            )
        query = query.order_by(Story.sort_time.desc(), Story.id.desc())
        if limit is not None:
            query = query.limit(limit)
        with self._sessions() as session:
            rows = list(session.scalars(query))
            return self._stored(session, rows)

    def iter_stories(self, batch: int = 500) -> Iterator[StoredStory]:
        """Every story, oldest id first, read in batches (for exports of any size)."""
        last = 0
        while True:
            with self._sessions() as session:
                rows = list(
                    session.scalars(
                        select(Story).where(Story.id > last).order_by(Story.id).limit(batch)
                    )
                )
                if not rows:
                    return
                yield from self._stored(session, rows)
                last = rows[-1].id

    def count(self) -> int:
        with self._sessions() as session:
            return session.scalar(select(func.count()).select_from(Story)) or 0

    def raw_page(self, page_id: int) -> bytes:
        with self._sessions() as session:
            page = session.get(RawPage, page_id)
            if page is None:
                raise KeyError(page_id)
            return zlib.decompress(page.body)

    def _stored(self, session: Session, rows: Sequence[Story]) -> list[StoredStory]:
        urls: dict[int, list[StoryUrl]] = {row.id: [] for row in rows}
        if urls:
            for link in session.scalars(
                select(StoryUrl)
                .where(StoryUrl.story_id.in_(urls))
                .order_by(StoryUrl.first_seen, StoryUrl.id)
            ):
                urls[link.story_id].append(link)
        return [
            StoredStory(
                id=row.id,
                guid=row.guid,
                newsroom=row.newsroom,
                url=row.url,
                urls=tuple(link.url for link in urls[row.id]),
                sources=_unique([row.newsroom, *(link.newsroom for link in urls[row.id])]),
                title=row.title,
                text=row.text,
                byline=row.byline,
                language=row.language,
                languages=_unique([row.language, *(link.language for link in urls[row.id])]),
                published=row.published,
                updated=row.updated,
                first_seen=row.first_seen,
                last_seen=row.last_seen,
            )
            for row in rows
        ]


def _insert(session: Session, model: type[Any]) -> Any:
    """An INSERT that knows ``ON CONFLICT`` on this session's database."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(model)
    if dialect == "sqlite":
        return sqlite.insert(model)
    raise RuntimeError(f"unsupported database dialect {dialect!r}")


def _rowcount(result: Any) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


def _sort_time(published: date | None, first_seen: datetime) -> datetime:
    if published is None:
        return first_seen
    return datetime.combine(published, time(0), tzinfo=UTC)


def _unique(values: Sequence[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))
