"""The tests' clock: fixed, never the machine's date (测试时钟).

Every test that compares dates uses this clock's day, and the services under test are
built with it. It starts just after 16:00 UTC, when China's day is already the next one
(the hour a machine-date test breaks at), and runs on from there. Set
``JIANGUAN_TEST_CLOCK_START`` (ISO 8601 with offset) to run the suite at another instant.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta

from shared.clock import ShiftedClock, china_day

DEFAULT_START = datetime(2026, 11, 24, 16, 5, tzinfo=UTC)  # China: 2026-11-25 00:05
START = datetime.fromisoformat(os.environ["JIANGUAN_TEST_CLOCK_START"]) \
    if os.environ.get("JIANGUAN_TEST_CLOCK_START") else DEFAULT_START
TODAY: date = china_day(START)


def service_clock(start: datetime = START) -> ShiftedClock:
    """A fresh service clock starting at ``start`` (the suite's instant by default)."""
    return ShiftedClock(start)


def days_ago(days: int) -> date:
    """China's day ``days`` before the tests' today (negative: after it)."""
    return TODAY - timedelta(days=days)
