"""case_rules.yaml: loaded and checked at start; a bad file names file, line and problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.case_transfer.domain.rules import DEFAULT_PATH, load_case_rules
from shared.reference import ReferenceDataError, load_reference


def broken(tmp_path: Path, old: str, new: str) -> Path:
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "case_rules.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_the_shipped_rules_load_with_a_version_and_source_on_each_section() -> None:
    rules = load_case_rules(reference=load_reference())
    sections = [rules, rules.deadlines, rules.criminal_transfer, rules.major_decisions,
                *rules.benchmarks]
    assert all(s.version and s.effective_from and s.source for s in sections)
    assert rules.deadlines.police_delivery.hours == 24
    assert [d.kind for d in rules.criminal_transfer.documents] == [
        "transfer_letter", "investigation_report", "seized_items_list", "inspection_conclusion"]


def test_a_fine_range_upside_down_names_the_line_and_benchmark(tmp_path: Path) -> None:
    path = broken(tmp_path, "fine_yuan: {min: 50000, max: 65000}",
                  "fine_yuan: {min: 65001, max: 65000}")
    with pytest.raises(ReferenceDataError) as error:
        load_case_rules(path)
    message = str(error.value)
    assert f"{path}:{line_of(path, 'min: 65001')}" in message
    assert 'code "SP-124-1"' in message and "min 65001 is above max 65000" in message


def test_an_unknown_department_is_refused(tmp_path: Path) -> None:
    path = broken(tmp_path, "administrative: SF", "administrative: SFJ")
    with pytest.raises(ReferenceDataError, match=r'department "SFJ" is not in departments\.yaml'):
        load_case_rules(path, reference=load_reference())


def test_a_deadline_in_both_units_is_refused(tmp_path: Path) -> None:
    path = broken(tmp_path, "police_delivery: {hours: 24,", "police_delivery: {hours: 24, "
                  "working_days: 1,")
    with pytest.raises(ReferenceDataError, match="exactly one of working_days and hours"):
        load_case_rules(path)


def test_a_misspelt_key_is_named(tmp_path: Path) -> None:
    path = broken(tmp_path, "  min_officers: 2", "  min_oficers: 2")
    with pytest.raises(ReferenceDataError, match="min_oficers: unexpected key"):
        load_case_rules(path)
