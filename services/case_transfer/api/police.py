"""行刑衔接 routes (CT-2): the agency proposes, its head decides, the agency delivers to the
police with the four documents, the police decide, the agency may ask reconsideration and
the police answer it. Each refused step is a 409 naming the step and state (or the
passed deadline); a missing document is a 422 naming it."""

from __future__ import annotations

from fastapi import APIRouter

from services.case_transfer.api.deps import ContextDep, Identifier
from services.case_transfer.handlers import criminal
from services.case_transfer.handlers.commands import (
    CriminalProposal,
    Delivery,
    HeadDecision,
    PoliceDecision,
    Reasoned,
    ReconsiderationAnswer,
)
from services.case_transfer.schemas import CriminalTransferView
from shared.access import Head, Officer
from shared.web.deps import UnitOfWorkDep
from shared.web.openapi import problems

router = APIRouter(prefix="/v1/cases/{case_id}/police-transfer")
STEP = problems(404, 409)


def _view(attempt) -> CriminalTransferView:  # type: ignore[no-untyped-def]
    return CriminalTransferView.model_validate(attempt)


@router.post("", status_code=201, response_model=CriminalTransferView, responses=STEP,
             summary="提请移送: ≥ 2 investigators report a suspected crime to the head, who "
             "decides within 3 days")
async def propose(case_id: Identifier, body: CriminalProposal, caller: Officer,
                  ctx: ContextDep, uow: UnitOfWorkDep) -> CriminalTransferView:
    return _view(await criminal.propose(ctx, uow, case_id, body, caller, ctx.clock.now()))


@router.post("/head-decision", response_model=CriminalTransferView, responses=STEP,
             summary="负责人决定: approve (to the police within 24 hours) or not, with reasons")
async def head_decision(case_id: Identifier, body: HeadDecision, caller: Head,
                        ctx: ContextDep, uow: UnitOfWorkDep) -> CriminalTransferView:
    return _view(await criminal.decide_as_head(ctx, uow, case_id, body, caller,
                                               ctx.clock.now()))


@router.post("/delivery", response_model=CriminalTransferView, responses=STEP,
             summary="移送公安 with 移送书, 调查报告, 涉案物品清单 and 检验/鉴定结论 "
             "(case.police.transferred.v1); the police decide within 3 days")
async def delivery(case_id: Identifier, body: Delivery, caller: Officer, ctx: ContextDep,
                   uow: UnitOfWorkDep) -> CriminalTransferView:
    return _view(await criminal.deliver(ctx, uow, case_id, body, caller, ctx.clock.now()))


@router.post("/police-decision", response_model=CriminalTransferView, responses=STEP,
             summary="公安机关决定 (the police department it reached): filed, or not filed "
             "with reasons (case.police.decided.v1)")
async def police_decision(case_id: Identifier, body: PoliceDecision, caller: Officer,
                          ctx: ContextDep, uow: UnitOfWorkDep) -> CriminalTransferView:
    return _view(await criminal.decide_as_police(ctx, uow, case_id, body, caller,
                                                 ctx.clock.now()))


@router.post("/reconsideration", response_model=CriminalTransferView, responses=STEP,
             summary="提请复议 of a decision not to file, within 3 days of it")
async def reconsideration(case_id: Identifier, body: Reasoned, caller: Officer,
                          ctx: ContextDep, uow: UnitOfWorkDep) -> CriminalTransferView:
    return _view(await criminal.ask_reconsideration(ctx, uow, case_id, body.reason, caller,
                                                    ctx.clock.now()))


@router.post("/reconsideration-answer", response_model=CriminalTransferView, responses=STEP,
             summary="复议决定 of the police: reverse (立案) or uphold, within 3 days")
async def reconsideration_answer(case_id: Identifier, body: ReconsiderationAnswer,
                                 caller: Officer, ctx: ContextDep,
                                 uow: UnitOfWorkDep) -> CriminalTransferView:
    return _view(await criminal.answer_reconsideration(ctx, uow, case_id, body, caller,
                                                       ctx.clock.now()))
