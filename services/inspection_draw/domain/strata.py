"""Strata (抽查分层) and how many objects each one gives (抽查数量).

A stratum is (grade, risk, no_penalty_3y), so each stratum has one exact ratio:
``ratio_s = min(max_ratio_g, base × multiplier_g × multiplier_r × (reduction if no penalty
for 3 years))`` with ``base`` the task's ratio or the rules' base ratio;
``n_s = floor(N_s × ratio_s + 1/2)`` (round half up), all in exact fractions.
A task that asks for a total ``size`` instead gets it apportioned over the strata in
proportion to ``N_s × ratio_s`` (largest remainder, ties by stratum order, none over N_s).
Then the minimum overall ratio: if ``Σ n_s < ceil(minimum_overall_ratio × Σ N_s)`` the
shortfall is apportioned the same way over the room left in each stratum (strata whose
weight is 0, e.g. A, get none). Every object of stratum s is drawn with probability n_s/N_s.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Protocol

from services.inspection_draw.domain.rule_models import DrawRuleFile


class _Stratifiable(Protocol):
    @property
    def grade(self) -> str | None: ...
    @property
    def risk(self) -> str | None: ...
    @property
    def no_penalty_3y(self) -> bool: ...


class UnknownRiskLevel(ValueError):
    """An object's risk level is not in the rules' risk table."""


@dataclass(frozen=True, order=True)
class Stratum:
    """One stratum: credit grade ("ungraded" if none), risk level ("" if none) and whether
    the object had no penalty for three years."""

    grade: str
    risk: str
    no_penalty_3y: bool

    @classmethod
    def of(cls, entry: _Stratifiable) -> Stratum:
        """The stratum of a roster entry."""
        return cls(entry.grade or "ungraded", entry.risk or "", entry.no_penalty_3y)

    @property
    def label(self) -> str:
        risk = self.risk or "no-risk-level"
        return f"{self.grade}/{risk}/{'no-penalty-3y' if self.no_penalty_3y else 'penalised'}"


def stratum_ratio(stratum: Stratum, rules: DrawRuleFile, base: Fraction) -> Fraction:
    """The exact sampling ratio of a stratum, capped by its grade's ``max_ratio``."""
    grade = rules.grade(stratum.grade)
    risk = rules.risk_multiplier(stratum.risk or None)
    if risk is None:
        raise UnknownRiskLevel(f"risk level {stratum.risk!r} is not in the draw rules")
    ratio = base * Fraction(grade.multiplier) * risk
    if stratum.no_penalty_3y:
        ratio *= Fraction(rules.sampling.no_penalty_reduction)
    return min(ratio, Fraction(grade.max_ratio))


def sample_sizes(
    populations: Mapping[Stratum, int],
    rules: DrawRuleFile,
    *,
    ratio: str | None = None,
    size: int | None = None,
) -> dict[Stratum, int]:
    """n_s for every stratum (see the module docstring)."""
    base = Fraction(ratio) if ratio is not None else Fraction(rules.sampling.base_ratio)
    ratios = {s: stratum_ratio(s, rules, base) for s in populations}
    weights = {s: populations[s] * ratios[s] for s in populations}
    if size is not None:
        sizes = apportion(min(size, sum(populations.values())), weights, dict(populations))
    else:
        sizes = {s: min(populations[s], math.floor(weights[s] + Fraction(1, 2))) for s in ratios}
    minimum = math.ceil(Fraction(rules.sampling.minimum_overall_ratio) * sum(populations.values()))
    shortfall = minimum - sum(sizes.values())
    if shortfall > 0:
        room = {s: populations[s] - sizes[s] for s in populations}
        extra = apportion(shortfall, weights, room)
        sizes = {s: sizes[s] + extra[s] for s in sizes}
    return sizes


def apportion(
    total: int, weights: Mapping[Stratum, Fraction], capacity: Mapping[Stratum, int]
) -> dict[Stratum, int]:
    """Share ``total`` in proportion to ``weights`` by largest remainder, never giving a
    stratum more than its ``capacity``; strata of weight 0 get nothing."""
    given = dict.fromkeys(weights, 0)
    open_strata = sorted(s for s in weights if weights[s] > 0 and capacity[s] > 0)
    remaining = total
    while remaining > 0 and open_strata:
        weight_sum = sum(weights[s] for s in open_strata)
        quotas = {s: remaining * weights[s] / weight_sum for s in open_strata}
        full = [s for s in open_strata if quotas[s] >= capacity[s] - given[s]]
        if full:
            for s in full:
                remaining -= capacity[s] - given[s]
                given[s] = capacity[s]
            open_strata = [s for s in open_strata if s not in full]
            continue
        floors = {s: math.floor(quotas[s]) for s in open_strata}
        for s in open_strata:
            given[s] += floors[s]
        remaining -= sum(floors.values())
        by_remainder = sorted(open_strata, key=lambda s: (-(quotas[s] - floors[s]), s))
        for s in by_remainder[:remaining]:
            given[s] += 1
        remaining = 0
    return given
