"""Newsrooms as data: load and validate ``newsrooms.toml``.

Each ``[[newsroom]]`` entry becomes a frozen, picklable `Newsroom`. Every mistake fails at
load with one message naming the file, the entry and the fix.
"""

from __future__ import annotations

import difflib
import ipaddress
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from crawler.core.families import FAMILIES
from crawler.core.keys import DEFAULT_PORTS

__all__ = [
    "ConfigError",
    "Newsroom",
    "Newsrooms",
    "Origin",
    "generic_newsroom",
    "load_newsrooms",
    "origin_of",
    "parse_every",
]

#: Where a URL is served from: (scheme, host, port), the port always stated.
Origin = tuple[str, str, int]

KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-[A-Z]{2})?$")
EVERY_RE = re.compile(r"^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")

REQUIRED = ("key", "name", "family", "start_urls", "languages", "every")
#: What a missing required entry could look like, for the message that asks for it.
EXAMPLES = {
    "key": 'key = "nato-hq"',
    "name": 'name = "NATO Newsroom"',
    "family": 'family = "generic"',
    "start_urls": 'start_urls = ["https://www.example.org/news/"]',
    "languages": 'languages = ["en"]',
    "every": 'every = "2h"',
}
OPTIONAL: dict[str, Any] = {
    "feeds": [],
    "sitemaps": [],
    "allowed_hosts": [],
    "max_pages": 1000,
    "crawl_delay": 0.0,
    "timezone": "UTC",
    "enabled": True,
}
FIELDS = (*REQUIRED, *OPTIONAL)


class ConfigError(ValueError):
    """A newsrooms file is unreadable or invalid; the message says where and how to fix it."""


@dataclass(frozen=True)
class Newsroom:
    """One monitored newsroom (what `newsrooms.toml` declares)."""

    key: str
    name: str
    family: str
    start_urls: tuple[str, ...]
    languages: tuple[str, ...]
    every: timedelta
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    allowed_hosts: tuple[str, ...] = ()
    max_pages: int = 1000
    crawl_delay: float = 0.0
    timezone: str = "UTC"
    enabled: bool = True

    @cached_property
    def origins(self) -> frozenset[Origin]:
        """Where the crawler may fetch from: the origins of the start URLs, feeds and sitemaps.

        A URL on its scheme's default port also brings the same host by the other scheme and
        its www/bare twin (sites link ``http://nato.int`` and ``https://www.nato.int`` alike);
        one on another port brings exactly its origin: another port of a host is another
        server. ``allowed_hosts`` replaces them all: ``host`` is that host on the default
        ports, ``host:port`` that host on that port, by http or https.
        """
        if self.allowed_hosts:
            found: set[Origin] = set()
            for entry in self.allowed_hosts:
                host, port = parse_host(entry)
                found |= {(s, host, port or DEFAULT_PORTS[s]) for s in DEFAULT_PORTS}
            return frozenset(found)
        found = set()
        for url in (*self.start_urls, *self.feeds, *self.sitemaps):
            origin = origin_of(url)
            if origin is None:
                continue
            scheme, host, port = origin
            if port != DEFAULT_PORTS[scheme]:
                found.add(origin)
                continue
            for name in (host, *_twin(host)):
                found |= {(s, name, p) for s, p in DEFAULT_PORTS.items()}
        return frozenset(found)

    @property
    def hosts(self) -> frozenset[str]:
        """The host names of `origins`, whatever their port."""
        return frozenset(host for _, host, _ in self.origins)

    def in_scope(self, url: str) -> bool:
        """Whether the crawler may fetch ``url`` for this newsroom: http(s) at one of its
        `origins` (an unparseable URL never is)."""
        return origin_of(url) in self.origins


