"""Whistleblower rewards (举报奖励, CP-4), from ``ComplaintRules.rewards``.

The amount is the level's percentage of the fine and confiscation (罚没款), raised to the
level's floor (which is also the amount when there is no fine), multiplied by the uplift
for an internal whistleblower (内部举报人), then capped per case, and rounded to the yuan
half up. ``basis`` spells out each step so the decision can be checked and published.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from services.complaint_intake.domain.rules import ComplaintRules

_YUAN = Decimal(1)
_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Reward:
    """A computed reward (奖励金额) in whole yuan, with how it was computed."""

    amount: Decimal
    basis: str


def whistleblower_reward(
    fine_yuan: Decimal, level: int, internal: bool, rules: ComplaintRules
) -> Reward:
    """The reward for a substantiated report of ``level`` (1, 2 or 3) that led to
    ``fine_yuan`` in fines and confiscations (0 when there was none)."""
    if not isinstance(fine_yuan, Decimal):
        raise TypeError(f"fine_yuan must be a Decimal, got {type(fine_yuan).__name__}")
    if not fine_yuan.is_finite() or fine_yuan < 0:
        raise ValueError(f"fine_yuan must be 0 or more yuan, got {fine_yuan}")
    if level not in (1, 2, 3):
        raise ValueError(f"reward level must be 1, 2 or 3, got {level!r}")
    table = rules.rewards
    line = table.level(level)
    steps = [f"level {level}: {_num(line.percent)}% of fine ¥{_num(fine_yuan)}"]
    amount = fine_yuan * line.percent / _HUNDRED
    steps[0] += f" = ¥{_num(amount)}"
    if amount < line.floor_yuan:
        amount = line.floor_yuan
        steps.append(f"raised to the level {level} floor ¥{_num(line.floor_yuan)}")
    if internal:
        amount *= table.internal_uplift
        steps.append(f"internal whistleblower ×{_num(table.internal_uplift)} = ¥{_num(amount)}")
    if amount > table.cap_yuan:
        amount = table.cap_yuan
        steps.append(f"capped at ¥{_num(table.cap_yuan)} per case")
    rounded = amount.quantize(_YUAN, rounding=ROUND_HALF_UP)
    if rounded != amount:
        steps.append(f"rounded half up to ¥{rounded}")
    basis = "; ".join(steps) + f" ({table.basis}; rules {rules.version})"
    return Reward(amount=rounded, basis=basis)


def _num(value: Decimal) -> str:
    """``value`` without trailing zeros or exponent: 5.00 → 5, 1E+6 → 1000000."""
    return f"{value.normalize():f}"
