"""The notice rule set (信息公示规则) as typed models: what ``notice_rules.yaml`` may say.

Each model checks its own entry; references between entries (a record mapped to a kind
that is not listed, a regular expression that does not compile) are checked in
``rules.load_notice_rules``, which turns either into an error naming the line.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts.credit import Grade, PenaltyKind, RecordKind, Severity
from shared.contracts.notice import NoticeKind

Text = Annotated[str, Field(min_length=1)]
Months = Annotated[int, Field(ge=1, le=600)]
Workdays = Annotated[int, Field(ge=0, le=60)]
Yuan = Annotated[int, Field(ge=0, le=10**12)]
KindGroup = Literal["ten", "random_inspection", "credit"]
PeriodKind = Literal["penalty", "credit", "fixed", "commitment", "listing"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class KindRule(_Model):
    """One 公示类别: its name, group, legal basis, period and publishing deadline."""

    code: NoticeKind
    name: Text
    group: KindGroup
    basis: Text
    period: PeriodKind
    months: Months | None = None
    publish_within_workdays: Workdays


class RecordMapping(_Model):
    """Which notice a credit record kind becomes (null: none from the record)."""

    record_kind: RecordKind
    notice_kind: NoticeKind | None


class ComplaintRule(_Model):
    severities: tuple[Severity, ...]


class ExposureRule(_Model):
    """曝光台: penalties shown as typical cases."""

    severities: tuple[Severity, ...]
    min_fine_yuan: Yuan | None = None


class SmallFine(_Model):
    organisation: Yuan
    individual: Yuan


class WithoutKind(_Model):
    """A penalty whose kind is not known: which period its severity gets."""

    minor: Literal["short", "other"]
    general: Literal["short", "other"]
    serious: Literal["short", "other"]


class PenaltyPeriods(_Model):
    """市场监督管理行政处罚信息公示规定 art. 13 (counted from publication)."""

    code: Text
    basis: Text
    departments: tuple[Text, ...] = Field(min_length=1)
    short_months: Months
    other_months: Months
    short_kinds: tuple[PenaltyKind, ...]
    small_fine_kinds: tuple[PenaltyKind, ...]
    small_fine_below_yuan: SmallFine
    individual_uscc_prefixes: tuple[Annotated[str, Field(pattern=r"^[0-9A-Z]{1,2}$")], ...]
    without_kind: WithoutKind


class SeverityPeriod(_Model):
    """How long a severity is published (longest), and from when repair is possible."""

    published: bool
    months: Months | None = None
    minimum_months: Months | None = None


class CreditRegime(_Model):
    """An NDRC credit publicity regime (信用信息公示期限), chosen by the decision day."""

    code: Text
    name: Text
    effective_from: date
    basis: Text
    minor: SeverityPeriod
    general: SeverityPeriod
    serious: SeverityPeriod

    def of(self, severity: Severity) -> SeverityPeriod:
        return getattr(self, severity)  # type: ignore[no-any-return]


class Takedown(_Model):
    workdays: Workdays
    basis: Text


class MaskRule(_Model):
    """One masking pattern; its ``value`` group is what gets masked."""

    code: Text
    name: Text
    method: Literal["keep", "region", "replace", "name"]
    pattern: Text
    keep_head: Annotated[int, Field(ge=0, le=10)] = 0
    keep_tail: Annotated[int, Field(ge=0, le=10)] = 0
    replacement: str = "***"
    skip_uscc: bool = False


class Masking(_Model):
    basis: Text
    rules: tuple[MaskRule, ...] = Field(min_length=1)
    surnames: Text
    compound_surnames: tuple[Annotated[str, Field(min_length=2, max_length=2)], ...] = ()


class Minors(_Model):
    adult_age: Annotated[int, Field(ge=14, le=21)]
    markers: tuple[Text, ...] = Field(min_length=1)


class Secrets(_Model):
    state_secret: tuple[Text, ...] = Field(min_length=1)
    trade_secret: tuple[Text, ...] = Field(min_length=1)


class Grades(_Model):
    public: tuple[Grade, ...]


class Quota(_Model):
    requests: Annotated[int, Field(ge=1, le=10**9)]
    per_seconds: Annotated[int, Field(ge=1, le=10**7)]


class Quotas(_Model):
    query: Quota
    receipts: Quota


class NoticeRuleFile(_Model):
    """The whole of ``notice_rules.yaml``."""

    version: Text
    effective_from: date
    source: Text
    kinds: tuple[KindRule, ...] = Field(min_length=1)
    records: tuple[RecordMapping, ...]
    default_department: Text
    complaints: ComplaintRule
    exposure: ExposureRule
    penalty_periods: PenaltyPeriods
    credit_regimes: tuple[CreditRegime, ...] = Field(min_length=1)
    takedown: Takedown
    masking: Masking
    minors: Minors
    secrets: Secrets
    grades: Grades
    quotas: Quotas
