"""Case routes (案件与线索, CT-1, CT-4): open, list, read, the full-process record, 立案
of a clue, 不予立案, evidence, service, execution and conclusion."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query

from services.case_transfer.api.deps import ContextDep, Identifier, Limit, Offset
from services.case_transfer.handlers import conclusion, opening
from services.case_transfer.handlers.commands import Evidence, NewCase, Reasoned, Registration
from services.case_transfer.handlers.decision_commands import StepNote
from services.case_transfer.models import Case
from services.case_transfer.queries import cases
from services.case_transfer.schemas import CaseDetail, CaseView, StepView
from shared.access import Officer
from shared.auth import CallerDep
from shared.web.deps import ReaderDep, UnitOfWorkDep
from shared.web.openapi import problems

router = APIRouter(prefix="/v1/cases")
STEP = problems(404, 409)
Stage = Literal["clue", "registered", "investigating", "legal_review", "decided", "served",
                "executed", "concluded", "dropped"]


async def _detail(uow: UnitOfWorkDep, case: Case) -> CaseDetail:
    return await cases.detail_of(uow.session, case)


@router.post("", status_code=201, response_model=CaseDetail,
             summary="立案 or 线索登记: open a case (≥ 2 investigators) or record a clue, "
             "about an entity (USCC) or a person (stored only hashed and masked)")
async def open_case(body: NewCase, caller: Officer, ctx: ContextDep,
                    uow: UnitOfWorkDep) -> CaseDetail:
    return await _detail(uow, await opening.open_case(ctx, uow, body, caller, ctx.clock.now()))


@router.get("", response_model=list[CaseView],
            summary="The cases your department may see: opened or handled by it, transferred "
            "to or shared with it; JCY: every 行刑衔接 case")
async def listing(caller: CallerDep, ctx: ContextDep, session: ReaderDep,
                  stage: Stage | None = None,
                  kind: Literal["case", "clue"] | None = None,
                  criminal: bool | None = Query(default=None, description="only cases with "
                                                "(true) or without (false) a 行刑衔接"),
                  limit: Limit = 50, offset: Offset = 0) -> list[CaseView]:
    return await cases.list_cases(ctx, session, caller, stage=stage, kind=kind,
                                  criminal=criminal, limit=limit, offset=offset)


@router.get("/{case_id}", response_model=CaseDetail, responses=problems(404),
            summary="A case with its transfers, 行刑衔接, reviews, decision, cooperation and "
            "open deadlines (情况通报: both sides of a transfer see it)")
async def read(case_id: Identifier, caller: CallerDep, ctx: ContextDep,
               session: ReaderDep) -> CaseDetail:
    return await cases.case_detail(ctx, session, case_id, caller)


@router.get("/{case_id}/record", response_model=list[StepView], responses=problems(404),
            summary="执法全过程记录: every step with who and when, oldest first")
async def record(case_id: Identifier, caller: CallerDep, ctx: ContextDep,
                 session: ReaderDep) -> list[StepView]:
    return await cases.case_record(ctx, session, case_id, caller)


@router.post("/{case_id}/registration", response_model=CaseDetail, responses=STEP,
             summary="立案 of a clue, with its investigators (≥ 2)")
async def register(case_id: Identifier, body: Registration, caller: Officer, ctx: ContextDep,
                   uow: UnitOfWorkDep) -> CaseDetail:
    case = await opening.register_clue(ctx, uow, case_id, body, caller, ctx.clock.now())
    return await _detail(uow, case)


@router.post("/{case_id}/dropping", response_model=CaseDetail, responses=STEP,
             summary="不予立案: end a clue, with the reason")
async def drop(case_id: Identifier, body: Reasoned, caller: Officer, ctx: ContextDep,
               uow: UnitOfWorkDep) -> CaseDetail:
    case = await opening.drop_clue(ctx, uow, case_id, body.reason, caller, ctx.clock.now())
    return await _detail(uow, case)


@router.post("/{case_id}/evidence", response_model=CaseDetail, responses=STEP,
             summary="调查取证 by ≥ 2 investigators of the case, with document hashes")
async def evidence(case_id: Identifier, body: Evidence, caller: Officer, ctx: ContextDep,
                   uow: UnitOfWorkDep) -> CaseDetail:
    case = await opening.add_evidence(ctx, uow, case_id, body, caller, ctx.clock.now())
    return await _detail(uow, case)


@router.post("/{case_id}/service", response_model=CaseDetail, responses=STEP,
             summary="送达 of the decision")
async def serve(case_id: Identifier, body: StepNote, caller: Officer, ctx: ContextDep,
                uow: UnitOfWorkDep) -> CaseDetail:
    case = await conclusion.serve(ctx, uow, case_id, body, caller, ctx.clock.now())
    return await _detail(uow, case)


@router.post("/{case_id}/execution", response_model=CaseDetail, responses=STEP,
             summary="执行 of a penalty")
async def execute(case_id: Identifier, body: StepNote, caller: Officer, ctx: ContextDep,
                  uow: UnitOfWorkDep) -> CaseDetail:
    case = await conclusion.execute(ctx, uow, case_id, body, caller, ctx.clock.now())
    return await _detail(uow, case)


@router.post("/{case_id}/conclusion", response_model=CaseDetail, responses=STEP,
             summary="结案 (case.concluded.v1 for an entity): after execution or service; a "
             "case the police filed concludes as a judicial transfer")
async def conclude(case_id: Identifier, body: StepNote, caller: Officer, ctx: ContextDep,
                   uow: UnitOfWorkDep) -> CaseDetail:
    case = await conclusion.conclude(ctx, uow, case_id, body, caller, ctx.clock.now())
    return await _detail(uow, case)
