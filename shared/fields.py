"""Bounded input fields (输入边界): what a request may carry, checked at the edge.

A caller can send anything; nothing it sends may become a 500. Dates are ISO strings in a
plausible range (never an integer: ``0`` is not a day), flags are JSON booleans (``0`` is
not ``false``), counts are bounded integers. Use these types in request schemas and query
parameters; a value outside gets a 422 naming the field and the range.

Rules that depend on today (a decision not after today, a report not before the entity
was established) are checked by the handler against the service clock.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, StrictBool

EARLIEST_DAY = date(1949, 10, 1)  # no decision of the suite's authorities is older
LATEST_DAY = date(2099, 12, 31)  # a window or a deadline this far ahead is a typo
MAX_COUNT = 10_000_000  # sizes, counts and pages: far above any real roster


def _iso_day(value: Any) -> Any:
    """Only an ISO 8601 date string (or a date) is a day; an integer or a bool is not."""
    if isinstance(value, date) or (isinstance(value, str) and len(value) == 10):
        return value
    if isinstance(value, str):
        raise ValueError(f"{value[:40]!r} is not a date: write it as YYYY-MM-DD")
    raise ValueError(f"{value!r:.40} ({type(value).__name__}) is not a date: write it as a "
                     "string YYYY-MM-DD")


def _in_range(day: date) -> date:
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise ValueError(f"{day.isoformat()} is outside the plausible range "
                         f"{EARLIEST_DAY.isoformat()} … {LATEST_DAY.isoformat()}")
    return day


Day = Annotated[date, BeforeValidator(_iso_day), AfterValidator(_in_range),
                Field(description="a day, YYYY-MM-DD, between 1949-10-01 and 2099-12-31",
                      examples=["2026-11-20"])]
"""A day a caller sends: ISO string, 1949-10-01 … 2099-12-31."""

Flag = StrictBool
"""A JSON boolean; ``0``, ``1`` and ``"yes"`` are refused."""


def count(*, ge: int = 0, le: int = MAX_COUNT, description: str = "") -> Any:
    """A bounded integer field: ``size: Annotated[int, count(ge=1)]``."""
    return Field(ge=ge, le=le, strict=True, description=description or None)


# In a query string every value is text: there use ``Query(ge=…, le=…)``, not these.
Count = Annotated[int, Field(ge=0, le=MAX_COUNT, strict=True)]
"""A non-negative integer up to ten million (``true`` and ``"3"`` are refused)."""
PositiveCount = Annotated[int, Field(ge=1, le=MAX_COUNT, strict=True)]
"""A positive integer up to ten million."""
