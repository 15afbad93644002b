"""Credit repair and objections (信用修复 / 异议申诉, CR-9): when, and by when."""

from __future__ import annotations

from datetime import date

from services.credit_rating.domain.records import RecordStatus, Severity
from services.credit_rating.domain.repair import decision_due, objection_due, repair_eligibility
from services.credit_rating.domain.rules import CreditRules
from tests.unit.credit_rating.factories import record


def test_repair_asked_too_early_gives_the_earliest_date(rules: CreditRules) -> None:
    general = record("r1", Severity.GENERAL, date(2026, 4, 10))
    early = repair_eligibility(general, date(2026, 5, 1), rules)
    assert not early.eligible and early.earliest == date(2026, 7, 10)
    assert "2026-07-10" in early.reason
    assert repair_eligibility(general, date(2026, 7, 10), rules).eligible


def test_minimum_publicity_follows_the_regime_of_the_decision(rules: CreditRules) -> None:
    old = repair_eligibility(
        record("r1", Severity.SERIOUS, date(2026, 3, 31)), date(2026, 4, 1), rules
    )
    new = repair_eligibility(
        record("r2", Severity.SERIOUS, date(2026, 4, 1)), date(2026, 4, 2), rules
    )
    assert (old.earliest, new.earliest) == (date(2026, 9, 30), date(2027, 4, 1))


def test_minor_record_is_eligible_at_once(rules: CreditRules) -> None:
    minor = record("r1", Severity.MINOR, date(2026, 5, 1))
    assert repair_eligibility(minor, date(2026, 5, 1), rules).eligible


def test_only_active_records_can_be_repaired(rules: CreditRules) -> None:
    repaired = record("r1", Severity.GENERAL, date(2025, 1, 1), status=RecordStatus.REPAIRED)
    decision = repair_eligibility(repaired, date(2026, 6, 1), rules)
    assert not decision.eligible and decision.earliest is None


def test_decision_deadlines_skip_the_2026_national_day_holiday(rules: CreditRules) -> None:
    # 2026-10-01..07 are off; Saturday 2026-10-10 is a 调休 working day.
    assert decision_due(date(2026, 9, 28), rules) == date(2026, 10, 16)  # 10 WD
    assert objection_due(date(2026, 9, 30), rules) == date(2026, 10, 27)  # 15 WD
