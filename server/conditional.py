"""Validators and conditional requests (RFC 9110 §8.8, §13), and gzip negotiation.

Pure functions of header values: no request objects and no clock. ETags are weak: one ETag
names a feed whether it is sent gzipped or not (as nginx does when it compresses), and weak
comparison is what If-None-Match uses anyway.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

__all__ = ["accepts_gzip", "http_date", "not_modified", "parse_http_date", "weak_etag"]

_ENTITY_TAG = re.compile(r'(?:W/)?"([^"]*)"')


def weak_etag(*parts: str) -> str:
    """A weak entity tag that changes whenever one of ``parts`` does."""
    digest = hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:32]
    return f'W/"{digest}"'


def http_date(when: datetime) -> str:
    """``when`` as an HTTP date (IMF-fixdate, whole seconds, GMT)."""
    return format_datetime(when.astimezone(UTC).replace(microsecond=0), usegmt=True)


def parse_http_date(value: str) -> datetime | None:
    """An HTTP date as a tz-aware datetime, or None when it is not one."""
    try:
        parsed = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def not_modified(
    headers: Mapping[str, str], etag: str, last_modified: datetime | None, now: datetime
) -> bool:
    """Whether a GET with these request ``headers`` gets ``304 Not Modified``.

    If-None-Match decides when it is present (weak comparison, ``*`` matches); only without
    it, If-Modified-Since: not modified unless changed after that date. A date that cannot be
    read, or that lies in the future, is ignored.
    """
    if_none_match = headers.get("if-none-match")
    if if_none_match is not None:
        if if_none_match.strip() == "*":
            return True
        wanted = _ENTITY_TAG.fullmatch(etag)
        return wanted is not None and wanted[1] in _ENTITY_TAG.findall(if_none_match)
    if_modified_since = headers.get("if-modified-since")
    if if_modified_since is None or last_modified is None:
        return False
    since = parse_http_date(if_modified_since)
    if since is None or since > now:
        return False
    return last_modified.replace(microsecond=0) <= since


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether an ``Accept-Encoding`` value accepts gzip (``gzip``, ``x-gzip`` or ``*``, with
    a quality above 0)."""
    if not accept_encoding:
        return False
    qualities: dict[str, float] = {}
    for item in accept_encoding.split(","):
        coding, _, parameters = item.partition(";")
        quality = 1.0
        for parameter in parameters.split(";"):
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value.strip())
                except ValueError:
                    quality = 0.0
        qualities[coding.strip().lower()] = quality
    for coding in ("gzip", "x-gzip", "*"):
        if coding in qualities:
            return qualities[coding] > 0
    return False
