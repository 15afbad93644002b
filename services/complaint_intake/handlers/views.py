"""What a department reads (部门视图): its queue with the deadlines running and the overdue
ones first, and one complaint with its replies and history. Never the reporter."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.complaint_intake.domain.deadlines import overdue
from services.complaint_intake.domain.lifecycle import (
    OPEN,
    DeadlineState,
    Status,
    pending_deadline,
)
from services.complaint_intake.handlers.handling import handled_complaint
from services.complaint_intake.models import Complaint, HandlingStep, Reply
from services.complaint_intake.schemas import (
    ComplaintDetail,
    ComplaintView,
    QueueItem,
    ReplyView,
    StepView,
)
from shared.auth import Caller

QUEUE_LIMIT = 500


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
            row.decide_case_extended_by or row.decide_case_by, row.mediation_ends))
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
