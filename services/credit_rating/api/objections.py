"""Objection routes (异议申诉, CR-9): an officer files an entity's objection to a record, or
the entity itself with its own token; a reviewer of the record's department decides it;
an operator announces the overdue ones."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter

from services.credit_rating.api.decision_listing import DecisionListingDep
from services.credit_rating.api.deps import Ctx, OfficerOrEntity, id_path
from services.credit_rating.domain.objections import ObjectionStatus, is_overdue
from services.credit_rating.handlers.commands import ObjectionDecision, ObjectionRequest
from services.credit_rating.handlers.objections import (
    announce_overdue,
    decide_objection,
    file_objection,
    get_objection,
    list_objections,
)
from services.credit_rating.models import Objection
from services.credit_rating.schemas import AnnouncedView, ObjectionView
from shared.access import Operator, Reviewer, actor_of
from shared.auth import CallerDep
from shared.web.deps import ReaderDep, UnitOfWorkDep
from shared.web.openapi import problems

router = APIRouter(prefix="/v1/objections")
ObjectionId = Annotated[str, id_path("objection")]


def view(objection: Objection, as_of: date) -> ObjectionView:
    found = ObjectionView.model_validate(objection)
    found.overdue = is_overdue(ObjectionStatus(objection.status), objection.due_on, as_of)
    return found


@router.post("", status_code=201, response_model=ObjectionView, responses=problems(404, 409),
             summary="Dispute an active record; it is under objection until decided; an "
             "entity's own token for its own records only")
async def file(request: ObjectionRequest, caller: OfficerOrEntity, ctx: Ctx,
               uow: UnitOfWorkDep) -> ObjectionView:
    objection = await file_objection(ctx, uow, request, caller=caller)
    return view(objection, ctx.clock.today())


@router.get("", response_model=list[ObjectionView],
            summary="Objections, oldest due first; overdue=true: pending past their due day")
async def listing(_caller: CallerDep, session: ReaderDep,
                  query: DecisionListingDep) -> list[ObjectionView]:
    found = await list_objections(session, overdue_on=query.overdue_on,
                                  department=query.department, uscc=query.uscc, limit=query.limit)
    return [view(objection, query.on) for objection in found]


@router.post(":announce-overdue", response_model=AnnouncedView,
             summary="督办 sweep: emit credit.objection.overdue.v1 once per overdue objection")
async def announce(caller: Operator, ctx: Ctx, uow: UnitOfWorkDep) -> AnnouncedView:
    return AnnouncedView(announced=await announce_overdue(
        uow, actor=actor_of(caller), as_of=ctx.clock.today()))


@router.get("/{objection_id:key}", response_model=ObjectionView,
            responses=problems(404),
            summary="An objection")
async def read(objection_id: ObjectionId, _caller: CallerDep, ctx: Ctx,
               session: ReaderDep) -> ObjectionView:
    return view(await get_objection(session, objection_id), ctx.clock.today())


@router.post("/{objection_id:key}:decide", response_model=ObjectionView,
             responses=problems(404, 409),
             summary="A reviewer of the record's department corrects, removes or upholds "
             "(other departments: 403)")
async def decide(objection_id: ObjectionId, decision: ObjectionDecision, caller: Reviewer,
                 ctx: Ctx, uow: UnitOfWorkDep) -> ObjectionView:
    objection = await decide_objection(ctx, uow, objection_id, decision, caller=caller)
    return view(objection, ctx.clock.today())
