"""Transfers between departments and regions (案件移送, CT-1): the holder transfers a case
or clue with reasons and attachments; the receiver accepts it (and handles it from then
on) or returns it with a reason, within the rule's working days. Both sides see the
status (情况通报) and both get the events."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from services.case_transfer.domain.stages import Step
from services.case_transfer.handlers.commands import Acceptance, TransferOrder
from services.case_transfer.handlers.inputs import documents_json
from services.case_transfer.handlers.steps import (
    check_investigators,
    check_receiver,
    handled_case,
    meet_deadline,
    record_step,
    visible_case,
)
from services.case_transfer.handlers.transfer_steps import start_transfer
from services.case_transfer.models import Case, Transfer
from shared.access import ensure_owner
from shared.auth import Caller
from shared.clock import china_day
from shared.contracts.case import CaseAccepted, CaseReturned
from shared.db import UnitOfWork
from shared.errors import NotFound, WrongState
from shared.versions import next_version

if TYPE_CHECKING:
    from services.case_transfer.bootstrap import CaseTransferContext


async def transfer(ctx: CaseTransferContext, uow: UnitOfWork, case_id: str,
                   order: TransferOrder, caller: Caller, at: datetime) -> Transfer:
    """移送 by the department handling the case (its officer)."""
    case = await handled_case(ctx, uow.session, case_id, caller, Step.TRANSFER)
    check_receiver(ctx, case, order.to_department)
    attachments = documents_json(order.attachments)
    moved = await start_transfer(ctx, uow, case, order.to_department, order.reasons,
                                 attachments, at)
    await record_step(uow, case, "transferred", caller, at, note=order.reasons,
                      documents=attachments, detail={"to_department": order.to_department,
                                                     "transfer_id": moved.id})
    return moved


async def incoming_transfer(ctx: CaseTransferContext, uow: UnitOfWork, transfer_id: str,
                            caller: Caller) -> tuple[Transfer, Case]:
    """A pending transfer to the caller's department and its case (locked)."""
    found = await uow.session.get(Transfer, transfer_id, with_for_update=True)
    if found is None:
        raise NotFound("transfer", transfer_id, "check the id")
    case = await visible_case(ctx, uow.session, found.case_id, caller, lock=True)
    ensure_owner(caller, found.to_department, f"transfer {transfer_id}",
                 "only the receiving department accepts or returns it")
    if found.status != "pending":
        raise WrongState(f"transfer {transfer_id} was already {found.status}; only a "
                         "pending transfer can be accepted or returned", step="answer_transfer")
    return found, case


async def accept(ctx: CaseTransferContext, uow: UnitOfWork, transfer_id: str,
                 command: Acceptance, caller: Caller, at: datetime) -> Transfer:
    """接收: the receiver handles the case from now on (a case with its own officers)."""
    found, case = await incoming_transfer(ctx, uow, transfer_id, caller)
    if case.kind == "case":
        case.investigators = check_investigators(ctx, command.investigators)
    elif command.investigators:
        case.investigators = sorted(set(command.investigators))
    else:
        case.investigators = []
    found.status, found.answered_at, found.answer_reason = "accepted", at, command.note
    late = await meet_deadline(uow.session, "transfer_acceptance", found.id, at)
    case.department, case.pending_transfer_id = found.to_department, None
    await record_step(uow, case, "transfer_accepted", caller, at, note=command.note,
                      officers=case.investigators or None,
                      detail={"transfer_id": found.id, "late": late})
    uow.emit(CaseAccepted(transfer_id=found.id, case_id=case.id, department=found.to_department,
                          from_department=found.from_department, accepted_on=china_day(at),
                          late=late, version=await next_version(uow.session, case)))
    return found


async def give_back(ctx: CaseTransferContext, uow: UnitOfWork, transfer_id: str,
                    reason: str, caller: Caller, at: datetime) -> Transfer:
    """退回 with the reason: the sender handles the case again."""
    found, case = await incoming_transfer(ctx, uow, transfer_id, caller)
    found.status, found.answered_at, found.answer_reason = "returned", at, reason
    late = await meet_deadline(uow.session, "transfer_acceptance", found.id, at)
    case.pending_transfer_id = None
    await record_step(uow, case, "transfer_returned", caller, at, note=reason,
                      detail={"transfer_id": found.id, "late": late})
    uow.emit(CaseReturned(transfer_id=found.id, case_id=case.id, department=found.to_department,
                          to_department=found.from_department, returned_on=china_day(at),
                          late=late, version=await next_version(uow.session, case)))
    return found
