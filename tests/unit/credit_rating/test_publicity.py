"""Publicity windows (公示期限): the regime switches on 2026-04-01 by decision date."""

from __future__ import annotations

from datetime import date

from services.credit_rating.domain.publicity import PublicityWindow, publicity_window
from services.credit_rating.domain.records import Severity
from services.credit_rating.domain.rules import CreditRules

BEFORE, FROM = date(2026, 3, 31), date(2026, 4, 1)


def test_serious_record_on_both_sides_of_the_switch(rules: CreditRules) -> None:
    assert publicity_window(Severity.SERIOUS, BEFORE, rules) == PublicityWindow(
        True, date(2026, 9, 30), date(2029, 3, 31), "NDRC-2019-527"
    )
    assert publicity_window(Severity.SERIOUS, FROM, rules) == PublicityWindow(
        True, date(2027, 4, 1), date(2029, 4, 1), "NDRC-36"
    )


def test_general_record_keeps_three_months_to_one_year(rules: CreditRules) -> None:
    assert publicity_window(Severity.GENERAL, BEFORE, rules) == PublicityWindow(
        True, date(2026, 6, 30), date(2027, 3, 31), "NDRC-2019-527"
    )
    assert publicity_window(Severity.GENERAL, FROM, rules) == PublicityWindow(
        True, date(2026, 7, 1), date(2027, 4, 1), "NDRC-36"
    )


def test_minor_record_is_not_published_and_at_most_three_months_from_2026(
    rules: CreditRules,
) -> None:
    assert publicity_window(Severity.MINOR, BEFORE, rules) == PublicityWindow(
        False, None, None, "NDRC-2019-527"
    )
    assert publicity_window(Severity.MINOR, FROM, rules) == PublicityWindow(
        False, FROM, date(2026, 7, 1), "NDRC-36"
    )


def test_month_end_decision_ends_on_the_last_day_of_a_shorter_month(rules: CreditRules) -> None:
    window = publicity_window(Severity.GENERAL, date(2026, 11, 30), rules)
    assert window.minimum_end == date(2027, 2, 28)
