"""Steps every handling use case takes (办理步骤): find the complaint the caller's
department handles, check the step is allowed now, and leave the history step and the
audit entry behind."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.complaint_intake.domain.lifecycle import Status, Step, refusal
from services.complaint_intake.domain.rule_models import ComplaintKind
from services.complaint_intake.models import Complaint, HandlingStep
from shared.access import actor_of, ensure_owner
from shared.audit import record as audit
from shared.auth import Caller
from shared.clock import china_day
from shared.db import UnitOfWork
from shared.errors import NotFound, WrongState


async def handled_complaint(session: AsyncSession, complaint_id: str, caller: Caller,
                            *, lock: bool = False) -> Complaint:
    """The complaint, if the caller's department handles it (else 403; unknown: 404)."""
    complaint = await session.get(Complaint, complaint_id, with_for_update=lock or None)
    if complaint is None:
        raise NotFound("complaint", complaint_id, "check the id; a filing is routed "
                       "moments after it is received, so one just filed may not be here yet")
    ensure_owner(caller, complaint.department, f"complaint {complaint_id}",
                 "only the handling department can see or act on it")
    return complaint


def check_step(complaint: Complaint, step: Step) -> None:
    """409 unless ``step`` is allowed on the complaint now (``domain.lifecycle``)."""
    why = refusal(step, Status(complaint.status), ComplaintKind(complaint.kind))
    if why is not None:
        raise WrongState(why)


async def add_step(uow: UnitOfWork, complaint: Complaint, action: str, actor: str,
                   at: datetime, note: str | None = None,
                   department: str | None = None) -> None:
    """One step of the handling history (办理记录): who did what, when."""
    uow.session.add(HandlingStep(complaint_id=complaint.id, at=at, on_day=china_day(at),
                                 action=action, department=department or complaint.department,
                                 actor=actor[:200], note=note))


async def record_step(uow: UnitOfWork, complaint: Complaint, action: str, caller: Caller,
                      at: datetime, note: str | None = None) -> None:
    """The history step and the audit entry of ``action`` on the complaint."""
    await add_step(uow, complaint, action, actor_of(caller), at, note=note)
    await audit(uow, actor=actor_of(caller), action=f"complaint.{action}",
                subject=complaint.id, detail={"status": complaint.status,
                                              "department": complaint.department})
