"""The Starlette app of ``newsroom serve``: feeds, ``/healthz``, ``/metrics`` and the ops page.

Endpoints are plain functions over the synchronous repository: Starlette runs them in its
thread pool, so a slow query never blocks the event loop. Nothing here starts a crawl.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import SQLAlchemyError
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from crawler.core import clock
from crawler.core.newsrooms import Newsrooms
from crawler.reports.health import health_verdict, mark_abandoned
from crawler.reports.metrics import collect, render_metrics
from server.feeds import MEDIA_TYPES, FeedCache, FeedRoutes
from server.page import collect as collect_page
from server.page import render_page
from storage.database import DatabaseError
from storage.repository import Repository
from storage.runs import CrawlRuns

__all__ = ["METRICS_TYPE", "Backend", "create_app"]

METRICS_TYPE = "text/plain; version=0.0.4; charset=utf-8"
NO_CACHE = {"Cache-Control": "no-cache"}
FEED_TYPES = tuple(media_type.partition(";")[0] for media_type in MEDIA_TYPES.values())


@dataclass(frozen=True)
class Backend:
    """What the app serves from: one database (stories and runs) and the newsrooms file."""

    repository: Repository
    runs: CrawlRuns
    newsrooms: Newsrooms
    max_age: int = 300  # SERVE_MAX_AGE
    feed_cache: int = 32  # SERVE_FEED_CACHE
    search_depth: int = 10_000  # SERVE_SEARCH_DEPTH (0: every story)
    gzip_min_size: int = 1024  # SERVE_GZIP_MIN_SIZE


def create_app(backend: Backend) -> Starlette:
    """The app; it closes the backend's database when the server stops."""
    feeds = FeedRoutes(
        backend.repository,
        backend.newsrooms,
        FeedCache(backend.feed_cache),
        backend.max_age,
        backend.search_depth or None,
    )
    enabled = [newsroom.key for newsroom in backend.newsrooms.select()]

    def healthz(request: Request) -> Response:
        try:
            mark_abandoned(backend.runs)
            verdict = health_verdict(backend.runs, enabled)
        except (DatabaseError, SQLAlchemyError) as exc:
            return PlainTextResponse(f"UNKNOWN: {_one_line(exc)}\n", 503, headers=NO_CACHE)
        return PlainTextResponse(
            "\n".join(verdict.lines) + "\n", 200 if verdict.ok else 503, headers=NO_CACHE
        )

    def metrics(request: Request) -> Response:
        return Response(
            render_metrics(collect(backend.runs)), media_type=METRICS_TYPE, headers=NO_CACHE
        )

    def ops_page(request: Request) -> Response:
        mark_abandoned(backend.runs)
        data = collect_page(backend.repository, backend.runs, backend.newsrooms, _now())
        return HTMLResponse(render_page(data), headers=NO_CACHE)

    async def unavailable(request: Request, exc: Exception) -> Response:
        return PlainTextResponse(f"database unavailable: {_one_line(exc)}\n", 503)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            backend.repository.close()
            backend.runs.close()

    return Starlette(
        routes=[
            Route("/", ops_page),
            Route("/feed.{fmt}", feeds.all_stories),
            Route("/newsrooms/{key}.{fmt}", feeds.one_newsroom),
            Route("/healthz", healthz),
            Route("/metrics", metrics),
        ],
        middleware=[
            # The rest: feeds set their own Content-Encoding and Vary (their gzip is cached).
            Middleware(
                GZipMiddleware,
                minimum_size=backend.gzip_min_size,
                compresslevel=6,
                exclude_content_types=(*DEFAULT_EXCLUDED_CONTENT_TYPES, *FEED_TYPES),
            )
        ],
        exception_handlers={SQLAlchemyError: unavailable, DatabaseError: unavailable},
        lifespan=lifespan,
    )


def _now() -> datetime:
    return clock.now()


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:300]
