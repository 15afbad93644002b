"""Joint enforcement and assistance routes (联合执法 / 协查, CT-3)."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import select

from services.case_transfer.api.deps import ContextDep, Identifier, Limit, Offset
from services.case_transfer.handlers import cooperation
from services.case_transfer.handlers.decision_commands import (
    AssistanceAnswer,
    AssistanceAsk,
    JointAnswer,
    JointInvitation,
)
from services.case_transfer.models import AssistanceRequest, JointAction, JointParticipant
from services.case_transfer.schemas import AssistanceView, JointActionView, ParticipantView
from shared.access import Officer
from shared.auth import CallerDep
from shared.web.deps import ReaderDep, UnitOfWorkDep
from shared.web.openapi import problems

router = APIRouter(prefix="/v1")
STEP = problems(404, 409)


async def _action_view(uow: UnitOfWorkDep, action: JointAction) -> JointActionView:
    view = JointActionView.model_validate(action)
    view.participants = [ParticipantView.model_validate(p) for p in (await uow.session.scalars(
        select(JointParticipant).where(JointParticipant.action_id == action.id)
        .order_by(JointParticipant.department))).all()]
    return view


@router.post("/cases/{case_id}/joint-actions", status_code=201,
             response_model=JointActionView, responses=STEP,
             summary="联合执法: the lead (handling) department invites others; they see the "
             "case and answer within the rule's working days")
async def invite(case_id: Identifier, body: JointInvitation, caller: Officer, ctx: ContextDep,
                 uow: UnitOfWorkDep) -> JointActionView:
    action = await cooperation.invite(ctx, uow, case_id, body, caller, ctx.clock.now())
    return await _action_view(uow, action)


@router.post("/joint-actions/{action_id}/answer", response_model=JointActionView,
             responses=STEP, summary="Join or decline a joint action your department was "
             "invited to")
async def answer_invitation(action_id: Identifier, body: JointAnswer, caller: Officer,
                            ctx: ContextDep, uow: UnitOfWorkDep) -> JointActionView:
    await cooperation.answer_invitation(ctx, uow, action_id, body, caller, ctx.clock.now())
    action = await uow.session.get(JointAction, action_id)
    assert action is not None
    return await _action_view(uow, action)


@router.post("/cases/{case_id}/assistance-requests", status_code=201,
             response_model=AssistanceView, responses=STEP,
             summary="协查请求 to another department or region, with its deadline in working "
             "days")
async def ask(case_id: Identifier, body: AssistanceAsk, caller: Officer, ctx: ContextDep,
              uow: UnitOfWorkDep) -> AssistanceView:
    done = await cooperation.ask(ctx, uow, case_id, body, caller, ctx.clock.now())
    return AssistanceView.model_validate(done)


@router.post("/assistance-requests/{request_id}/answer", response_model=AssistanceView,
             responses=STEP, summary="Answer (or decline) an assistance request to your "
             "department")
async def answer(request_id: Identifier, body: AssistanceAnswer, caller: Officer,
                 ctx: ContextDep, uow: UnitOfWorkDep) -> AssistanceView:
    done = await cooperation.answer(ctx, uow, request_id, body, caller, ctx.clock.now())
    return AssistanceView.model_validate(done)


@router.get("/assistance-requests", response_model=list[AssistanceView],
            summary="Open assistance requests to your department, oldest first")
async def incoming(caller: CallerDep, session: ReaderDep, limit: Limit = 50,
                   offset: Offset = 0) -> list[AssistanceView]:
    rows = (await session.scalars(
        select(AssistanceRequest).where(AssistanceRequest.to_department == caller.dept,
                                        AssistanceRequest.status == "open")
        .order_by(AssistanceRequest.asked_at, AssistanceRequest.id)
        .limit(limit).offset(offset))).all()
    return [AssistanceView.model_validate(row) for row in rows]
