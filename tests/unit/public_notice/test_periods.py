"""Publicity periods from the rule data: SAMR art. 13 for market regulators' penalties,
the NDRC regimes switching on 2026-04-01 for credit notices and other departments'
penalties, and the publishing and take-down deadlines in working days."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from services.public_notice.domain.periods import (
    PenaltyFacts,
    add_months,
    credit_period,
    kind_period,
    penalty_period,
)
from services.public_notice.domain.rules import load_notice_rules
from services.public_notice.domain.timing import publish_due, takedown_due
from shared.uscc import generate_many

RULES = load_notice_rules()
FIRM = "91370200084700548K"  # an organisation
SHOP = generate_many(1, seed=1, category="2")[0]  # a 个体工商户 (92…)
PUBLISHED = date(2026, 11, 25)


def samr(uscc: str = FIRM, **facts: object) -> tuple[str, date | None]:
    base = {"uscc": uscc, "department": "SCJG", "severity": "general",
            "decided_on": date(2026, 11, 20)}
    period = penalty_period(PenaltyFacts(**{**base, **facts}), PUBLISHED, RULES)  # type: ignore[arg-type]
    return period.rule, period.ends_on


def test_public_criticism_and_a_small_fine_are_public_for_three_months() -> None:
    assert samr(penalty_kind="public_criticism") == ("SAMR-13-SHORT", date(2027, 2, 25))
    assert samr(penalty_kind="fine", fine_yuan=Decimal("99999")) == ("SAMR-13-SHORT",
                                                                     date(2027, 2, 25))


def test_a_large_fine_a_warning_and_other_penalties_are_public_for_three_years() -> None:
    three_years = ("SAMR-13-OTHER", date(2029, 11, 25))
    assert samr(penalty_kind="fine", fine_yuan=Decimal("100000")) == three_years
    assert samr(penalty_kind="warning") == three_years  # art. 13 names only 通报批评
    assert samr(penalty_kind="confiscation") == three_years
    assert samr(penalty_kind="fine") == three_years  # an amount not known is not small


def test_a_general_penalty_with_a_large_fine_is_not_published_for_only_a_year() -> None:
    rule, ends_on = samr(severity="general", fine_yuan=Decimal("200000"))  # kind not sent
    assert (rule, ends_on) == ("SAMR-13-OTHER", date(2029, 11, 25))


def test_an_individual_business_has_the_lower_small_fine() -> None:
    assert samr(SHOP, penalty_kind="fine", fine_yuan=Decimal("9000"))[0] == "SAMR-13-SHORT"
    assert samr(SHOP, penalty_kind="fine", fine_yuan=Decimal("10000"))[0] == "SAMR-13-OTHER"
    assert samr(FIRM, penalty_kind="fine", fine_yuan=Decimal("10000"))[0] == "SAMR-13-SHORT"


def test_a_ban_longer_than_three_years_is_public_as_long_as_the_ban() -> None:
    assert samr(penalty_kind="business_restriction", ban_until=date(2031, 6, 30)) == (
        "SAMR-13-BAN", date(2031, 7, 1))
    assert samr(penalty_kind="practice_restriction", ban_until=date(2028, 6, 30)) == (
        "SAMR-13-OTHER", date(2029, 11, 25))


@pytest.mark.parametrize(("severity", "fine", "rule"), [
    ("minor", None, "SAMR-13-SHORT"), ("general", None, "SAMR-13-OTHER"),
    ("serious", None, "SAMR-13-OTHER"), ("minor", "500", "SAMR-13-SHORT"),
    ("serious", "500", "SAMR-13-OTHER")])
def test_without_a_penalty_kind_the_fine_then_the_severity_decides(
        severity: str, fine: str | None, rule: str) -> None:
    assert samr(severity=severity, fine_yuan=Decimal(fine) if fine else None)[0] == rule


def test_other_departments_penalties_follow_the_credit_regime_of_the_decision_day() -> None:
    facts = PenaltyFacts(FIRM, "STHJ", "general", date(2026, 11, 20), "fine", Decimal("80000"))
    period = penalty_period(facts, PUBLISHED, RULES)
    assert (period.rule, period.ends_on) == ("NDRC-36-general", date(2027, 11, 20))


def test_the_credit_regimes_switch_on_1_april_2026() -> None:
    before = credit_period("serious", date(2026, 3, 31), RULES)
    after = credit_period("serious", date(2026, 4, 1), RULES)
    assert (before.rule, before.ends_on, before.repairable_from) == (
        "NDRC-2019-527-serious", date(2029, 3, 31), date(2026, 9, 30))
    assert (after.rule, after.ends_on, after.repairable_from) == (
        "NDRC-36-serious", date(2029, 4, 1), date(2027, 4, 1))
    assert not credit_period("minor", date(2026, 4, 1), RULES).published
    assert not credit_period("minor", date(2025, 4, 1), RULES).published


def test_fixed_listing_and_commitment_periods() -> None:
    assert kind_period("inspection_result", PUBLISHED, RULES).ends_on == date(2029, 11, 25)
    assert kind_period("blacklist", PUBLISHED, RULES).ends_on is None
    assert kind_period("commitment", PUBLISHED, RULES, date(2027, 5, 31)).ends_on == \
        date(2027, 6, 1)


def test_deadlines_count_working_days() -> None:
    # Friday 2026-09-25: 7 WD later runs past 国庆 (1-8 October 2026 with 调休)
    assert publish_due("administrative_penalty", date(2026, 9, 25), RULES) > date(2026, 10, 8)
    assert publish_due("inspection_result", date(2026, 11, 20), RULES) == date(2026, 12, 18)
    assert takedown_due(date(2026, 11, 20), RULES) == date(2026, 11, 27)


def test_months_end_on_the_last_day_a_month_has() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 2, 29), 12) == date(2029, 2, 28)


@pytest.mark.parametrize(("start", "months", "expected"), [
    (date(2026, 1, 31), 1, date(2026, 2, 28)), (date(2028, 1, 31), 1, date(2028, 2, 29)),
    (date(2026, 3, 31), 6, date(2026, 9, 30)), (date(2026, 8, 29), 6, date(2027, 2, 28)),
    (date(2026, 5, 28), 9, date(2027, 2, 28)), (date(2026, 12, 31), 12, date(2027, 12, 31)),
    (date(2026, 11, 30), 3, date(2027, 2, 28)),
])
def test_a_day_the_month_lacks_becomes_its_last_day(start, months, expected) -> None:  # type: ignore[no-untyped-def]
    assert add_months(start, months) == expected
