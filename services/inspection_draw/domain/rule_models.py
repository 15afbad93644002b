"""The draw rule set (随机抽查细则) as typed models: what ``draw_rules.yaml`` may say.

Ratios and multipliers are decimals in the file and exact fractions in use, so a sample
size is the same on every machine.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Text = Annotated[str, Field(min_length=1)]
Ratio = Annotated[Decimal, Field(ge=0, le=1)]
Multiplier = Annotated[Decimal, Field(ge=0, le=100)]
GradeCode = Literal["A", "B", "C", "D", "ungraded"]
"""A credit grade (信用等级) or ``ungraded`` for an object not yet graded."""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Sampling(_Model):
    """抽查比例: the base ratio, the minimum overall ratio and the 3-years reduction."""

    base_ratio: Annotated[Decimal, Field(gt=0, le=1)]
    minimum_overall_ratio: Ratio
    no_penalty_reduction: Ratio


class GradeRule(_Model):
    """How one credit grade is sampled (IN-3)."""

    grade: GradeCode
    multiplier: Multiplier
    max_ratio: Ratio
    at_most_once_a_year: bool


class RiskRule(_Model):
    """A risk level (风险等级) and its multiplier."""

    level: Text
    multiplier: Multiplier


class InspectorRule(_Model):
    """执法检查人员: how many go on one visit."""

    min_per_visit: Annotated[int, Field(ge=1, le=20)]


class RedrawRule(_Model):
    """重新抽取: how many times a task may be committed again after its first commitment,
    each time with a reason approved by a reviewer."""

    max_per_task: Annotated[int, Field(ge=0, le=10)]


class ResultRule(_Model):
    """抽查结果: how many working days after the task's window results are due."""

    deadline_workdays: Annotated[int, Field(ge=1, le=250)]


class DrawRuleFile(_Model):
    """The whole of ``draw_rules.yaml``; also the rules snapshot in a proof bundle."""

    version: Text
    effective_from: date
    source: Text
    algorithm_version: Text
    sampling: Sampling
    grades: tuple[GradeRule, ...]
    risks: tuple[RiskRule, ...]
    key_area_full_coverage: bool
    inspectors: InspectorRule
    redraws: RedrawRule
    results: ResultRule
    blacklist_risk_level: Text | None = None
    """The risk level an object on the 严重失信主体名单 is drawn with (None: no change)."""

    @model_validator(mode="after")
    def _complete(self) -> DrawRuleFile:
        codes = [rule.grade for rule in self.grades]
        missing = [g for g in ("A", "B", "C", "D", "ungraded") if g not in codes]
        if missing or len(codes) != len(set(codes)):
            raise ValueError(
                f"grades must list A, B, C, D and ungraded exactly once (missing: "
                f"{', '.join(missing) or 'none'}; listed: {', '.join(codes)})"
            )
        levels = [risk.level for risk in self.risks]
        if len(levels) != len(set(levels)):
            raise ValueError(f"risks list a level twice: {', '.join(levels)}")
        if self.blacklist_risk_level is not None and self.blacklist_risk_level not in levels:
            raise ValueError(f"blacklist_risk_level {self.blacklist_risk_level!r} is not one "
                             f"of the risks ({', '.join(levels)})")
        return self

    def grade(self, code: str | None) -> GradeRule:
        """The rule for a grade; ``None`` is ``ungraded``."""
        wanted = code or "ungraded"
        return next(rule for rule in self.grades if rule.grade == wanted)

    def risk_multiplier(self, level: str | None) -> Fraction | None:
        """The multiplier of a risk level, 1 without one, ``None`` for an unknown level."""
        if level is None:
            return Fraction(1)
        rule = next((risk for risk in self.risks if risk.level == level), None)
        return None if rule is None else Fraction(rule.multiplier)