def origin_of(url: str) -> Origin | None:
    """The (scheme, host, port) of an http(s) ``url``, the port stated even when the URL
    leaves it out; None for other schemes and for URLs without a host or with a bad port."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:  # a port out of range or not a number, a broken IPv6 literal
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    return scheme, parts.hostname.rstrip("."), port or DEFAULT_PORTS[scheme]


def parse_host(entry: str) -> tuple[str, int | None]:
    """An ``allowed_hosts`` entry, ``host`` or ``host:port`` (``[::1]:8080`` for IPv6), as
    (host, port or None); ValueError when it is neither."""
    try:
        parts = urlsplit(f"//{entry}")
        port = parts.port
    except ValueError:
        port, parts = -1, urlsplit("")
    if (
        not entry
        or any(c in entry for c in "/?#@\\ \t")
        or not parts.hostname
        or entry.endswith(":")
        or (port is not None and not 0 < port < 65536)
    ):
        raise ValueError(entry)
    return parts.hostname.rstrip("."), port


def _twin(host: str) -> tuple[str, ...]:
    """The www/bare twin of a host name, if it has one (an IP address has none)."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        twin = host.removeprefix("www.") if host.startswith("www.") else f"www.{host}"
        return (twin,) if "." in twin else ()
    return ()


class Newsrooms(Mapping[str, Newsroom]):
    """The newsrooms of one file, in file order, by key."""

    def __init__(self, path: Path, newsrooms: Sequence[Newsroom]) -> None:
        self.path = path
        self._by_key = {n.key: n for n in newsrooms}

    def __getitem__(self, key: str) -> Newsroom:
        return self._by_key[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_key)

    def __len__(self) -> int:
        return len(self._by_key)

    def select(self, keys: Sequence[str] = (), family: str | None = None) -> list[Newsroom]:
        """Enabled newsrooms, or exactly ``keys`` (unknown keys are a `ConfigError`)."""
        unknown = [k for k in keys if k not in self._by_key]
        if unknown:
            raise ConfigError(
                f"{self.path}: no newsroom with key {', '.join(map(repr, unknown))}; "
                f"known keys: {', '.join(self._by_key)}"
            )
        chosen = (
            [self._by_key[k] for k in keys]
            if keys
            else [n for n in self._by_key.values() if n.enabled]
        )
        return [n for n in chosen if family is None or n.family == family]


def parse_every(text: str) -> timedelta:
    """Parse an interval such as ``2h``, ``90m``, ``1d12h`` or ``45s``."""
    match = EVERY_RE.match(text.strip())
    if not text.strip() or match is None or not any(match.groups()):
        raise ValueError(f'{text!r} is not an interval; write e.g. "30m", "2h" or "1d"')
    days, hours, minutes, seconds = (int(g or 0) for g in match.groups())
    interval = timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
    if interval < timedelta(minutes=1):
        raise ValueError(
            f"{text!r} is shorter than a minute; newsrooms are crawled at most every 1m"
        )
    return interval


