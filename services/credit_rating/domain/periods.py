"""Periods counted in calendar months (自然月), as the publicity and list rules count them."""

from __future__ import annotations

import calendar
from datetime import date
from functools import lru_cache


@lru_cache(maxsize=4096)  # a re-grade asks the same few days over and over (8 per record)
def add_months(start: date, months: int) -> date:
    """The same day ``months`` calendar months after ``start`` (negative: before).

    A day that the target month lacks becomes its last day: 2026-01-31 + 1 month is
    2026-02-28.
    """
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last))


def add_years(start: date, years: int) -> date:
    """The same day ``years`` later; 29 February becomes 28 February in a common year."""
    return add_months(start, 12 * years)
