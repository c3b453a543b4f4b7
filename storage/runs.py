"""Crawl run records for ops: one ``crawl_run`` row per run and newsroom; all their SQL is here.

A row is written when a newsroom's crawl starts (status ``running``) and completed when it
ends (``finished``, ``failed`` or ``interrupted``). A row left ``running`` by a process that is
gone (killed, or its machine restarted) is marked ``interrupted`` by `CrawlRuns.mark_abandoned`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import exists, func, select, update
from sqlalchemy.exc import IntegrityError

from storage.database import Store, rowcount
from storage.models import CrawlRun, Story

__all__ = [
    "NOT_A_STORY",
    "STALE_AFTER",
    "STATUSES",
    "CrawlRuns",
    "RunOutcome",
    "RunRecord",
    "RunTotals",
    "pid_alive",
]

STATUSES = ("running", "finished", "failed", "interrupted")
#: A run still ``running`` this long after it started is taken as abandoned, wherever it ran
#: (its process cannot be checked from another host, and a process id can be reused).
STALE_AFTER = timedelta(hours=24)
#: Pages that held no story although they were read as possible stories
#: (`crawler.core.items.Reason`).
EMPTY_STORY_PAGES = ("pages/no-title", "pages/too-short", "pages/empty")
#: Why pages read as possible stories held none, each counted as ``pages/<reason>``.
NOT_A_STORY = ("no-title", "too-short", "empty", "not-a-story")
#: What a crawl reads, each counted as ``<kind>/fetched`` (304s and unchanged bodies included).
READ_KINDS = ("pages", "feeds", "sitemaps")


@dataclass(frozen=True)
class RunOutcome:
    """What one newsroom's crawl did, as `CrawlRuns.finish` stores it."""

    status: str
    finish_reason: str | None = None
    requests: int = 0
    responses: Mapping[str, int] = field(default_factory=dict)  # HTTP status -> responses
    not_modified: int = 0  # 304 responses
    pages: int = 0
    stories_new: int = 0
    stories_updated: int = 0
    stories_duplicate: int = 0
    stories_unchanged: int = 0
    stories_gone: int = 0
    errors: int = 0
    bytes: int = 0
    counters: Mapping[str, int] = field(default_factory=dict)
    error_lines: Sequence[str] = ()


@dataclass(frozen=True)
class RunRecord:
    """One ``crawl_run`` row as ops read it; times are tz-aware UTC."""

    id: int
    run_id: str
    newsroom: str
    started_at: datetime
    finished_at: datetime | None
    status: str
    finish_reason: str | None
    requests: int
    responses: Mapping[str, int]
    not_modified: int
    pages: int
    stories_new: int
    stories_updated: int
    stories_duplicate: int
    stories_unchanged: int
    stories_gone: int
    errors: int
    bytes: int
    counters: Mapping[str, int]
    error_lines: Sequence[str]
    log_path: str | None
    host: str | None
    pid: int | None

    @property
    def stories(self) -> int:
        """Stories the run saw: new, updated, duplicated or unchanged (gone ones aside)."""
        return (
            self.stories_new
            + self.stories_updated
            + self.stories_duplicate
            + self.stories_unchanged
        )

    @property
    def seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()

    @property
    def error_rate(self) -> float:
        """Errors per request (0 when nothing was requested)."""
        return self.errors / self.requests if self.requests else 0.0

    @property
    def fetched_reads(self) -> int:
        """Pages, feeds and sitemaps fetched (304s and unchanged bodies included)."""
        return sum(self.counters.get(f"{kind}/fetched", 0) for kind in READ_KINDS)

    @property
    def fresh_reads(self) -> int:
        """Pages, feeds and sitemaps read afresh: neither a 304 nor the body read last time."""
        fetched = self.fetched_reads
        same = self.counters.get("fetch/not-modified", 0) + self.counters.get("fetch/unchanged", 0)
        return max(0, fetched - same)

    @property
    def empty_story_pages(self) -> int:
        """Pages read as possible stories that held none (no title, too short, empty)."""
        return sum(self.counters.get(name, 0) for name in EMPTY_STORY_PAGES)


