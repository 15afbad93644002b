"""The credit report's document (信用报告, CR-12): one documented JSON shape, as of a day;
what ``handlers.report`` builds, the API answers and the printable page shows.

Everything in it is what the registry and the credit file publicly hold: no audit
actors, no objection or repair texts written by the entity, no notes of officers. Each
code comes with its words (``*_name``, ``*_label``: what the page shows), each record
with its short number in the entity's file, and the whole is signed by the issuing
service (``signature``, ``report_signing``), so it can be handed out and checked.
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


class ReportFactor(FactorView):
    """A factor as the report shows it: its dimension's name and its records' numbers."""

    dimension_label: str = Field(examples=["公共信用"])
    record_numbers: list[int] = Field(description="the records' numbers in the file")


class ReportIssuer(BaseModel):
    """出具机关: who issues the report and signs it."""

    department: str = Field(description="its code in departments.yaml", examples=["SCJG"])
    name: str = Field(examples=["青岛市市场监督管理局"])
    service: str = Field(description="the issuing service", examples=["credit-rating"])
    key_id: str = Field(description="the signing key (its kid at /.well-known/jwks.json)")


class ReportEntity(BaseModel):
    """The registry entry (市场主体登记信息), as publicly registered."""

    uscc: str
    name: str
    kind: str = Field(default="", description="登记类别 from the USCC", examples=["企业"])
    legal_representative: str | None = Field(description="法定代表人 (经营者 of a 个体工商户) "
                                             "as registered (public)")
    representative_title: str = Field(default="法定代表人", description="法定代表人, or 经营者 "
                                      "for a 个体工商户 (USCC 92…)")
    registered_address: str | None
    region: str
    region_name: str = Field(default="", description="GB/T 2260", examples=["山东省青岛市黄岛区"])
    industry: str = Field(description="GB/T 4754 code")
    industry_name: str = Field(default="", examples=["制造业 · 农副食品加工业"])
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
    dimension_labels: dict[str, str] = Field(default={}, description="their names")
    factors: list[ReportFactor]


class ReportRecord(BaseModel):
    """A credit record as it stood on the report day."""

    id: str
    number: int = Field(default=0, description="short number in the entity's file (1, 2, … "
                        "in the order entered; never changes)")
    kind: str
    kind_label: str = Field(examples=["行政处罚"])
    severity: str | None
    severity_label: str | None = Field(default=None, examples=["一般"])
    department: str = Field(description="the department that made the finding")
    department_name: str = Field(default="", examples=["青岛市市场监督管理局"])
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
    record_numbers: list[int] = Field(default=[])


class ReportCommitment(BaseModel):
    """A 信用承诺 (public, PN-3) and its state on the report day."""

    id: str
    kind: str
    kind_label: str = Field(examples=["审批替代型"])
    department: str
    department_name: str = ""
    matter: str | None
    matter_name: str | None = Field(default=None, description="from the matters catalogue")
    decision_ref: str | None
    content: str
    made_on: date
    valid_until: date | None
    status: str = Field(description="active, kept or breached on the report day")
    status_label: str = ""
    record_id: str | None
    record_number: int | None = None
    settled_on: date | None


class ReportRepair(BaseModel):
    id: str
    record_id: str
    record_number: int = 0
    department: str
    department_name: str = ""
    applied_on: date
    due_on: date
    status: str = Field(description="pending, approved or rejected on the report day")
    status_label: str = ""
    decided_on: date | None


class ReportObjection(BaseModel):
    id: str
    record_id: str
    record_number: int = 0
    department: str
    department_name: str = ""
    filed_on: date
    due_on: date
    status: str = Field(description="pending, corrected, removed or upheld on the report day")
    status_label: str = ""
    decided_on: date | None
    overdue: bool = Field(description="pending past its due day on the report day")


class CreditReport(BaseModel):
    """信用报告 of one market entity as of a day (CR-12), in one standard shape."""

    format: str = Field(default=REPORT_FORMAT, description="the shape's name and version")
    number: str = Field(default="", description="报告编号: XYBG, the day it was made and a "
                        "digest of its content", examples=["XYBG-20261125-7K3M9Q2A"])
    issuer: ReportIssuer | None = Field(default=None, description="出具机关")
    as_of: date = Field(description="报告日: the day the report states (China's day)")
    generated_at: datetime = Field(description="生成于: China time (+08:00), to the second")
    entity: ReportEntity
    grade: ReportGrade
    blacklist: ReportList = Field(description="严重失信主体名单 (CR-5)")
    watchlist: ReportList = Field(description="重点关注企业名单 (CR-7)")
    records: list[ReportRecord] = Field(description="newest decision first")
    commitments: list[ReportCommitment]
    repairs: list[ReportRepair]
    objections: list[ReportObjection]
    signature: str | None = Field(default=None, description="detached JWS (EdDSA, Ed25519) "
                                  "of the report's canonical JSON without this member, by "
                                  "the issuer's key (/.well-known/jwks.json); `jianguan "
                                  "report verify FILE` checks it offline")
