"""Credit record routes (信用记录, CR-2): a department enters a record; anyone reads them."""

from __future__ import annotations

from fastapi import APIRouter

from services.credit_rating.api.deps import CreditRulesDep, PersonKeyDep, UsccPath, actor
from services.credit_rating.domain.publicity import status_on
from services.credit_rating.handlers.facts import record_facts, today
from services.credit_rating.handlers.records import add_record, list_records
from services.credit_rating.schemas import RecordEntry, RecordView
from shared.auth import CallerDep
from shared.web.deps import OutboxDep, ReaderDep, UnitOfWorkDep

router = APIRouter(prefix="/v1/entities/{uscc}/records")


@router.post("", status_code=201, response_model=RecordView,
             summary="Add a credit record of your own department; the entity's lists are "
             "kept and it is re-graded")
async def add(uscc: UsccPath, entry: RecordEntry, caller: CallerDep, uow: UnitOfWorkDep,
              outbox: OutboxDep, rules: CreditRulesDep, person_key: PersonKeyDep) -> RecordView:
    record = await add_record(uow, outbox, rules, uscc, entry, actor=actor(caller),
                              as_of=today(), person_key=person_key,
                              acting_department=caller.dept)
    return RecordView.model_validate(record)


@router.get("", response_model=list[RecordView], summary="An entity's credit records, "
            "each with its status today (an active record past its publicity: expired)")
async def listing(uscc: UsccPath, _caller: CallerDep, session: ReaderDep,
                  rules: CreditRulesDep) -> list[RecordView]:
    on = today()
    views = []
    for record in await list_records(session, uscc):
        view = RecordView.model_validate(record)
        view.status = status_on(record_facts(record), on, rules)
        views.append(view)
    return views
