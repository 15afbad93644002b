"""Reading a reporter's identity (举报人身份查阅, CP-4): only the whistleblower officer
(role ``whistleblower_officer``, checked at the route) of the handling department, and
every read is audited in the same transaction (who, which complaint, when; never the
identity itself)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from services.complaint_intake.domain.identity import PersonalData
from services.complaint_intake.handlers.reporters import open_identity
from services.complaint_intake.handlers.steps import handled_complaint
from services.complaint_intake.models import ReporterIdentity
from shared.access import actor_of
from shared.audit import record as audit
from shared.auth import Caller
from shared.db import UnitOfWork

if TYPE_CHECKING:
    from services.complaint_intake.bootstrap import IntakeContext


@dataclass(frozen=True)
class ReporterRead:
    """What the officer learns: the particulars given (None: anonymous), and whether the
    reporter works for the entity."""

    complaint_id: str
    identity: PersonalData | None
    internal_whistleblower: bool


async def read_identity(uow: UnitOfWork, ctx: IntakeContext, complaint_id: str,
                        caller: Caller) -> ReporterRead:
    complaint = await handled_complaint(uow.session, complaint_id, caller)
    row = await uow.session.get(ReporterIdentity, complaint.id)
    await audit(uow, actor=actor_of(caller), action="complaint.reporter.read",
                subject=complaint.id, detail={"department": caller.dept,
                                              "identity_given": row is not None})
    return ReporterRead(complaint.id, open_identity(ctx.vault, row) if row else None,
                        complaint.internal_whistleblower)
