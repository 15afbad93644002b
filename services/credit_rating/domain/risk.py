"""Risk warning model (风险预警模型, CR-11): a scored, explainable risk level per entity from
its records: how serious (severity), how recent (recency), how often (frequency) and how
many substantiated complaints. The model is rule data (``credit_rules.yaml`` ``risk``,
versioned by its ``model``); every point of the score is a factor naming its records.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from services.credit_rating.domain.periods import add_months
from services.credit_rating.domain.records import RecordFacts, RecordKind, RecordStatus
from services.credit_rating.domain.rules import CreditRules

COUNTED = (RecordStatus.ACTIVE, RecordStatus.UNDER_OBJECTION, RecordStatus.EXPIRED)
"""The violation happened (an expired record too); exempted, repaired and removed ones
are no risk signal."""


@dataclass(frozen=True)
class RiskFactor:
    """One part of the score: ``component`` is severity, frequency or complaints."""

    component: str
    points: int
    explanation: str
    record_ids: tuple[str, ...]


@dataclass(frozen=True)
class RiskAssessment:
    level: str
    label: str
    score: int
    model: str
    factors: tuple[RiskFactor, ...]


def assess_risk(records: Iterable[RecordFacts], rules: CreditRules,
                as_of: date) -> RiskAssessment:
    """The entity's risk on ``as_of`` from its records (any order, any status)."""
    model = rules.risk
    since = add_months(as_of, -model.window_months)
    counted = sorted((r for r in records if r.negative and r.status in COUNTED
                      and since < r.decided_on <= as_of),
                     key=lambda record: (record.decided_on, record.id))
    factors = [_severity(record, rules, as_of) for record in counted]
    factors = [factor for factor in factors if factor.points]
    frequent = _within(counted, as_of, model.frequency.within_months)
    extra = len(frequent) - model.frequency.free
    if extra > 0:
        factors.append(RiskFactor(
            "frequency", extra * model.frequency.points_each,
            f"{model.frequency.within_months} 个月内 {len(frequent)} 次违法失信, 超出 "
            f"{model.frequency.free} 次的每次 +{model.frequency.points_each} / {len(frequent)} "
            f"violations in {model.frequency.within_months} months",
            tuple(r.id for r in frequent)))
    complaints = [r for r in _within(counted, as_of, model.complaints.within_months)
                  if r.kind is RecordKind.SUBSTANTIATED_COMPLAINT]
    if complaints:
        factors.append(RiskFactor(
            "complaints", len(complaints) * model.complaints.points_each,
            f"{model.complaints.within_months} 个月内查实投诉举报 {len(complaints)} 件, 每件 "
            f"+{model.complaints.points_each} / {len(complaints)} substantiated complaints",
            tuple(r.id for r in complaints)))
    score = sum(factor.points for factor in factors)
    band = next(b for b in reversed(model.levels) if score >= b.min_score)
    return RiskAssessment(band.level, band.label, score, model.model, tuple(factors))


def rank(level: str | None, rules: CreditRules) -> int:
    """0 for the lowest level (and none stored), counting up."""
    codes = [band.level for band in rules.risk.levels]
    return codes.index(level) if level in codes else 0


def warns(before: str | None, after: str, rules: CreditRules) -> bool:
    """Whether going from level ``before`` to ``after`` crosses the warning threshold
    upward (``risk.warn_from``): a 风险预警 to departments."""
    threshold = rank(rules.risk.warn_from, rules)
    return rank(before, rules) < threshold <= rank(after, rules)


def _within(records: list[RecordFacts], as_of: date, months: int) -> list[RecordFacts]:
    since = add_months(as_of, -months)
    return [record for record in records if record.decided_on > since]


def _severity(record: RecordFacts, rules: CreditRules, as_of: date) -> RiskFactor:
    model = rules.risk
    points = model.severity_points.of(record.severity)
    step = next((s for s in model.recency
                 if record.decided_on > add_months(as_of, -s.within_months)), None)
    percent = step.percent if step is not None else 0
    months = step.within_months if step is not None else model.window_months
    weighted = points * percent // 100
    return RiskFactor(
        "severity", weighted,
        f"{record.kind.chinese}({record.severity.chinese}) {months} 个月内 {points} 分 × "
        f"{percent}% = {weighted} / {record.kind.value.replace('_', ' ')} "
        f"({record.severity.value}) within {months} months",
        (record.id,))
