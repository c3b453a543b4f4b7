"""Read and write stories. The only module that builds SQL; spiders and pipelines call this.

Writes are idempotent upserts (``INSERT ... ON CONFLICT``, portable between SQLite and
PostgreSQL): storing the same article twice, or from two processes at once, leaves one story.
A story is found again by any of its URLs, by the hash of its text, or as a near-duplicate
(LSH band keys in an indexed table, then the signatures compared); see `crawler.core.keys`.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    case,
    delete,
    exists,
    func,
    or_,
    select,
    type_coerce,
    update,
)
from sqlalchemy.orm import Session

from crawler.core.items import Article, Outcome, Source
from crawler.core.keys import (
    NEAR_DUPLICATE,
    NEAR_DUPLICATE_DAYS,
    TextKeys,
    band_keys,
    material_change,
    similarity,
    text_keys,
)
from crawler.core.packing import PackedPage, pack, unpack
from storage import search
from storage.database import Store, insert_for, insert_row, rowcount, take_turns
from storage.models import (
    PageState,
    RawPage,
    Story,
    StoryBand,
    StoryHash,
    StoryTranslation,
    StoryUrl,
    StoryVersion,
)

__all__ = ["FeedState", "Recheck", "Repository", "StoredStory", "StoredVersion", "sort_time_of"]

#: The lock story writes take turns on (`take_turns`): "stry".
_STORY_WRITES = 0x73747279

#: How many stories an ambiguous id prefix names in its error.
PREFIX_CANDIDATES = 5


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
    version: int = 1
    gone_at: datetime | None = None
    translations: tuple[str, ...] = ()  # GUIDs of stored stories it names as translations
    #: Where its title, date, body and byline came from (field -> source); empty when stored
    #: before that was recorded.
    provenance: Mapping[str, str] = field(default_factory=dict, hash=False)

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
            "version": self.version,
            "gone": self.gone_at.isoformat() if self.gone_at else None,
            "translations": list(self.translations),
            "provenance": dict(self.provenance),
        }


_Query = TypeVar("_Query", bound=Select[*tuple[Any, ...]])


@dataclass(frozen=True)
class FeedState:
    """What a feed of a selection of stories would hold, without its stories' text."""

    ids: tuple[int, ...]  # the stories, newest first
    fingerprint: str  # changes whenever anything a feed shows of them changes
    changed: datetime | None  # when a change to them was last recorded (None: no stories)


@dataclass(frozen=True)
class Recheck:
    """When stored stories are fetched again to see updates and removals."""

    days: float = 30  # stories first seen longer ago are not checked again
    factor: float = 0.25  # checked again after this share of their age...
    least: timedelta = timedelta(hours=1)  # ...but never sooner than this
    most: timedelta = timedelta(days=7)  # ...nor later than this
    limit: int = 200  # per newsroom and crawl


@dataclass(frozen=True)
class StoredVersion:
    """One material text of a story."""

    number: int
    seen_at: datetime
    title: str
    text: str


