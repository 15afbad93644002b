"""The complaint rule set (投诉举报处理规则): the shipped file loads with its sources; a broken
copy is refused with the file, the line and the problem in the message."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from services.complaint_intake.domain.rules import (
    DEFAULT_PATH,
    ComplaintRules,
    ReferenceDataError,
    load_complaint_rules,
)


def test_shipped_rules_carry_the_legal_numbers_and_their_sources(rules: ComplaintRules) -> None:
    assert rules.version == "2026.2"
    assert rules.deadlines.accept.working_days == 7
    assert "第十四条" in rules.deadlines.accept.basis
    decide = rules.deadlines.decide_case
    assert (decide.working_days, decide.extension_working_days, decide.max_extensions) == (
        15,
        15,
        1,
    )
    assert rules.deadlines.mediation.working_days == 45
    assert rules.deadlines.mediation.counted_from == "accepted"
    assert [(level.percent, level.floor_yuan) for level in rules.rewards.levels] == [
        (Decimal(5), Decimal(5000)),
        (Decimal(3), Decimal(3000)),
        (Decimal(1), Decimal(1000)),
    ]
    assert rules.rewards.cap_yuan == Decimal(1_000_000)
    assert "国市监稽规〔2021〕4号" in rules.rewards.basis
    assert rules.receipts.digits == 16


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "complaint_rules.yaml"
    shutil.copy(DEFAULT_PATH, target)
    return target


def edit(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` and return the line it was on."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def refusal(path: Path) -> str:
    with pytest.raises(ReferenceDataError) as caught:
        load_complaint_rules(path)
    return str(caught.value)


def test_misspelled_key_names_file_line_and_path(copy: Path) -> None:
    line = edit(copy, "  window_days: 30", "  window_day: 30")
    assert refusal(copy) == (
        f"{copy}:{line}: duplicates.window_day: unexpected key; remove it or check its spelling"
        " (expected window_days)"
    )


def test_bad_reward_percent_names_the_level_entry(copy: Path) -> None:
    line = edit(copy, '{level: 2, percent: "3"', '{level: 2, percent: "-3"')
    message = refusal(copy)
    assert message.startswith(f'{copy}:{line}: entry 2 (level "2"): rewards.levels[2].percent: ')
    assert "greater than 0" in message


def test_extension_days_without_a_count_is_refused(copy: Path) -> None:
    edit(copy, "    max_extensions: 1\n", "")
    assert "extension_working_days and max_extensions go together" in refusal(copy)


def test_missing_file_is_named(tmp_path: Path) -> None:
    assert refusal(tmp_path / "nope.yaml") == f"{tmp_path / 'nope.yaml'}: file not found"


def test_shipped_rules_carry_the_case_decision_and_intake_numbers(rules: ComplaintRules) -> None:
    case = rules.deadlines.case_decision
    assert (case.days, case.extension_days, case.max_extensions, case.approved_by) == (
        90, 30, 1, "head")
    assert case.counted_from == "case_opened" and "第六十四条" in case.basis
    assert rules.intake.received_on.max_days_before == 30
    assert rules.intake.triage.department == "ZWFW"


def test_a_triage_office_missing_from_the_departments_names_file_and_line(copy: Path) -> None:
    line = edit(copy, "    department: ZWFW", "    department: RX12345")
    with pytest.raises(ReferenceDataError) as caught:
        load_complaint_rules(copy, departments={"SCJG", "ZWFW"})
    assert str(caught.value).startswith(f"{copy}:{line}: intake.triage.department: ")
    assert "'RX12345' is not in departments.yaml" in str(caught.value)
