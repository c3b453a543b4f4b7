"""What the crawler knows of each fetched URL: validators and a content hash, for re-crawls that
cost the newsrooms almost nothing when nothing changed (``crawler.components.conditional``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from storage.database import Store, insert_for
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
    ) -> bool:
        """Record a full response; say whether its body differs from the last one (or is new)."""
        with self._sessions.begin() as session:
            before = session.scalar(select(PageState.content_hash).where(PageState.url == url))
            changed = before != content_hash
            values = {
                "kind": kind,
                "etag": etag,
                "last_modified": last_modified,
                "content_hash": content_hash,
                "status": status,
                "last_fetched": fetched_at,
            }
            if changed:
                values["last_changed"] = fetched_at
            if full:
                values["last_full_fetch"] = fetched_at
            # A new row is a changed page; a known one keeps its last_changed unless the body
            # differs (an unchanged page from a server without validators lands here every crawl).
            statement = insert_for(session, PageState).values(
                url=url,
                newsroom=newsroom,
                first_fetched=fetched_at,
                **{"last_changed": fetched_at, **values},
            )
            session.execute(statement.on_conflict_do_update(index_elements=["url"], set_=values))
        return changed

    def not_modified(self, urls: Iterable[str], fetched_at: datetime) -> None:
        """The server answered 304: the pages were checked now and are as they were."""
        with self._sessions.begin() as session:
            for url in urls:
                session.execute(
                    update(PageState)
                    .where(PageState.url == url)
                    .values(last_fetched=fetched_at, status=304)
                )

    def failed(self, url: str, status: int, fetched_at: datetime) -> None:
        """The page answered an error: forget its validators, so its return is seen in full."""
        with self._sessions.begin() as session:
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
        with self._sessions.begin() as session:
            session.execute(
                update(PageState)
                .where(PageState.url == url)
                .values(etag=None, last_modified=None, content_hash=None, last_full_fetch=None)
            )
