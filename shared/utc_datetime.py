"""A moment in time stored as UTC and read back with its offset, on both databases.

PostgreSQL keeps ``timestamp with time zone`` and returns aware datetimes. SQLite keeps
text without an offset and SQLAlchemy returns naive datetimes, which then reach a
receipt or an Open311 answer eight hours off for a reader in China (and GeoReport v2
requires an offset). :class:`UTCDateTime` stores every aware value in UTC and marks
what it reads back as UTC, so both databases answer alike. A naive value is refused on
the way in: a moment without an offset is a bug, not a guess to make.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """``DateTime(timezone=True)`` that is aware, in UTC, on every database."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if isinstance(value, datetime):
            if value.tzinfo is None:
                raise ValueError(f"a moment needs its offset: got the naive {value!r}")
            return value.astimezone(UTC)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        if isinstance(value, datetime) and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value