class Repository(Store):
    """Stories in one database.

    Whether a page holds a story already stored (by its URL, its text, a translation of it)
    is decided by reading before writing, so writes of stories take turns (`take_turns`):
    two crawler processes storing one story at once store it once."""

    def _began(self, session: Session) -> None:
        take_turns(session, _STORY_WRITES)

    # -- writes -----------------------------------------------------------------------------

    def save_page(
        self,
        url: str,
        status: int,
        content_type: str | None,
        body: bytes,
        fetched_at: datetime,
        packed: PackedPage | None = None,
    ) -> int:
        """Keep a fetched page (once per distinct body); return its id. ``packed`` is the
        body as stored when it was made already (`storage.packing.pack`, in a worker)."""
        packed = packed or pack(body)
        digest = packed.sha256
        with self._writing() as session:
            insert_row(
                session,
                RawPage,
                ("sha256",),
                {
                    "url": url,
                    "sha256": digest,
                    "fetched_at": fetched_at,
                    "status": status,
                    "content_type": content_type,
                    "body": packed.compressed,
                },
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
        also_at: Sequence[tuple[str, str]] = (),
        keys: TextKeys | None = None,
    ) -> Outcome:
        """Store one extracted article; say whether it was new, a duplicate, or an update.

        ``also_at`` are other URLs that are this page, with how they are known (``redirect``
        for URLs that redirected here, ``canonical`` for the page's trustworthy rel=canonical):
        a story stored under any of them is this story. A story already seen since
        ``run_started`` is a duplicate (another copy in this crawl); one known from an earlier
        crawl is unchanged, or updated when its own page changed materially. ``keys`` are
        the text's dedup keys when they were made already (`text_keys`, in an extraction
        worker).
        """
        keys = keys or text_keys(article.text)
        digest, sig = keys.digest, keys.signature
        urls = [(article.url, "page"), *((u, via) for u, via in also_at if u != article.url)]
        with self._writing() as session:
            rows = session.execute(
                select(StoryUrl.url, StoryUrl.story_id).where(
                    StoryUrl.url.in_([u for u, _ in urls])
                )
            )
            known = {url: sid for url, sid in rows}
            story_id = next((known[u] for u, _ in urls if u in known), None)
            if story_id is not None:
                # The page's other addresses are the story's before its text is read, so
                # that the story's URL can follow its text there (`_read_at`).
                for url, via in urls:
                    if url not in known:
                        self._add_url(session, story_id, url, article, newsroom, seen_at, via)
                        known[url] = story_id
                outcome = self._seen_by_url(
                    session, story_id, article, digest, sig, seen_at, page_id, run_started
                )
            else:
                story_id, outcome = self._find_or_insert(
                    session, article, newsroom, digest, sig, seen_at, page_id
                )
            joined = {Outcome.DUPLICATE_CONTENT: "content", Outcome.NEAR_DUPLICATE: "near"}
            for url, via in urls:
                if url not in known:
                    via = joined.get(outcome, via) if url == article.url else via
                    self._add_url(session, story_id, url, article, newsroom, seen_at, via)
            if not article.from_listing:
                self._page_said(session, article.url, digest, article)
            self._follow_move(session, story_id, article.url, also_at)
            quiet = (Outcome.UNCHANGED, Outcome.DUPLICATE_URL, Outcome.COSMETIC)
            if outcome in quiet and self._retitled(session, story_id, article):
                outcome = Outcome.COSMETIC
            self._add_translations(session, story_id, article)
        return outcome

    @staticmethod
    def _retitled(session: Session, story_id: int, article: Article) -> bool:
        """Whether the story's own page (where it moved to, too) gives it a new title, its
        text as it was or changed in no material way: a Croatian embassy's notice moved to an
        address naming its new title.
        Readers see the page's headline, quietly, without a new version."""
        story = session.get(Story, story_id)
        if story is None or story.url != article.url or article.from_listing:
            return False
        if not article.title or article.title == story.title:
            return False
        story.title = article.title
        return True

    def mark_gone(self, url: str, seen_at: datetime) -> bool:
        """A known story's page answered 404 or 410: keep the story, and mark it gone when
        that page is its own (its main URL, as before: a copy's page, a print version, is not
        always asked for again) or no other page it was read at still answers (a Drupal "-0"
        duplicate the editor deleted, or a script twin taken down, leaves the story; an
        address that is never re-checked, one it moved from or the canonical one a page
        names, counts for nothing). A page of it that answers again brings it back. Say
        whether the story is now gone."""
        with self._writing() as session:
            story_id = session.scalar(select(StoryUrl.story_id).where(StoryUrl.url == url))
            if story_id is None:
                return False
            session.execute(
                update(StoryUrl)
                .where(StoryUrl.url == url, StoryUrl.gone_at.is_(None))
                .values(gone_at=seen_at)
                .execution_options(synchronize_session=False)
            )
            main = session.scalar(select(Story.url).where(Story.id == story_id))
            answering = main != url and session.scalar(
                select(StoryUrl.id)
                .where(
                    StoryUrl.story_id == story_id,
                    StoryUrl.url != url,
                    StoryUrl.content_hash.is_not(None),  # a page the story was read at
                    StoryUrl.gone_at.is_(None),
                    StoryUrl.via.in_(_RECHECKED),  # one a re-check would find gone
                )
                .limit(1)
            )
            if answering:  # a copy went, and another page of it still answers
                return False
            result = session.execute(
                update(Story)
                .where(Story.id == story_id, Story.gone_at.is_(None))
                .values(gone_at=seen_at)
            )
            return bool(rowcount(result))

    def moved(self, url: str, to: str, seen_at: datetime) -> bool:
        """A stored story's page ``url`` redirects to ``to``: the story lives there now.

        The old address stays one of the story's URLs (links to it still mean the story) but
        is no longer its page; ``to`` becomes its page and, if ``url`` was its main URL, its
        main URL. A redirect into another stored story is recorded nowhere (say so: False).
        """
        with self._writing() as session:
            old = session.scalar(select(StoryUrl).where(StoryUrl.url == url))
            if old is None or url == to:
                return False
            owner = session.scalar(select(StoryUrl.story_id).where(StoryUrl.url == to))
            if owner is not None and owner != old.story_id:
                return False
            if owner is None:
                session.execute(
                    insert_for(session, StoryUrl)
                    .values(
                        story_id=old.story_id,
                        url=to,
                        newsroom=old.newsroom,
                        language=old.language,
                        first_seen=seen_at,
                        via="page",
                    )
                    .on_conflict_do_nothing(index_elements=["url"])
                )
            old.via = "redirect"
            story = session.get(Story, old.story_id)
            assert story is not None
            if story.url == url and session.scalar(select(Story.id).where(Story.url == to)) is None:
                story.url = to
            return True

    def _find_or_insert(
        self,
        session: Session,
        article: Article,
        newsroom: str,
        digest: str,
        sig: bytes,
        seen_at: datetime,
        page_id: int | None,
    ) -> tuple[int, Outcome]:
        by_hash = session.scalar(select(StoryHash.story_id).where(StoryHash.hash == digest))
        if by_hash is not None:
            self._touch(session, by_hash, seen_at)
            return by_hash, Outcome.DUPLICATE_CONTENT
        near = self._near_duplicate(session, sig, article.language, article.published)
        if near is not None:
            self._touch(session, near, seen_at)
            return near, Outcome.NEAR_DUPLICATE
        return self._insert_story(session, article, newsroom, digest, sig, seen_at, page_id)

    def _near_duplicate(
        self, session: Session, sig: bytes, language: str | None, published: date | None
    ) -> int | None:
        """The most similar stored story at or above `NEAR_DUPLICATE`, in the same language,
        published within `NEAR_DUPLICATE_DAYS` of ``published`` when both state a day: two
        short stories read with the same page around them are alike, yet months apart."""
        candidates = session.scalars(
            select(StoryBand.story_id).where(StoryBand.key.in_(band_keys(sig))).distinct()
        ).all()
        if not candidates:
            return None
        best: tuple[float, int] | None = None
        rows = session.execute(
            select(Story.id, Story.signature, Story.language, Story.published).where(
                Story.id.in_(candidates)
            )
        )
        for story_id, other, other_language, other_published in rows:
            if other is None or not _same_language(language, other_language):
                continue  # a translation is another story, however alike its names and numbers
            if (
                published is not None
                and other_published is not None
                and abs((published - other_published).days) > NEAR_DUPLICATE_DAYS
            ):
                continue
            score = similarity(sig, other)
            if score >= NEAR_DUPLICATE and (best is None or score > best[0]):
                best = (score, story_id)
        return best[1] if best else None

    def _insert_story(
        self,
        session: Session,
        article: Article,
        newsroom: str,
        digest: str,
        sig: bytes,
        seen_at: datetime,
        page_id: int | None,
    ) -> tuple[int, Outcome]:
        inserted = insert_row(
            session,
            Story,
            ("url",),
            dict(
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
                sort_time=sort_time_of(article.published, seen_at),
                raw_page_id=page_id,
                signature=sig,
                version=1,
                provenance=_provenance(article),
            ),
        )
        story_id = session.scalar(select(Story.id).where(Story.url == article.url))
        assert story_id is not None
        if not inserted:
            # Another writer stored this URL between our lookup and our insert.
            return story_id, Outcome.UNCHANGED
        claimed = insert_row(session, StoryHash, ("hash",), {"hash": digest, "story_id": story_id})
        if not claimed:
            # Another writer stored the same text under another URL first: fold into theirs.
            owner = session.scalar(select(StoryHash.story_id).where(StoryHash.hash == digest))
            assert owner is not None
            session.execute(
                update(StoryUrl).where(StoryUrl.story_id == story_id).values(story_id=owner)
            )
            session.execute(delete(Story).where(Story.id == story_id))
            return owner, Outcome.DUPLICATE_CONTENT
        self._set_bands(session, story_id, sig)
        self._add_version(session, story_id, 1, article, digest, seen_at, page_id)
        return story_id, Outcome.NEW

    def _seen_by_url(
        self,
        session: Session,
        story_id: int,
        article: Article,
        digest: str,
        sig: bytes,
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
        story.gone_at = None  # it answers again
        if story.from_listing:
            # We only had the front page's copy: its own page completes it, quietly.
            self._claim_hash(session, story_id, digest)
            self._replace_text(session, story, article, digest, sig, page_id)
            session.execute(
                update(StoryVersion)
                .where(StoryVersion.story_id == story_id, StoryVersion.number == story.version)
                .values(title=story.title, text=story.text, content_hash=digest)
            )
            return Outcome.DUPLICATE_URL
        page = session.scalar(select(StoryUrl).where(StoryUrl.url == article.url))
        if digest in (story.content_hash, page.content_hash if page else None):
            return Outcome.DUPLICATE_URL if seen_this_run else Outcome.UNCHANGED
        self._claim_hash(session, story_id, digest)
        # Judge the change against what this page said last time (a copy of the story on
        # another page differs in captions and credits, not in news).
        before = page.text if page is not None and page.text is not None else story.text
        if not material_change(before, article.text):
            return Outcome.COSMETIC
        self._replace_text(session, story, article, digest, sig, page_id)
        story.version += 1
        story.updated = article.updated or seen_at
        self._add_version(session, story_id, story.version, article, digest, seen_at, page_id)
        return Outcome.UPDATED

    def _replace_text(
        self,
        session: Session,
        story: Story,
        article: Article,
        digest: str,
        sig: bytes,
        page_id: int | None,
    ) -> None:
        read_in = story.language
        story.title = article.title
        story.text = article.text
        story.byline = article.byline
        story.language = article.language or story.language
        story.content_hash = digest
        story.from_listing = False
        story.raw_page_id = page_id
        sources = _provenance(article)
        if story.published is not None:
            # The first stated date stays, and so does where it came from.
            kept = (story.provenance or {}).get("published")
            if kept is not None:
                sources["published"] = kept
            elif story.published != article.published:
                sources.pop("published", None)  # stored before sources were recorded
        story.published = story.published or article.published
        story.sort_time = sort_time_of(story.published, story.first_seen)
        story.signature = sig
        story.provenance = sources
        self._set_bands(session, story.id, sig)
        if story.language != read_in:
            self._read_at(session, story, article.url)

    def _read_at(self, session: Session, story: Story, url: str) -> None:
        """The story's title and text are now its page ``url``'s, in another language or
        script than before: that page becomes its main URL, so that they are one page's. A
        front-page copy in Cyrillic completed by the Latin page, or a story whose Latin twin
        changed first, is the Latin page's story, not one at the Cyrillic URL with Latin text.
        A copy in another newsroom leaves the URL where the story was first seen; a page that
        is another story's main URL is left to it. (A page in the same language at another
        URL, an archive's address of the story, leaves the URL too: the feeds' link stays.)"""
        if story.url == url:
            return
        newsroom = session.scalar(
            select(StoryUrl.newsroom).where(StoryUrl.url == url, StoryUrl.story_id == story.id)
        )
        if newsroom != story.newsroom:
            return
        if session.scalar(select(Story.id).where(Story.url == url)) is None:
            story.url = url

    def _claim_hash(self, session: Session, story_id: int, digest: str) -> None:
        insert_row(session, StoryHash, ("hash",), {"hash": digest, "story_id": story_id})

    def _set_bands(self, session: Session, story_id: int, sig: bytes) -> None:
        session.execute(delete(StoryBand).where(StoryBand.story_id == story_id))
        # One statement run for many rows (executemany on the table): a multi-row VALUES
        # built per story cost more than the rest of the story's writes together.
        session.connection().execute(
            insert_for(session, StoryBand.__table__).on_conflict_do_nothing(),
            [{"key": key, "story_id": story_id} for key in sorted(set(band_keys(sig)))],
        )

    def _add_version(
        self,
        session: Session,
        story_id: int,
        number: int,
        article: Article,
        digest: str,
        seen_at: datetime,
        page_id: int | None,
    ) -> None:
        insert_row(
            session,
            StoryVersion,
            ("story_id", "number"),
            {
                "story_id": story_id,
                "number": number,
                "seen_at": seen_at,
                "title": article.title,
                "text": article.text,
                "content_hash": digest,
                "raw_page_id": page_id,
            },
        )

    def _add_url(
        self,
        session: Session,
        story_id: int,
        url: str,
        article: Article,
        newsroom: str,
        seen_at: datetime,
        via: str,
    ) -> None:
        insert_row(
            session,
            StoryUrl,
            ("url",),
            {
                "story_id": story_id,
                "url": url,
                "newsroom": newsroom,
                "language": article.language,
                "first_seen": seen_at,
                "via": via,
            },
        )

    def _page_said(self, session: Session, url: str, digest: str, article: Article) -> None:
        """Remember the text a story's page showed, to judge its next change against, and
        its title: what readers of the page's language or script are shown."""
        session.execute(
            update(StoryUrl)
            .where(
                StoryUrl.url == url,
                or_(
                    StoryUrl.content_hash.is_(None),
                    StoryUrl.content_hash != digest,
                    StoryUrl.title.is_(None),  # kept before titles were
                    StoryUrl.title != article.title,
                    StoryUrl.gone_at.is_not(None),  # it answers again
                ),
            )
            .values(content_hash=digest, text=article.text, title=article.title, gone_at=None)
            # A copy of this row the session loaded is not read again by this write, and the
            # write's objects leave the session after it (`Store._writing`): none to bring up
            # to date (evaluating the WHERE against each object held cost more than the UPDATE).
            .execution_options(synchronize_session=False)
        )

    def _add_translations(self, session: Session, story_id: int, article: Article) -> None:
        if not article.translations:
            return
        session.execute(
            insert_for(session, StoryTranslation)
            .values(
                [
                    {"story_id": story_id, "url": url, "language": language}
                    for url, language in dict(article.translations).items()
                ]
            )
            .on_conflict_do_nothing()
        )

    def _follow_move(
        self, session: Session, story_id: int, url: str, also_at: Sequence[tuple[str, str]]
    ) -> None:
        """A story whose page redirected to ``url`` lives there now: link to its new home."""
        moved_from = {u for u, via in also_at if via == "redirect"}
        if not moved_from:
            return
        # The old addresses stay the story's, but re-checks go to its new home.
        session.execute(
            update(StoryUrl)
            .where(StoryUrl.story_id == story_id, StoryUrl.url.in_(moved_from - {url}))
            .values(via="redirect")
        )
        story = session.get(Story, story_id)
        assert story is not None
        if story.url in moved_from and story.url != url:
            taken = session.scalar(select(Story.id).where(Story.url == url))
            if taken is None:
                story.url = url

    def _touch(self, session: Session, story_id: int, seen_at: datetime) -> None:
        story = session.get(Story, story_id)
        assert story is not None
        story.last_seen = max(story.last_seen, seen_at)

    # -- reads ------------------------------------------------------------------------------

    def stories(
        self,
        *,
        newsroom: str | None = None,
        language: str | None = None,
        query: str | None = None,
        limit: int | None = None,
        search_depth: int | None = None,
    ) -> list[StoredStory]:
        """Stories newest first, optionally of one newsroom (as a source), one language, or
        with every word of ``query`` in their title or text (looked for in the newest
        ``search_depth`` stories only, when given). A story asked for in a ``language`` or
        script it was seen in comes with that page's title, text and URL."""
        select_stories = self._selection(
            select(Story), newsroom, language, query, search_depth, limit
        )
        if limit is not None:
            select_stories = select_stories.limit(limit)
        with self._sessions() as session:
            rows = list(session.scalars(select_stories))
            return self._stored(session, rows, language)

    def feed_state(
        self,
        *,
        newsroom: str | None = None,
        language: str | None = None,
        query: str | None = None,
        limit: int = 50,
        search_depth: int | None = None,
    ) -> FeedState:
        """Which stories a feed of this selection holds (as `stories` picks them), a
        fingerprint of everything a feed shows of them, and when they last changed.

        One query over the story rows without their text, with their URLs and versions
        counted through indexes, its values as the database holds them (nothing parsed but
        the newest time): a conditional request is answered without loading or rendering a
        story. A ``query`` still reads texts to find its matches: ``search_depth`` bounds
        how many (the newest stories).
        """
        urls = StoryUrl.story_id == Story.id
        versions = StoryVersion.story_id == Story.id
        columns = select(
            Story.id,
            Story.guid,
            Story.url,
            Story.title,
            Story.byline,
            Story.language,
            _raw(Story.published),
            _raw(Story.updated),
            _raw(Story.first_seen).label("first_seen"),
            Story.version,
            Story.content_hash,
            select(func.count()).where(urls).scalar_subquery(),  # sources and URLs
            select(func.max(StoryUrl.id)).where(urls).scalar_subquery(),
            select(_raw(func.max(StoryUrl.first_seen))).where(urls).label("url_seen"),
            select(_raw(func.max(StoryVersion.seen_at))).where(versions).label("version_seen"),
        )
        if language is not None:
            # What a story asked for in another of its scripts shows: that page's own copy.
            shown = _in_language(language).where(urls).limit(1)
            columns = columns.add_columns(
                *(shown.with_only_columns(c).scalar_subquery() for c in _SHOWN_COLUMNS)
            )
        selection = self._selection(columns, newsroom, language, query, search_depth, limit)
        selection = selection.limit(limit)
        with self.engine.connect() as connection:
            rows = connection.execute(selection).all()
        digest = hashlib.sha256()
        for row in rows:
            digest.update(repr(tuple(row)).encode("utf-8"))
        # When each was first seen, got a URL, got a version: times the crawler wrote.
        times = [
            seen
            for row in rows
            for seen in (row.first_seen, row.url_seen, row.version_seen)
            if seen is not None
        ]
        return FeedState(
            tuple(row.id for row in rows),
            digest.hexdigest(),
            _as_utc(max(times)) if times else None,
        )

    def found_lately(self, limit: int) -> list[StoredStory]:
        """The stories first seen last, newest first: what is new to a monitor (a story
        published years ago and found today is new; the feeds' order by publication date
        would bury it)."""
        with self._sessions() as session:
            rows = session.scalars(
                select(Story).order_by(Story.first_seen.desc(), Story.id.desc()).limit(limit)
            )
            return self._stored(session, list(rows))

    def stories_by_id(self, ids: Sequence[int], language: str | None = None) -> list[StoredStory]:
        """The stories ``ids`` in that order (those still stored), in ``language`` where they
        were seen in it (as `stories` gives them)."""
        if not ids:
            return []
        with self._sessions() as session:
            rows = {row.id: row for row in session.scalars(select(Story).where(Story.id.in_(ids)))}
            return self._stored(session, [rows[i] for i in ids if i in rows], language)

    def first_seen_per_day(self, since: datetime) -> dict[date, int]:
        """How many stories were first seen on each UTC day since ``since``."""
        days: dict[date, int] = {}
        with self._sessions() as session:
            for seen in session.scalars(select(Story.first_seen).where(Story.first_seen >= since)):
                day = seen.astimezone(UTC).date()
                days[day] = days.get(day, 0) + 1
        return days

    def _selection(
        self,
        query: _Query,
        newsroom: str | None,
        language: str | None,
        words: str | None,
        search_depth: int | None = None,
        limit: int | None = None,
    ) -> _Query:
        """``query`` narrowed to a newsroom (as a source), a language and the stories that
        hold every word of ``words`` in their title or text (among the newest
        ``search_depth``), newest first; ``limit``, the most stories it will be asked for,
        weighs whether a word is looked up in the search index."""
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
        if words and search_depth is not None:
            # The newest stories only, found through the index: a word that matches nothing
            # must not read every text ever stored.
            newest = (
                select(Story.sort_time).order_by(Story.sort_time.desc()).limit(search_depth)
            ).subquery()
            query = query.where(
                Story.sort_time >= select(func.min(newest.c.sort_time)).scalar_subquery()
            )
        if words and "\x00" in words:
            # SQLite ends a LIKE pattern at a NUL: "%\0%" would match every story.
            raise ValueError("a search word cannot hold a NUL character")
        words_said = (words or "").split()
        narrowed: dict[str, ColumnElement[bool] | None] = {}
        if words_said and (self.engine.dialect.name == "sqlite" or language is not None):
            with self.engine.connect() as connection:
                narrowed = {w: search.narrowing(connection, w, language, limit) for w in words_said}
        for word in words_said:
            found: list[ColumnElement[bool]] = [search.holding(Story, word)]
            if language is not None:
                # A story read in another script is shown, and so searched, in that script.
                found.append(
                    exists().where(
                        StoryUrl.story_id == Story.id,
                        StoryUrl.language == language,
                        search.holding(StoryUrl, word),
                    )
                )
            said = or_(*found)
            if (nearer := narrowed.get(word)) is not None:
                # The index lists the stories that may hold the word; the pattern decides.
                said = and_(nearer, said)
            query = query.where(said)
        return query.order_by(Story.sort_time.desc(), Story.id.desc())

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

    def story(self, key: str) -> StoredStory | None:
        """One story by its GUID (``urn:uuid:`` or not), by any of its URLs, or by the first
        characters of its GUID. Raises `LookupError`, naming some, when they start several."""
        guid = key.strip().removeprefix("urn:uuid:")
        with self._sessions() as session:
            row = session.scalar(select(Story).where(Story.guid == guid))
            if row is None:
                story_id = session.scalar(select(StoryUrl.story_id).where(StoryUrl.url == key))
                row = session.get(Story, story_id) if story_id is not None else None
            if row is None and guid:
                rows = session.scalars(
                    select(Story)
                    .where(Story.guid.startswith(guid.lower(), autoescape=True))
                    .order_by(Story.guid)
                    .limit(PREFIX_CANDIDATES + 1)
                ).all()
                if len(rows) > 1:
                    shown = ", ".join(r.guid for r in rows[:PREFIX_CANDIDATES])
                    more = ", ..." if len(rows) > PREFIX_CANDIDATES else ""
                    raise LookupError(
                        f"{key!r} starts the ids of several stories ({shown}{more}): "
                        "give more of the id"
                    )
                row = rows[0] if rows else None
            return self._stored(session, [row])[0] if row is not None else None

    def versions(self, guid: str) -> list[StoredVersion]:
        """Every material text of the story, oldest first."""
        with self._sessions() as session:
            rows = session.execute(
                select(
                    StoryVersion.number, StoryVersion.seen_at, StoryVersion.title, StoryVersion.text
                )
                .join(Story, Story.id == StoryVersion.story_id)
                .where(Story.guid == guid)
                .order_by(StoryVersion.number)
            )
            return [StoredVersion(*row) for row in rows]

    def due_story_urls(self, newsroom: str, now: datetime, policy: Recheck) -> list[str]:
        """Own-page URLs of the newsroom's stories due for a re-check, the most overdue first,
        each as it was asked for last (`PageState.address`: a query in its site's order).

        A story is checked again after a share of its age (``policy.factor``: a day-old story
        every few hours, a month-old one every week or so), never more often than
        ``policy.least`` nor less often than ``policy.most``, and no more once it is older
        than ``policy.days``. When it was last fetched comes from `storage.pages`.
        """
        with self._sessions() as session:
            rows = session.execute(
                select(
                    func.coalesce(PageState.address, StoryUrl.url),
                    Story.first_seen,
                    PageState.last_fetched,
                )
                .select_from(StoryUrl)
                .join(Story, Story.id == StoryUrl.story_id)
                .outerjoin(PageState, PageState.url == StoryUrl.url)
                .where(
                    StoryUrl.newsroom == newsroom,
                    StoryUrl.via.in_(_RECHECKED),
                    Story.first_seen >= now - timedelta(days=policy.days),
                    Story.from_listing.is_(False),
                )
            ).all()
        due: list[tuple[datetime, str]] = []
        for url, first_seen, last_fetched in rows:
            interval = min(max((now - first_seen) * policy.factor, policy.least), policy.most)
            next_check = (last_fetched or first_seen) + interval
            if last_fetched is None or next_check <= now:
                due.append((next_check, url))
        return [url for _, url in sorted(due)[: policy.limit]]

    def count(self) -> int:
        with self._sessions() as session:
            return session.scalar(select(func.count()).select_from(Story)) or 0

    def dated(self, newsroom: str) -> tuple[int, int]:
        """How many stories of ``newsroom`` read from their own pages state their date, of how
        many (gone ones too: what its pages did, not what is live). A story known only from a
        listing that shows it whole has not said yet what its page states."""
        # A day only its listing's teaser stated (`crawler.core.items.Source.TEASER`) is not
        # its page's.
        teaser = func.coalesce(Story.provenance["published"].as_string(), "") == Source.TEASER.value
        own = case((and_(Story.published.is_not(None), ~teaser), 1))
        counts = select(func.count(own), func.count()).where(
            Story.newsroom == newsroom, Story.from_listing.is_(False)
        )
        with self._sessions() as session:
            dated, stored = session.execute(counts).one()
            return int(dated), int(stored)

    def raw_page(self, page_id: int) -> bytes:
        with self._sessions() as session:
            page = session.get(RawPage, page_id)
            if page is None:
                raise KeyError(page_id)
            return unpack(page.body)

    def _stored(
        self, session: Session, rows: Sequence[Story], language: str | None = None
    ) -> list[StoredStory]:
        """The stories of ``rows``; one asked for in a ``language`` or script other than its
        own, but seen in it, as that page showed it (the same story: its GUID stays)."""
        urls: dict[int, list[StoryUrl]] = {row.id: [] for row in rows}
        shown: dict[int, StoryUrl] = {}
        if urls and language is not None:
            ids = [row.id for row in rows if row.language != language]
            pages = session.scalars(_in_language(language).where(StoryUrl.story_id.in_(ids)))
            for page in pages:
                shown.setdefault(page.story_id, page)
        translations: dict[int, list[str]] = {row.id: [] for row in rows}
        if urls:
            for link in session.scalars(
                select(StoryUrl)
                .where(StoryUrl.story_id.in_(urls))
                .order_by(StoryUrl.first_seen, StoryUrl.id)
            ):
                urls[link.story_id].append(link)
            resolved = session.execute(
                select(StoryTranslation.story_id, Story.guid)
                .join(StoryUrl, StoryUrl.url == StoryTranslation.url)
                .join(Story, Story.id == StoryUrl.story_id)
                .where(StoryTranslation.story_id.in_(urls))
                .order_by(Story.id)
            )
            for story_id, guid in resolved:
                if guid not in translations[story_id]:
                    translations[story_id].append(guid)
        return [
            StoredStory(
                id=row.id,
                guid=row.guid,
                newsroom=row.newsroom,
                url=shown[row.id].url if row.id in shown else row.url,
                urls=tuple(link.url for link in urls[row.id]),
                sources=_unique([row.newsroom, *(link.newsroom for link in urls[row.id])]),
                title=(shown[row.id].title or row.title) if row.id in shown else row.title,
                text=(shown[row.id].text or row.text) if row.id in shown else row.text,
                byline=row.byline,
                language=language if row.id in shown else row.language,
                languages=_unique([row.language, *(link.language for link in urls[row.id])]),
                published=row.published,
                updated=row.updated,
                first_seen=row.first_seen,
                last_seen=row.last_seen,
                version=row.version,
                gone_at=row.gone_at,
                translations=tuple(translations[row.id]),
                provenance=dict(row.provenance or {}),
            )
            for row in rows
        ]


#: What a story shown in another of its languages or scripts takes from that page's row.
_SHOWN_COLUMNS = (StoryUrl.url, StoryUrl.title, StoryUrl.content_hash)


def _in_language(language: str) -> Select[Any]:
    """A story's pages read in ``language`` (they hold a text), the first seen first: the
    copy shown to readers who ask for that language or script."""
    return (
        select(StoryUrl)
        .where(StoryUrl.language == language, StoryUrl.text.is_not(None))
        .order_by(StoryUrl.first_seen, StoryUrl.id)
    )


def _raw(column: Any) -> Any:
    """``column`` as the database returns it (a string in SQLite): no conversion per row."""
    return type_coerce(column, String())


def _as_utc(value: Any) -> datetime:
    """A `UTCDateTime` value as the database returned it, tz-aware: SQLite keeps UTC text
    without an offset (which sorts as time does), PostgreSQL a timestamp."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return datetime.fromisoformat(str(value)).replace(tzinfo=UTC)


def _provenance(article: Article) -> dict[str, str]:
    """Where the article's fields came from, as the ``story.provenance`` column keeps it."""
    return {name: str(source) for name, source in article.provenance.items()}


#: How the story URLs that are re-checked joined their story: its page, or another page of
#: the same or a near text. A redirect's old address, or a canonical one the page names, is
#: never asked for again, so it never says it is gone (`Repository.mark_gone`).
_RECHECKED = ("page", "content", "near")


def _same_language(a: str | None, b: str | None) -> bool:
    """Scripts aside: sr-Latn and sr-Cyrl are one language, en and sr are two."""
    if a is None or b is None:
        return True
    return a.split("-")[0] == b.split("-")[0]


def sort_time_of(published: date | None, first_seen: datetime) -> datetime:
    """Where a story sorts in feeds: the midnight (UTC) of its date, or when it was first seen."""
    if published is None:
        return first_seen
    return datetime.combine(published, time(0), tzinfo=UTC)


def _unique(values: Sequence[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))
