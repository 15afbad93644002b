"""Objection routes (异议申诉, CR-9): an entity disputes a record; the record's department
decides; overdue objections are listed and announced."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path

from services.credit_rating.api.decision_listing import DecisionListingDep
from services.credit_rating.api.deps import CreditRulesDep, PersonKeyDep, actor
from services.credit_rating.domain.objections import ObjectionStatus, is_overdue
from services.credit_rating.handlers.facts import today
from services.credit_rating.handlers.objections import (
    announce_overdue,
    decide_objection,
    file_objection,
    get_objection,
    list_objections,
)
from services.credit_rating.models import Objection
from services.credit_rating.repair_schemas import (
    AnnouncedView,
    ObjectionDecision,
    ObjectionRequest,
    ObjectionView,
)
from shared.auth import CallerDep
from shared.web.deps import OutboxDep, ReaderDep, UnitOfWorkDep

router = APIRouter(prefix="/v1/objections")
ObjectionId = Annotated[str, Path(max_length=36, description="the objection's id")]


def view(objection: Objection, as_of: date) -> ObjectionView:
    found = ObjectionView.model_validate(objection)
    found.overdue = is_overdue(ObjectionStatus(objection.status), objection.due_on, as_of)
    return found


@router.post("", status_code=201, response_model=ObjectionView,
             summary="Dispute an active record; it is under objection until decided")
async def file(request: ObjectionRequest, caller: CallerDep, uow: UnitOfWorkDep,
               outbox: OutboxDep, rules: CreditRulesDep) -> ObjectionView:
    objection = await file_objection(uow, outbox, rules, request, actor=actor(caller),
                                     as_of=today())
    return view(objection, today())


@router.get("", response_model=list[ObjectionView],
            summary="Objections, oldest due first; overdue=true: pending past their due day")
async def listing(_caller: CallerDep, session: ReaderDep,
                  query: DecisionListingDep) -> list[ObjectionView]:
    found = await list_objections(session, overdue_on=query.overdue_on,
                                  department=query.department, uscc=query.uscc, limit=query.limit)
    return [view(objection, query.on) for objection in found]


@router.post(":announce-overdue", response_model=AnnouncedView,
             summary="督办 sweep: emit credit.objection.overdue.v1 once per overdue objection")
async def announce(caller: CallerDep, uow: UnitOfWorkDep, outbox: OutboxDep) -> AnnouncedView:
    return AnnouncedView(announced=await announce_overdue(uow, outbox, actor=actor(caller),
                                                          as_of=today()))


@router.get("/{objection_id}", response_model=ObjectionView, summary="An objection")
async def read(objection_id: ObjectionId, _caller: CallerDep,
               session: ReaderDep) -> ObjectionView:
    return view(await get_objection(session, objection_id), today())


@router.post("/{objection_id}:decide", response_model=ObjectionView,
             summary="The record's department corrects, removes or upholds (others: 403)")
async def decide(objection_id: ObjectionId, decision: ObjectionDecision, caller: CallerDep,
                 uow: UnitOfWorkDep, outbox: OutboxDep, rules: CreditRulesDep,
                 person_key: PersonKeyDep) -> ObjectionView:
    objection = await decide_objection(uow, outbox, rules, objection_id, decision,
                                       department=caller.dept, actor=actor(caller),
                                       as_of=today(), person_key=person_key)
    return view(objection, today())
