"""What the crawler knows of each fetched URL: validators and a content hash, for re-crawls that
cost the newsrooms almost nothing when nothing changed (``crawler.components.conditional``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import case, func, select, update

from storage.database import Store, insert_of
from storage.models import PageState, StoryUrl

__all__ = ["KnownPage", "PageStates"]


@dataclass(frozen=True)
class KnownPage:
    url: str
    kind: str
    etag: str | None
    last_modified: str | None
    content_hash: str | None
    last_fetched: datetime
    last_full_fetch: datetime | None


class PageStates(Store):
    """Page states of one database."""

    def of_newsroom(self, newsroom: str) -> dict[str, KnownPage]:
        """Every page the newsroom's crawls have fetched, by URL."""
        with self._sessions() as session:
            rows = session.execute(
                select(
                    PageState.url,
                    PageState.kind,
                    PageState.etag,
                    PageState.last_modified,
                    PageState.content_hash,
                    PageState.last_fetched,
                    PageState.last_full_fetch,
                ).where(PageState.newsroom == newsroom)
            )
            return {row.url: KnownPage(*row) for row in rows}

    def story_urls(self, newsroom: str) -> set[str]:
        """Every URL that shows a stored story of the newsroom (fetched or not)."""
        with self._sessions() as session:
            return set(session.scalars(select(StoryUrl.url).where(StoryUrl.newsroom == newsroom)))

    def fetched(
        self,
        url: str,
        newsroom: str,
        kind: str,
        status: int,
        fetched_at: datetime,
        *,
        etag: str | None,
        last_modified: str | None,
        content_hash: str,
        full: bool,
        address: str | None = None,
    ) -> None:
        """Record a full response: a new page, or a body that differs from the last one, has
        changed now (``last_changed``); an unchanged page from a server without validators
        lands here every crawl and keeps it. ``address``: the URL asked for, where it is not
        ``url`` (the query in its pages' order), asked for again when the page is rechecked."""
        row = {
            "url": url,
            "newsroom": newsroom,
            "kind": kind,
            "etag": etag,
            "last_modified": last_modified,
            "content_hash": content_hash,
            "status": status,
            "first_fetched": fetched_at,
            "last_fetched": fetched_at,
            "last_changed": fetched_at,
            "last_full_fetch": fetched_at if full else None,
            "address": address,
        }
        with self._writing() as session:
            session.execute(_upsert(session.get_bind().dialect.name), row)

    def not_modified(self, urls: Iterable[str], fetched_at: datetime) -> None:
        """The server answered 304: the pages were checked now and are as they were."""
        with self._writing() as session:
            for url in urls:
                session.execute(
                    update(PageState)
                    .where(PageState.url == url)
                    .values(last_fetched=fetched_at, status=304)
                )

    def failed(self, url: str, status: int, fetched_at: datetime) -> None:
        """The page answered an error: forget its validators, so its return is seen in full."""
        with self._writing() as session:
            session.execute(
                update(PageState)
                .where(PageState.url == url)
                .values(
                    status=status,
                    last_fetched=fetched_at,
                    etag=None,
                    last_modified=None,
                    content_hash=None,
                )
            )

    def forget(self, url: str) -> None:
        """Drop a page's validators and body hash: its next fetch is full and read again."""
        with self._writing() as session:
            session.execute(
                update(PageState)
                .where(PageState.url == url)
                .values(etag=None, last_modified=None, content_hash=None, last_full_fetch=None)
            )


@lru_cache(maxsize=4)
def _upsert(dialect: str) -> Any:
    """`PageStates.fetched`'s one statement, built once per database: the row goes in as
    parameters, and whether the body changed is the database's to tell, in the same
    statement (no read first)."""
    insert = insert_of(dialect)(PageState)
    new = insert.excluded
    return insert.on_conflict_do_update(
        index_elements=["url"],
        set_={
            "kind": new.kind,
            "etag": new.etag,
            "last_modified": new.last_modified,
            "content_hash": new.content_hash,
            "status": new.status,
            "address": new.address,
            "last_fetched": new.last_fetched,
            "last_changed": case(
                (
                    PageState.content_hash.is_not_distinct_from(new.content_hash),
                    PageState.last_changed,
                ),
                else_=new.last_changed,
            ),
            # A conditional fetch answered in full is no full fetch of a listing.
            "last_full_fetch": func.coalesce(new.last_full_fetch, PageState.last_full_fetch),
        },
    )
