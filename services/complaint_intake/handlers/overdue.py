"""The overdue sweep (逾期督办, CP-1, CP-6): one ``complaint.overdue.v1`` per passed deadline.

A notice row keyed (complaint, deadline, day due) is inserted with ON CONFLICT DO
NOTHING; the event is written only when the row is new, in the same transaction, so the
sweep can run as often as wanted, from the app's periodic task or from the command line,
and in several processes at once, and still raise each deadline exactly once.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import case, exists, func, select
from sqlalchemy.dialects import postgresql, sqlite

from services.complaint_intake.domain.lifecycle import (
    OPEN,
    WAITING,
    DeadlineState,
    Status,
    passed_deadline,
)
from services.complaint_intake.models import Complaint, OverdueNotice
from shared.audit import record as audit
from shared.contracts.complaint import ComplaintOverdue
from shared.db import Database, UnitOfWork

ACTOR = "complaint-intake/overdue-sweep"
BATCH = 1000


async def sweep_overdue(uow: UnitOfWork, today: date) -> int:
    """Raise every deadline passed on ``today`` not raised before; how many were raised."""
    session = uow.session
    decide_due = func.coalesce(Complaint.decide_case_extended_by, Complaint.decide_case_by)
    due = case((Complaint.status.in_([s.value for s in WAITING]),
                func.coalesce(Complaint.accept_by, decide_due)),
               (Complaint.status == Status.INVESTIGATING.value,
                func.coalesce(Complaint.case_decision_extended_by,
                              Complaint.case_decision_by, Complaint.mediation_ends)),
               else_=Complaint.mediation_ends)
    raised_before = exists().where(OverdueNotice.complaint_id == Complaint.id,
                                   OverdueNotice.due_on == due)
    candidates = (await session.scalars(
        select(Complaint).where(
            Complaint.status.in_([s.value for s in OPEN]), due < today, ~raised_before)
        .order_by(Complaint.received_at).limit(BATCH))).all()
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    raised = 0
    for complaint in candidates:
        passed = passed_deadline(deadline_state(complaint), today)
        if passed is None:
            continue
        name, due_on = passed
        inserted = await session.execute(
            dialect.insert(OverdueNotice).values(
                complaint_id=complaint.id, deadline=name, due_on=due_on,
                department=complaint.department, detected_on=today)
            .on_conflict_do_nothing())
        if inserted.rowcount != 1:
            continue
        await audit(uow, actor=ACTOR, action="complaint.overdue", subject=complaint.id,
                    detail={"deadline": name, "due_on": due_on.isoformat(),
                            "department": complaint.department})
        uow.emit(ComplaintOverdue(
            complaint_id=complaint.id, department=complaint.department, deadline=name,
            due_on=due_on, detected_on=today))
        raised += 1
    return raised


def deadline_state(complaint: Complaint) -> DeadlineState:
    """What the overdue check (and the queue) reads of ``complaint``."""
    return DeadlineState(
        Status(complaint.status), complaint.accept_by,
        complaint.decide_case_extended_by or complaint.decide_case_by,
        complaint.mediation_ends,
        complaint.case_decision_extended_by or complaint.case_decision_by)


async def sweep_until_done(database: Database, today: date) -> int:
    """``sweep_overdue`` batch by batch, one unit of work each, until nothing is left to
    raise; how many deadlines were raised."""
    total = 0
    while True:
        async with database.unit_of_work() as uow:
            raised = await sweep_overdue(uow, today)
        total += raised
        if raised == 0:
            return total
