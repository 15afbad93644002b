"""A year's holiday arrangement supplied as reference data (节假日安排, 调休):
``<reference dir>/calendar/<year>.yaml``.

The State Council publishes each year's arrangement (国务院办公厅关于 N 年部分节假日安排的
通知) late in the year before, and the ``chinese_calendar`` package learns it only in a
later release. Until the installed package knows a year, an operator writes the notice
down here; ``shared.workdays`` reads it before falling back to the statutory holidays
alone. The file::

    version: "2027.1"
    effective_from: 2026-11-10          # the notice's date
    source: 国务院办公厅关于2027年部分节假日安排的通知 (国办发明电〔2026〕N号)
    year: 2027
    days_off:                           # 放假 (statutory and 调休 days off), inclusive
      - {name: 元旦, from: 2027-01-01, to: 2027-01-03}
    working_weekends: [2027-02-07]      # Saturdays and Sundays made working days (上班)

A bad file stops the start (``check_calendar``) with the file, the line and the problem.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from shared.reference.files import ReferenceDataError
from shared.reference.rule_document import RuleDocument, load_rule_document

logger = logging.getLogger(__name__)
_YEAR_FILE = re.compile(r"^(\d{4})\.yaml$")
Text = Annotated[str, Field(min_length=1)]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True,
                              populate_by_name=True)


class DaysOff(_Model):
    """One holiday of the notice: its name and its days off, both ends included."""

    name: Text
    first: date = Field(alias="from")
    last: date = Field(alias="to")


class CalendarYear(_Model):
    """The whole of ``calendar/<year>.yaml``."""

    version: Text
    effective_from: date
    source: Text
    year: Annotated[int, Field(ge=2000, le=2099)]
    days_off: tuple[DaysOff, ...] = Field(min_length=1)
    working_weekends: tuple[date, ...] = ()

    def off_days(self) -> frozenset[date]:
        return frozenset(holiday.first + timedelta(days=n) for holiday in self.days_off
                         for n in range((holiday.last - holiday.first).days + 1))

    def table(self) -> tuple[bool, ...]:
        """One flag per day of the year: is it a working day (``shared.workdays``)."""
        off, working = self.off_days(), frozenset(self.working_weekends)
        start, days = date(self.year, 1, 1), []
        while start.year == self.year:
            days.append(start in working or (start.weekday() < 5 and start not in off))
            start += timedelta(days=1)
        return tuple(days)


def load_calendar_year(path: Path) -> CalendarYear:
    """Read and check ``path``; ``ReferenceDataError`` names the file, line and problem."""
    path = Path(path)
    named = _YEAR_FILE.match(path.name)
    if named is None:
        raise ReferenceDataError(path, "name the file after its year, e.g. 2027.yaml")
    document = load_rule_document(path, CalendarYear, ("name",))
    _check(document, int(named.group(1)))
    return document.model


def _check(document: RuleDocument[CalendarYear], named_year: int) -> None:
    from shared.workdays import statutory_holidays  # workdays imports this module lazily

    model, at = document.model, document.problem_at
    if model.year != named_year:
        raise at(("year",), f"the file is named {named_year}.yaml but says year "
                 f"{model.year}; rename the file or correct the year")
    off: dict[date, int] = {}
    for index, holiday in enumerate(model.days_off):
        if holiday.last < holiday.first:
            raise at(("days_off", index, "to"), f"{holiday.last} is before from "
                     f"({holiday.first}); swap them")
        for end, key in ((holiday.first, "from"), (holiday.last, "to")):
            if end.year != model.year:
                raise at(("days_off", index, key), f"{end} is not in {model.year}; a "
                         "holiday reaching into the next year goes in that year's file")
        for n in range((holiday.last - holiday.first).days + 1):
            day = holiday.first + timedelta(days=n)
            if day in off:
                raise at(("days_off", index), f"{day} is already a day off of entry "
                         f"{off[day] + 1}; list each day once")
            off[day] = index
    for index, day in enumerate(model.working_weekends):
        if day.year != model.year:
            raise at(("working_weekends", index), f"{day} is not in {model.year}")
        if day.weekday() < 5:
            raise at(("working_weekends", index), f"{day} is a {day:%A}: only a Saturday "
                     "or a Sunday is made a working day (调休上班)")
        if day in off:
            raise at(("working_weekends", index), f"{day} is also a day off (entry "
                     f"{off[day] + 1}); a day is either off or worked")
    missing = sorted(statutory_holidays(model.year) - off.keys())
    if missing:
        raise at(("days_off",), f"{', '.join(map(str, missing))}: statutory holiday(s) "
                 "of 《全国年节及纪念日放假办法》 missing from days_off; every arrangement "
                 "gives them off")


def supplied_years(directory: Path) -> dict[int, CalendarYear]:
    """Every ``<year>.yaml`` under ``directory`` (none if it does not exist), checked."""
    directory = Path(directory)
    if not directory.is_dir():
        return {}
    years: dict[int, CalendarYear] = {}
    for path in sorted(directory.glob("*.yaml")):
        supplied = load_calendar_year(path)
        years[supplied.year] = supplied
    return years


@dataclass(frozen=True)
class CalendarCheck:
    """What ``check_calendar`` found: where each year's days come from, and warnings."""

    sources: dict[int, str]
    warnings: tuple[str, ...]


def check_calendar(directory: Path, today: date) -> CalendarCheck:
    """At start: check every supplied year file (a bad one raises), count with
    ``directory`` from now on, and warn for this year and the next when neither the
    installed ``chinese_calendar`` nor a supplied file covers them."""
    from shared import workdays

    supplied = supplied_years(directory)
    workdays.use_calendar_directory(directory)
    sources, warnings, missing = {}, [], []
    for year in (today.year, today.year + 1):
        if workdays.package_covers(year):
            sources[year] = f"chinese_calendar {workdays.PACKAGE_VERSION}"
        elif year in supplied:
            sources[year] = str(Path(directory) / f"{year}.yaml")
        else:
            sources[year] = "statutory holidays only"
            missing.append(year)
            warnings.append(
                f"chinese_calendar {workdays.PACKAGE_VERSION} has no holiday data for "
                f"{year} and {Path(directory) / f'{year}.yaml'} is not there: working days "
                f"in {year} count Monday-Friday without the statutory holidays, missing "
                f"the 调休 days; supply that file from the State Council's {year} "
                "arrangement (see deploy/reference/calendar/README.md) or upgrade "
                "chinese_calendar")
    for year in sorted(supplied):
        if workdays.package_covers(year):
            warnings.append(f"{Path(directory) / f'{year}.yaml'} is not used: the installed "
                            f"chinese_calendar {workdays.PACKAGE_VERSION} covers {year}")
    for year, warning in zip(missing, warnings, strict=False):
        if workdays.first_warning(year):  # once per process, not once per service
            logger.warning("%s", warning)
    for warning in warnings[len(missing):]:
        logger.warning("%s", warning)
    return CalendarCheck(sources, tuple(warnings))
