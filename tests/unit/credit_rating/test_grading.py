"""Grading (信用分级分类, CR-3): records → score → A/B/C/D, explained factor by factor."""

from __future__ import annotations

from datetime import date

from services.credit_rating.domain.grading import Grade, grade_entity
from services.credit_rating.domain.records import RecordKind, RecordStatus, Severity
from services.credit_rating.domain.rules import CreditRules
from tests.unit.credit_rating.factories import AS_OF, entity, positive, record

GENERAL, SERIOUS = Severity.GENERAL, Severity.SERIOUS


def test_no_records_is_a_with_full_score(rules: CreditRules) -> None:
    result = grade_entity(entity(), [], rules, AS_OF)
    assert (result.grade, result.label, result.score) == (Grade.A, "诚信守法", 100)
    assert result.rule_version == rules.version
    assert result.factors == ()
    assert result.no_penalty_3y is True


def test_one_minor_record_is_b(rules: CreditRules) -> None:
    result = grade_entity(entity(), [record("r1")], rules, AS_OF)
    assert (result.grade, result.label) == (Grade.B, "轻微失信")
    assert 75 <= result.score < 90
    assert result.factors[0].record_ids == ("r1",)
    assert result.factors[0].points == -5
    assert result.factors[0].dimension == "public"


def test_one_general_record_is_c(rules: CreditRules) -> None:
    result = grade_entity(entity(), [record("r1", GENERAL)], rules, AS_OF)
    assert (result.grade, result.label) == (Grade.C, "一般失信")
    assert 60 <= result.score < 75


def test_serious_record_is_d_and_its_factor_names_the_record(rules: CreditRules) -> None:
    records = [record("r1"), record("r2", SERIOUS, kind=RecordKind.INSPECTION_RESULT)]
    result = grade_entity(entity(), records, rules, AS_OF)
    assert (result.grade, result.label) == (Grade.D, "严重失信")
    assert result.score < 60
    deduction = next(f for f in result.factors if f.record_ids == ("r2",))
    assert (deduction.dimension, deduction.points) == ("industry", -30)
    assert "抽查检查结果(严重)" in deduction.explanation
    hard_rule = next(f for f in result.factors if f.dimension == "overall")
    assert hard_rule.record_ids == ("r2",)
    assert "等级至多 D" in hard_rule.explanation


def test_blacklisted_entity_is_d_without_any_record(rules: CreditRules) -> None:
    result = grade_entity(entity(blacklisted=True), [], rules, AS_OF)
    assert result.grade == Grade.D and result.score == 59
    assert "严重失信主体名单" in result.factors[0].explanation


def test_awards_raise_the_score_up_to_the_cap(rules: CreditRules) -> None:
    one = grade_entity(entity(), [positive("a1")], rules, AS_OF)
    assert (one.grade, one.score) == (Grade.A, 102)  # public 105 weighs 40%
    awards = [positive(f"a{i}", decided_on=date(2026, 1, i)) for i in range(1, 4)]
    capped = grade_entity(entity(), awards, rules, AS_OF)
    assert dict(capped.dimension_scores)["public"] == 100 + rules.grading.bonus_cap
    assert [f.points for f in capped.factors] == [5, 5, 0]
    assert "bonus cap reached" in capped.factors[-1].explanation


def test_awards_never_lift_a_grade_past_its_hard_rule_ceiling(rules: CreditRules) -> None:
    awards = [positive("a1"), positive("k1", RecordKind.KEPT_COMMITMENT)]
    result = grade_entity(entity(), [record("r1"), *awards], rules, AS_OF)
    assert result.grade == Grade.B
    assert result.score == rules.band(Grade.A).min_score - 1


def test_old_awards_no_longer_count(rules: CreditRules) -> None:
    result = grade_entity(entity(), [positive("a1", decided_on=date(2023, 5, 1))], rules, AS_OF)
    assert result.score == 100 and result.factors == ()


def test_expired_repaired_and_removed_records_do_not_count(rules: CreditRules) -> None:
    records = [
        record("r1", SERIOUS, status=RecordStatus.EXPIRED),
        record("r2", GENERAL, status=RecordStatus.REPAIRED),
        record("r3", SERIOUS, status=RecordStatus.REMOVED),
    ]
    result = grade_entity(entity(), records, rules, AS_OF)
    assert (result.grade, result.score, result.factors) == (Grade.A, 100, ())


def test_record_past_its_publicity_end_no_longer_counts(rules: CreditRules) -> None:
    decided = record("r1", GENERAL, date(2026, 4, 1))  # published until 2027-04-01 at most
    assert grade_entity(entity(), [decided], rules, date(2027, 3, 31)).grade == Grade.C
    assert grade_entity(entity(), [decided], rules, date(2027, 4, 1)).grade == Grade.A
    ended_early = record("r2", GENERAL, date(2026, 4, 1), publicity_end=date(2026, 7, 1))
    assert grade_entity(entity(), [ended_early], rules, date(2026, 7, 1)).grade == Grade.A


def test_record_under_objection_counts_as_recorded_with_a_note(rules: CreditRules) -> None:
    disputed = record("r1", GENERAL, status=RecordStatus.UNDER_OBJECTION)
    result = grade_entity(entity(), [disputed], rules, AS_OF)
    assert result.grade == Grade.C
    assert "异议处理中" in result.factors[0].explanation


def test_records_decided_after_the_grading_day_are_ignored(rules: CreditRules) -> None:
    later = record("r1", SERIOUS, date(2026, 7, 1))
    assert grade_entity(entity(), [later], rules, AS_OF).grade == Grade.A


def test_many_general_records_push_the_score_itself_to_d(rules: CreditRules) -> None:
    penalties = [record(f"p{i}", GENERAL, date(2026, 5, i)) for i in range(1, 8)]
    findings = [
        record(f"i{i}", GENERAL, date(2026, 5, i), kind=RecordKind.INSPECTION_RESULT)
        for i in range(1, 5)
    ]
    result = grade_entity(entity(), [*penalties, *findings], rules, AS_OF)
    assert dict(result.dimension_scores)["public"] == 0  # never below zero
    assert (result.grade, result.score) == (Grade.D, 46)
    assert not any(f.dimension == "overall" for f in result.factors)


def test_no_penalty_for_three_years_flag(rules: CreditRules) -> None:
    penalty_inside = record("p1", decided_on=date(2023, 6, 2), status=RecordStatus.EXPIRED)
    penalty_before = record("p2", decided_on=date(2023, 6, 1), status=RecordStatus.EXPIRED)
    exempted = record("p3", violation_code="MF-003", status=RecordStatus.EXEMPTED)
    assert not grade_entity(entity(), [penalty_inside], rules, AS_OF).no_penalty_3y
    assert grade_entity(entity(), [penalty_before, exempted], rules, AS_OF).no_penalty_3y
    young = entity(established_on=date(2024, 1, 1))
    assert not grade_entity(young, [], rules, AS_OF).no_penalty_3y
