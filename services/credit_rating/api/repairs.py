"""Credit repair routes (信用修复, CR-9): an entity applies; the finding department decides
within the deadline; overdue decisions are listed and announced."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path

from services.credit_rating.api.decision_listing import DecisionListingDep
from services.credit_rating.api.deps import CreditRulesDep, PersonKeyDep, actor
from services.credit_rating.handlers.facts import today
from services.credit_rating.handlers.repair import (
    announce_overdue_repairs,
    apply_for_repair,
    decide_repair,
    get_repair,
    is_overdue,
    list_repairs,
)
from services.credit_rating.models import RepairApplication
from services.credit_rating.repair_schemas import (
    AnnouncedView,
    RepairDecision,
    RepairRequest,
    RepairView,
)
from shared.auth import CallerDep
from shared.web.deps import OutboxDep, ReaderDep, UnitOfWorkDep

router = APIRouter(prefix="/v1/repairs")
RepairId = Annotated[str, Path(max_length=36, description="the repair application's id")]


def view(application: RepairApplication, as_of: date) -> RepairView:
    found = RepairView.model_validate(application)
    found.overdue = is_overdue(application, as_of)
    return found


@router.post("", status_code=201, response_model=RepairView,
             summary="Apply for the repair of a record: after its minimum publicity period "
             "(409 names the earliest day), obligations fulfilled, with a public commitment")
async def apply(request: RepairRequest, caller: CallerDep, uow: UnitOfWorkDep,
                outbox: OutboxDep, rules: CreditRulesDep) -> RepairView:
    application = await apply_for_repair(uow, outbox, rules, request, actor=actor(caller),
                                         as_of=today())
    return view(application, today())


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
async def announce(caller: CallerDep, uow: UnitOfWorkDep, outbox: OutboxDep) -> AnnouncedView:
    return AnnouncedView(announced=await announce_overdue_repairs(
        uow, outbox, actor=actor(caller), as_of=today()))


@router.get("/{repair_id}", response_model=RepairView, summary="A repair application")
async def read(repair_id: RepairId, _caller: CallerDep, session: ReaderDep) -> RepairView:
    return view(await get_repair(session, repair_id), today())


@router.post("/{repair_id}:decide", response_model=RepairView,
             summary="The finding department approves or rejects (谁认定谁修复; others: 403)")
async def decide(repair_id: RepairId, decision: RepairDecision, caller: CallerDep,
                 uow: UnitOfWorkDep, outbox: OutboxDep, rules: CreditRulesDep,
                 person_key: PersonKeyDep) -> RepairView:
    application = await decide_repair(uow, outbox, rules, repair_id, decision,
                                      department=caller.dept, actor=actor(caller),
                                      as_of=today(), person_key=person_key)
    return view(application, today())
