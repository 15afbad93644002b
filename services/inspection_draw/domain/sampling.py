"""The object draw (随机抽取检查对象): deterministic from the seed, independent of row order.

Per object, ``u = int.from_bytes(HMAC-SHA256(key=seed, msg=UTF-8(uscc))[:8], "big") / 2**64``,
a uniform in [0, 1). Inside each ``Stratum`` the ``n_s`` objects with the smallest u are
drawn (equal keys, which practically never happen, are broken by USCC), so every object of
the stratum is drawn with probability exactly n_s/N_s, published with the list.
A key-area task (重点领域全覆盖, IN-5) lists every object in scope. Otherwise objects whose
grade has multiplier 0 (A: 非请勿扰) and B/C objects already randomly inspected this calendar
year are excluded, each with its reason.
"""

from __future__ import annotations

import hashlib
import heapq
import hmac
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

from services.inspection_draw.domain.commitment import DrawCommitment, DrawParameters, seed
from services.inspection_draw.domain.roster import RosterEntry, roster_hash
from services.inspection_draw.domain.rule_models import DrawRuleFile
from services.inspection_draw.domain.strata import Stratum, UnknownRiskLevel, sample_sizes

ALGORITHM_VERSION = "jianguan-draw/1"
"""Names this module's algorithm; a commitment and the rules must name the same one."""


class DrawError(ValueError):
    """A draw that cannot be made as committed; the message says why."""


class NoEligibleObject(DrawError):
    """Every object in scope is excluded (e.g. all A-grade for an ordinary matter)."""


class Exclusion(NamedTuple):
    """An object left out of the draw and why."""

    uscc: str
    reason: str


@dataclass(frozen=True)
class StratumOutcome:
    """A stratum as published: population N, sample size n and probability n/N."""

    key: Stratum
    population: int
    sample_size: int
    probability: Fraction


@dataclass(frozen=True)
class DrawResult:
    """抽查结果: the drawn USCCs (sorted), the strata, the exclusions and the seed used."""

    selected: tuple[str, ...]
    strata: tuple[StratumOutcome, ...]
    excluded: tuple[Exclusion, ...]
    seed_hex: str


def entity_uniform(seed_bytes: bytes, uscc: str) -> float:
    """The reference definition of u for one object (slow; for explaining and testing)."""
    digest = hmac.digest(seed_bytes, uscc.encode("utf-8"), "sha256")
    return int.from_bytes(digest[:8], "big") / 2**64


def entity_keys(seed_bytes: bytes, usccs: Sequence[str]) -> list[int]:
    """The 64-bit integers u × 2**64 of many objects, fast: HMAC (RFC 2104) with the inner
    and outer SHA-256 states keyed once and copied per object. Equal to ``entity_uniform``."""
    if len(seed_bytes) > 64:
        raise DrawError("seed longer than one SHA-256 block")
    block = seed_bytes.ljust(64, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in block)).copy
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in block)).copy
    from_bytes = int.from_bytes
    keys = []
    append = keys.append
    for uscc in usccs:
        h = inner()
        h.update(uscc.encode())
        o = outer()
        o.update(h.digest())
        append(from_bytes(o.digest()[:8], "big"))
    return keys


def smallest_keys(seed_bytes: bytes, usccs: Sequence[str], k: int) -> list[str]:
    """The ``k`` objects with the smallest keys (ties by USCC), in key order."""
    if k <= 0:
        return []
    if k >= len(usccs):
        return sorted(usccs)
    keys = entity_keys(seed_bytes, usccs)
    picked = heapq.nsmallest(k + 1, range(len(keys)), key=keys.__getitem__)
    if keys[picked[k]] == keys[picked[k - 1]]:  # a tie on the boundary: settle it by USCC
        return [uscc for _, uscc in sorted(zip(keys, usccs, strict=True))[:k]]
    return [usccs[i] for i in picked[:k]]


