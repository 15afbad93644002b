"""Whistleblower rewards (举报奖励, CP-4): percentage, floor, internal uplift, cap, rounding."""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.complaint_intake.domain.rewards import whistleblower_reward
from services.complaint_intake.domain.rules import ComplaintRules


def test_level_2_is_exactly_3_percent(rules: ComplaintRules) -> None:
    reward = whistleblower_reward(Decimal("200000"), 2, False, rules)
    assert reward.amount == Decimal("6000")
    assert reward.basis.startswith("level 2: 3% of fine ¥200000 = ¥6000")
    assert "国市监稽规〔2021〕4号" in reward.basis


def test_below_the_floor_gets_the_floor(rules: ComplaintRules) -> None:
    reward = whistleblower_reward(Decimal("20000"), 1, False, rules)  # 5% = 1,000
    assert reward.amount == Decimal("5000")
    assert "raised to the level 1 floor ¥5000" in reward.basis


def test_no_fine_gets_the_floor(rules: ComplaintRules) -> None:
    assert whistleblower_reward(Decimal("0"), 3, False, rules).amount == Decimal("1000")


def test_internal_whistleblower_uplift(rules: ComplaintRules) -> None:
    reward = whistleblower_reward(Decimal("200000"), 2, True, rules)
    assert reward.amount == Decimal("9000")  # 6,000 × 1.5
    assert "internal whistleblower ×1.5 = ¥9000" in reward.basis
    # The uplift applies to the floor too.
    assert whistleblower_reward(Decimal("0"), 1, True, rules).amount == Decimal("7500")


def test_above_the_cap_gets_the_cap(rules: ComplaintRules) -> None:
    reward = whistleblower_reward(Decimal("30000000"), 1, False, rules)  # 5% = 1,500,000
    assert reward.amount == Decimal("1000000")
    assert "capped at ¥1000000 per case" in reward.basis


def test_uplift_is_applied_before_the_cap(rules: ComplaintRules) -> None:
    # 5% of 16,000,000 = 800,000; ×1.5 = 1,200,000 → capped.
    assert whistleblower_reward(Decimal("16000000"), 1, True, rules).amount == Decimal("1000000")


def test_rounded_to_the_yuan_half_up(rules: ComplaintRules) -> None:
    half = whistleblower_reward(Decimal("100010"), 1, False, rules)  # 5,000.50
    assert half.amount == Decimal("5001")  # banker's rounding would give 5,000
    assert "rounded half up to ¥5001" in half.basis
    assert whistleblower_reward(Decimal("123456.50"), 2, False, rules).amount == Decimal("3704")
    assert whistleblower_reward(Decimal("123440.00"), 2, False, rules).amount == Decimal("3703")


@pytest.mark.parametrize(
    ("fine", "level", "message"),
    [
        (Decimal("-1"), 1, "0 or more yuan"),
        (Decimal("NaN"), 1, "0 or more yuan"),
        (Decimal("1000"), 4, "must be 1, 2 or 3"),
    ],
)
def test_bad_input_is_refused(
    rules: ComplaintRules, fine: Decimal, level: int, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        whistleblower_reward(fine, level, False, rules)


def test_float_fine_is_refused(rules: ComplaintRules) -> None:
    with pytest.raises(TypeError, match="Decimal"):
        whistleblower_reward(1000.0, 1, False, rules)  # type: ignore[arg-type]
