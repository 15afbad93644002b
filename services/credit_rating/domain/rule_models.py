"""The credit rule set (信用评价规则) as typed models: what ``credit_rules.yaml`` may say.

Each model checks its own entry; how entries refer to each other is checked in
``rule_checks``, and ``rules.load_credit_rules`` turns either into a located error.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from services.credit_rating.domain.records import RecordKind, Severity


class Grade(StrEnum):
    """Credit grade (信用等级): A is best; a later letter is worse."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"

    def worse(self, other: Grade) -> Grade:
        # max(self, other) by value, compared as the str each member is (an enum's
        # ``value`` is a property lookup: the slowest part of grading a record)
        return other if str.__gt__(other, self) else self


def _code(pattern_prefix: str) -> AfterValidator:
    def check(value: str) -> str:
        head, _, number = value.partition("-")
        if head != pattern_prefix or not number.isdigit():
            raise ValueError(f"{value!r} is not a code like {pattern_prefix}-001")
        return value

    return AfterValidator(check)


Text = Annotated[str, Field(min_length=1)]
Months = Annotated[int, Field(ge=1, le=120)]
Points = Annotated[int, Field(ge=0, le=1000)]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Dimension(_Model):
    """An evaluation dimension (评价维度): 公共信用, 行业信用 or 市场信用, weighted in percent."""

    code: Text
    name: Text
    weight: Annotated[int, Field(ge=1, le=100)]


class Deductions(_Model):
    """Points taken from a dimension (扣分) by one record of each severity."""

    minor: Points
    general: Points
    serious: Points

    def of(self, severity: Severity) -> int:
        return int(getattr(self, severity.value))


class KindRule(_Model):
    """Where a negative record kind weighs (its dimension) and how much."""

    kind: RecordKind
    dimension: Text
    deductions: Deductions


class Bonus(_Model):
    """Points a positive record (守信记录) adds to its dimension while it is recent."""

    kind: RecordKind
    dimension: Text
    points: Points
    valid_months: Months


class GradeBand(_Model):
    """A grade, its Chinese label and the lowest score that reaches it."""

    grade: Grade
    label: Text
    min_score: Points


class Ceiling(_Model):
    """A hard rule (硬性规则): when it holds, the grade is at best ``grade``."""

    when: Annotated[str, Field(pattern="^(blacklisted|minor|general|serious)$")]
    grade: Grade


class Grading(_Model):
    """分级分类: dimensions, deductions, bonuses, grade bands and hard rules."""

    base_score: Annotated[int, Field(ge=1, le=1000)]
    bonus_cap: Points
    unpublished_effect_months: Months
    dimensions: tuple[Dimension, ...] = Field(min_length=1)
    kinds: tuple[KindRule, ...] = Field(min_length=1)
    bonuses: tuple[Bonus, ...] = ()
    grades: tuple[GradeBand, ...] = Field(min_length=4, max_length=4)
    ceilings: tuple[Ceiling, ...] = ()


class SeverityPublicity(_Model):
    """How long one severity is published (公示期限) under a regime, in months."""

    published: bool
    minimum_months: Annotated[int, Field(ge=0, le=120)] | None = None
    maximum_months: Months | None = None


class PublicityRegime(_Model):
    """A publicity regime (公示制度), chosen by a record's decision date."""

    code: Text
    name: Text
    effective_from: date
    basis: Text
    minor: SeverityPublicity
    general: SeverityPublicity
    serious: SeverityPublicity

    def of(self, severity: Severity) -> SeverityPublicity:
        return getattr(self, severity.value)  # type: ignore[no-any-return]


class Watchlist(_Model):
    """失信积累关注机制: N violations within M months → 提醒约谈; more → 重点关注名单."""

    violations: Annotated[int, Field(ge=2, le=100)]
    within_months: Months
    severities: tuple[Severity, ...] = Field(min_length=1)
    further_violations: Annotated[int, Field(ge=1, le=100)]
    listing_months: Months


class NoPenalty(_Model):
    """连续三年无行政处罚 (CR-10): no record of these kinds within ``years``."""

    years: Annotated[int, Field(ge=1, le=10)]
    kinds: tuple[RecordKind, ...] = Field(min_length=1)
    require_existence: bool


class Exemption(_Model):
    """One line of the 免罚清单: a minor violation not punished the first time."""

    code: Annotated[str, _code("MF")]
    name: Text
    basis: Text


