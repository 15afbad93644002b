"""Time limits: working days across weekends, holidays and 调休 days; hours on the clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from services.case_transfer.domain.deadlines import describe, due_after, overdue_from
from services.case_transfer.domain.rule_models import DeadlineRule

THREE_DAYS = DeadlineRule(working_days=3, basis="310号")
TWENTY_FOUR_HOURS = DeadlineRule(hours=24, basis="310号")


def china(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC) - timedelta(hours=8)


def test_three_working_days_skip_the_sunday_and_count_the_tiaoxiu_saturday() -> None:
    due = due_after(china(2026, 10, 8, 9), THREE_DAYS)  # Thursday after 国庆
    assert due.due_on == date(2026, 10, 12)  # Fri 9, Sat 10 (调休), Mon 12
    assert not due.passed(china(2026, 10, 12, 23, 59))
    assert due.passed(china(2026, 10, 13, 0, 0))


def test_three_working_days_from_a_friday_run_to_wednesday() -> None:
    assert due_after(china(2026, 10, 16, 17), THREE_DAYS).due_on == date(2026, 10, 21)


def test_a_start_during_the_holiday_counts_from_the_first_working_day() -> None:
    assert due_after(china(2026, 10, 2, 10), THREE_DAYS).due_on == date(2026, 10, 10)


def test_the_china_day_of_the_start_counts_not_the_utc_one() -> None:
    # 17:30 UTC on Friday is already Saturday in China: the count starts from Saturday
    friday_utc = datetime(2026, 10, 16, 17, 30, tzinfo=UTC)
    assert due_after(friday_utc, THREE_DAYS).due_on == date(2026, 10, 21)


def test_24_hours_run_through_the_weekend() -> None:
    due = due_after(china(2026, 10, 16, 17), TWENTY_FOUR_HOURS)
    assert due.due_at == china(2026, 10, 17, 17) and due.due_on == date(2026, 10, 17)
    assert not due.passed(china(2026, 10, 17, 16, 59))
    assert due.passed(china(2026, 10, 17, 17, 0))


def test_overdue_from_midnight_in_china_after_the_last_day() -> None:
    assert overdue_from(date(2026, 10, 12)) == datetime(2026, 10, 12, 16, 0, tzinfo=UTC)
    assert describe(THREE_DAYS) == "3 working days" and describe(TWENTY_FOUR_HOURS) == "24 hours"
