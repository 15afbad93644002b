"""Credit repair routes (信用修复, CR-9): an entity applies; the finding department decides."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from services.credit_rating.api.deps import CreditRulesDep, PersonKeyDep, actor
from services.credit_rating.handlers.facts import today
from services.credit_rating.handlers.repair import apply_for_repair, decide_repair, get_repair
from services.credit_rating.repair_schemas import RepairDecision, RepairRequest, RepairView
from shared.auth import CallerDep
from shared.web.deps import OutboxDep, ReaderDep, UnitOfWorkDep

router = APIRouter(prefix="/v1/repairs")
RepairId = Annotated[str, Path(max_length=36, description="the repair application's id")]


@router.post("", status_code=201, response_model=RepairView,
             summary="Apply for the repair of a record: after its minimum publicity period "
             "(409 names the earliest day), obligations fulfilled, with a public commitment")
async def apply(request: RepairRequest, caller: CallerDep, uow: UnitOfWorkDep,
                rules: CreditRulesDep) -> RepairView:
    application = await apply_for_repair(uow, rules, request, actor=actor(caller),
                                         as_of=today())
    return RepairView.model_validate(application)


@router.get("/{repair_id}", response_model=RepairView, summary="A repair application")
async def read(repair_id: RepairId, _caller: CallerDep, session: ReaderDep) -> RepairView:
    return RepairView.model_validate(await get_repair(session, repair_id))


@router.post("/{repair_id}:decide", response_model=RepairView,
             summary="The finding department approves or rejects (谁认定谁修复; others: 403)")
async def decide(repair_id: RepairId, decision: RepairDecision, caller: CallerDep,
                 uow: UnitOfWorkDep, outbox: OutboxDep, rules: CreditRulesDep,
                 person_key: PersonKeyDep) -> RepairView:
    application = await decide_repair(uow, outbox, rules, repair_id, decision,
                                      department=caller.dept, actor=actor(caller),
                                      as_of=today(), person_key=person_key)
    return RepairView.model_validate(application)
