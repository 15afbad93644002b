"""The service clock: China's day, whatever the machine's hour (时钟)."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

import pytest

from shared.clock import ShiftedClock, SystemClock, china_day, clock_from
from tests.clock import DEFAULT_START


@pytest.mark.parametrize(("utc", "day"), [
    (datetime(2026, 12, 6, 15, 59, 59, tzinfo=UTC), date(2026, 12, 6)),
    (datetime(2026, 12, 6, 16, 0, 0, tzinfo=UTC), date(2026, 12, 7)),  # midnight in China
    (datetime(2026, 12, 6, 23, 59, 0, tzinfo=UTC), date(2026, 12, 7)),
    (datetime(2026, 12, 31, 16, 30, tzinfo=UTC), date(2027, 1, 1)),
])
def test_today_is_chinas_day_from_16_00_utc_on(utc: datetime, day: date) -> None:
    assert ShiftedClock(utc).today() == day
    assert china_day(utc) == day
    assert china_day(utc.replace(tzinfo=None)) == day  # a naive stamp (SQLite) is UTC


def test_the_tests_run_at_an_hour_when_china_is_a_day_ahead() -> None:
    assert DEFAULT_START.hour >= 16
    assert china_day(DEFAULT_START) == DEFAULT_START.date() + timedelta(days=1)


def test_a_shifted_clock_runs_on_and_can_be_advanced() -> None:
    clock = ShiftedClock(datetime(2026, 11, 24, 16, 5, tzinfo=UTC))
    first = clock.now()
    time.sleep(0.01)
    assert clock.now() > first
    clock.advance(timedelta(days=3))
    assert clock.today() == date(2026, 11, 28)
    with pytest.raises(ValueError, match="backwards"):
        clock.advance(timedelta(seconds=-1))


def test_a_clock_start_needs_a_time_zone() -> None:
    with pytest.raises(ValueError, match="time zone"):
        ShiftedClock(datetime(2026, 11, 24, 16, 5))


def test_without_a_start_the_clock_is_the_real_one() -> None:
    assert isinstance(clock_from(None), SystemClock)
    assert isinstance(clock_from(DEFAULT_START), ShiftedClock)
