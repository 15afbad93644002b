"""The handling department's steps (办理): accept, refuse, investigate, extend, pass on,
reply, close, each for an officer (role ``officer``) of the department handling the
complaint; the 12345 hotline office's assignment from its triage queue (an officer of
the office); the head's extension of a report's case decision (role ``head``); and the
whistleblower officer's identity read (CP-4)."""

from __future__ import annotations

from fastapi import APIRouter

from services.complaint_intake.api.deps import ContextDep
from services.complaint_intake.api.paths import ComplaintId
from services.complaint_intake.handlers import closing, handling, triage
from services.complaint_intake.handlers.whistleblower import read_identity
from services.complaint_intake.models import Complaint
from services.complaint_intake.schemas import (
    Assignment,
    Closing,
    ComplaintView,
    IdentityView,
    PassOn,
    Reasoned,
    ReplyEntry,
    ReplyView,
)
from shared.access import Head, Officer, WhistleblowerOfficer
from shared.web.deps import UnitOfWorkDep
from shared.web.openapi import problems

router = APIRouter(prefix="/v1/complaints/{complaint_id}")
STEP = problems(404, 409)  # no such complaint; the step is not allowed in its state


def _view(complaint: Complaint) -> ComplaintView:
    return ComplaintView.model_validate(complaint)


@router.post("/accept", response_model=ComplaintView, responses=STEP,
             summary="受理 a complaint")
async def accept(complaint_id: ComplaintId, caller: Officer, ctx: ContextDep,
                 uow: UnitOfWorkDep) -> ComplaintView:
    return _view(await handling.accept(uow, ctx, complaint_id, caller, ctx.clock.now()))


@router.post("/refuse", response_model=ComplaintView, responses=STEP,
             summary="不予受理 / 不予立案, with the reason (told to the complainant)")
async def refuse(complaint_id: ComplaintId, body: Reasoned, caller: Officer,
                 ctx: ContextDep, uow: UnitOfWorkDep) -> ComplaintView:
    return _view(await handling.refuse(uow, complaint_id, caller, body.reason,
                                       ctx.clock.now()))


@router.post("/investigate", response_model=ComplaintView, responses=STEP,
             summary="立案核查: open a report's case, or investigate an accepted complaint")
async def investigate(complaint_id: ComplaintId, caller: Officer, ctx: ContextDep,
                      uow: UnitOfWorkDep) -> ComplaintView:
    return _view(await handling.investigate(uow, ctx, complaint_id, caller,
                                            ctx.clock.now()))


@router.post("/extend", response_model=ComplaintView, responses=STEP,
             summary="Extend a report's case-opening deadline by 15 WD, once, with a reason")
async def extend(complaint_id: ComplaintId, body: Reasoned, caller: Officer,
                 ctx: ContextDep, uow: UnitOfWorkDep) -> ComplaintView:
    return _view(await handling.extend_deadline(uow, ctx, complaint_id, caller, body.reason,
                                                ctx.clock.now()))


@router.post("/extend-decision", response_model=ComplaintView, responses=STEP,
             summary="负责人批准延期: the head extends a report's case decision deadline "
             "(90 days from 立案) by 30 days, once, with a reason")
async def extend_decision(complaint_id: ComplaintId, body: Reasoned, caller: Head,
                          ctx: ContextDep, uow: UnitOfWorkDep) -> ComplaintView:
    return _view(await handling.extend_case_decision(uow, ctx, complaint_id, caller,
                                                     body.reason, ctx.clock.now()))


@router.post("/assign", response_model=ComplaintView, responses=STEP,
             summary="派单 (一号响应): the 12345 hotline office assigns a complaint from its "
             "triage queue to a department")
async def assign(complaint_id: ComplaintId, body: Assignment, caller: Officer,
                 ctx: ContextDep, uow: UnitOfWorkDep) -> ComplaintView:
    return _view(await triage.assign(uow, ctx, complaint_id, caller, body, ctx.clock.now()))


@router.post("/pass-on", response_model=ComplaintView, responses=STEP,
             summary="误派转办: pass a misrouted complaint to the right department")
async def pass_on(complaint_id: ComplaintId, body: PassOn, caller: Officer, ctx: ContextDep,
                  uow: UnitOfWorkDep) -> ComplaintView:
    return _view(await handling.pass_on(uow, ctx, complaint_id, caller, body.department,
                                        body.reason, ctx.clock.now()))


@router.post("/replies", status_code=201, response_model=ReplyView,
             responses=problems(404),
             summary="Reply: public replies show through the receipt, others stay internal")
async def reply(complaint_id: ComplaintId, body: ReplyEntry, caller: Officer,
                ctx: ContextDep, uow: UnitOfWorkDep) -> ReplyView:
    row = await handling.add_reply(uow, complaint_id, caller, body.text, body.public,
                                   ctx.clock.now())
    return ReplyView(at=row.at, text=row.text, department=row.department, public=row.public)


@router.post("/close", response_model=ComplaintView, responses=STEP,
             summary="办结 with an outcome: substantiated, not_substantiated, malicious, "
             "withdrawn")
async def close(complaint_id: ComplaintId, body: Closing, caller: Officer, ctx: ContextDep,
                uow: UnitOfWorkDep) -> ComplaintView:
    return _view(await closing.close(uow, ctx, complaint_id, caller, body, ctx.clock.now()))


@router.get("/reporter", response_model=IdentityView, responses=problems(404),
            summary="The reporter's identity: whistleblower officer of the handling "
            "department only; every read is audited")
async def reporter(complaint_id: ComplaintId, caller: WhistleblowerOfficer, ctx: ContextDep,
                   uow: UnitOfWorkDep) -> IdentityView:
    read = await read_identity(uow, ctx, complaint_id, caller)
    data = read.identity
    return IdentityView(
        complaint_id=read.complaint_id, name=data.name if data else None,
        phone=data.phone if data else None, id_number=data.id_number if data else None,
        contact=data.contact if data else None,
        internal_whistleblower=read.internal_whistleblower)