@dataclass(frozen=True)
class RunTotals:
    """Every run of one newsroom added up, for metrics (counters only ever grow)."""

    newsroom: str
    runs: Mapping[str, int]  # status -> runs
    requests: int
    responses: Mapping[str, int]
    pages: int
    stories: Mapping[str, int]  # new | updated | duplicate | unchanged | gone -> stories
    errors: int
    bytes: int


def pid_alive(pid: int) -> bool:
    """Whether a process ``pid`` runs on this machine (a zombie does not count)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    except OSError:
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return True  # no /proc: trust the signal
    # "pid (name) state ...": the name may hold spaces and parentheses; the state follows the last.
    return stat.rpartition(")")[2].split()[:1] != ["Z"]


class CrawlRuns(Store):
    """The crawl run records of one database."""

    # -- writing --------------------------------------------------------------------------

    def start(
        self,
        run_id: str,
        newsroom: str,
        started_at: datetime,
        *,
        log_path: str | None = None,
        host: str | None = None,
        pid: int | None = None,
    ) -> None:
        """Record that ``newsroom``'s crawl of run ``run_id`` started (again, or by another
        worker of a shared crawl at the same moment: nothing changes, the row is unique)."""
        with suppress(IntegrityError):  # another process recorded it first
            self._start(run_id, newsroom, started_at, log_path, host, pid)

    def _start(
        self,
        run_id: str,
        newsroom: str,
        started_at: datetime,
        log_path: str | None,
        host: str | None,
        pid: int | None,
    ) -> None:
        with self._sessions.begin() as session:
            known = session.scalar(
                select(CrawlRun.id).where(CrawlRun.run_id == run_id, CrawlRun.newsroom == newsroom)
            )
            if known is None:
                session.add(
                    CrawlRun(
                        run_id=run_id,
                        newsroom=newsroom,
                        started_at=started_at,
                        status="running",
                        responses={},
                        counters={},
                        error_lines=[],
                        log_path=log_path,
                        host=host,
                        pid=pid,
                    )
                )

    def finish(
        self, run_id: str, newsroom: str, finished_at: datetime, outcome: RunOutcome
    ) -> None:
        """Record how ``newsroom``'s crawl of run ``run_id`` ended (the last call wins)."""
        if outcome.status not in STATUSES[1:]:
            raise ValueError(f"a run ends finished, failed or interrupted, not {outcome.status!r}")
        with self._sessions.begin() as session:
            session.execute(
                update(CrawlRun)
                .where(CrawlRun.run_id == run_id, CrawlRun.newsroom == newsroom)
                .values(
                    finished_at=finished_at,
                    status=outcome.status,
                    finish_reason=outcome.finish_reason,
                    **_counts(outcome),
                    error_lines=list(outcome.error_lines),
                )
            )

    def progress(self, run_id: str, newsroom: str, outcome: RunOutcome) -> None:
        """Record how far ``newsroom``'s crawl of run ``run_id`` has got while it runs, so a
        crawl that is killed leaves its counts (its status and errors are written at its end)."""
        with self._sessions.begin() as session:
            session.execute(
                update(CrawlRun)
                .where(
                    CrawlRun.run_id == run_id,
                    CrawlRun.newsroom == newsroom,
                    CrawlRun.status == "running",
                )
                .values(
                    **_counts(outcome),
                )
            )

    def mark_abandoned(
        self,
        *,
        host: str,
        now: datetime,
        alive: Callable[[int], bool] = pid_alive,
        stale_after: timedelta = STALE_AFTER,
    ) -> list[RunRecord]:
        """Mark ``interrupted`` the runs left ``running`` by a process of ``host`` that is gone,
        and those that started more than ``stale_after`` before ``now``; return them."""
        with self._sessions.begin() as session:
            running = session.scalars(select(CrawlRun).where(CrawlRun.status == "running")).all()
            gone = [
                row
                for row in running
                if row.started_at < now - stale_after
                or (row.host == host and row.pid is not None and not alive(row.pid))
            ]
            for row in gone:
                # Only if still running: a crawl that ended meanwhile keeps its own record.
                session.execute(
                    update(CrawlRun)
                    .where(CrawlRun.id == row.id, CrawlRun.status == "running")
                    .values(status="interrupted", finish_reason="abandoned")
                )
            return [_record(row) for row in gone]

    def mark_killed(self, pid: int, since: datetime, reason: str, now: datetime) -> int:
        """Mark ``interrupted`` the runs still ``running`` of process ``pid`` started since
        ``since`` (pids are reused), which a signal ended before it could say so itself."""
        with self._sessions.begin() as session:
            result = session.execute(
                update(CrawlRun)
                .where(
                    CrawlRun.pid == pid,
                    CrawlRun.status == "running",
                    CrawlRun.started_at >= since,
                )
                .values(status="interrupted", finish_reason=reason, finished_at=now)
            )
            return rowcount(result)

    # -- reading --------------------------------------------------------------------------

    def recent(
        self,
        *,
        newsroom: str | None = None,
        statuses: Iterable[str] | None = None,
        limit: int = 20,
    ) -> list[RunRecord]:
        """The newest runs first (of one newsroom, with one of ``statuses``)."""
        query = select(CrawlRun).order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc())
        if newsroom is not None:
            query = query.where(CrawlRun.newsroom == newsroom)
        if statuses is not None:
            query = query.where(CrawlRun.status.in_(list(statuses)))
        with self._sessions() as session:
            return [_record(row) for row in session.scalars(query.limit(limit))]

    def find(self, ref: str) -> list[RunRecord]:
        """The rows of the one run whose id starts with ``ref`` (one row per newsroom), or the
        row whose number is ``ref``. Raises `LookupError` when ``ref`` names several runs."""
        ref = ref.strip().lower()
        if not ref:
            return []
        with self._sessions() as session:
            run_ids = session.scalars(
                select(CrawlRun.run_id)
                .where(CrawlRun.run_id.startswith(ref, autoescape=True))  # % and _ are letters
                .distinct()
                .limit(5)
            ).all()
            if len(run_ids) > 1:
                raise LookupError(
                    f"{ref!r} starts the ids of several runs ({', '.join(run_ids)}): "
                    "give more of the run id"
                )
            if run_ids:
                query = select(CrawlRun).where(CrawlRun.run_id == run_ids[0])
            elif ref.isdigit():
                query = select(CrawlRun).where(CrawlRun.id == int(ref))
            else:
                return []
            return [_record(row) for row in session.scalars(query.order_by(CrawlRun.id))]

    def found_stories_before(self, newsroom: str, before: datetime | None = None) -> bool:
        """Whether a run of ``newsroom`` (that started before ``before``) saw a story."""
        seen = (
            CrawlRun.stories_new
            + CrawlRun.stories_updated
            + CrawlRun.stories_duplicate
            + CrawlRun.stories_unchanged
        )
        found = exists().where(CrawlRun.newsroom == newsroom, seen > 0)
        if before is not None:
            found = found.where(CrawlRun.started_at < before)
        with self._sessions() as session:
            return bool(session.scalar(select(found)))

    def unfinished_since(self, newsroom: str) -> datetime | None:
        """When the newsroom's unbroken line of unfinished runs began, newest first back to its
        last finished run; None when the last run that ended, ended ``finished``.

        A crawl killed (or stopped, or failed) between fetching a listing and storing the
        stories it links has recorded the listing as read: the next crawl must not trust what
        such runs recorded. Runs still ``running`` (this one, or one beside it) are skipped.
        """
        query = (
            select(CrawlRun.status, CrawlRun.started_at)
            .where(CrawlRun.newsroom == newsroom, CrawlRun.status != "running")
            .order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc())
        )
        since: datetime | None = None
        with self._sessions() as session:
            for status, started_at in session.execute(query.limit(1000)):
                if status == "finished":
                    break
                since = started_at
        return since

    def newsrooms(self) -> list[str]:
        """Every newsroom with a recorded run."""
        with self._sessions() as session:
            return list(
                session.scalars(select(CrawlRun.newsroom).distinct().order_by(CrawlRun.newsroom))
            )

    def last_completed(self) -> dict[str, RunRecord]:
        """Each newsroom's newest run that is no longer running."""
        return {
            key: runs[0]
            for key in self.newsrooms()
            if (runs := self.recent(newsroom=key, statuses=STATUSES[1:], limit=1))
        }

    def totals(self) -> dict[str, RunTotals]:
        """Every newsroom's runs added up."""
        with self._sessions() as session:
            sums = session.execute(
                select(
                    CrawlRun.newsroom,
                    func.sum(CrawlRun.requests),
                    func.sum(CrawlRun.pages),
                    func.sum(CrawlRun.stories_new),
                    func.sum(CrawlRun.stories_updated),
                    func.sum(CrawlRun.stories_duplicate),
                    func.sum(CrawlRun.stories_unchanged),
                    func.sum(CrawlRun.stories_gone),
                    func.sum(CrawlRun.errors),
                    func.sum(CrawlRun.bytes),
                ).group_by(CrawlRun.newsroom)
            ).all()
            statuses: dict[str, dict[str, int]] = {}
            for key, status, count in session.execute(
                select(CrawlRun.newsroom, CrawlRun.status, func.count()).group_by(
                    CrawlRun.newsroom, CrawlRun.status
                )
            ):
                statuses.setdefault(key, {})[status] = count
            responses: dict[str, dict[str, int]] = {}
            for key, by_status in session.execute(select(CrawlRun.newsroom, CrawlRun.responses)):
                added = responses.setdefault(key, {})
                for code, count in (by_status or {}).items():
                    added[str(code)] = added.get(str(code), 0) + int(count)
        totals = {}
        for key, requests, pages, new, updated, duplicate, unchanged, gone, errors, size in sums:
            totals[key] = RunTotals(
                newsroom=key,
                runs=statuses.get(key, {}),
                requests=int(requests or 0),
                responses=responses.get(key, {}),
                pages=int(pages or 0),
                stories={
                    "new": int(new or 0),
                    "updated": int(updated or 0),
                    "duplicate": int(duplicate or 0),
                    "unchanged": int(unchanged or 0),
                    "gone": int(gone or 0),
                },
                errors=int(errors or 0),
                bytes=int(size or 0),
            )
        return totals

    def stored_stories(self) -> dict[str, tuple[int, int]]:
        """Stored stories per newsroom that first showed them: (all, gone)."""
        gone = func.count(Story.gone_at)
        with self._sessions() as session:
            rows = session.execute(
                select(Story.newsroom, func.count(), gone).group_by(Story.newsroom)
            ).all()
        return {key: (int(total), int(marked)) for key, total, marked in rows}


