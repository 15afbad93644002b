"""The handling department's steps (办理): accept, refuse, investigate, extend, pass on,
reply, close; and the whistleblower officer's identity read (CP-4)."""

from __future__ import annotations

from fastapi import APIRouter

from services.complaint_intake.api.deps import ContextDep
from services.complaint_intake.handlers import closing, handling
from services.complaint_intake.handlers.context import now
from services.complaint_intake.handlers.whistleblower import read_identity
from services.complaint_intake.models import Complaint
from services.complaint_intake.schemas import (
    Closing,
    ComplaintView,
    IdentityView,
    PassOn,
    Reasoned,
    ReplyEntry,
    ReplyView,
)
from shared.auth import CallerDep
from shared.web.deps import OutboxDep, UnitOfWorkDep

router = APIRouter(prefix="/v1/complaints/{complaint_id}")


def _view(complaint: Complaint) -> ComplaintView:
    return ComplaintView.model_validate(complaint)


@router.post("/accept", response_model=ComplaintView, summary="受理 a complaint")
async def accept(complaint_id: str, caller: CallerDep, ctx: ContextDep,
                 uow: UnitOfWorkDep) -> ComplaintView:
    return _view(await handling.accept(uow, ctx, complaint_id, caller, now()))


@router.post("/refuse", response_model=ComplaintView,
             summary="不予受理 / 不予立案, with the reason (told to the complainant)")
async def refuse(complaint_id: str, body: Reasoned, caller: CallerDep, uow: UnitOfWorkDep,
                 outbox: OutboxDep) -> ComplaintView:
    return _view(await handling.refuse(uow, outbox, complaint_id, caller, body.reason,
                                       now()))


@router.post("/investigate", response_model=ComplaintView,
             summary="立案核查: open a report's case, or investigate an accepted complaint")
async def investigate(complaint_id: str, caller: CallerDep, ctx: ContextDep,
                      uow: UnitOfWorkDep) -> ComplaintView:
    return _view(await handling.investigate(uow, ctx, complaint_id, caller, now()))


@router.post("/extend", response_model=ComplaintView,
             summary="Extend a report's case-opening deadline by 15 WD, once, with a reason")
async def extend(complaint_id: str, body: Reasoned, caller: CallerDep, ctx: ContextDep,
                 uow: UnitOfWorkDep) -> ComplaintView:
    return _view(await handling.extend_deadline(uow, ctx, complaint_id, caller, body.reason,
                                                now()))


@router.post("/pass-on", response_model=ComplaintView,
             summary="误派转办: pass a misrouted complaint to the right department")
async def pass_on(complaint_id: str, body: PassOn, caller: CallerDep, ctx: ContextDep,
                  uow: UnitOfWorkDep, outbox: OutboxDep) -> ComplaintView:
    return _view(await handling.pass_on(uow, outbox, ctx, complaint_id, caller,
                                        body.department, body.reason, now()))


@router.post("/replies", status_code=201, response_model=ReplyView,
             summary="Reply: public replies show through the receipt, others stay internal")
async def reply(complaint_id: str, body: ReplyEntry, caller: CallerDep,
                uow: UnitOfWorkDep) -> ReplyView:
    row = await handling.add_reply(uow, complaint_id, caller, body.text, body.public, now())
    return ReplyView(at=row.at, text=row.text, department=row.department, public=row.public)


@router.post("/close", response_model=ComplaintView,
             summary="办结 with an outcome: substantiated, not_substantiated, malicious, "
             "withdrawn")
async def close(complaint_id: str, body: Closing, caller: CallerDep, ctx: ContextDep,
                uow: UnitOfWorkDep, outbox: OutboxDep) -> ComplaintView:
    return _view(await closing.close(uow, outbox, ctx, complaint_id, caller, body, now()))


@router.get("/reporter", response_model=IdentityView,
            summary="The reporter's identity: whistleblower officer of the handling "
            "department only; every read is audited")
async def reporter(complaint_id: str, caller: CallerDep, ctx: ContextDep,
                   uow: UnitOfWorkDep) -> IdentityView:
    return await read_identity(uow, ctx, complaint_id, caller)
