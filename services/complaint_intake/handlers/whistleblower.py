"""Reading a reporter's identity (举报人身份查阅, CP-4): only the whistleblower officer
(``whistleblower_officer``) of the handling department, and every read is audited in the
same transaction (who, which complaint, when; never the identity itself)."""

from __future__ import annotations

from fastapi import HTTPException

from services.complaint_intake.handlers.context import IntakeContext
from services.complaint_intake.handlers.handling import actor_of, handled_complaint
from services.complaint_intake.handlers.reporters import open_identity
from services.complaint_intake.models import ReporterIdentity
from services.complaint_intake.schemas import IdentityView
from shared.audit import record as audit
from shared.auth import Caller
from shared.db import UnitOfWork

OFFICER = "whistleblower_officer"


async def read_identity(uow: UnitOfWork, ctx: IntakeContext, complaint_id: str,
                        caller: Caller) -> IdentityView:
    if not caller.has_role(OFFICER):
        raise HTTPException(403, detail=f"reading a reporter's identity needs the role "
                            f"'{OFFICER}' in the handling department; request a token with "
                            "that role")
    complaint = await handled_complaint(uow.session, complaint_id, caller)
    row = await uow.session.get(ReporterIdentity, complaint.id)
    await audit(uow, actor=actor_of(caller), action="complaint.reporter.read",
                subject=complaint.id, detail={"department": caller.dept,
                                              "identity_given": row is not None})
    data = open_identity(ctx.vault, row) if row is not None else None
    return IdentityView(
        complaint_id=complaint.id, name=data.name if data else None,
        phone=data.phone if data else None, id_number=data.id_number if data else None,
        contact=data.contact if data else None,
        internal_whistleblower=complaint.internal_whistleblower)
