"""The complaint rule set (投诉举报处理规则) as typed models: what ``complaint_rules.yaml``
may say. ``rules.load_complaint_rules`` turns a refusal into a located error."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Text = Annotated[str, Field(min_length=1)]
WorkingDays = Annotated[int, Field(ge=1, le=365)]
Days = Annotated[int, Field(ge=1, le=3650)]
Count = Annotated[int, Field(ge=1, le=1_000_000)]


class ComplaintKind(StrEnum):
    """What the public files: 投诉 (complaint), 举报 (report) or 建议 (suggestion)."""

    COMPLAINT = "complaint"
    REPORT = "report"
    SUGGESTION = "suggestion"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class DeadlineRule(_Model):
    """One legal time limit (处理时限) in working days, with its legal basis."""

    name: Text
    applies_to: tuple[ComplaintKind, ...] = Field(min_length=1)
    counted_from: Literal["received", "accepted"]
    working_days: WorkingDays
    extension_working_days: Annotated[int, Field(ge=0, le=365)] = 0
    max_extensions: Annotated[int, Field(ge=0, le=5)] = 0
    basis: Text

    @model_validator(mode="after")
    def _extension_is_whole(self) -> DeadlineRule:
        if (self.extension_working_days == 0) != (self.max_extensions == 0):
            raise ValueError("extension_working_days and max_extensions go together; set both")
        return self


class CaseDecisionRule(_Model):
    """The decision on a case opened from a report (作出处理决定), in calendar days from the
    day the case was opened (立案之日), extendable with the head's approval (负责人批准).
    A last day that is not a working day moves to the next one (期间届满日顺延)."""

    name: Text
    applies_to: tuple[ComplaintKind, ...] = Field(min_length=1)
    counted_from: Literal["case_opened"]
    days: Days
    extension_days: Annotated[int, Field(ge=0, le=3650)] = 0
    # one extension by the head; a further one needs the leaders' collective decision
    # (集体讨论), which is not this suite's to record
    max_extensions: Annotated[int, Field(ge=0, le=1)] = 0
    approved_by: Literal["head"]
    last_day_moves_to_working_day: bool
    basis: Text

    @model_validator(mode="after")
    def _extension_is_whole(self) -> CaseDecisionRule:
        if (self.extension_days == 0) != (self.max_extensions == 0):
            raise ValueError("extension_days and max_extensions go together; set both")
        return self


class DeadlineRules(_Model):
    accept: DeadlineRule
    decide_case: DeadlineRule
    mediation: DeadlineRule
    case_decision: CaseDecisionRule


class ReceivedOnRule(_Model):
    """How far back a department relaying a letter or call may date its receipt
    (收到之日): deadlines count from that day, not from the day it is keyed in."""

    max_days_before: Days
    basis: Text


class TriageRule(_Model):
    """一号响应: a category outside the 职责边界清单 is not refused; it goes to the triage
    queue of ``department`` (the 12345 hotline office), which assigns it."""

    department: Annotated[str, Field(pattern=r"^[A-Z0-9-]{1,32}$")]
    basis: Text


class IntakeRule(_Model):
    received_on: ReceivedOnRule
    triage: TriageRule


class LshRule(_Model):
    """MinHash banding (局部敏感哈希): ``bands`` bucket keys of ``rows`` hashes each."""

    scheme: Text
    bands: Annotated[int, Field(ge=1, le=64)]
    rows: Annotated[int, Field(ge=1, le=16)]


class DuplicateRule(_Model):
    """When a new complaint is linked to an earlier one (重复投诉)."""

    window_days: Days
    threshold: Annotated[float, Field(gt=0, le=1)]
    lsh: LshRule


class EntityMatchRule(_Model):
    """Matching a named subject against the entity mirror (主体匹配): candidates share the
    first ``prefix_chars`` of the normalised name; the best at or above ``threshold`` wins."""

    threshold: Annotated[float, Field(gt=0, le=1)]
    prefix_chars: Annotated[int, Field(ge=1, le=16)]
    candidates: Count


class RewardLevel(_Model):
    """One reward level (举报奖励等级): percent of the fine and the floor in yuan."""

    level: Literal[1, 2, 3]
    percent: Annotated[Decimal, Field(gt=0, le=100)]
    floor_yuan: Annotated[Decimal, Field(ge=0)]


class RewardRule(_Model):
    """Whistleblower rewards (举报奖励): levels, cap per case, internal uplift."""

    effective_from: date
    basis: Text
    cap_yuan: Annotated[Decimal, Field(gt=0)]
    internal_uplift: Annotated[Decimal, Field(ge=1, le=10)]
    levels: tuple[RewardLevel, ...] = Field(min_length=3, max_length=3)

    @model_validator(mode="after")
    def _levels_once_each(self) -> RewardRule:
        if sorted(level.level for level in self.levels) != [1, 2, 3]:
            raise ValueError("levels must list level 1, 2 and 3 once each")
        for level in self.levels:
            if level.floor_yuan > self.cap_yuan:
                raise ValueError(f"floor_yuan of level {level.level} is above cap_yuan")
        return self

    def level(self, number: int) -> RewardLevel:
        return next(level for level in self.levels if level.level == number)


class ReceiptRule(_Model):
    """The receipt code (查询码): how many digits, the last being the check digit."""

    digits: Annotated[int, Field(ge=12, le=32)]


class RequestRate(_Model):
    requests: Count
    per_seconds: Annotated[int, Field(ge=1, le=86_400 * 7)]


class MaliciousReporterRule(_Model):
    """Closures as malicious (恶意中伤) that restrict a reporter's blind index for a while."""

    closures: Count
    within_days: Days
    restrict_days: Days


class ProfitDrivenRule(_Model):
    """Filings that mark a reporter for review as profit-driven (牟利性打假)."""

    filings: Count
    distinct_entities: Count
    within_days: Days


class RateLimitRule(_Model):
    public_intake: RequestRate
    receipt_lookups: RequestRate  # codes looked up per address: guessing stays hopeless
    restricted_reporter: RequestRate  # public filings of a restricted reporter (CP-5)
    malicious_reporter: MaliciousReporterRule
    profit_driven: ProfitDrivenRule


class ComplaintRuleFile(_Model):
    """The whole of ``complaint_rules.yaml``."""

    version: Text
    effective_from: date
    source: Text
    deadlines: DeadlineRules
    intake: IntakeRule
    duplicates: DuplicateRule
    entity_match: EntityMatchRule
    rewards: RewardRule
    receipts: ReceiptRule
    rate_limits: RateLimitRule
