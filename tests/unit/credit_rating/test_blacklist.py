"""严重失信主体名单 and 联合惩戒措施 (CR-5)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from services.credit_rating.domain.blacklist import assess_blacklist, measures_for
from services.credit_rating.domain.records import RecordStatus, Severity
from services.credit_rating.domain.rules import CreditRules
from tests.unit.credit_rating.factories import AS_OF, record

SERIOUS = Severity.SERIOUS


def test_active_serious_record_within_publicity_lists_the_entity(rules: CreditRules) -> None:
    decision = assess_blacklist([record("r1", SERIOUS), record("r2")], rules, AS_OF)
    assert decision.listed and decision.record_ids == ("r1",)
    assert "严重失信" in decision.reason and "r1" in decision.reason


def test_record_under_objection_still_lists(rules: CreditRules) -> None:
    disputed = record("r1", SERIOUS, status=RecordStatus.UNDER_OBJECTION)
    assert assess_blacklist([disputed], rules, AS_OF).listed


def test_repaired_or_ended_serious_records_take_the_entity_off(rules: CreditRules) -> None:
    repaired = record("r1", SERIOUS, status=RecordStatus.REPAIRED)
    assert not assess_blacklist([repaired], rules, AS_OF).listed
    ended = record("r2", SERIOUS, date(2026, 4, 1))  # published until 2029-04-01
    assert assess_blacklist([ended], rules, date(2029, 3, 31)).listed
    off = assess_blacklist([ended], rules, date(2029, 4, 1))
    assert not off.listed and off.record_ids == ()


def test_general_records_do_not_list(rules: CreditRules) -> None:
    assert not assess_blacklist([record("r1", Severity.GENERAL)], rules, AS_OF).listed


def test_the_listing_rule_is_rule_data(rules: CreditRules) -> None:
    two_needed = replace(rules, blacklist=rules.blacklist.model_copy(update={
        "min_records": 2}))
    one, two = record("r1", SERIOUS), record("r2", SERIOUS, date(2026, 6, 1))
    assert not assess_blacklist([one], two_needed, AS_OF).listed
    assert assess_blacklist([one, two], two_needed, AS_OF).record_ids == ("r1", "r2")
    generals_too = replace(rules, blacklist=rules.blacklist.model_copy(update={
        "severities": (Severity.GENERAL, SERIOUS)}))
    assert assess_blacklist([record("r3", Severity.GENERAL)], generals_too, AS_OF).listed


def test_three_years_on_the_abnormal_list_list_the_entity(rules: CreditRules) -> None:
    since = date(2023, 6, 1)
    assert not assess_blacklist([], rules, date(2026, 5, 31), abnormal_since=since).listed
    listed = assess_blacklist([], rules, date(2026, 6, 1), abnormal_since=since)
    assert listed.listed and "经营异常名录" in listed.reason and listed.record_ids == ()


def codes(measures) -> list[str]:
    return [measure.code for measure in measures]


def test_measures_follow_department_and_matter(rules: CreditRules) -> None:
    assert codes(measures_for("SCJG", "SCJG-001", rules)) == [
        "LHCJ-03", "LHCJ-04", "LHCJ-05", "LHCJ-06"
    ]  # fmt: skip
    assert "LHCJ-06" not in codes(measures_for("SCJG", "SCJG-013", rules))  # pricing
    assert "LHCJ-06" in codes(measures_for("SCJG", "food_safety", rules))
    assert codes(measures_for("YJGL", "YJGL-003", rules)) == ["LHCJ-07"]
    assert codes(measures_for("SF", None, rules)) == []


def test_measures_for_persons_keep_only_those_that_extend_to_them(rules: CreditRules) -> None:
    assert codes(measures_for("SCJG", None, rules, persons=True)) == [
        "LHCJ-03", "LHCJ-05", "LHCJ-06"
    ]  # fmt: skip
    assert measures_for("XZSP", None, rules, persons=True) == []
