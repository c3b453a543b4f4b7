"""Dates in a story's text (`crawler.extraction.dates`): stated dates in English and Serbian
(both scripts) are found, read in the newsroom's zone and never after the fetch; no text makes
it crash or return a date that does not exist."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.extraction.dates import _MONTH_NAMES, find_date, parse_datetime


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Brussels, 15. November 2017 - NATO Secretary General", date(2017, 11, 15)),
        ("Brussles, 23 November 2017 - As part of his visit", date(2017, 11, 23)),
        ("Belgrade, 12 October 2017 -  President", date(2017, 10, 12)),
        ("Brussels, 23 Nov 2016 – Prime Minister", date(2016, 11, 23)),
        ("Брисел, 24. мај 2022. - Министар", date(2022, 5, 24)),
        ("Beograd, 4. juna 2021. godine", date(2021, 6, 4)),
        ("Jun 4 2021", date(2021, 6, 4)),
        ("June 4, 2021", date(2021, 6, 4)),
        ("20 Nov. 2015 -", date(2015, 11, 20)),
        ("15.11.2017.", date(2017, 11, 15)),
        ("2017-11-15T10:20:00Z", date(2017, 11, 15)),
    ],
)
def test_finds_stated_dates(text: str, expected: date) -> None:
    found = find_date(text)
    assert found is not None and found.day == expected


@pytest.mark.parametrize(
    "text",
    [
        "BELGRADE, June 4 - Council for Strategic Policy",  # no year: never guessed
        "31 June 2020",  # no such day
        "in 2017 the Alliance",
        "Phone: +32 2 707 79 81",
        "",
    ],
)
def test_no_complete_date_is_no_date(text: str) -> None:
    assert find_date(text) is None


def test_dates_after_the_fetch_are_not_publication_dates() -> None:
    assert find_date("Exercise planned for 15 May 2031", latest=date(2026, 11, 24)) is None
    assert find_date("Held on 15 May 2021", latest=date(2026, 11, 24)) is not None


def test_stated_times_are_read_in_the_newsroom_zone() -> None:
    when = parse_datetime("Last updated: 20 Nov. 2015 12:43", zone="Europe/Brussels")
    assert when == datetime(2015, 11, 20, 11, 43, tzinfo=UTC)
    assert when is not None and when.tzinfo is not None


MONTH_NAMES = st.sampled_from(
    [(month, name) for month, names in _MONTH_NAMES.items() for name in names]
)


@given(
    day=st.dates(min_value=date(1995, 1, 1), max_value=date(2030, 12, 31)),
    name=MONTH_NAMES,
    style=st.sampled_from(["{d}. {m} {y}.", "{d} {m} {y}", "{m} {d}, {y}", "{d}. {M} {y}"]),
    prefix=st.sampled_from(["", "Brussels, ", "Београд, ", "Posted "]),
)
def test_any_written_date_is_found(
    day: date, name: tuple[int, str], style: str, prefix: str
) -> None:
    month, word = name
    day = day.replace(day=min(day.day, 28), month=month)
    text = prefix + style.format(d=day.day, m=word, M=word.capitalize(), y=day.year) + " - news"
    found = find_date(text)
    assert found is not None
    assert found.day == day


@given(st.text())
def test_never_crashes_and_only_returns_real_dates(text: str) -> None:
    found = find_date(text)
    if found is not None:
        assert 1900 <= found.day.year <= 2099
        assert found.time is None or isinstance(found.time, time)
