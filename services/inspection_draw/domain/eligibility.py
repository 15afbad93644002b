"""Who may be drawn for a task (抽查对象资格): the grade rules (IN-3) and full coverage (IN-5).

A key-area task lists every object in scope. Otherwise objects whose grade has
multiplier 0 (A: 非请勿扰) are excluded for ordinary matters, and B/C objects already
randomly inspected this calendar year are excluded; each exclusion carries its reason.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from services.inspection_draw.domain.commitment import DrawParameters
from services.inspection_draw.domain.prepared import PreparedRoster
from services.inspection_draw.domain.rule_models import DrawRuleFile


class Exclusion(NamedTuple):
    """An object left out of the draw and why."""

    uscc: str
    reason: str


@dataclass(frozen=True, eq=False)
class Eligibility:
    """Who of a prepared roster may be drawn for a task: ``mask`` (canonical order),
    per stratum the eligible positions inside its slice (None: all of them), and the
    exclusions sorted by USCC."""

    mask: np.ndarray
    members: tuple[np.ndarray | None, ...]
    excluded: tuple[Exclusion, ...]

    def population(self, prepared: PreparedRoster, stratum: int) -> int:
        local = self.members[stratum]
        rows = prepared.rows(stratum)
        return rows.stop - rows.start if local is None else len(local)


def eligibility(
    prepared: PreparedRoster, parameters: DrawParameters, rules: DrawRuleFile
) -> Eligibility:
    """Apply the grade rules (IN-3) or full coverage (IN-5) to a prepared roster."""
    full_coverage = parameters.key_area and rules.key_area_full_coverage
    reasons = {} if full_coverage else _grade_reasons(parameters.year, rules)
    mask = np.ones(len(prepared), dtype=bool)
    members: list[np.ndarray | None] = []
    out_rows: list[np.ndarray] = []
    out_reasons: list[str] = []
    for s, stratum in enumerate(prepared.strata):
        never, once = reasons.get(stratum.grade, (None, None))
        rows = prepared.rows(s)
        local: np.ndarray | None = None
        out = None
        if never is not None:
            local = np.empty(0, dtype=np.intp)
            out, reason = prepared.order[rows], never
        elif once is not None and prepared.grouped_inspected[rows].any():
            flags = prepared.grouped_inspected[rows]
            local = np.flatnonzero(~flags)
            out, reason = prepared.order[rows][flags], once
        members.append(local)
        if out is not None and len(out):
            mask[out] = False
            out_rows.append(out)
            out_reasons.extend([reason] * len(out))
    excluded: tuple[Exclusion, ...] = ()
    if out_rows:
        rows_all = np.concatenate(out_rows)
        usccs = prepared.usccs
        excluded = tuple(Exclusion(usccs[rows_all[i]], out_reasons[i])
                         for i in np.argsort(rows_all, kind="stable").tolist())
    mask.setflags(write=False)
    return Eligibility(mask, tuple(members), excluded)


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


def no_eligible_message(excluded: Sequence[Exclusion]) -> str:
    if not excluded:
        return "no eligible object: the roster is empty"
    reasons = Counter(reason for _, reason in excluded)
    listed = "; ".join(f"{count} × {reason}" for reason, count in reasons.most_common())
    return f"no eligible object: all {len(excluded)} objects in scope are excluded ({listed})"
