"""A record as it stood on a past day, for the credit report (信用报告, CR-12)."""

from __future__ import annotations

from datetime import date

from services.credit_rating.domain.history import (
    StatusChange,
    in_publicity,
    published_then,
    record_as_of,
)
from services.credit_rating.domain.records import RecordStatus, Severity
from services.credit_rating.domain.rules import CreditRules
from tests.unit.credit_rating.factories import record

DECIDED = date(2026, 5, 1)  # NDRC-36: general published 3 to 12 months


def test_a_repaired_record_was_active_and_published_until_its_repair(
        rules: CreditRules) -> None:
    repaired = record("r1", Severity.GENERAL, DECIDED, status=RecordStatus.REPAIRED,
                      publicity_end=date(2026, 9, 1))
    changes = [StatusChange("r1", date(2026, 9, 1), RecordStatus.REPAIRED, 1)]

    before = record_as_of(repaired, changes, rules, date(2026, 8, 31))
    after = record_as_of(repaired, changes, rules, date(2026, 9, 1))

    assert (before.status, before.publicity_end) == (RecordStatus.ACTIVE, date(2027, 5, 1))
    assert in_publicity(before, True, date(2026, 8, 31))
    assert after.status is RecordStatus.REPAIRED
    assert not in_publicity(after, True, date(2026, 9, 1))


def test_an_objection_filed_and_decided_on_one_day_ends_in_the_decision(
        rules: CreditRules) -> None:
    removed = record("r1", Severity.GENERAL, DECIDED, status=RecordStatus.REMOVED)
    day = date(2026, 6, 10)
    changes = [StatusChange("r1", day, RecordStatus.REMOVED, 1),
               StatusChange("r1", day, RecordStatus.UNDER_OBJECTION, 0),
               StatusChange("other", date(2026, 5, 2), RecordStatus.REPAIRED, 1)]

    assert record_as_of(removed, changes, rules, day).status is RecordStatus.REMOVED
    then = record_as_of(removed, changes, rules, date(2026, 6, 9))
    assert then.status is RecordStatus.ACTIVE
    assert published_then(removed, then, False, rules)


def test_a_record_past_its_publicity_reads_as_expired(rules: CreditRules) -> None:
    general = record("r1", Severity.GENERAL, DECIDED, publicity_end=date(2027, 5, 1))
    assert record_as_of(general, [], rules, date(2027, 4, 30)).status is RecordStatus.ACTIVE
    expired = record_as_of(general, [], rules, date(2027, 5, 1))
    assert expired.status is RecordStatus.EXPIRED
    assert not in_publicity(expired, True, date(2027, 5, 1))


def test_exempted_and_positive_records_stay_as_they_are(rules: CreditRules) -> None:
    exempted = record("r1", status=RecordStatus.EXEMPTED, violation_code="MF-001")
    changes = [StatusChange("r1", DECIDED, RecordStatus.UNDER_OBJECTION)]
    assert record_as_of(exempted, changes, rules, date(2026, 6, 1)) == exempted
