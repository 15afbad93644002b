"""Credit record routes (信用记录, CR-2): an officer enters a record of their own
department; any token reads an entity's records."""

from __future__ import annotations

from fastapi import APIRouter

from services.credit_rating.api.deps import Ctx, UsccPath
from services.credit_rating.domain.publicity import status_on
from services.credit_rating.handlers.commands import RecordEntry
from services.credit_rating.handlers.records import add_record, list_records
from services.credit_rating.handlers.steps.facts import record_facts
from services.credit_rating.schemas import RecordView
from shared.access import Officer
from shared.auth import CallerDep
from shared.web.deps import ReaderDep, UnitOfWorkDep
from shared.web.openapi import problems

router = APIRouter(prefix="/v1/entities/{uscc}/records")


@router.post("", status_code=201, response_model=RecordView, responses=problems(404),
             summary="Add a credit record of your own department (403 for another's); the "
             "entity's lists are kept and it is re-graded")
async def add(uscc: UsccPath, entry: RecordEntry, caller: Officer, ctx: Ctx,
              uow: UnitOfWorkDep) -> RecordView:
    return RecordView.model_validate(await add_record(ctx, uow, uscc, entry, caller=caller))


@router.get("", response_model=list[RecordView], responses=problems(404),
            summary="An entity's credit records, each with its status today (an active "
            "record past its publicity: expired)")
async def listing(uscc: UsccPath, _caller: CallerDep, ctx: Ctx,
                  session: ReaderDep) -> list[RecordView]:
    on = ctx.clock.today()
    views = []
    for record in await list_records(session, uscc):
        view = RecordView.model_validate(record)
        view.status = status_on(record_facts(record), on, ctx.rules)
        views.append(view)
    return views
