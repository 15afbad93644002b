"""Working days (工作日) under the Chinese public-holiday and 调休 calendar.

Deadlines in the rules ("accept within 7 WD") count working days: weekdays that are not
public holidays, plus the weekend days that the State Council makes working days (调休).
The calendar comes from the ``chinese_calendar`` package. For a year it does not cover yet
(the State Council publishes each year's arrangement late in the year before), the
operator's ``<reference dir>/calendar/<year>.yaml`` (``shared.calendar_data``) is read;
without one the count falls back to Monday-Friday without the statutory holidays that
《全国年节及纪念日放假办法》 (2024 revision, in force from 2025) fixes: 元旦 1 January, 春节
除夕 to 正月初三, 清明, 劳动节 1-2 May, 端午, 中秋 and 国庆 1-3 October. Only the
arrangement's 调休 and 补休 days are missing then, and one warning is logged for that
year. ``shared.calendar_data.check_calendar`` says at start which years are uncovered.
"""

from __future__ import annotations

import logging
import os
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path

import chinese_calendar
from lunardate import LunarDate

from shared.clock import CHINA_TIME

logger = logging.getLogger(__name__)

_DAY = timedelta(days=1)
_REPO = Path(__file__).resolve().parents[1]
PACKAGE_VERSION: str = getattr(chinese_calendar, "__version__", "?")
_calendar_directory = Path(os.environ.get(
    "JIANGUAN_REFERENCE_DIR", _REPO / "deploy" / "reference")) / "calendar"
_warned: set[tuple[Path, int]] = set()  # (directory, year) a missing year was logged for


def first_warning(year: int) -> bool:
    """True the first time a missing ``year`` of the current calendar directory is
    reported in this process: the operator is told once, not by every service and
    every table built."""
    seen = (_calendar_directory, year)
    if seen in _warned:
        return False
    _warned.add(seen)
    return True


def use_calendar_directory(directory: Path) -> None:
    """Read supplied years from ``directory`` from now on (forgetting the years read)."""
    global _calendar_directory
    _calendar_directory = Path(directory)
    _year_table.cache_clear()


def calendar_directory() -> Path:
    """Where supplied years (``<year>.yaml``) are read from."""
    return _calendar_directory


def package_covers(year: int) -> bool:
    """True if the installed ``chinese_calendar`` knows ``year``'s arrangement."""
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def is_workday(d: date) -> bool:
    """True if ``d`` is a working day (a 调休 Saturday is; a holiday Monday is not)."""
    d = _as_date(d)
    return _year_table(d.year)[d.timetuple().tm_yday - 1]


def add_workdays(start: date, n: int) -> date:
    """The date ``n`` working days after ``start``; ``start`` itself does not count.

    ``n == 0`` returns ``start`` unchanged, even when it is a holiday.
    """
    if n < 0:
        raise ValueError(f"n must be 0 or more working days, got {n}")
    current = _as_date(start)
    while n:
        current += _DAY
        if is_workday(current):
            n -= 1
    return current


def workdays_between(start: date, end: date) -> int:
    """How many working days fall in (start, end]; 0 when ``end`` is not after ``start``."""
    first, last = _as_date(start) + _DAY, _as_date(end)
    if last < first:
        return 0
    count = 0
    for year in range(first.year, last.year + 1):
        low = first if year == first.year else date(year, 1, 1)
        high = last if year == last.year else date(year, 12, 31)
        table = _year_table(year)
        count += sum(table[low.timetuple().tm_yday - 1 : high.timetuple().tm_yday])
    return count


def deadline(start: date | datetime, n: int) -> date:
    """The last day of an ``n``-working-day time limit that starts on ``start``.

    A timezone-aware datetime is read in China time first, so an event at 20:00 UTC on
    a Friday starts its count on the Saturday.
    """
    return add_workdays(_as_date(start), n)


def _as_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(CHINA_TIME)
        return value.date()
    return value


@cache
def _year_table(year: int) -> tuple[bool, ...]:
    """One flag per day of ``year``: is it a working day."""
    days = [date(year, 1, 1) + timedelta(days=i) for i in range(366)]
    days = [d for d in days if d.year == year]
    try:
        return tuple(chinese_calendar.is_workday(d) for d in days)
    except NotImplementedError:
        pass
    supplied = _supplied_table(year)
    if supplied is not None:
        return supplied
    if first_warning(year):
        logger.warning(
            "chinese_calendar %s has no holiday data for %d and %s is not there; counting "
            "Monday-Friday without the statutory holidays for that year, so its 调休 and "
            "补休 days are missing (supply that file from the State Council's %d holiday "
            "arrangement, or upgrade chinese_calendar)",
            PACKAGE_VERSION, year, _calendar_directory / f"{year}.yaml", year)
    holidays = statutory_holidays(year)
    return tuple(d.weekday() < 5 and d not in holidays for d in days)


def _supplied_table(year: int) -> tuple[bool, ...] | None:
    """The operator's ``<year>.yaml``, if there is one. A service checks the files at
    start (``calendar_data.check_calendar``); one that did not and meets a bad file logs
    the problem and counts with the statutory holidays rather than fail a request."""
    from shared.calendar_data import load_calendar_year  # it imports this module
    from shared.reference.files import ReferenceDataError

    path = _calendar_directory / f"{year}.yaml"
    if not path.is_file():
        return None
    try:
        return load_calendar_year(path).table()
    except ReferenceDataError as exc:
        logger.error("%s; not used", exc)
        return None


def statutory_holidays(year: int) -> frozenset[date]:
    """The days off 《全国年节及纪念日放假办法》 (from 2025) gives everyone in ``year``, on
    their own dates (before any 调休 or 补休 the yearly arrangement adds)."""
    def lunar(month: int, day: int) -> date:
        return LunarDate(year, month, day).to_solar_date()

    new_year = lunar(1, 1)
    [(qingming, _)] = [term for term in chinese_calendar.get_solar_terms(
        date(year, 4, 1), date(year, 4, 30)) if term[1] == "清明"]
    return frozenset({
        date(year, 1, 1),
        *(new_year + timedelta(days=n) for n in range(-1, 3)),  # 除夕 to 正月初三
        qingming, date(year, 5, 1), date(year, 5, 2), lunar(5, 5), lunar(8, 15),
        date(year, 10, 1), date(year, 10, 2), date(year, 10, 3)})
