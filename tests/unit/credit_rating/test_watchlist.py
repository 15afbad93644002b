"""失信积累关注机制 (CR-7): reminder after 3 in 12 months, watchlist after one more."""

from __future__ import annotations

from datetime import date

from services.credit_rating.domain.records import RecordStatus, Severity
from services.credit_rating.domain.rules import CreditRules
from services.credit_rating.domain.watchlist import assess_watch
from tests.unit.credit_rating.factories import record

AS_OF = date(2026, 6, 1)
THREE = [
    record("v1", decided_on=date(2025, 7, 1)),
    record("v2", Severity.GENERAL, date(2026, 1, 15)),
    record("v3", decided_on=date(2026, 5, 20), status=RecordStatus.EXPIRED),
]


def test_three_violations_in_twelve_months_make_a_reminder_due(rules: CreditRules) -> None:
    decision = assess_watch(THREE, None, rules, AS_OF)
    assert decision.reminder_due and not decision.watchlisted
    assert decision.counted_record_ids == ("v1", "v2", "v3")
    assert "提醒约谈" in decision.reason


def test_two_violations_are_not_enough(rules: CreditRules) -> None:
    assert not assess_watch(THREE[1:], None, rules, AS_OF).reminder_due


def test_violations_outside_the_window_serious_exempt_or_repaired_do_not_count(
    rules: CreditRules,
) -> None:
    others = [
        record("old", decided_on=date(2025, 6, 1)),
        record("s", Severity.SERIOUS, date(2026, 2, 1)),
        record("x", decided_on=date(2026, 3, 1), status=RecordStatus.EXEMPTED),
        record("r", decided_on=date(2026, 3, 2), status=RecordStatus.REPAIRED),
    ]
    decision = assess_watch([*THREE[1:], *others], None, rules, AS_OF)
    assert not decision.reminder_due
    assert decision.counted_record_ids == ("v2", "v3")


def test_another_violation_after_the_reminder_puts_the_entity_on_the_watchlist(
    rules: CreditRules,
) -> None:
    fourth = record("v4", decided_on=date(2026, 7, 1))
    decision = assess_watch([*THREE, fourth], date(2026, 6, 2), rules, date(2026, 7, 2))
    assert decision.watchlisted and not decision.reminder_due
    assert decision.counted_record_ids == ("v4",)
    assert "重点关注企业名单" in decision.reason


def test_after_a_reminder_without_new_violations_nothing_more_is_due(rules: CreditRules) -> None:
    decision = assess_watch(THREE, date(2026, 6, 2), rules, date(2026, 7, 2))
    assert not decision.reminder_due and not decision.watchlisted


def test_watchlisting_lasts_listing_months_after_the_last_violation(rules: CreditRules) -> None:
    fourth = record("v4", decided_on=date(2026, 7, 1))
    records = [*THREE, fourth]
    assert assess_watch(records, date(2026, 6, 2), rules, date(2027, 6, 30)).watchlisted
    assert not assess_watch(records, date(2026, 6, 2), rules, date(2027, 7, 1)).watchlisted
