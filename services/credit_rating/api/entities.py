"""Entity registry routes (市场主体名录, CR-1): a registrar upserts and bulk-imports entities
and sets the responsible persons joint punishment extends to (CR-5); any token reads."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from services.credit_rating.api.deps import Ctx, UsccPath
from services.credit_rating.handlers.bulk_import import (
    BadImportFile,
    file_lines,
    import_entities,
    within,
)
from services.credit_rating.handlers.commands import (
    EntityRegistration,
    PersonIds,
    ResponsiblePersons,
)
from services.credit_rating.handlers.persons import set_person_ids, set_responsible_persons
from services.credit_rating.handlers.registry import get_entity, upsert_entity
from services.credit_rating.schemas import (
    EntityView,
    ImportReportView,
    LineError,
    PersonIdsView,
    ResponsiblePersonsView,
)
from shared.access import Registrar, actor_of
from shared.auth import CallerDep
from shared.web.body_limit import MIB, max_body
from shared.web.deps import ReaderDep, UnitOfWorkDep
from shared.web.openapi import problems

IMPORT_LIMIT = 64 * MIB  # ~300,000 lines; the CLI (jianguan import entities) takes any size
IMPORT_TYPES = {"text/csv": "csv", "application/x-ndjson": "jsonl",
                "application/jsonl": "jsonl"}
IMPORT_BODY = {"required": True, "content": {
    "text/csv": {"schema": {"type": "string"}},
    "application/x-ndjson": {"schema": {"type": "string"}}}}
router = APIRouter(prefix="/v1/entities")


@router.post("", summary="Register an entity or change its registry data (upsert)",
             response_model=EntityView,
             responses={201: {"model": EntityView, "description": "newly registered"}})
async def upsert(registration: EntityRegistration, caller: Registrar, ctx: Ctx,
                 uow: UnitOfWorkDep, response: Response) -> EntityView:
    entity, changes = await upsert_entity(ctx, uow, registration, actor=actor_of(caller))
    response.status_code = 201 if changes.created else 200
    return EntityView.model_validate(entity)


@router.get("/{uscc}", summary="An entity of the registry", response_model=EntityView,
            responses=problems(404))
async def read(uscc: UsccPath, _caller: CallerDep, session: ReaderDep) -> EntityView:
    return EntityView.model_validate(await get_entity(session, uscc))


@router.put("/{uscc}/responsible-persons", response_model=ResponsiblePersonsView,
            responses=problems(404),
            summary="Set the entity's responsible persons (kept only as keyed hashes); "
            "while it is blacklisted the change is announced")
async def responsible_persons(uscc: UsccPath, body: ResponsiblePersons, caller: Registrar,
                              ctx: Ctx, uow: UnitOfWorkDep) -> ResponsiblePersonsView:
    hashes = await set_responsible_persons(ctx, uow, uscc, body.persons,
                                           actor=actor_of(caller))
    return ResponsiblePersonsView(uscc=uscc, persons=len(hashes))


@router.put("/{uscc}/person-ids", response_model=PersonIdsView, responses=problems(404),
            summary="Set the ID numbers of the entity's legal representative and responsible "
            "persons (kept only as keyed hashes): 逢办必查 of any entity they stand behind "
            "finds this one's listing by them, never by name")
async def person_ids(uscc: UsccPath, body: PersonIds, caller: Registrar, ctx: Ctx,
                     uow: UnitOfWorkDep) -> PersonIdsView:
    legal, responsible = await set_person_ids(ctx, uow, uscc, body, actor=actor_of(caller))
    return PersonIdsView(uscc=uscc, legal_representative=legal,
                         responsible_persons=responsible)


@router.post(":import", summary="Bulk import: CSV with a header row, or JSON Lines; each "
             "bad line is named with its number and reason",
             response_model=ImportReportView, responses=problems(413, 422),
             openapi_extra={**max_body(IMPORT_LIMIT), "requestBody": IMPORT_BODY})
async def bulk_import(request: Request, caller: Registrar, ctx: Ctx,
                      uow: UnitOfWorkDep) -> ImportReportView:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    fmt = IMPORT_TYPES.get(media_type)
    if fmt is None:
        raise BadImportFile(f"send the file as text/csv or application/x-ndjson, not "
                            f"{media_type[:80] or 'no Content-Type'}")
    try:
        text = (await request.body()).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadImportFile(f"the file is not UTF-8 ({exc}); save it as UTF-8") from exc
    report = await import_entities(ctx, within(uow), file_lines(text), fmt,
                                   actor=actor_of(caller))
    return ImportReportView(
        created=len(report.changes.created), updated=len(report.changes.updated),
        unchanged=len(report.changes.unchanged), rejected=report.rejected,
        errors=[LineError(line=line, reason=reason) for line, reason in report.errors])
