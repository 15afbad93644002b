"""Request and response shapes of credit commitments (信用承诺, CR-4) at the HTTP edge."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from services.credit_rating.domain.commitments import CommitmentKind, CommitmentStatus
from services.credit_rating.domain.records import Severity
from services.credit_rating.schemas import decided_by_today
from shared.uscc import USCC


class CommitmentEntry(BaseModel):
    """A commitment an entity made to your department (信用承诺)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    uscc: USCC
    kind: CommitmentKind = Field(description="审批替代型 approval_substitute, 主动公开型 "
                                 "public_disclosure, 行业自律型 industry_self_discipline, "
                                 "信用修复型 credit_repair")
    department: str = Field(min_length=1, max_length=32, examples=["XZSP"],
                            description="your department: the one the commitment is made to")
    matter: str | None = Field(default=None, max_length=64, examples=["XZSP-003"],
                               description="matter of the approval it backs")
    decision_ref: str | None = Field(default=None, max_length=100,
                                     examples=["青审批〔2026〕118号"],
                                     description="reference of the decision it backs")
    content: str = Field(min_length=1, max_length=2000, description="承诺内容 as signed",
                         examples=["本单位承诺所提交材料真实有效, 如有不实愿承担相应责任"])
    made_on: date = Field(description="day the commitment was signed")
    valid_until: date | None = Field(default=None, description="end of the commitment, if any")

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> CommitmentEntry:
        if self.valid_until is not None and self.valid_until < self.made_on:
            raise ValueError("valid_until lies before made_on; give the commitment's last day")
        return self


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


class BreachEntry(BaseModel):
    """承诺不实: your department found the commitment false."""

    found_on: date = Field(description="day of the finding")
    finding: str = Field(min_length=1, max_length=200, description="what was found and "
                         "where (visit, document)", examples=["现场核查: 经营场所与承诺不符"])
    severity: Severity | None = Field(default=None, description="失信程度 of the record; "
                                      "default from the rules (commitments.breach_severity)")

    @field_validator("found_on")
    @classmethod
    def _found_already(cls, day: date, info: ValidationInfo) -> date:
        """The finding becomes a record decided on that day, which cannot lie ahead."""
        decided_by_today(day, str(info.field_name))
        return day


class KeptEntry(BaseModel):
    """守诺: the commitment was fulfilled (a positive record, CR-4)."""

    kept_on: date = Field(description="day fulfilment was confirmed")
    note: str | None = Field(default=None, max_length=200)

    @field_validator("kept_on")
    @classmethod
    def _kept_already(cls, day: date, info: ValidationInfo) -> date:
        """The fulfilment becomes a record decided on that day, which cannot lie ahead."""
        decided_by_today(day, str(info.field_name))
        return day
