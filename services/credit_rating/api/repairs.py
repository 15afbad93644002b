"""Credit repair routes (信用修复, CR-9): an officer files an entity's application, or the
entity itself with its own token; a reviewer of the finding department decides it within
the deadline; an operator announces the overdue ones."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter

from services.credit_rating.api.decision_listing import DecisionListingDep
from services.credit_rating.api.deps import Ctx, OfficerOrEntity, id_path
from services.credit_rating.handlers.commands import RepairDecision, RepairRequest
from services.credit_rating.handlers.repair import (
    announce_overdue_repairs,
    apply_for_repair,
    decide_repair,
    get_repair,
    is_overdue,
    list_repairs,
)
from services.credit_rating.models import RepairApplication
from services.credit_rating.schemas import AnnouncedView, RepairView
from shared.access import Operator, Reviewer, actor_of
from shared.auth import CallerDep
from shared.web.deps import ReaderDep, UnitOfWorkDep
from shared.web.openapi import problems

router = APIRouter(prefix="/v1/repairs")
RepairId = Annotated[str, id_path("repair application")]


def view(application: RepairApplication, as_of: date) -> RepairView:
    found = RepairView.model_validate(application)
    found.overdue = is_overdue(application, as_of)
    return found


@router.post("", status_code=201, response_model=RepairView, responses=problems(404, 409),
             summary="Apply for the repair of a record: after its minimum publicity period "
             "(409 names the earliest day), obligations fulfilled, with a public commitment; "
             "an entity's own token for its own records only")
async def apply(request: RepairRequest, caller: OfficerOrEntity, ctx: Ctx,
                uow: UnitOfWorkDep) -> RepairView:
    application = await apply_for_repair(ctx, uow, request, caller=caller)
    return view(application, ctx.clock.today())


@router.get("", response_model=list[RepairView],
            summary="Repair applications, oldest due first; overdue=true: pending past "
            "their due day")
async def listing(_caller: CallerDep, session: ReaderDep,
                  query: DecisionListingDep) -> list[RepairView]:
    found = await list_repairs(session, overdue_on=query.overdue_on,
                               department=query.department, uscc=query.uscc, limit=query.limit)
    return [view(application, query.on) for application in found]


@router.post(":announce-overdue", response_model=AnnouncedView,
             summary="督办 sweep: emit credit.repair.overdue.v1 once per overdue application")
async def announce(caller: Operator, ctx: Ctx, uow: UnitOfWorkDep) -> AnnouncedView:
    return AnnouncedView(announced=await announce_overdue_repairs(
        uow, actor=actor_of(caller), as_of=ctx.clock.today()))


@router.get("/{repair_id:key}", response_model=RepairView, responses=problems(404),
            summary="A repair application")
async def read(repair_id: RepairId, _caller: CallerDep, ctx: Ctx,
               session: ReaderDep) -> RepairView:
    return view(await get_repair(session, repair_id), ctx.clock.today())


@router.post("/{repair_id:key}:decide", response_model=RepairView,
             responses=problems(404, 409),
             summary="A reviewer of the finding department approves or rejects (谁认定谁修复; "
             "other departments: 403)")
async def decide(repair_id: RepairId, decision: RepairDecision, caller: Reviewer, ctx: Ctx,
                 uow: UnitOfWorkDep) -> RepairView:
    application = await decide_repair(ctx, uow, repair_id, decision, caller=caller)
    return view(application, ctx.clock.today())
