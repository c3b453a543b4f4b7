"""The feed routes: ``/feed.rss``, ``/feed.atom``, ``/newsrooms/<key>.rss`` and ``.atom``.

Query: ``language`` (a tag: en, sr-Latn), ``q`` (words that must all be in the title or
text, of the newest SERVE_SEARCH_DEPTH stories), ``limit`` (1-500, default 50). A request
reads which stories the feed holds and a fingerprint of them (`Repository.feed_state`); from
that come the weak ETag and Last-Modified, so a conditional request is answered 304 without
loading or rendering a story. Rendered feeds are kept by ETag, with their gzip
(`FeedCache`). Never crawls.
"""

from __future__ import annotations

import gzip
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from crawler.core import clock
from crawler.core.newsrooms import Newsrooms
from crawler.reports.feeds import feed_info, render_feed
from server.conditional import accepts_gzip, http_date, not_modified, weak_etag
from storage.repository import Repository

__all__ = ["FeedCache", "FeedQuery", "FeedRoutes", "parse_feed_query"]

MEDIA_TYPES = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
}
DEFAULT_LIMIT = 50
MAX_LIMIT = 500
MAX_QUERY = 200
#: Part of every ETag: bump it when `render_feed` writes feeds differently, or clients that
#: hold a feed of the old shape keep getting 304 for it.
RENDER_VERSION = "1"
#: A language tag as stored (en, sr-Latn, sr-Cyrl, pt-BR); matched in any letter case.
_LANGUAGE = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8}){0,3}")
_LIMIT = re.compile(r"[0-9]{1,4}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class BadRequest(ValueError):
    """A query parameter the feed cannot take; the message says which and why."""


@dataclass(frozen=True)
class FeedQuery:
    """One feed request: which stories, in which format."""

    fmt: str  # rss | atom
    newsroom: str | None
    language: str | None
    words: str | None
    limit: int


def _quoted(value: str, most: int = 40) -> str:
    """``value`` quoted for a one-line reason, cut to ``most`` characters."""
    return repr(value) if len(value) <= most else repr(value[:most]) + f"... ({len(value)} chars)"


def parse_feed_query(fmt: str, newsroom: str | None, params: Mapping[str, str]) -> FeedQuery:
    """The feed a request asks for; raises `BadRequest` with a one-line reason."""
    language = params.get("language", "").strip() or None
    if language is not None:
        if not _LANGUAGE.fullmatch(language):
            raise BadRequest(
                "language must be a language tag such as en or sr-Latn, not " + _quoted(language)
            )
        language = _canonical_language(language)
    raw = params.get("q", "")
    if _CONTROL.search(raw):
        # A NUL ends SQLite's LIKE pattern: "%\0%" would match every story.
        raise BadRequest("q must not hold control characters (NUL, tab, newline, ...)")
    words = " ".join(raw.split()) or None
    if words is not None and len(words) > MAX_QUERY:
        raise BadRequest(f"q must be at most {MAX_QUERY} characters")
    limit = DEFAULT_LIMIT
    if "limit" in params:
        text = params["limit"].strip()
        # ASCII digits only: str.isdigit takes "²" and "①", which int() refuses.
        if not _LIMIT.fullmatch(text) or not 1 <= int(text) <= MAX_LIMIT:
            raise BadRequest(
                f"limit must be a whole number from 1 to {MAX_LIMIT}, not {_shown(text)}"
            )
        limit = int(text)
    return FeedQuery(fmt, newsroom, language, words, limit)


def _shown(value: str) -> str:
    """``value`` quoted for a one-line reason, cut short: a parameter may be any length."""
    return repr(value[:40] + "...") if len(value) > 40 else repr(value)


def _canonical_language(tag: str) -> str:
    """``SR-latn`` -> ``sr-Latn``: the letter case language tags are stored in."""
    first, *rest = tag.split("-")
    parts = [first.lower()]
    for part in rest:
        if len(part) == 4 and part.isalpha():
            parts.append(part.title())  # script
        elif len(part) == 2 and part.isalpha():
            parts.append(part.upper())  # region
        else:
            parts.append(part.lower())
    return "-".join(parts)


class FeedCache:
    """The last ``size`` rendered feeds by ETag, each with its gzip once someone asks for it."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[str, list[bytes | None]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, etag: str, compressed: bool) -> bytes | None:
        with self._lock:
            entry = self._entries.get(etag)
            if entry is None:
                return None
            self._entries.move_to_end(etag)
            body, packed = entry
        if not compressed:
            return body
        if packed is None:
            packed = _gzip(body or b"")  # outside the lock: other feeds need not wait
            with self._lock:
                entry[1] = packed
        return packed

    def put(self, etag: str, body: bytes, compressed: bytes | None = None) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._entries[etag] = [body, compressed]
            self._entries.move_to_end(etag)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)


def _gzip(body: bytes) -> bytes:
    return gzip.compress(body, compresslevel=6, mtime=0)  # same bytes for the same feed


class FeedRoutes:
    """The feed endpoints over one repository and newsrooms file."""

    def __init__(
        self,
        repository: Repository,
        newsrooms: Newsrooms,
        cache: FeedCache,
        max_age: int,
        search_depth: int | None = None,
    ) -> None:
        self.repository = repository
        self.search_depth = search_depth
        self.newsrooms = newsrooms
        self.cache = cache
        self.cache_control = f"public, max-age={max_age}"
        self.names = {key: newsroom.name for key, newsroom in newsrooms.items()}

    def all_stories(self, request: Request) -> Response:
        return self._respond(request, None, request.path_params["fmt"])

    def one_newsroom(self, request: Request) -> Response:
        key = request.path_params["key"]
        if key not in self.newsrooms:
            known = ", ".join(self.newsrooms) or "none"
            return PlainTextResponse(f"no newsroom {key!r}; known: {known}\n", status_code=404)
        return self._respond(request, key, request.path_params["fmt"])

    def _respond(self, request: Request, newsroom: str | None, fmt: str) -> Response:
        if fmt not in MEDIA_TYPES:
            return PlainTextResponse("Not Found\n", status_code=404)
        try:
            query = parse_feed_query(fmt, newsroom, request.query_params)
        except BadRequest as exc:
            return PlainTextResponse(f"{exc}\n", status_code=400)
        state = self.repository.feed_state(
            newsroom=query.newsroom,
            language=query.language,
            query=query.words,
            limit=query.limit,
            search_depth=self.search_depth,
        )
        info = feed_info(
            newsroom,
            self.newsrooms.get(newsroom) if newsroom else None,
            query.language,
            query.words,
            self_url=str(request.url),
            source_names=self.names,
        )
        etag = weak_etag(RENDER_VERSION, fmt, repr(info), state.fingerprint)
        now = clock.now()
        headers = {
            "ETag": etag,
            "Cache-Control": self.cache_control,
            "Vary": "Accept-Encoding",
        }
        modified = min(state.changed, now) if state.changed is not None else None
        if modified is not None:
            headers["Last-Modified"] = http_date(modified)
        if not_modified(request.headers, etag, modified, now):
            return Response(status_code=304, headers=headers)
        compressed = accepts_gzip(request.headers.get("accept-encoding"))
        body = self.cache.get(etag, compressed)
        if body is None:
            stories = self.repository.stories_by_id(state.ids, query.language)
            rendered = render_feed(stories, info, "rss" if fmt == "rss" else "atom")
            body = _gzip(rendered) if compressed else rendered
            self.cache.put(etag, rendered, body if compressed else None)
        if compressed:
            headers["Content-Encoding"] = "gzip"
        return Response(body, headers=headers, media_type=MEDIA_TYPES[fmt])
