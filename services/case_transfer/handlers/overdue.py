"""The overdue sweep (逾期督办, CT-7): every deadline passed unmet escalates once, with
``case.overdue.v1`` to its supervising department.

The candidates come from the partial index of unmet, unescalated deadlines by due time,
so a sweep reads only what has just become overdue, however many items are open. They
are marked escalated with an UPDATE that also requires them to be still unescalated and
unmet and returns the rows it marked (on PostgreSQL, rows another sweep holds are
skipped), and only those get their events and audit entries, in the same transaction:
the sweep can run as often as wanted, from the app's periodic task, the operator's
endpoint or the command line, in several processes at once, and still escalate each
deadline exactly once.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select, update

from services.case_transfer.models import CaseDeadline
from shared.audit import AuditNote, record_many
from shared.contracts.case import CaseOverdue
from shared.db import UnitOfWork

if TYPE_CHECKING:
    from services.case_transfer.bootstrap import CaseTransferContext

ACTOR = "case-transfer/overdue-sweep"
BATCH = 5000
_COLUMNS = (CaseDeadline.id, CaseDeadline.case_id, CaseDeadline.kind,
            CaseDeadline.department, CaseDeadline.supervisor, CaseDeadline.due_at)
_CHUNK = 500  # ids per UPDATE … IN (…)

DUE_UNESCALATED = (
    select(*_COLUMNS)
    .where(CaseDeadline.met_at.is_(None), CaseDeadline.escalated_at.is_(None))
)


async def escalate_overdue(uow: UnitOfWork, now: datetime, batch: int = BATCH) -> int:
    """Escalate up to ``batch`` deadlines passed by ``now``; how many were escalated."""
    session = uow.session
    query = (DUE_UNESCALATED.where(CaseDeadline.due_at <= now)
             .order_by(CaseDeadline.due_at).limit(batch))
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    rows = (await session.execute(query)).all()
    if not rows:
        return 0
    marked: set[str] = set()
    for start in range(0, len(rows), _CHUNK):
        ids = [row.id for row in rows[start:start + _CHUNK]]
        marked.update(await session.scalars(
            update(CaseDeadline)
            .where(CaseDeadline.id.in_(ids), CaseDeadline.met_at.is_(None),
                   CaseDeadline.escalated_at.is_(None))
            .values(escalated_at=now).returning(CaseDeadline.id)
            .execution_options(synchronize_session=False)))
    rows = [row for row in rows if row.id in marked]  # none another sweep took meanwhile
    if not rows:
        return 0
    uow.emit_many([CaseOverdue.model_construct(  # the rows' own values: nothing to validate
        deadline_id=row.id, case_id=row.case_id, deadline=row.kind, department=row.department,
        supervisor=row.supervisor, due_at=row.due_at, detected_at=now) for row in rows])
    await record_many(uow, [AuditNote(ACTOR, "case.overdue", row.case_id, {
        "deadline_id": row.id, "deadline": row.kind, "department": row.department,
        "supervisor": row.supervisor, "due_at": row.due_at.isoformat()}) for row in rows])
    return len(rows)


async def escalate_all(ctx: CaseTransferContext) -> int:
    """Sweep batch by batch until nothing passed is left unescalated; how many."""
    total = 0
    while True:
        async with ctx.database.unit_of_work() as uow:
            escalated = await escalate_overdue(uow, ctx.clock.now())
        total += escalated
        if escalated < BATCH:
            return total
