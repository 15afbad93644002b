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


DAY_PATTERN = r"^(1949|19[5-9][0-9]|20[0-9][0-9])-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
Day = Annotated[date, BeforeValidator(_iso_day), AfterValidator(_in_range),
                Field(description="a day, YYYY-MM-DD, between 1949-10-01 and 2099-12-31",
                      examples=["2026-11-20"], json_schema_extra={"pattern": DAY_PATTERN})]
"""A day a caller sends: ISO string, 1949-10-01 … 2099-12-31."""

Flag = StrictBool
"""A JSON boolean; ``0``, ``1`` and ``"yes"`` are refused."""


def _whole_number(value: Any) -> Any:
    """A JSON number without a fraction (``3`` or ``3.0``, as JSON Schema's ``integer``);
    a string or a boolean is refused, not converted."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is a boolean, not a number")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    raise ValueError(f"{value!r:.40} is not a whole number")


def count(*, ge: int = 0, le: int = MAX_COUNT, description: str = "") -> Any:
    """A bounded whole-number body field: ``size: Annotated[int, count(ge=1)]`` or
    ``level: int = count(ge=1, le=3)``."""
    field = Field(ge=ge, le=le, description=description or None)
    field.metadata.append(BeforeValidator(_whole_number))
    return field


# In a query string every value is text: there use ``Query(ge=…, le=…)``, not these.
Count = Annotated[int, count()]
"""A non-negative whole number up to ten million (``true`` and ``"3"`` are refused)."""
PositiveCount = Annotated[int, count(ge=1)]
"""A positive whole number up to ten million."""

# C0 controls but tab, line feed and carriage return; DEL; C1 controls (a NUL is also
# what PostgreSQL cannot store in text)
NO_CONTROL = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"
ONE_LINE = r"^[^\x00-\x1f\x7f-\x9f]*$"


_LINE_BREAKS = frozenset("\t\n\r")


def _plain_text(lines: bool) -> Any:
    def check(value: str) -> str:
        for position, char in enumerate(value, start=1):
            code = ord(char)
            if (code < 0x20 or 0x7F <= code <= 0x9F) and not (lines and char in _LINE_BREAKS):
                raise ValueError(f"character {position} is the control character U+{code:04X}; "
                                 "remove it" + ("" if lines else " (this is one line of text)"))
            if 0xD800 <= code <= 0xDFFF:
                raise ValueError(f"character {position} is a lone surrogate, not text")
        return value

    return AfterValidator(check)


def text(max_length: int, *, min_length: int = 1, lines: bool = True,
         description: str = "") -> Any:
    """A bounded text field without control characters (tabs and line breaks only where
    ``lines``): ``reason: Annotated[str, text(2000)]``. The schema carries the rule as a
    pattern; the check says which character to remove."""
    field = Field(min_length=min_length, max_length=max_length, description=description or None,
                  json_schema_extra={"pattern": NO_CONTROL if lines else ONE_LINE})
    field.metadata.append(_plain_text(lines))
    return field