class ExemptionList(_Model):
    """The 免罚清单 and how far back "first" (首次) looks (None: ever)."""

    first_lookback_months: Months | None
    entries: tuple[Exemption, ...] = Field(min_length=1)


class Tolerance(_Model):
    """包容期 for new-economy entities, in years, and the severities it tolerates."""

    min_years: Annotated[int, Field(ge=1, le=10)]
    max_years: Annotated[int, Field(ge=1, le=10)]
    default_years: Annotated[int, Field(ge=1, le=10)]
    severities: tuple[Severity, ...] = Field(min_length=1)


ListingMode = Literal["automatic", "decision"]


class ListingRule(_Model):
    """列入 is a decision (列入决定) or automatic, per trigger: serious records (of the
    rule's severities), a judicial transfer (涉嫌犯罪: suspicion only, any severity), and
    the years on the 经营异常名录. A decision is made no sooner than
    ``statement_workdays`` after the entity was notified (陈述、申辩)."""

    effective_from: date
    basis: Text
    serious_records: ListingMode
    judicial_transfer: ListingMode
    abnormal_list: Literal["automatic"]  # a decision on it is not modelled yet
    statement_workdays: Annotated[int, Field(ge=0, le=60)]


class BlacklistRule(_Model):
    """严重失信主体名单: at least ``min_records`` records of these severities (or judicial
    transfers) weigh (active or under objection, within their publicity window), and
    each listed by a decision of its department or automatically, as ``listing`` says."""

    severities: tuple[Severity, ...] = Field(min_length=1)
    min_records: Annotated[int, Field(ge=1, le=100)]
    basis: Text
    listing: ListingRule


class AbnormalList(_Model):
    """经营异常名录 → 严重违法失信名单: listed that many years on; warned before."""

    serious_after_years: Annotated[int, Field(ge=1, le=10)]
    warning_days: Annotated[int, Field(ge=1, le=365)]
    basis: Text


class DecisionDeadline(_Model):
    """A decision time limit in working days (工作日)."""

    decision_workdays: Annotated[int, Field(ge=1, le=120)]


class CommitmentRules(_Model):
    """信用承诺 (CR-4): the severity of the record a false commitment adds."""

    breach_severity: Severity


class Measure(_Model):
    """A joint punishment measure (联合惩戒措施) and the department that implements it.

    ``matters`` holds matter codes or categories from matters.yaml; empty means every
    matter of the department.
    """

    code: Annotated[str, _code("LHCJ")]
    name: Text
    department: Text
    matters: tuple[Text, ...] = ()
    applies_to_persons: bool
    basis: Text


class RecencyStep(_Model):
    """A record decided within ``within_months`` counts ``percent`` of its points."""

    within_months: Months
    percent: Annotated[int, Field(ge=0, le=100)]


class RiskCount(_Model):
    """Points for each record within ``within_months`` beyond the first ``free`` ones."""

    within_months: Months
    free: Annotated[int, Field(ge=0, le=100)] = 0
    points_each: Points


class RiskLevel(_Model):
    """A risk level (风险等级) and the lowest score that reaches it."""

    level: Annotated[str, Field(pattern="^[a-z_]{2,20}$")]
    label: Text
    min_score: Points


class RiskModel(_Model):
    """风险预警模型 (CR-11): severity × recency, frequency and complaints → score → level;
    a rise to ``warn_from`` or above warns departments (credit.risk.warning.v1)."""

    model: Text
    effective_from: date
    basis: Text
    window_months: Months
    severity_points: Deductions
    recency: tuple[RecencyStep, ...] = Field(min_length=1)
    frequency: RiskCount
    complaints: RiskCount
    levels: tuple[RiskLevel, ...] = Field(min_length=2)
    warn_from: Text


class CreditRuleFile(_Model):
    """The whole of ``credit_rules.yaml``."""

    version: Text
    effective_from: date
    source: Text
    grading: Grading
    publicity: tuple[PublicityRegime, ...] = Field(min_length=1)
    watchlist: Watchlist
    no_penalty: NoPenalty
    exemptions: ExemptionList
    tolerance: Tolerance
    blacklist: BlacklistRule
    abnormal_list: AbnormalList
    repair: DecisionDeadline
    objections: DecisionDeadline
    commitments: CommitmentRules
    measures: tuple[Measure, ...] = Field(min_length=1)
    risk: RiskModel
