"""The credit report's document (信用报告, CR-12): one documented JSON shape, as of a day;
what ``handlers.report`` builds and the API answers.

Everything in it is what the registry and the credit file publicly hold: no audit
actors, no objection or repair texts written by the entity, no notes of officers.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

REPORT_FORMAT = "jianguan-credit-report/1"


class FactorView(BaseModel):
    """One factor of a grade: its points and the records behind it."""

    dimension: str = Field(description="public, industry or market evaluation dimension")
    points: float
    explanation: str
    record_ids: list[str] = Field(description="the records behind this factor")


class ReportEntity(BaseModel):
    """The registry entry (市场主体登记信息), as publicly registered."""

    uscc: str
    name: str
    legal_representative: str | None = Field(description="法定代表人 as registered (public)")
    registered_address: str | None
    region: str
    industry: str = Field(description="GB/T 4754 code")
    established_on: date
    new_economy: bool
    tolerance_until: date | None = Field(description="end of the 包容期 (CR-8), if any")
    in_tolerance: bool = Field(description="inside its 包容期 on the report day")


class ReportGrade(BaseModel):
    """信用等级 on the report day under the current rule version, with its factors."""

    grade: str = Field(examples=["B"])
    label: str = Field(examples=["轻微失信"])
    score: float
    rule_version: str
    no_penalty_3y: bool = Field(description="no administrative penalty for three years")
    dimension_scores: dict[str, float] = Field(description="public, industry, market")
    factors: list[FactorView]


class ReportRecord(BaseModel):
    """A credit record as it stood on the report day."""

    id: str
    kind: str
    kind_label: str = Field(examples=["行政处罚"])
    severity: str | None
    department: str = Field(description="the department that made the finding")
    legal_basis: str
    decided_on: date
    violation_code: str | None
    status: str = Field(description="active, under_objection, repaired, expired, exempted "
                        "or removed, on the report day")
    status_label: str = Field(examples=["有效"])
    published: bool = Field(description="published as a rule")
    in_publicity: bool = Field(description="publicised on the report day")
    publicity_minimum_end: date | None = Field(description="repair possible from this day")
    publicity_end: date | None


class ReportList(BaseModel):
    listed: bool
    reason: str
    record_ids: list[str]


class ReportCommitment(BaseModel):
    """A 信用承诺 (public, PN-3) and its state on the report day."""

    id: str
    kind: str
    kind_label: str = Field(examples=["审批替代型"])
    department: str
    matter: str | None
    decision_ref: str | None
    content: str
    made_on: date
    valid_until: date | None
    status: str = Field(description="active, kept or breached on the report day")
    record_id: str | None
    settled_on: date | None


class ReportRepair(BaseModel):
    id: str
    record_id: str
    department: str
    applied_on: date
    due_on: date
    status: str = Field(description="pending, approved or rejected on the report day")
    decided_on: date | None


class ReportObjection(BaseModel):
    id: str
    record_id: str
    department: str
    filed_on: date
    due_on: date
    status: str = Field(description="pending, corrected, removed or upheld on the report day")
    decided_on: date | None
    overdue: bool = Field(description="pending past its due day on the report day")


class CreditReport(BaseModel):
    """信用报告 of one market entity as of a day (CR-12), in one standard shape."""

    format: str = Field(default=REPORT_FORMAT, description="the shape's name and version")
    as_of: date
    generated_at: datetime
    entity: ReportEntity
    grade: ReportGrade
    blacklist: ReportList = Field(description="严重失信主体名单 (CR-5)")
    watchlist: ReportList = Field(description="重点关注企业名单 (CR-7)")
    records: list[ReportRecord] = Field(description="newest decision first")
    commitments: list[ReportCommitment]
    repairs: list[ReportRepair]
    objections: list[ReportObjection]
