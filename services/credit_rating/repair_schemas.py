"""Request and response shapes of credit repair and objections (信用修复 / 异议申诉, CR-9)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.credit_rating.domain.objections import ObjectionOutcome, ObjectionStatus
from services.credit_rating.domain.records import Severity


class RepairRequest(BaseModel):
    """An entity asks for one of its records to be repaired."""

    model_config = ConfigDict(str_strip_whitespace=True)

    record_id: str = Field(min_length=1, max_length=36)
    obligations_fulfilled: bool = Field(description="法定责任和义务已履行 (fine paid, "
                                        "correction made)")
    obligations: str = Field(min_length=1, max_length=300, examples=["罚款已缴清, 已整改"],
                             description="how the obligations were fulfilled")
    public_commitment: str = Field(min_length=10, max_length=2000,
                                   description="信用修复承诺 to be published; registered as a "
                                   "credit_repair commitment",
                                   examples=["本单位承诺今后严格遵守法律法规, 诚信经营"])


class RepairDecision(BaseModel):
    """The finding department's decision on a repair application."""

    approve: bool
    note: str | None = Field(default=None, max_length=300,
                             description="reason; required to reject")

    @model_validator(mode="after")
    def _rejection_says_why(self) -> RepairDecision:
        if not self.approve and not (self.note and self.note.strip()):
            raise ValueError("a rejection needs a note saying why, so the entity can act")
        return self


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


class ObjectionRequest(BaseModel):
    """An entity disputes a record (异议申诉)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    record_id: str = Field(min_length=1, max_length=36)
    reason: str = Field(min_length=5, max_length=2000, description="what is wrong with it",
                        examples=["处罚决定已被行政复议撤销"])


class ObjectionDecision(BaseModel):
    """The record's department corrects, removes or upholds the disputed record."""

    outcome: ObjectionOutcome
    note: str = Field(min_length=1, max_length=300, description="reason of the decision")
    severity: Severity | None = Field(default=None, description="corrected severity")
    legal_basis: str | None = Field(default=None, min_length=1, max_length=300,
                                    description="corrected legal basis")

    @model_validator(mode="after")
    def _correction_says_what(self) -> ObjectionDecision:
        correcting = self.severity is not None or self.legal_basis is not None
        if self.outcome is ObjectionOutcome.CORRECTED and not correcting:
            raise ValueError("a correction names the corrected severity or legal_basis")
        if self.outcome is not ObjectionOutcome.CORRECTED and correcting:
            raise ValueError(f"severity and legal_basis are only for outcome corrected, "
                             f"not {self.outcome.value}")
        return self


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