def draw(
    roster: Iterable[RosterEntry],
    commitment: DrawCommitment,
    nonce: str,
    beacon_value: str | None,
    rules: DrawRuleFile,
) -> DrawResult:
    """The committed draw: checks the roster hash, versions and nonce, then samples."""
    entries = tuple(roster)
    if roster_hash(entries) != commitment.roster_hash:
        raise DrawError("the roster does not hash to the committed roster hash")
    if commitment.rule_version != rules.version:
        raise DrawError(
            f"the commitment names rules {commitment.rule_version}, these are {rules.version}"
        )
    for name, version in (("commitment", commitment.algorithm_version),
                          ("rules", rules.algorithm_version)):
        if version != ALGORITHM_VERSION:
            raise DrawError(f"the {name} names algorithm {version}; this is {ALGORITHM_VERSION}")
    return draw_from_seed(entries, commitment.parameters, seed(commitment, nonce, beacon_value),
                          rules)


def draw_from_seed(
    entries: Iterable[RosterEntry],
    parameters: DrawParameters,
    seed_bytes: bytes,
    rules: DrawRuleFile,
) -> DrawResult:
    """The sampling core: eligibility, strata, sizes and per-stratum top-k keys."""
    full_coverage = parameters.key_area and rules.key_area_full_coverage
    reasons = {} if full_coverage else _grade_reasons(parameters.year, rules)
    groups: dict[tuple[str, str, bool], list[str]] = {}
    excluded: list[Exclusion] = []
    for entry in entries:
        grade = entry.grade or "ungraded"
        if grade in reasons:
            never, once = reasons[grade]
            reason = never or (once if entry.inspected_this_year else None)
            if reason is not None:
                excluded.append(Exclusion(entry.uscc, reason))
                continue
        key = (grade, entry.risk or "", entry.no_penalty_3y)
        members = groups.get(key)
        if members is None:
            members = groups[key] = []
        members.append(entry.uscc)
    if not groups:
        raise NoEligibleObject(_no_eligible_message(excluded))
    for grade, risk, _ in groups:
        if risk and rules.risk_multiplier(risk) is None:
            uscc = groups[(grade, risk, _)][0]
            raise UnknownRiskLevel(f"{uscc}: risk level {risk!r} is not in rules {rules.version}")
    populations = {Stratum(*key): len(usccs) for key, usccs in groups.items()}
    if full_coverage:
        sizes = dict(populations)
    else:
        sizes = sample_sizes(populations, rules, ratio=parameters.ratio, size=parameters.size)
    selected: list[str] = []
    outcomes = []
    for stratum in sorted(populations):
        usccs = groups[(stratum.grade, stratum.risk, stratum.no_penalty_3y)]
        size, population = sizes[stratum], populations[stratum]
        selected.extend(smallest_keys(seed_bytes, usccs, size))
        outcomes.append(StratumOutcome(stratum, population, size, Fraction(size, population)))
    return DrawResult(
        selected=tuple(sorted(selected)),
        strata=tuple(outcomes),
        excluded=tuple(sorted(excluded)),
        seed_hex=seed_bytes.hex(),
    )


def _grade_reasons(year: int, rules: DrawRuleFile) -> dict[str, tuple[str | None, str | None]]:
    """Per grade that excludes anyone: (reason to exclude everyone, reason to exclude those
    already inspected this year)."""
    reasons: dict[str, tuple[str | None, str | None]] = {}
    for rule in rules.grades:
        never = once = None
        if rule.multiplier == 0:
            never = (f"grade {rule.grade}: multiplier 0 in draw rules {rules.version} "
                     "(非请勿扰), not drawn for ordinary matters")
        if rule.at_most_once_a_year:
            once = (f"grade {rule.grade}: already randomly inspected in {year}; "
                    "at most once a calendar year across all departments")
        if never or once:
            reasons[rule.grade] = (never, once)
    return reasons


def _no_eligible_message(excluded: list[Exclusion]) -> str:
    if not excluded:
        return "no eligible object: the roster is empty"
    reasons = Counter(reason for _, reason in excluded)
    listed = "; ".join(f"{count} × {reason}" for reason, count in reasons.most_common())
    return f"no eligible object: all {len(excluded)} objects in scope are excluded ({listed})"
