"""The step that starts a transfer (发起移送), shared by a department's transfer and a
clue handed on by complaint-intake: the transfer row, the receiver's access and its
deadline to accept or return, and ``case.transferred.v1``."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from services.case_transfer.domain.deadlines import due_after
from services.case_transfer.handlers.steps import open_deadline
from services.case_transfer.models import Case, Transfer
from shared.clock import china_day
from shared.contracts.case import CaseTransferred
from shared.db import UnitOfWork
from shared.ids import new_id
from shared.versions import next_version

if TYPE_CHECKING:
    from services.case_transfer.bootstrap import CaseTransferContext


def region_of(ctx: CaseTransferContext, department: str) -> str | None:
    found = ctx.reference.departments.get(department)
    return found.region if found is not None else None


async def start_transfer(ctx: CaseTransferContext, uow: UnitOfWork, case: Case,
                         to_department: str, reasons: str,
                         attachments: list[dict[str, Any]], at: datetime) -> Transfer:
    """移送 ``case`` from its department to ``to_department``; it waits for the receiver."""
    cross_region = region_of(ctx, case.department) != region_of(ctx, to_department)
    deadlines = ctx.rules.deadlines
    rule = deadlines.transfer_acceptance_cross_region if cross_region \
        else deadlines.transfer_acceptance
    due = due_after(at, rule)
    transfer = Transfer(id=new_id(), case_id=case.id, from_department=case.department,
                        to_department=to_department, cross_region=cross_region,
                        reasons=reasons, attachments=attachments, status="pending",
                        sent_at=at, due_on=due.due_on)
    uow.session.add(transfer)
    case.pending_transfer_id = transfer.id  # the receiver sees the case by its transfer
    open_deadline(uow.session, case.id, "transfer_acceptance", transfer.id, to_department,
                  ctx.rules.supervision.administrative, due, at)
    version = await next_version(uow.session, case)
    uow.emit(CaseTransferred(transfer_id=transfer.id, case_id=case.id,
                             from_department=case.department, to_department=to_department,
                             cross_region=cross_region, transferred_on=china_day(at),
                             due_on=due.due_on, version=version))
    return transfer
