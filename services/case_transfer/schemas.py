"""What case-transfer's routes answer (视图): cases, their record, transfers, 行刑衔接,
reviews, decisions, cooperation, 督办 and deadlines. Request bodies are the handlers'
command models (``handlers.commands``, ``handlers.decision_commands``)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class View(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class CaseView(View):
    """A case (案件) or clue (线索) as the departments that may see it see it."""

    id: str
    kind: str = Field(description="case or clue")
    stage: str = Field(description="clue, registered (立案), investigating (调查取证), "
                       "legal_review (法制审核), decided (决定), served (送达), executed "
                       "(执行), concluded (结案) or dropped (不予立案)")
    department: str = Field(description="the department handling it now")
    opened_by: str
    party: str = Field(description="entity or person")
    uscc: str | None
    person_hash: str | None = Field(description="keyed hash of the person's ID number")
    person_name: str | None = Field(description="the person's name, masked (张*)")
    title: str
    facts: str
    violation_code: str | None
    severity: str | None
    suspected_crime: bool
    source: str
    source_ref: str | None
    investigators: list[str]
    pending_transfer_id: str | None
    criminal_state: str | None = Field(description="state of its latest 行刑衔接 transfer")
    outcome: str | None
    opened_at: datetime
    opened_on: date
    registered_on: date | None
    concluded_on: date | None
    updated_at: datetime


class StepView(View):
    """One step of the full-process record (执法全过程记录)."""

    step: str
    at: datetime
    department: str
    actor: str
    officers: list[str] | None
    note: str | None
    documents: list[dict[str, Any]] | None


class TransferView(View):
    id: str
    case_id: str
    from_department: str
    to_department: str
    cross_region: bool
    reasons: str
    attachments: list[dict[str, Any]]
    status: str = Field(description="pending, accepted or returned")
    sent_at: datetime
    due_on: date
    answered_at: datetime | None
    answer_reason: str | None


class CriminalTransferView(View):
    """One 行刑衔接 attempt and where it stands."""

    id: str
    case_id: str
    department: str
    state: str
    police_department: str
    officers: list[str]
    grounds: str
    proposed_at: datetime
    head_decided_at: datetime | None
    head_reason: str | None
    documents: list[dict[str, Any]] | None
    delivered_at: datetime | None
    police_decided_at: datetime | None
    police_reason: str | None
    reconsideration_due_on: date | None
    reconsideration_asked_at: datetime | None
    reconsideration_reason: str | None
    reconsideration_answered_at: datetime | None
    reconsideration_answer: str | None


class LegalReviewView(View):
    id: str
    case_id: str
    department: str
    proposal: dict[str, Any]
    major: bool
    status: str = Field(description="pending, passed or returned")
    submitted_at: datetime
    due_on: date
    reviewer: str | None
    opinion: str | None
    reviewed_at: datetime | None


class DecisionView(View):
    """决定, with the benchmark applied and its explanation."""

    case_id: str
    outcome: str
    violation_code: str | None
    circumstance: str | None
    measures: list[str]
    fine_yuan: Decimal | None
    goods_value_yuan: Decimal | None
    legal_basis: str
    reason: str | None
    benchmark: dict[str, Any] | None = Field(description="which benchmark applied and how")
    major: bool
    review_id: str | None
    decided_at: datetime
    decided_on: date
    signed_by: str


class ParticipantView(View):
    department: str
    status: str = Field(description="invited, joined or declined")
    due_on: date
    note: str | None
    responded_at: datetime | None


class JointActionView(View):
    id: str
    case_id: str
    lead_department: str
    purpose: str
    planned_on: date | None
    created_at: datetime
    participants: list[ParticipantView] = Field(default_factory=list)


class AssistanceView(View):
    id: str
    case_id: str
    from_department: str
    to_department: str
    request: str
    status: str = Field(description="open, answered or declined")
    asked_at: datetime
    due_on: date
    answer: str | None
    attachments: list[dict[str, Any]] | None
    answered_at: datetime | None


class SupervisionView(View):
    id: str
    case_id: str
    supervisor: str
    target_department: str
    kind: str
    instruction: str
    issued_at: datetime
    due_on: date
    answer: str | None
    answered_at: datetime | None


class DeadlineView(View):
    """A step someone owes by a deadline (督办事项)."""

    id: str
    case_id: str
    kind: str
    department: str = Field(description="who must act")
    supervisor: str = Field(description="who it escalates to")
    due_on: date
    due_at: datetime = Field(description="the moment it becomes overdue")
    met_at: datetime | None
    escalated_at: datetime | None


class CaseDetail(CaseView):
    """A case with everything that happened to it."""

    transfers: list[TransferView]
    criminal_transfers: list[CriminalTransferView]
    legal_reviews: list[LegalReviewView]
    decision: DecisionView | None
    joint_actions: list[JointActionView]
    assistance_requests: list[AssistanceView]
    supervisions: list[SupervisionView]
    open_deadlines: list[DeadlineView]


class SweepView(BaseModel):
    escalated: int = Field(description="deadlines escalated by this sweep (case.overdue.v1)")
