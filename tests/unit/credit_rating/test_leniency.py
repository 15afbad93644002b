"""Inclusive prudent supervision (包容审慎, CR-8): 免罚清单 and the new-economy 包容期."""

from __future__ import annotations

from datetime import date

from services.credit_rating.domain.grading import Grade, grade_entity, is_first_exempt_violation
from services.credit_rating.domain.records import RecordStatus, Severity
from services.credit_rating.domain.rules import CreditRules
from tests.unit.credit_rating.factories import AS_OF, entity, record


def test_first_listed_minor_violation_costs_nothing_and_is_shown(rules: CreditRules) -> None:
    first = record("r1", violation_code="MF-003")
    assert is_first_exempt_violation(first, [], rules)
    result = grade_entity(entity(), [first], rules, AS_OF)
    assert (result.grade, result.score) == (Grade.A, 100)
    (factor,) = result.factors
    assert factor.points == 0 and factor.record_ids == ("r1",)
    assert factor.explanation.startswith("免罚清单 MF-003 首次轻微违法, 不予处罚")


def test_second_violation_of_the_same_code_is_not_exempt(rules: CreditRules) -> None:
    first = record("r1", decided_on=date(2026, 3, 1), violation_code="MF-003")
    second = record("r2", decided_on=date(2026, 5, 1), violation_code="MF-003")
    assert not is_first_exempt_violation(second, [first], rules)
    result = grade_entity(entity(), [second, first], rules, AS_OF)
    assert result.grade == Grade.B
    assert [(f.record_ids, f.points) for f in result.factors[:2]] == [(("r1",), 0), (("r2",), -5)]


def test_earlier_record_already_marked_exempted_makes_the_next_one_punishable(
    rules: CreditRules,
) -> None:
    first = record(
        "r1", decided_on=date(2026, 3, 1), violation_code="MF-003", status=RecordStatus.EXEMPTED
    )
    second = record("r2", decided_on=date(2026, 5, 1), violation_code="MF-003")
    result = grade_entity(entity(), [first, second], rules, AS_OF)
    assert result.grade == Grade.B
    assert "免罚清单" in result.factors[0].explanation


def test_other_code_and_old_or_removed_earlier_records_keep_the_exemption(
    rules: CreditRules,
) -> None:
    new = record("r9", violation_code="MF-003")
    assert is_first_exempt_violation(new, [record("r1", violation_code="MF-001")], rules)
    assert is_first_exempt_violation(
        new, [record("r2", decided_on=date(2024, 4, 30), violation_code="MF-003")], rules
    )
    removed = record(
        "r3", decided_on=date(2026, 1, 1), violation_code="MF-003", status=RecordStatus.REMOVED
    )
    assert is_first_exempt_violation(new, [removed], rules)


def test_only_minor_violations_on_the_list_are_exempt(rules: CreditRules) -> None:
    general = record("r1", Severity.GENERAL, violation_code="MF-003")
    unlisted = record("r2", violation_code="MF-999")
    assert not is_first_exempt_violation(general, [], rules)
    assert not is_first_exempt_violation(unlisted, [], rules)
    assert not is_first_exempt_violation(record("r3"), [], rules)


NEW_ECONOMY = entity(date(2025, 6, 1), new_economy=True)  # default 2 years: to 2027-06-01


def test_tolerance_period_means_guidance_not_downgrade(rules: CreditRules) -> None:
    records = [record("r1"), record("r2", Severity.GENERAL)]
    result = grade_entity(NEW_ECONOMY, records, rules, AS_OF)
    assert (result.grade, result.score) == (Grade.A, 100)
    assert all(f.points == 0 and "包容期内(至 2027-06-01)" in f.explanation for f in result.factors)


def test_serious_violation_inside_the_tolerance_period_is_still_d(rules: CreditRules) -> None:
    result = grade_entity(NEW_ECONOMY, [record("r1", Severity.SERIOUS)], rules, AS_OF)
    assert result.grade == Grade.D


def test_tolerance_ends_on_its_date_and_needs_the_new_economy_flag(rules: CreditRules) -> None:
    short = entity(date(2025, 6, 1), new_economy=True, tolerance_until=date(2026, 4, 30))
    assert grade_entity(short, [record("r1")], rules, AS_OF).grade == Grade.B
    plain = entity(date(2025, 6, 1))
    assert grade_entity(plain, [record("r1")], rules, AS_OF).grade == Grade.B
