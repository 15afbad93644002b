"""The service clock (时钟): "now", and "today" as China's day (Asia/Shanghai).

Every rule and deadline counts in China's days: between 16:00 and 24:00 UTC it is already
the next day there. Nothing in a service reads the machine's date; it asks its
:class:`Clock`, which the composition root builds (``bootstrap.build``) and tests set.

- :class:`SystemClock`: the real time (production).
- :class:`ShiftedClock`: time that runs from a chosen instant (tests, drills, and
  ``JIANGUAN_CLOCK_START``); it keeps moving, so stamps taken in order stay in order.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Protocol

CHINA_TIME = timezone(timedelta(hours=8), "CST")  # Asia/Shanghai: no daylight saving since 1991


class Clock(Protocol):
    """What a service asks for the time."""

    def now(self) -> datetime:
        """The current instant, aware, in UTC."""
        ...

    def today(self) -> date:
        """Today in China (the day rules and deadlines count in)."""
        ...


def china_day(at: datetime) -> date:
    """The day ``at`` falls on in China; a naive ``at`` is UTC (SQLite reads it so)."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(CHINA_TIME).date()


def china_time(at: datetime) -> datetime:
    """``at`` shown in China's time (UTC+8)."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(CHINA_TIME)


class SystemClock:
    """The machine's real time."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return china_day(self.now())

    def __repr__(self) -> str:
        return "SystemClock()"


class ShiftedClock:
    """Time that started at ``start`` when the clock was made and runs at the real rate.

    ``advance`` moves it on (a test that waits three working days does not sleep them).
    """

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("the clock's start needs a time zone, e.g. 2026-11-24T16:05:00Z")
        self._start = start.astimezone(UTC)
        self._origin = time.monotonic()
        self._offset = timedelta()

    def now(self) -> datetime:
        return self._start + self._offset + timedelta(seconds=time.monotonic() - self._origin)

    def today(self) -> date:
        return china_day(self.now())

    def advance(self, by: timedelta) -> None:
        if by < timedelta():
            raise ValueError("a clock does not run backwards")
        self._offset += by

    def __repr__(self) -> str:
        return f"ShiftedClock(now={self.now().isoformat()})"


def clock_from(start: datetime | None) -> Clock:
    """The real clock, or one shifted to ``start`` (settings: ``JIANGUAN_CLOCK_START``)."""
    return SystemClock() if start is None else ShiftedClock(start)
