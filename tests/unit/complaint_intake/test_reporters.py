"""A reporter's standing for the rate limiter (CP-5): malicious repeaters are restricted
for a while, profit-driven patterns go to review, everyone else is fine."""

from __future__ import annotations

from datetime import date, timedelta

from services.complaint_intake.domain.reporters import Standing, reporter_standing
from services.complaint_intake.domain.rules import ComplaintRules

TODAY = date(2026, 6, 1)


def test_three_malicious_closures_in_a_year_restrict_for_180_days(rules: ComplaintRules) -> None:
    closures = [date(2026, 1, 5), date(2026, 3, 1), date(2026, 5, 20)]
    standing = reporter_standing(closures, [], TODAY, rules)
    assert standing.standing is Standing.RESTRICTED
    assert standing.until == date(2026, 5, 20) + timedelta(days=180)
    assert "closed as malicious" in standing.reason
    assert reporter_standing(closures, [], standing.until, rules).standing is Standing.OK


def test_malicious_closures_spread_over_more_than_a_year_do_not(rules: ComplaintRules) -> None:
    closures = [date(2024, 1, 5), date(2025, 3, 1), date(2026, 5, 20)]
    assert reporter_standing(closures, [], TODAY, rules).standing is Standing.OK
    assert reporter_standing(closures[1:], [], TODAY, rules).standing is Standing.OK


def test_many_filings_against_many_entities_go_to_review(rules: ComplaintRules) -> None:
    filings = [(TODAY - timedelta(days=i), f"entity-{i % 12}") for i in range(20)]
    standing = reporter_standing([], filings, TODAY, rules)
    assert standing.standing is Standing.REVIEW
    assert standing.reason == "20 filings against 12 entities in the last 90 days"


def test_many_filings_against_one_entity_are_not_profit_driven(rules: ComplaintRules) -> None:
    filings = [(TODAY - timedelta(days=i), "the-same-shop") for i in range(30)]
    assert reporter_standing([], filings, TODAY, rules).standing is Standing.OK
