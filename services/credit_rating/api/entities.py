"""Entity registry routes (市场主体名录, CR-1): upsert, read, bulk import, and the
responsible persons joint punishment extends to (CR-5)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from services.credit_rating.api.deps import CreditRulesDep, PersonKeyDep, UsccPath, actor
from services.credit_rating.handlers.bulk_import import (
    BadImportFile,
    file_lines,
    import_entities,
    within,
)
from services.credit_rating.handlers.facts import today
from services.credit_rating.handlers.persons import set_responsible_persons
from services.credit_rating.handlers.registry import get_entity, upsert_entity
from services.credit_rating.schemas import (
    EntityRegistration,
    EntityView,
    ImportReportView,
    LineError,
    ResponsiblePersons,
    ResponsiblePersonsView,
)
from shared.auth import Caller, CallerDep, require_role
from shared.web.deps import OutboxDep, ReaderDep, UnitOfWorkDep

REGISTRAR = "registrar"
IMPORT_TYPES = {"text/csv": "csv", "application/x-ndjson": "jsonl",
                "application/jsonl": "jsonl"}
router = APIRouter(prefix="/v1/entities")
Registrar = Annotated[Caller, Depends(require_role(REGISTRAR))]


@router.post("", summary="Register an entity or change its registry data (upsert)",
             response_model=EntityView,
             responses={201: {"model": EntityView, "description": "newly registered"}})
async def upsert(registration: EntityRegistration, caller: Registrar, uow: UnitOfWorkDep,
                 outbox: OutboxDep, rules: CreditRulesDep, person_key: PersonKeyDep,
                 response: Response) -> EntityView:
    entity, changes = await upsert_entity(uow, outbox, rules, registration,
                                          actor=actor(caller), as_of=today(),
                                          person_key=person_key)
    response.status_code = 201 if changes.created else 200
    return EntityView.model_validate(entity, from_attributes=True)


@router.get("/{uscc}", summary="An entity of the registry", response_model=EntityView)
async def read(uscc: UsccPath, _caller: CallerDep, session: ReaderDep) -> EntityView:
    return EntityView.model_validate(await get_entity(session, uscc), from_attributes=True)


@router.put("/{uscc}/responsible-persons", response_model=ResponsiblePersonsView,
            summary="Set the entity's responsible persons (kept only as keyed hashes); "
            "while it is blacklisted the change is announced")
async def responsible_persons(uscc: UsccPath, body: ResponsiblePersons, caller: Registrar,
                              uow: UnitOfWorkDep, outbox: OutboxDep, rules: CreditRulesDep,
                              person_key: PersonKeyDep) -> ResponsiblePersonsView:
    hashes = await set_responsible_persons(uow, outbox, rules, uscc, body.persons,
                                           actor=actor(caller), person_key=person_key)
    return ResponsiblePersonsView(uscc=uscc, persons=len(hashes))


@router.post(":import", summary="Bulk import: CSV with a header row, or JSON Lines",
             response_model=ImportReportView,
             openapi_extra={"requestBody": {"required": True, "content": {
                 "text/csv": {"schema": {"type": "string"}},
                 "application/x-ndjson": {"schema": {"type": "string"}}}}})
async def bulk_import(request: Request, caller: Registrar, uow: UnitOfWorkDep,
                      outbox: OutboxDep, rules: CreditRulesDep,
                      person_key: PersonKeyDep) -> ImportReportView:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    fmt = IMPORT_TYPES.get(media_type)
    if fmt is None:
        raise BadImportFile(f"send the file as text/csv or application/x-ndjson, not "
                            f"{media_type or 'no Content-Type'}")
    try:
        text = (await request.body()).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadImportFile(f"the file is not UTF-8 ({exc}); save it as UTF-8") from exc
    report = await import_entities(within(uow), outbox, rules, file_lines(text), fmt,
                                   actor=actor(caller), as_of=today(), person_key=person_key)
    return ImportReportView(
        created=len(report.changes.created), updated=len(report.changes.updated),
        unchanged=len(report.changes.unchanged), rejected=report.rejected,
        errors=[LineError(line=line, reason=reason) for line, reason in report.errors])
