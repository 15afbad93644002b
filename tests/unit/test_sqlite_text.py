"""``shared.sqlite_text``: the cheap bind processors give SQLite exactly the text
SQLAlchemy's own would, and refuse what SQLAlchemy refuses."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import JSON, Date, Integer, String
from sqlalchemy.dialects import sqlite

from shared.sqlite_text import cheap_processor
from shared.utc_datetime import UTCDateTime

DIALECT = sqlite.dialect()
BEIJING = timezone(timedelta(hours=8))


def _both(column_type):  # type: ignore[no-untyped-def]
    own = column_type.dialect_impl(DIALECT).bind_processor(DIALECT)
    cheap = cheap_processor(column_type, DIALECT)
    assert cheap is not own, "a cheaper processor is expected for this type"
    return own, cheap


@pytest.mark.parametrize("value", [
    date(2026, 12, 7), date(1, 1, 1), date(9999, 12, 31), None,
    datetime(2026, 12, 7, 23, 59, 59),  # a moment given for a day keeps its day
])
def test_a_day_is_stored_as_sqlalchemy_stores_it(value) -> None:  # type: ignore[no-untyped-def]
    own, cheap = _both(Date())
    assert cheap(value) == own(value)


@pytest.mark.parametrize("value", [
    datetime(2026, 12, 7, 1, 2, 3, 456789, tzinfo=UTC),
    datetime(2026, 12, 7, 1, 2, 3, tzinfo=UTC),  # no microseconds: still six digits
    datetime(2026, 12, 8, 0, 30, tzinfo=BEIJING),  # another zone: stored in UTC
    datetime(1, 1, 1, tzinfo=UTC), None,
])
def test_a_moment_is_stored_as_sqlalchemy_stores_it(value) -> None:  # type: ignore[no-untyped-def]
    own, cheap = _both(UTCDateTime())
    assert cheap(value) == own(value)


@pytest.mark.parametrize("value", [{}, {"a": [1, "甲"]}, [], None, "text"])
def test_json_is_stored_as_sqlalchemy_stores_it(value) -> None:  # type: ignore[no-untyped-def]
    own, cheap = _both(JSON())
    assert cheap(value) == own(value)


def test_what_sqlalchemy_refuses_is_still_refused() -> None:
    day, moment = cheap_processor(Date(), DIALECT), cheap_processor(UTCDateTime(), DIALECT)
    with pytest.raises(TypeError):
        day("2026-12-07")
    with pytest.raises(ValueError, match="offset"):
        moment(datetime(2026, 12, 7, 1, 2, 3))


def test_other_types_keep_their_own_processor() -> None:
    assert cheap_processor(String(10), DIALECT) is None
    assert cheap_processor(Integer(), DIALECT) is None
