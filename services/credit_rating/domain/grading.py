"""Credit grading (信用分级分类, CR-3): records → dimension scores → score → grade A–D.

Every point that moves the score is a ``Factor`` naming its records, and so are the
records that move nothing because they are exempt (免罚) or tolerated (包容期).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from services.credit_rating.domain.entity import EntityFacts, no_penalty_for_years
from services.credit_rating.domain.leniency import is_first_exempt_violation, leniency_for
from services.credit_rating.domain.periods import add_months
from services.credit_rating.domain.publicity import effect_end, weighs_on
from services.credit_rating.domain.records import RecordFacts, RecordStatus, Severity
from services.credit_rating.domain.rule_models import Dimension, Grade
from services.credit_rating.domain.rules import CreditRules

__all__ = [
    "EntityFacts",
    "Factor",
    "Grade",
    "GradeResult",
    "grade_entity",
    "is_first_exempt_violation",
]

OVERALL = "overall"
"""The dimension of factors that act on the whole score (hard rules)."""


@dataclass(frozen=True)
class Factor:
    """One reason in a grade explanation (评价因素).

    ``points`` is the change in the score of ``dimension`` (before weighting); for
    ``dimension == "overall"`` it is the change in the final score (hard rules).
    """

    dimension: str
    points: int
    explanation: str
    record_ids: tuple[str, ...]


@dataclass(frozen=True)
class GradeResult:
    """An entity's credit grade (信用等级) under one rule version, with its factors."""

    grade: Grade
    label: str
    score: int
    rule_version: str
    no_penalty_3y: bool
    factors: tuple[Factor, ...]
    dimension_scores: tuple[tuple[str, int], ...] = ()
    """(dimension code, score) in rule order, after deductions, bonuses and the cap."""


def grade_entity(
    entity: EntityFacts, records: Iterable[RecordFacts], rules: CreditRules, as_of: date
) -> GradeResult:
    """Grade ``entity`` on ``as_of`` from its records (any order, any status)."""
    records = sorted(records, key=lambda record: (record.decided_on, record.id))
    grading = rules.grading
    scores = {dimension.code: grading.base_score for dimension in grading.dimensions}
    factors: list[Factor] = []
    ceilings: dict[str, list[str]] = {}
    for index, record in enumerate(records):
        if not record.negative or not _shown(record, as_of, rules):
            continue
        rule = rules.kind_rule(record.kind)
        lenient = leniency_for(record, records[:index], entity, rules)
        if lenient is not None:
            factors.append(Factor(rule.dimension, 0, lenient.explanation, (record.id,)))
            continue
        points = rule.deductions.of(record.severity)
        scores[rule.dimension] -= points
        text = _deduction_text(record, points, rules.dimension(rule.dimension))
        factors.append(Factor(rule.dimension, -points, text, (record.id,)))
        ceilings.setdefault(record.severity.value, []).append(record.id)
    for code in scores:
        scores[code] = max(scores[code], 0)
    factors += _bonuses(records, rules, as_of, scores)
    if entity.blacklisted:
        ceilings["blacklisted"] = []
    weighted = sum(d.weight * scores[d.code] for d in grading.dimensions)
    score = (weighted * 2 + 100) // 200  # the weighted mean, rounded half up
    grade, score, ceiling_factors = _apply_ceilings(score, ceilings, rules)
    return GradeResult(
        grade=grade,
        label=rules.band(grade).label,
        score=score,
        rule_version=rules.version,
        no_penalty_3y=no_penalty_for_years(entity, records, rules, as_of),
        factors=(*factors, *ceiling_factors),
        dimension_scores=tuple(scores.items()),
    )


def _shown(record: RecordFacts, as_of: date, rules: CreditRules) -> bool:
    """Counted records, and exempted ones while they would have counted."""
    if record.status == RecordStatus.EXEMPTED:
        end = effect_end(record.severity, record.decided_on, record.publicity_end, rules)
        return record.decided_on <= as_of < end
    return weighs_on(record, as_of, rules)


def _deduction_text(record: RecordFacts, points: int, dimension: Dimension) -> str:
    text = (
        f"{record.kind.chinese}({record.severity.chinese}) {dimension.name}扣 {points} 分 / "
        f"{record.kind.value.replace('_', ' ')} ({record.severity.value}): -{points} "
        f"{dimension.code} (weight {dimension.weight}%)"
    )
    if record.status == RecordStatus.UNDER_OBJECTION:
        text += "; 异议处理中, 按原记录计分 / under objection, counted as recorded"
    return text


def _bonuses(
    records: list[RecordFacts], rules: CreditRules, as_of: date, scores: dict[str, int]
) -> list[Factor]:
    """Recent positive records, oldest first, until each dimension's bonus cap is used."""
    room = dict.fromkeys(scores, rules.grading.bonus_cap)
    factors = []
    for record in records:
        bonus = rules.bonus_for(record.kind)
        if bonus is None or record.status != RecordStatus.ACTIVE:
            continue
        if not record.decided_on <= as_of < add_months(record.decided_on, bonus.valid_months):
            continue
        points = min(bonus.points, room[bonus.dimension])
        room[bonus.dimension] -= points
        scores[bonus.dimension] += points
        english = record.kind.value.replace("_", " ")
        dimension = rules.dimension(bonus.dimension)
        text = (
            f"{record.kind.chinese} {dimension.name}加 {points} 分 / "
            f"{english}: +{points} {dimension.code}"
        )
        if points < bonus.points:
            text += f"; 已达加分上限 {rules.grading.bonus_cap} / bonus cap reached"
        factors.append(Factor(bonus.dimension, points, text, (record.id,)))
    return factors


_GRADES = tuple(Grade)  # best first (iterating the enum anew costs more than the lookup)
_CEILING_TEXT = {
    "blacklisted": ("列入严重失信主体名单", "on the serious-dishonesty list"),
    Severity.SERIOUS.value: ("存在有效的严重失信记录", "an active serious record"),
    Severity.GENERAL.value: ("存在有效的一般失信记录", "an active general record"),
    Severity.MINOR.value: ("存在有效的轻微失信记录", "an active minor record"),
}


def _apply_ceilings(
    score: int, ceilings: dict[str, list[str]], rules: CreditRules
) -> tuple[Grade, int, list[Factor]]:
    """The grade the score reaches, made no better than the hard rules that hold; the
    score is cut to the top of that grade's band. Returns grade, score, factors."""
    grade = rules.grade_for_score(score)
    holding = [c for c in rules.grading.ceilings if c.when in ceilings]
    if not holding:
        return grade, score, []
    cap = holding[0].grade
    for ceiling in holding:
        cap = cap.worse(ceiling.grade)
    if cap.worse(grade) == grade:
        return grade, score, []
    better = _GRADES[_GRADES.index(cap) - 1]
    capped = min(score, rules.band(better).min_score - 1)
    factors = []
    for ceiling in (c for c in holding if c.grade == cap):
        chinese, english = _CEILING_TEXT[ceiling.when]
        factors.append(
            Factor(
                OVERALL,
                capped - score if not factors else 0,
                f"硬性规则: {chinese}, 等级至多 {cap} / "
                f"hard rule: {english} caps the grade at {cap}",
                tuple(ceilings[ceiling.when]),
            )
        )
    return cap, capped, factors
