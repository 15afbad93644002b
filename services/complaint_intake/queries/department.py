"""What a department reads (部门视图): its queue with the deadlines running and the overdue
ones first, and one complaint with its replies and history. Never the reporter."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.complaint_intake.domain.deadlines import overdue
from services.complaint_intake.domain.lifecycle import (
    OPEN,
    DeadlineState,
    Status,
    pending_deadline,
)
from services.complaint_intake.handlers.steps import handled_complaint
from services.complaint_intake.models import Complaint, HandlingStep, Reply
from shared.auth import Caller

QUEUE_LIMIT = 500


class PublicReply(BaseModel):
    at: datetime
    text: str


class ReplyView(PublicReply):
    department: str
    public: bool


class StepView(BaseModel):
    at: datetime
    action: str
    department: str
    note: str | None


class ComplaintView(BaseModel):
    """The handling department's view; the reporter's identity is never in it."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    kind: str
    channel: str
    channels: list[str]
    status: str
    category: str
    region: str
    department: str
    uscc: str | None
    subject_name: str | None
    subject_address: str | None
    match_score: float | None
    description: str
    attachments: list[str]
    received_on: date
    accept_by: date | None
    decide_case_by: date | None
    decide_case_extended_by: date | None
    mediation_ends: date | None
    case_opened_on: date | None
    case_decision_by: date | None
    case_decision_extended_by: date | None
    accepted_on: date | None
    closed_on: date | None
    outcome: str | None
    finding_for: str | None
    duplicate_of: str | None
    duplicates: int
    misroutes: int
    internal_whistleblower: bool
    reporter_standing: str
    satisfaction: int | None


class ComplaintDetail(ComplaintView):
    replies: list[ReplyView]
    steps: list[StepView]


class QueueItem(BaseModel):
    complaint_id: str
    kind: str
    category: str
    status: str
    received_on: date
    deadline: str | None
    due_on: date | None
    overdue: bool
    duplicates: int
    internal_whistleblower: bool
    reporter_standing: str


async def department_queue(session: AsyncSession, department: str, today: date,
                           only_overdue: bool = False) -> list[QueueItem]:
    """The department's open complaints (duplicates are counted on the first one)."""
    rows = (await session.scalars(
        select(Complaint).where(Complaint.department == department,
                                Complaint.status.in_([s.value for s in OPEN]))
        .order_by(Complaint.received_at).limit(QUEUE_LIMIT))).all()
    items = []
    for row in rows:
        pending = pending_deadline(DeadlineState(
            Status(row.status), row.accept_by,
            row.decide_case_extended_by or row.decide_case_by, row.mediation_ends,
            row.case_decision_extended_by or row.case_decision_by))
        due_on = pending[1] if pending else None
        late = overdue(due_on, today)
        if only_overdue and not late:
            continue
        items.append(QueueItem(
            complaint_id=row.id, kind=row.kind, category=row.category, status=row.status,
            received_on=row.received_on, deadline=pending[0] if pending else None,
            due_on=due_on, overdue=late, duplicates=row.duplicates,
            internal_whistleblower=row.internal_whistleblower,
            reporter_standing=row.reporter_standing))
    items.sort(key=lambda item: (not item.overdue, item.due_on or date.max))
    return items


async def complaint_detail(session: AsyncSession, complaint_id: str,
                           caller: Caller) -> ComplaintDetail:
    complaint = await handled_complaint(session, complaint_id, caller)
    replies = (await session.scalars(select(Reply).where(Reply.complaint_id == complaint.id)
                                     .order_by(Reply.at, Reply.id))).all()
    steps = (await session.scalars(
        select(HandlingStep).where(HandlingStep.complaint_id == complaint.id)
        .order_by(HandlingStep.at, HandlingStep.id))).all()
    view = ComplaintView.model_validate(complaint)
    return ComplaintDetail(
        **view.model_dump(),
        replies=[ReplyView(at=r.at, text=r.text, department=r.department, public=r.public)
                 for r in replies],
        steps=[StepView(at=s.at, action=s.action, department=s.department, note=s.note)
               for s in steps])
