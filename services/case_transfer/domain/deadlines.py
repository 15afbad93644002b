"""Time limits (时限) of transfers, 行刑衔接, reviews, 协查 and 督办 (CT-2, CT-7).

A limit in working days ends with its last working day (``shared.workdays``: holidays and
调休 counted, the starting day not counted); the step is overdue from 00:00 China time
the day after. A limit in hours (the 24 hours an approved case has to reach the police)
runs on the clock, weekends included. ``due_at`` is always the moment a step becomes
overdue, so one comparison with "now" serves both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from services.case_transfer.domain.rule_models import DeadlineRule
from shared.clock import CHINA_TIME, china_day
from shared.workdays import deadline


@dataclass(frozen=True)
class Due:
    """When a step is due: its last day in China, and the moment it becomes overdue."""

    due_on: date
    due_at: datetime

    def passed(self, now: datetime) -> bool:
        """Whether ``now`` is past the limit (overdue)."""
        return now >= self.due_at


def overdue_from(last_day: date) -> datetime:
    """00:00 China time the day after ``last_day``, in UTC."""
    return datetime.combine(last_day + timedelta(days=1), time(), CHINA_TIME).astimezone(UTC)


def in_working_days(start: datetime, working_days: int) -> Due:
    """``working_days`` after the China day of ``start``."""
    return _after_day(china_day(start), working_days)


@lru_cache(maxsize=4096)
def _after_day(day: date, working_days: int) -> Due:
    last_day = deadline(day, working_days)
    return Due(last_day, overdue_from(last_day))


def due_after(start: datetime, rule: DeadlineRule) -> Due:
    """The limit ``rule`` sets for a step that starts at ``start``."""
    if rule.hours is not None:
        due_at = (start + timedelta(hours=rule.hours)).astimezone(UTC)
        return Due(china_day(due_at), due_at)
    assert rule.working_days is not None
    return in_working_days(start, rule.working_days)


def describe(rule: DeadlineRule) -> str:
    """``3 working days`` or ``24 hours``, for messages."""
    if rule.hours is not None:
        return f"{rule.hours} hours"
    return f"{rule.working_days} working days"