def _counts(outcome: RunOutcome) -> dict[str, Any]:
    """The columns of a ``crawl_run`` row that count what a crawl did."""
    return {
        "requests": outcome.requests,
        "responses": dict(outcome.responses),
        "not_modified": outcome.not_modified,
        "pages": outcome.pages,
        "stories_new": outcome.stories_new,
        "stories_updated": outcome.stories_updated,
        "stories_duplicate": outcome.stories_duplicate,
        "stories_unchanged": outcome.stories_unchanged,
        "stories_gone": outcome.stories_gone,
        "errors": outcome.errors,
        "bytes": outcome.bytes,
        "counters": dict(outcome.counters),
    }


def _record(row: CrawlRun) -> RunRecord:
    return RunRecord(
        id=row.id,
        run_id=row.run_id,
        newsroom=row.newsroom,
        started_at=row.started_at,
        finished_at=row.finished_at,
        status=row.status,
        finish_reason=row.finish_reason,
        requests=row.requests,
        responses=dict(row.responses or {}),
        not_modified=row.not_modified,
        pages=row.pages,
        stories_new=row.stories_new,
        stories_updated=row.stories_updated,
        stories_duplicate=row.stories_duplicate,
        stories_unchanged=row.stories_unchanged,
        stories_gone=row.stories_gone,
        errors=row.errors,
        bytes=row.bytes,
        counters=dict(row.counters or {}),
        error_lines=list(row.error_lines or []),
        log_path=row.log_path,
        host=row.host,
        pid=row.pid,
    )
