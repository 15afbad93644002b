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
    workdays._warned.clear()
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


# --- a year supplied as reference data (deploy/reference/calendar/<year>.yaml) -----------
# A made-up 2027 arrangement for the tests (the real one was not published when this was
# written): the statutory days off, 春节 stretched to Thursday 11 February by 调休, and
# Saturday 20 February worked instead.
def calendar_file(year: int = 2027, *, extra_off: str = "", working: str = "[2027-02-20]",
                  says_year: int | None = None) -> str:
    statutory = sorted(statutory_holidays(year))
    days = "\n".join(f"  - {{name: 法定, from: {day}, to: {day}}}" for day in statutory
                     if not date(2027, 2, 5) <= day <= date(2027, 2, 11))
    return (f'version: "test"\neffective_from: 2026-11-01\nsource: 测试用安排 (not the '
            f"State Council's)\nyear: {says_year or year}\ndays_off:\n{days}\n"
            f"  - {{name: 春节, from: 2027-02-05, to: 2027-02-11}}\n{extra_off}"
            f"working_weekends: {working}\n")


@pytest.fixture
def calendar_dir(tmp_path):  # type: ignore[no-untyped-def]
    """An empty calendar directory the counting reads from; the shipped one after."""
    workdays._warned.clear()
    shipped = workdays.calendar_directory()
    workdays.use_calendar_directory(tmp_path)
    yield tmp_path
    workdays.use_calendar_directory(shipped)


def test_a_supplied_year_counts_its_adjusted_days_before_the_statutory_fallback(
    calendar_dir, caplog: pytest.LogCaptureFixture
) -> None:
    (calendar_dir / "2027.yaml").write_text(calendar_file(), encoding="utf-8")
    workdays.use_calendar_directory(calendar_dir)
    with caplog.at_level(logging.WARNING, logger="shared.workdays"):
        assert not is_workday(date(2027, 2, 10))  # a Wednesday off by 调休
        assert is_workday(date(2027, 2, 20))  # a Saturday worked
        assert not is_workday(date(2027, 1, 1))
        assert add_workdays(date(2027, 2, 4), 1) == date(2027, 2, 12)
    assert [r for r in caplog.records if r.name == "shared.workdays"] == []


def test_start_up_names_the_year_and_the_file_to_supply(calendar_dir) -> None:
    from shared.calendar_data import check_calendar

    missing = check_calendar(calendar_dir, date(2026, 11, 25))
    assert len(missing.warnings) == 1
    assert "2027" in missing.warnings[0]
    assert str(calendar_dir / "2027.yaml") in missing.warnings[0]
    assert missing.sources[2026].startswith("chinese_calendar")
    (calendar_dir / "2027.yaml").write_text(calendar_file(), encoding="utf-8")
    supplied = check_calendar(calendar_dir, date(2026, 11, 25))
    assert supplied.warnings == ()
    assert supplied.sources[2027] == str(calendar_dir / "2027.yaml")
    assert is_workday(date(2027, 2, 20))


def test_the_operator_is_told_of_a_missing_year_once_not_by_every_service(
    calendar_dir, caplog: pytest.LogCaptureFixture
) -> None:
    from shared.calendar_data import check_calendar

    with caplog.at_level(logging.WARNING):
        for _ in range(5):  # jianguan run starts five services in one process
            assert len(check_calendar(calendar_dir, date(2026, 11, 25)).warnings) == 1
        assert is_workday(date(2027, 1, 8))  # and the first 2027 deadline is counted
    told = [r.getMessage() for r in caplog.records if "2027" in r.getMessage()]
    assert len(told) == 1, told


@pytest.mark.parametrize(("change", "line_of", "problem"), [
    ({"working": "[2027-02-22]"}, "working_weekends", "2027-02-22 is a Monday"),
    ({"working": "[2027-02-06]"}, "working_weekends", "also a day off"),
    ({"says_year": 2028}, "year:", "named 2027.yaml but says year 2028"),
    ({"extra_off": "  - {name: 错, from: 2027-03-09, to: 2027-03-08}\n"}, "name: 错",
     "before from"),
    ({"extra_off": "  - {name: 重复, from: 2027-02-11, to: 2027-02-12}\n"}, "name: 重复",
     "already a day off"),
])
def test_a_bad_supplied_year_is_refused_naming_file_line_and_problem(
    calendar_dir, change, line_of: str, problem: str
) -> None:
    from shared.calendar_data import check_calendar
    from shared.reference import ReferenceDataError

    text = calendar_file(**change)
    (calendar_dir / "2027.yaml").write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if line_of in row)
    with pytest.raises(ReferenceDataError) as refused:
        check_calendar(calendar_dir, date(2026, 11, 25))
    assert f"2027.yaml:{line}:" in str(refused.value)
    assert problem in str(refused.value)


def test_a_supplied_year_must_give_every_statutory_holiday_off(calendar_dir) -> None:
    from shared.calendar_data import check_calendar
    from shared.reference import ReferenceDataError

    text = calendar_file().replace("from: 2027-10-01, to: 2027-10-01", "from: 2027-10-04, "
                                   "to: 2027-10-04")
    (calendar_dir / "2027.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"2027-10-01: statutory holiday"):
        check_calendar(calendar_dir, date(2026, 11, 25))
