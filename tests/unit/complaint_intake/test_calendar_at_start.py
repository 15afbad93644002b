"""complaint-intake says at start-up which coming year its working days cannot count
properly (the installed chinese_calendar lacks it and no calendar/<year>.yaml supplies
it), and a bad supplied year stops the start naming the file and line."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from services.complaint_intake.bootstrap import build
from services.complaint_intake.config import Settings
from shared import workdays
from shared.reference import DEFAULT_DIRECTORY, ReferenceDataError
from tests.clock import TODAY, service_clock


@pytest.fixture
def reference(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A copy of the shipped reference data; the shipped calendar directory after."""
    shipped = workdays.calendar_directory()
    copy = tmp_path / "reference"
    shutil.copytree(DEFAULT_DIRECTORY, copy)
    yield copy
    workdays.use_calendar_directory(shipped)


def settings(reference: Path) -> Settings:
    return Settings(database_url=f"sqlite+aiosqlite:///{reference.parent}/ci.db",
                    reference_dir=reference)


def test_start_up_warns_naming_the_uncovered_year_and_the_file_to_supply(
        reference: Path, caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    next_year = TODAY.year + 1  # as the installed chinese_calendar 1.11 (up to 2026) is
    monkeypatch.setattr(workdays, "package_covers", lambda year: year < next_year)
    with caplog.at_level(logging.WARNING, logger="shared.calendar_data"):
        build(settings(reference), clock=service_clock())
    [warning] = [r.getMessage() for r in caplog.records if r.name == "shared.calendar_data"]
    assert str(next_year) in warning
    assert str(reference / "calendar" / f"{next_year}.yaml") in warning


def test_a_bad_supplied_year_stops_the_start(reference: Path) -> None:
    (reference / "calendar" / "2027.yaml").write_text(
        'version: "x"\neffective_from: 2026-11-01\nsource: 测试\nyear: 2027\n'
        "days_off:\n  - {name: 元旦, from: 2027-01-01, to: 2027-01-01}\n"
        "working_weekends: [2027-01-04]\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError) as refused:
        build(settings(reference), clock=service_clock())
    assert "2027.yaml:7:" in str(refused.value) and "a Monday" in str(refused.value)
