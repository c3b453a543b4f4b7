"""The project's one clock: tz-aware UTC, held by `frozen`, and the same in the processes the
tests start (under ``pytest --clock-ahead=DAYS`` too)."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.core import clock
from tests.support.cli import ROOT


def test_now_is_tz_aware_utc() -> None:
    now = clock.now()
    assert now.tzinfo is UTC and now.utcoffset() == timedelta(0)


@given(
    at=st.datetimes(
        min_value=datetime(1990, 1, 1),  # noqa: DTZ001 (hypothesis takes naive bounds)
        max_value=datetime(2100, 1, 1),  # noqa: DTZ001
        timezones=st.timezones(),
        allow_imaginary=False,
    )
)
def test_frozen_holds_now_at_the_given_instant_in_utc(at: datetime) -> None:
    # Instants compared as timestamps: Python never calls an ambiguous local time (the hour a
    # clock goes back) equal to a time in another zone.
    before = clock.now()
    with clock.frozen(at) as held:
        assert clock.now() is held and held.tzinfo is UTC
        assert held.timestamp() == at.timestamp()
        later = held + timedelta(hours=1)
        with clock.frozen(later):
            assert clock.now() == later
        assert clock.now() is held
    assert clock.now() >= before  # and the real clock is back


def test_frozen_refuses_a_naive_time() -> None:
    naive = datetime(2026, 1, 1)  # noqa: DTZ001 (what is refused)
    with pytest.raises(ValueError, match="tz-aware"), clock.frozen(naive):
        pass


def test_a_child_process_lives_on_the_same_day_as_the_tests() -> None:
    """What `tests/clock_ahead/sitecustomize.py` is for: a crawl or server the tests start reads
    the clock the test reads, whatever ``--clock-ahead`` says."""
    before = clock.now()
    child = subprocess.run(
        [sys.executable, "-c", "from crawler.core import clock; print(clock.now().isoformat())"],
        capture_output=True, text=True, check=True, cwd=ROOT, timeout=60,
    )  # fmt: skip
    theirs = datetime.fromisoformat(child.stdout.strip())
    assert before - timedelta(seconds=1) <= theirs <= clock.now() + timedelta(seconds=1)
    assert theirs.tzinfo is not None and theirs.utcoffset() == UTC.utcoffset(None)
