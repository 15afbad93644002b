"""工作日 counting across the 2026 Spring Festival, its 调休 Saturdays, and a year
the holiday calendar does not cover yet."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta

import chinese_calendar
import pytest

from shared import workdays
from shared.workdays import (
    add_workdays,
    deadline,
    is_workday,
    statutory_holidays,
    workdays_between,
)

# 2026 Spring Festival (State Council notice): holiday Sun 15 Feb - Mon 23 Feb;
# Sat 14 Feb and Sat 28 Feb are working days (调休). 1-3 Jan is New Year, Sun 4 Jan works.
FRI_13_FEB = date(2026, 2, 13)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 2, 14), True),  # Saturday made a working day
        (date(2026, 2, 16), False),  # Monday in the holiday
        (date(2026, 2, 21), False),  # Saturday in the holiday
        (date(2026, 2, 23), False),  # last holiday, a Monday
        (date(2026, 2, 24), True),
        (date(2026, 2, 28), True),  # Saturday made a working day
        (date(2026, 3, 7), False),  # an ordinary Saturday
        (date(2026, 1, 4), True),  # Sunday made a working day after New Year
    ],
)
def test_holidays_and_adjusted_weekend_days(day: date, working: bool) -> None:
    assert is_workday(day) is working


def test_adding_working_days_across_the_spring_festival() -> None:
    assert add_workdays(FRI_13_FEB, 1) == date(2026, 2, 14)
    assert add_workdays(FRI_13_FEB, 2) == date(2026, 2, 24)
    # 14, 24, 25, 26, 27, 28 (Saturday, 调休), then Monday 2 March
    assert add_workdays(FRI_13_FEB, 7) == date(2026, 3, 2)


def test_adding_across_new_year_lands_on_the_adjusted_sunday() -> None:
    assert add_workdays(date(2025, 12, 31), 1) == date(2026, 1, 4)
    assert add_workdays(date(2025, 12, 31), 2) == date(2026, 1, 5)


def test_counting_working_days_across_the_spring_festival() -> None:
    assert workdays_between(FRI_13_FEB, date(2026, 2, 24)) == 2
    assert workdays_between(date(2026, 2, 14), date(2026, 2, 23)) == 0
    assert workdays_between(date(2026, 2, 23), date(2026, 3, 2)) == 6


def test_zero_days_is_the_start_itself_even_on_a_holiday() -> None:
    assert add_workdays(date(2026, 2, 16), 0) == date(2026, 2, 16)


def test_a_negative_count_is_refused() -> None:
    with pytest.raises(ValueError, match="got -1"):
        add_workdays(FRI_13_FEB, -1)


def test_an_end_not_after_the_start_counts_nothing() -> None:
    assert workdays_between(FRI_13_FEB, FRI_13_FEB) == 0
    assert workdays_between(date(2026, 3, 2), FRI_13_FEB) == 0


def test_adding_then_counting_gives_back_the_same_number() -> None:
    for offset in range(0, 365, 11):
        start = date(2026, 1, 1) + timedelta(days=offset)
        for n in (1, 5, 7, 15, 20):
            end = add_workdays(start, n)
            assert is_workday(end)
            assert workdays_between(start, end) == n


def test_a_deadline_from_a_timestamp_counts_from_the_day_in_china() -> None:
    friday_night_utc = datetime(2026, 2, 13, 20, 0, tzinfo=UTC)  # Sat 04:00 in China
    assert deadline(friday_night_utc, 1) == date(2026, 2, 24)
    assert deadline(datetime(2026, 2, 13, 20, 0), 1) == date(2026, 2, 14)  # naive: as given
    assert deadline(FRI_13_FEB, 7) == date(2026, 3, 2)


@pytest.fixture
def fresh_calendar():
    """Forget which years were already looked up, so the fallback warning can show again."""
    workdays._year_table.cache_clear()
    yield
    workdays._year_table.cache_clear()


def test_an_uncovered_year_counts_weekdays_without_the_statutory_holidays_and_warns_once(
    fresh_calendar: None, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="shared.workdays"):
        assert not is_workday(date(2027, 1, 1))  # 元旦, a Friday: off by law
        assert not is_workday(date(2027, 2, 5))  # 除夕 (正月初一 is 6 February 2027)
        assert not is_workday(date(2027, 1, 9))  # Saturday
        assert is_workday(date(2027, 1, 8))
        assert deadline(date(2026, 12, 23), 7) == date(2027, 1, 4)  # not on 元旦
        assert workdays_between(date(2027, 9, 30), date(2027, 10, 8)) == 5  # 国庆 Friday 1st
    warnings = [r for r in caplog.records if r.name == "shared.workdays"]
    assert len(warnings) == 1
    assert "2027" in warnings[0].getMessage()
    assert warnings[0].levelno == logging.WARNING


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_statutory_holidays_are_days_off_in_every_published_arrangement(year: int) -> None:
    """The fallback's law-fixed days (13 from 2025) agree with the published calendars."""
    holidays = statutory_holidays(year)
    assert len(holidays) == 13
    assert all(chinese_calendar.is_holiday(day) for day in holidays), sorted(
        day for day in holidays if not chinese_calendar.is_holiday(day))
