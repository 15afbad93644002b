"""Who may be drawn for a task (抽查对象资格): the grade rules (IN-3) and full coverage (IN-5).

A key-area task lists every object in scope. Otherwise the objects of a stratum whose ratio
is 0 are excluded (a grade of multiplier or max_ratio 0, e.g. A: 非请勿扰; a risk level of
multiplier 0; the 3-years reduction 0), so every object left has a probability above 0, and
B/C objects already randomly inspected this calendar year are excluded; each exclusion
carries its reason, in the words of ``never_reason`` and ``_once_reasons``.
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
    reasons = {} if full_coverage else _once_reasons(parameters.year, rules)
    mask = np.ones(len(prepared), dtype=bool)
    members: list[np.ndarray | None] = []
    out_rows: list[np.ndarray] = []
    out_reasons: list[str] = []
    for s, stratum in enumerate(prepared.strata):
        once = reasons.get(stratum.grade)
        never = None if full_coverage else never_reason(stratum.grade, stratum.risk,
                                                        stratum.no_penalty_3y, rules)
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


def never_reason(grade: str, risk: str, no_penalty_3y: bool, rules: DrawRuleFile) -> str | None:
    """Why a stratum's ratio is 0 for ordinary matters (first cause that applies), or None."""
    rule = rules.grade(grade)
    if rule.multiplier == 0:
        return (f"grade {grade}: multiplier 0 in draw rules {rules.version} "
                "(非请勿扰), not drawn for ordinary matters")
    if rule.max_ratio == 0:
        return (f"grade {grade}: max_ratio 0 in draw rules {rules.version}, not drawn for "
                "ordinary matters")
    if risk and rules.risk_multiplier(risk) == 0:
        return (f"risk level {risk}: multiplier 0 in draw rules {rules.version}, not drawn "
                "for ordinary matters")
    if no_penalty_3y and rules.sampling.no_penalty_reduction == 0:
        return (f"no administrative penalty for three years: reduction 0 in draw rules "
                f"{rules.version}, not drawn for ordinary matters")
    return None


def _once_reasons(year: int, rules: DrawRuleFile) -> dict[str, str]:
    """Per grade drawn at most once a year: the reason to exclude those already inspected."""
    return {rule.grade: (f"grade {rule.grade}: already randomly inspected in {year}; "
                         "at most once a calendar year across all departments")
            for rule in rules.grades if rule.at_most_once_a_year}


def no_eligible_message(excluded: Sequence[Exclusion]) -> str:
    if not excluded:
        return "no eligible object: the roster is empty"
    reasons = Counter(reason for _, reason in excluded)
    listed = "; ".join(f"{count} × {reason}" for reason, count in reasons.most_common())
    return f"no eligible object: all {len(excluded)} objects in scope are excluded ({listed})"