def load_newsrooms(path: Path | str) -> Newsrooms:
    """Read and validate a newsrooms file."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"{path}: newsrooms file not found; pass --newsrooms FILE or set NEWSROOM_NEWSROOMS"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the newsrooms file: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{path}: not valid TOML: {exc}; fix that line (strings in double quotes, "
            'lists in brackets: languages = ["en"], one [[newsroom]] table per newsroom)'
        ) from None
    extra = sorted(set(raw) - {"newsroom"})
    if extra:
        raise ConfigError(
            f"{path}: unknown top-level key {extra[0]!r}; declare each newsroom as a "
            "[[newsroom]] table"
        )
    entries = raw.get("newsroom")
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{path}: no newsrooms; add at least one [[newsroom]] table")
    newsrooms: list[Newsroom] = []
    seen: dict[str, int] = {}
    for number, entry in enumerate(entries, start=1):
        newsroom = _parse_entry(path, number, entry)
        if newsroom.key in seen:
            raise ConfigError(
                f"{path}: newsroom #{number} (key {newsroom.key!r}): duplicate key, already used "
                f"by newsroom #{seen[newsroom.key]}; give each newsroom its own key"
            )
        seen[newsroom.key] = number
        newsrooms.append(newsroom)
    return Newsrooms(path, newsrooms)


def _parse_entry(path: Path, number: int, entry: Any) -> Newsroom:
    label = f"newsroom #{number}"
    if isinstance(entry, dict) and isinstance(entry.get("key"), str):
        label += f" (key {entry['key']!r})"

    def fail(message: str) -> ConfigError:
        return ConfigError(f"{path}: {label}: {message}")

    if not isinstance(entry, dict):
        raise fail("must be a table: write it as [[newsroom]] followed by key = value lines")
    for name in entry:
        if name not in FIELDS:
            close = difflib.get_close_matches(name, FIELDS, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise fail(f"unknown key {name!r}; {hint}allowed keys: {', '.join(FIELDS)}")
    for name in REQUIRED:
        if name not in entry:
            raise fail(f"missing {name!r}; add a line such as {EXAMPLES[name]} to this table")

    key = _string(entry, "key", fail)
    if not KEY_RE.match(key):
        raise fail(
            f"key {key!r} must be lowercase letters, digits and single dashes, e.g. 'nato-hq'"
        )
    family = _string(entry, "family", fail)
    if family not in FAMILIES:
        raise fail(
            f"unknown family {family!r}; use one of: {', '.join(sorted(FAMILIES))} "
            '(family = "generic" reads most sites; a new CMS needs a module in '
            "crawler/core/families/)"
        )
    languages = _strings(entry, "languages", fail, required=True)
    for tag in languages:
        if not LANGUAGE_RE.match(tag):
            raise fail(f"language {tag!r} is not a BCP 47 tag such as 'en', 'sr-Latn' or 'sr-Cyrl'")
    try:
        every = parse_every(_string(entry, "every", fail))
    except ValueError as exc:
        raise fail(f"every: {exc}") from None
    options = {name: entry.get(name, default) for name, default in OPTIONAL.items()}
    max_pages = options["max_pages"]
    if not isinstance(max_pages, int) or isinstance(max_pages, bool) or max_pages < 1:
        raise fail(f"max_pages must be a whole number of at least 1, got {max_pages!r}")
    delay = options["crawl_delay"]
    if not isinstance(delay, int | float) or isinstance(delay, bool) or delay < 0:
        raise fail(f"crawl_delay must be a number of seconds (0 or more), got {delay!r}")
    timezone = options["timezone"]
    try:
        ZoneInfo(str(timezone))
    except (ZoneInfoNotFoundError, ValueError):
        raise fail(f"timezone {timezone!r} is not an IANA zone such as 'Europe/Brussels'") from None
    if not isinstance(options["enabled"], bool):
        raise fail("enabled must be true or false")
    hosts = _strings(entry, "allowed_hosts", fail)
    for host in hosts:
        try:
            parse_host(host)
        except ValueError:
            raise fail(
                f"allowed_hosts entry {host!r} must be a host name like 'www.nato.int', or a "
                "host and port like 'intranet.example:8080' (no scheme, path or user)"
            ) from None
    newsroom = Newsroom(
        key=key,
        name=_string(entry, "name", fail),
        family=family,
        start_urls=_urls(entry, "start_urls", fail, required=True),
        languages=languages,
        every=every,
        feeds=_urls(entry, "feeds", fail),
        sitemaps=_urls(entry, "sitemaps", fail),
        allowed_hosts=hosts,
        max_pages=max_pages,
        crawl_delay=float(delay),
        timezone=str(timezone),
        enabled=options["enabled"],
    )
    for name in ("start_urls", "feeds", "sitemaps"):
        for url in getattr(newsroom, name):
            if not newsroom.in_scope(url):
                raise fail(
                    f"{name}: {url!r} is outside allowed_hosts, so it would never be fetched; "
                    "add its host (with ':port' if the URL names one) to allowed_hosts"
                )
    return newsroom


def _string(entry: dict[str, Any], name: str, fail: Any) -> str:
    value = entry[name]
    if not isinstance(value, str) or not value.strip():
        raise fail(f"{name} must be a non-empty string, got {value!r}")
    return value.strip()


def _strings(
    entry: dict[str, Any], name: str, fail: Any, required: bool = False
) -> tuple[str, ...]:
    value = entry.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise fail(f'{name} must be a list of strings, e.g. {name} = ["..."]')
    if required and not value:
        raise fail(f"{name} must list at least one value")
    return tuple(value)


def _urls(entry: dict[str, Any], name: str, fail: Any, required: bool = False) -> tuple[str, ...]:
    urls = _strings(entry, name, fail, required)
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise fail(f"{name}: {url!r} is not an absolute http(s) URL")
    return urls


def generic_newsroom(languages: Iterable[str] = ()) -> Newsroom:
    """A newsroom of the generic family, for pages read outside a configured newsroom."""
    return Newsroom(
        key="adhoc",
        name="",
        family="generic",
        start_urls=("http://localhost/",),
        languages=tuple(languages),
        every=timedelta(hours=1),
    )
