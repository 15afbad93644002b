"""Strata (抽查分层) and how many objects each one gives (抽查数量), algorithm jianguan-draw/3.

A stratum is (grade, risk, no_penalty_3y), so each stratum has one exact ratio:
``ratio_s = min(max_ratio_g, base × multiplier_g × multiplier_r × (reduction if no penalty
for 3 years))`` with ``base`` the task's ratio or the rules' base ratio. Every eligible
stratum has ``ratio_s > 0`` (a stratum whose ratio is 0 is excluded with its reason, see
``eligibility``), and gets an exact *expected size* ``x_s``:

- full coverage (a key-area task): ``x_s = N_s``;
- a ratio: ``x_s = N_s × ratio_s``;
- a requested ``size``: the goal ``min(size, ΣN)`` shared in proportion to ``N_s × ratio_s``;
- then the minimum: while ``Σx < m = ceil(minimum_overall_ratio × ΣN)`` the goal becomes m.

Sharing a goal G ("filling"): ``x_s = min(N_s, k × N_s × ratio_s)`` with the one k that makes
``Σx = G``; found exactly by capping the strata that reach N_s and sharing the rest again.

Expected sizes become whole sizes by systematic randomised rounding: with ``u`` in [0, 1)
from the seed (``rounding_uniform``) and the strata in sorted order with cumulative sums
``C_s``, ``n_s = floor(C_s + u) − floor(C_{s−1} + u)``. So ``n_s`` is ``floor(x_s)`` or
``ceil(x_s)``, ``E[n_s] = x_s`` exactly, whole expected sizes are kept, and every object of
stratum s is drawn with probability exactly ``x_s / N_s`` (published, never 0).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Protocol

from services.inspection_draw.domain.rule_models import DrawRuleFile

ROUNDING_LABEL = b"jianguan-draw/3 rounding"


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


def base_ratio(rules: DrawRuleFile, ratio: str | None) -> Fraction:
    return Fraction(ratio) if ratio is not None else Fraction(rules.sampling.base_ratio)


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


def expected_sizes(populations: Mapping[Stratum, int], rules: DrawRuleFile, *,
                   ratio: str | None = None, size: int | None = None,
                   full_coverage: bool = False) -> dict[Stratum, Fraction]:
    """x_s for every stratum (see the module docstring)."""
    if full_coverage:
        return {s: Fraction(n) for s, n in populations.items()}
    base = base_ratio(rules, ratio)
    weights = {s: populations[s] * stratum_ratio(s, rules, base) for s in populations}
    total = sum(populations.values())
    minimum = math.ceil(Fraction(rules.sampling.minimum_overall_ratio) * total)
    if size is not None:
        return fill(max(min(size, total), minimum), weights, populations)
    if sum(weights.values()) < minimum:
        return fill(minimum, weights, populations)
    return weights


def fill(goal: int, weights: Mapping[Stratum, Fraction],
         capacity: Mapping[Stratum, int]) -> dict[Stratum, Fraction]:
    """Share ``goal`` in proportion to ``weights`` (all > 0), none over its ``capacity``."""
    shares: dict[Stratum, Fraction] = {}
    open_strata = sorted(weights)
    remaining = Fraction(goal)
    while open_strata:
        factor = remaining / sum(weights[s] for s in open_strata)
        full = [s for s in open_strata if factor * weights[s] >= capacity[s]]
        if not full:
            shares.update({s: factor * weights[s] for s in open_strata})
            break
        for s in full:
            shares[s] = Fraction(capacity[s])
            remaining -= capacity[s]
        open_strata = [s for s in open_strata if s not in full]
    return {s: shares.get(s, Fraction(0)) for s in weights}


def rounding_uniform(seed_bytes: bytes) -> Fraction:
    """u = (first 8 bytes, big-endian, of SHA-256(ROUNDING_LABEL + seed)) / 2**64."""
    digest = hashlib.sha256(ROUNDING_LABEL + seed_bytes).digest()
    return Fraction(int.from_bytes(digest[:8], "big"), 2**64)


def round_systematically(expected: Mapping[Stratum, Fraction], u: Fraction) -> dict[Stratum, int]:
    """Whole sizes n_s from expected sizes x_s, strata in sorted order."""
    sizes, cumulative = {}, Fraction(0)
    for stratum in sorted(expected):
        before = math.floor(cumulative + u)
        cumulative += expected[stratum]
        sizes[stratum] = math.floor(cumulative + u) - before
    return sizes


def fraction_text(value: Fraction) -> str:
    """An exact fraction as text: "3" or "21/50"."""
    return str(value.numerator) if value.denominator == 1 else \
        f"{value.numerator}/{value.denominator}"
