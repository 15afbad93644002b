"""Response shapes of credit-rating (信用评价) at its HTTP edge.

What a caller sends is a command of the handler layer (``handlers.commands``), reused
as the request body; what it gets back is shaped here (the credit report's document is
``handlers.report_document``).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from services.credit_rating.domain.commitments import CommitmentKind, CommitmentStatus
from services.credit_rating.domain.objections import ObjectionStatus
from services.credit_rating.domain.penalties import PenaltyKind
from services.credit_rating.domain.records import RecordKind, RecordStatus, Severity
from services.credit_rating.handlers.report_document import FactorView


class ResponsiblePersonsView(BaseModel):
    uscc: str
    persons: int = Field(description="how many are registered now (never who)")


class PersonIdsView(BaseModel):
    uscc: str
    legal_representative: bool = Field(description="the legal representative's ID number "
                                       "is registered (never which)")
    responsible_persons: int = Field(description="how many responsible persons' ID numbers "
                                     "are registered (never which)")


class EntityView(BaseModel):
    """A market entity (市场主体) as the registry holds it."""

    model_config = ConfigDict(from_attributes=True)

    uscc: str
    name: str
    legal_representative: str | None = Field(description="法定代表人 (never leaves in events)")
    registered_address: str | None
    region: str
    industry: str = Field(description="GB/T 4754 行业代码")
    established_on: date
    new_economy: bool
    tolerance_until: date | None
    created_at: datetime
    updated_at: datetime


class RecordView(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    uscc: str
    kind: RecordKind
    severity: Severity | None
    department: str
    legal_basis: str
    decided_on: date
    violation_code: str | None
    status: RecordStatus
    published: bool
    publicity_minimum_end: date | None
    publicity_end: date | None
    exempt_reason: str | None
    penalty_kind: PenaltyKind | None = Field(default=None, description="行政处罚种类, the "
                                             "heaviest of the decision")
    fine_yuan: Decimal | None = Field(default=None, description="罚款 in yuan")
    ban_until: date | None = Field(default=None, description="last day of a ban it imposes")
    created_at: datetime


class GradeView(BaseModel):
    uscc: str
    grade: str = Field(examples=["B"])
    label: str = Field(examples=["轻微失信"])
    score: float
    rule_version: str
    no_penalty_3y: bool
    computed_at: datetime
    factors: list[FactorView]


class BlacklistView(BaseModel):
    listed: bool = Field(description="on the 严重失信主体名单")
    reason: str | None
    record_ids: list[str]


class WatchlistView(BaseModel):
    listed: bool = Field(description="on the 重点关注企业名单 (CR-7)")
    reason: str | None
    record_ids: list[str]


class ToleranceView(BaseModel):
    in_tolerance: bool = Field(description="inside its 包容期 today (CR-8)")
    until: date | None


class PersonLinkView(BaseModel):
    uscc: str = Field(description="the blacklisted entity")
    name: str
    role_here: str = Field(description="the person's role in the checked entity: "
                           "legal_representative or responsible_person")
    role_there: str = Field(description="the person's role in the blacklisted entity")


class PersonsView(BaseModel):
    flagged: bool = Field(description="its legal representative or a responsible person "
                          "stands behind a blacklisted entity (matched by ID-number hash)")
    entities: list[PersonLinkView]
    measures: list[dict[str, Any]] = Field(
        description="联合惩戒 measures this department applies to such persons for the matter")


class CheckView(BaseModel):
    """逢办必查: what an approving department must know before it decides (CR-6)."""

    uscc: str
    name: str
    grade: str
    label: str
    score: float
    rule_version: str
    no_penalty_3y: bool
    blacklist: BlacklistView
    watchlist: WatchlistView
    department: str = Field(description="the calling department")
    matter: str | None
    measures: list[dict[str, Any]] = Field(
        description="联合惩戒 measures this department applies for this matter")
    tolerance: ToleranceView
    as_of: date
    persons: PersonsView = Field(description="the people behind it, by ID number (CR-5)")


class LineError(BaseModel):
    line: int = Field(description="1-based line number in the file (the CSV header is 1)")
    reason: str


class ImportReportView(BaseModel):
    created: int
    updated: int
    unchanged: int
    rejected: int
    errors: list[LineError]


class AbnormalListingView(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    uscc: str
    department: str
    reason: str
    listed_on: date
    removed_on: date | None
    removal_reason: str | None
    warned_on: date | None = Field(description="day the coming serious listing was "
                                   "forewarned (credit.abnormal.warning.v1)")


class CommitmentView(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    uscc: str
    kind: CommitmentKind
    department: str
    matter: str | None
    decision_ref: str | None
    content: str
    made_on: date
    valid_until: date | None
    status: CommitmentStatus = Field(description="active, kept or breached")
    record_id: str | None = Field(description="the credit record its settlement added")
    settled_on: date | None
    settled_by: str | None = Field(description="department that settled it")
    settle_note: str | None
    created_at: datetime


class RepairView(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    uscc: str
    record_id: str
    department: str = Field(description="the finding department, which decides")
    applied_on: date
    due_on: date = Field(description="last day of the decision (working days)")
    obligations: str
    commitment_id: str = Field(description="the 信用修复型 commitment registered with it")
    status: str = Field(description="pending, approved or rejected")
    decided_on: date | None
    decision_note: str | None
    created_at: datetime
    overdue: bool = Field(default=False, description="pending past its due day")
    overdue_announced_on: date | None = Field(
        default=None, description="day credit.repair.overdue.v1 was emitted (once)")


class ObjectionView(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    uscc: str
    record_id: str
    department: str = Field(description="the record's department, which decides")
    filed_on: date
    due_on: date = Field(description="last day of the decision (working days)")
    reason: str
    status: ObjectionStatus
    decided_on: date | None
    decision_note: str | None
    overdue: bool = Field(default=False, description="pending past its due day")
    overdue_announced_on: date | None
    created_at: datetime


class AnnouncedView(BaseModel):
    announced: int = Field(description="overdue items announced by this sweep")
