"""督办 routes (CT-7): the overdue items, the sweep that escalates them, and supervisors'
instructions with their answers."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter

from services.case_transfer.api.deps import ContextDep, Identifier, Limit, Offset
from services.case_transfer.handlers import supervision
from services.case_transfer.handlers.decision_commands import (
    SupervisionAnswer,
    SupervisionOrder,
)
from services.case_transfer.handlers.overdue import escalate_all
from services.case_transfer.queries.overdue import overdue_items
from services.case_transfer.schemas import DeadlineView, SupervisionView, SweepView
from shared.access import Officer, Operator
from shared.auth import CallerDep
from shared.web.deps import ReaderDep, UnitOfWorkDep
from shared.web.openapi import problems

router = APIRouter(prefix="/v1")
DeadlineKind = Literal["transfer_acceptance", "head_decision", "police_delivery",
                       "police_decision", "reconsideration_answer", "legal_review",
                       "assistance", "joint_response", "supervision"]


@router.get("/cases/overdue", response_model=list[DeadlineView],
            summary="Overdue items your department owes or supervises (逾期事项), oldest "
            "first; each was or will be escalated once (case.overdue.v1)")
async def overdue(caller: CallerDep, ctx: ContextDep, session: ReaderDep,
                  kind: DeadlineKind | None = None, limit: Limit = 100,
                  offset: Offset = 0) -> list[DeadlineView]:
    return await overdue_items(session, caller, ctx.clock.now(), kind=kind, limit=limit,
                               offset=offset)


@router.post("/cases/overdue/sweep", response_model=SweepView,
             summary="Escalate now every deadline passed unmet, once each (the app also "
             "sweeps periodically)")
async def sweep(_caller: Operator, ctx: ContextDep) -> SweepView:
    return SweepView(escalated=await escalate_all(ctx))


@router.post("/cases/{case_id}/supervisions", status_code=201, response_model=SupervisionView,
             responses=problems(404, 409),
             summary="督办 instruction with its own deadline, by the department an overdue "
             "item was escalated to, or JCY on a 行刑衔接 case (also 立案监督)")
async def issue(case_id: Identifier, body: SupervisionOrder, caller: Officer, ctx: ContextDep,
                uow: UnitOfWorkDep) -> SupervisionView:
    done = await supervision.issue(ctx, uow, case_id, body, caller, ctx.clock.now())
    return SupervisionView.model_validate(done)


@router.post("/supervisions/{supervision_id}/answer", response_model=SupervisionView,
             responses=problems(404, 409),
             summary="Answer a 督办 instruction addressed to your department")
async def answer(supervision_id: Identifier, body: SupervisionAnswer, caller: Officer,
                 ctx: ContextDep, uow: UnitOfWorkDep) -> SupervisionView:
    done = await supervision.answer(ctx, uow, supervision_id, body.answer, caller,
                                    ctx.clock.now())
    return SupervisionView.model_validate(done)
