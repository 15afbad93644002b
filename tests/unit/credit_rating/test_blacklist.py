"""严重失信主体名单 and 联合惩戒措施 (CR-5)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from services.credit_rating.domain.blacklist import (
    ListingDecision,
    Proposal,
    assess_blacklist,
    measures_for,
)
from services.credit_rating.domain.records import RecordKind, RecordStatus, Severity
from services.credit_rating.domain.rules import CreditRules
from tests.unit.credit_rating.factories import AS_OF, record

SERIOUS = Severity.SERIOUS


def decided(*record_ids: str, confirmed: bool | None = True, on: date = date(2026, 5, 20),
            department: str = "SCJG") -> ListingDecision:
    return ListingDecision(id=f"p-{'-'.join(record_ids)}", department=department,
                           record_ids=record_ids, proposed_on=date(2026, 5, 2),
                           confirmed=confirmed, decided_on=None if confirmed is None else on)


def automatic(rules: CreditRules, **modes: str) -> CreditRules:
    listing = rules.blacklist.listing.model_copy(update=modes)
    return replace(rules, blacklist=rules.blacklist.model_copy(update={"listing": listing}))


def test_a_serious_record_proposes_the_listing_to_its_department(rules: CreditRules) -> None:
    found = assess_blacklist([record("r1", SERIOUS, department="WSJK"), record("r2")],
                             rules, AS_OF)
    assert not found.listed and found.record_ids == ()
    assert found.proposals == (Proposal("WSJK", ("r1",)),)


def test_the_departments_confirmed_decision_lists_the_entity(rules: CreditRules) -> None:
    records = [record("r1", SERIOUS), record("r2")]
    listed = assess_blacklist(records, rules, AS_OF, decisions=[decided("r1")])
    assert listed.listed and listed.record_ids == ("r1",) and listed.proposals == ()
    assert "严重失信" in listed.reason and "r1" in listed.reason and "2026-05-20" in listed.reason
    assert listed.listed_since == date(2026, 5, 20)
    before = assess_blacklist(records, rules, date(2026, 5, 19), decisions=[decided("r1")])
    assert not before.listed, "a decision lists from its day on"


def test_a_pending_or_declined_proposal_is_not_proposed_again(rules: CreditRules) -> None:
    records = [record("r1", SERIOUS), record("r2", SERIOUS, date(2026, 5, 10))]
    pending = assess_blacklist(records, rules, AS_OF, decisions=[decided("r1", confirmed=None)])
    assert not pending.listed and pending.proposals == (Proposal("SCJG", ("r2",)),)
    declined = assess_blacklist(records, rules, AS_OF,
                                decisions=[decided("r1", "r2", confirmed=False)])
    assert not declined.listed and declined.proposals == ()


def test_a_judicial_transfer_is_a_suspicion_that_proposes_whatever_its_severity(
        rules: CreditRules) -> None:
    transfer = record("t1", Severity.GENERAL, kind=RecordKind.JUDICIAL_TRANSFER)
    found = assess_blacklist([transfer], rules, AS_OF)
    assert not found.listed and found.proposals == (Proposal("SCJG", ("t1",)),)
    assert assess_blacklist([transfer], rules, AS_OF, decisions=[decided("t1")]).listed


def test_automatic_listing_is_where_the_rule_data_says(rules: CreditRules) -> None:
    at_once = automatic(rules, serious_records="automatic")
    found = assess_blacklist([record("r1", SERIOUS)], at_once, AS_OF)
    assert found.listed and found.proposals == ()
    transfer = record("t1", SERIOUS, kind=RecordKind.JUDICIAL_TRANSFER)
    assert not assess_blacklist([transfer], at_once, AS_OF).listed  # still a decision


def test_record_under_objection_still_lists(rules: CreditRules) -> None:
    disputed = record("r1", SERIOUS, status=RecordStatus.UNDER_OBJECTION)
    assert assess_blacklist([disputed], rules, AS_OF, decisions=[decided("r1")]).listed


def test_repaired_or_ended_serious_records_take_the_entity_off(rules: CreditRules) -> None:
    repaired = record("r1", SERIOUS, status=RecordStatus.REPAIRED)
    found = assess_blacklist([repaired], rules, AS_OF, decisions=[decided("r1")])
    assert not found.listed and found.proposals == ()
    ended = record("r2", SERIOUS, date(2026, 4, 1))  # published until 2029-04-01
    confirmed = [decided("r2", on=date(2026, 4, 20))]
    assert assess_blacklist([ended], rules, date(2029, 3, 31), decisions=confirmed).listed
    off = assess_blacklist([ended], rules, date(2029, 4, 1), decisions=confirmed)
    assert not off.listed and off.record_ids == ()


def test_general_records_do_not_list(rules: CreditRules) -> None:
    found = assess_blacklist([record("r1", Severity.GENERAL)], rules, AS_OF)
    assert not found.listed and found.proposals == ()


def test_the_listing_rule_is_rule_data(rules: CreditRules) -> None:
    two_needed = replace(rules, blacklist=rules.blacklist.model_copy(update={
        "min_records": 2}))
    one, two = record("r1", SERIOUS), record("r2", SERIOUS, date(2026, 6, 1))
    assert assess_blacklist([one], two_needed, AS_OF).proposals == ()  # not enough yet
    both = assess_blacklist([one, two], two_needed, AS_OF)
    assert both.proposals == (Proposal("SCJG", ("r1", "r2")),)
    assert assess_blacklist([one, two], two_needed, AS_OF,
                            decisions=[decided("r1", "r2")]).record_ids == ("r1", "r2")
    generals_too = replace(rules, blacklist=rules.blacklist.model_copy(update={
        "severities": (Severity.GENERAL, SERIOUS)}))
    assert assess_blacklist([record("r3", Severity.GENERAL)], generals_too, AS_OF).proposals


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
