"""ETags, HTTP dates, conditional requests and gzip negotiation (`server.conditional`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from server.conditional import accepts_gzip, http_date, not_modified, parse_http_date, weak_etag

NOW = datetime(2026, 11, 24, 12, 0, 30, tzinfo=UTC)
CHANGED = datetime(2026, 11, 24, 8, 15, 42, 123456, tzinfo=UTC)
ETAG = weak_etag("atom", "feed state")


def test_weak_etags_change_with_any_part() -> None:
    assert ETAG.startswith('W/"') and len(ETAG) == 36
    assert weak_etag("atom", "feed state") == ETAG
    assert weak_etag("rss", "feed state") != ETAG
    assert weak_etag("atom", "feed", "state") != weak_etag("atom", "feed state")


def test_http_dates_are_imf_fixdate_and_read_back() -> None:
    assert http_date(CHANGED) == "Tue, 24 Nov 2026 08:15:42 GMT"
    assert parse_http_date("Tue, 24 Nov 2026 08:15:42 GMT") == CHANGED.replace(microsecond=0)
    # The obsolete forms HTTP recipients must still read: RFC 850 and asctime.
    assert parse_http_date("Tuesday, 24-Nov-26 08:15:42 GMT") == CHANGED.replace(microsecond=0)
    assert parse_http_date("Tue Nov 24 08:15:42 2026") == CHANGED.replace(microsecond=0)
    assert parse_http_date("yesterday") is None
    assert parse_http_date("") is None


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, False),
        ({"if-none-match": ETAG}, True),
        ({"if-none-match": ETAG.removeprefix("W/")}, True),
        ({"if-none-match": f'"a", W/"b", {ETAG}'}, True),
        ({"if-none-match": "*"}, True),
        ({"if-none-match": '"a"'}, False),
        ({"if-modified-since": "Tue, 24 Nov 2026 08:15:42 GMT"}, True),  # the same second
        ({"if-modified-since": "Tue, 24 Nov 2026 09:00:00 GMT"}, True),
        ({"if-modified-since": "Tue, 24 Nov 2026 08:15:41 GMT"}, False),
        ({"if-modified-since": "Wed, 25 Nov 2026 08:00:00 GMT"}, False),  # in the future
        ({"if-modified-since": "not a date"}, False),
        # If-None-Match decides whenever it is there.
        ({"if-none-match": '"a"', "if-modified-since": "Tue, 24 Nov 2026 09:00:00 GMT"}, False),
        ({"if-none-match": ETAG, "if-modified-since": "Mon, 01 Jan 2024 00:00:00 GMT"}, True),
    ],
)
def test_not_modified(headers: dict[str, str], expected: bool) -> None:
    assert not_modified(headers, ETAG, CHANGED, NOW) is expected


def test_without_a_last_modified_only_the_etag_can_match() -> None:
    since = {"if-modified-since": http_date(NOW - timedelta(seconds=1))}
    assert not not_modified(since, ETAG, None, NOW)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, False),
        ("", False),
        ("identity", False),
        ("gzip", True),
        ("gzip, deflate, br", True),
        ("br;q=1.0, GZIP;q=0.5", True),
        ("gzip;q=0", False),
        ("gzip;q=0.0, identity", False),
        ("*", True),
        ("*;q=0", False),
        ("x-gzip", True),
        ("gzip;q=zero", False),
    ],
)
def test_accepts_gzip(value: str | None, expected: bool) -> None:
    assert accepts_gzip(value) is expected
