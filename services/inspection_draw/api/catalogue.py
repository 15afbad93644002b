"""四库 routes (IN-1, IN-9): the matter list, the inspector roster and declared conflicts,
the object roster (a mirror of credit-rating) with its inspection history."""

from __future__ import annotations

from fastapi import APIRouter, Path

from services.inspection_draw.api.deps import actor
from services.inspection_draw.handlers import catalogue, mirror
from services.inspection_draw.handlers.errors import NotYourDepartment
from services.inspection_draw.schemas import (
    ConflictIn,
    InspectionOut,
    InspectorIn,
    InspectorOut,
    MatterIn,
    MatterOut,
    ObjectOut,
)
from shared.auth import CallerDep
from shared.web.deps import ReaderDep, ReferenceDep, UnitOfWorkDep

router = APIRouter(prefix="/v1")


@router.get("/matters", response_model=list[MatterOut], summary="随机抽查事项清单")
async def list_matters(_caller: CallerDep, session: ReaderDep,
                       reference: ReferenceDep) -> list[MatterOut]:
    found = await catalogue.matters(session, reference)
    return [MatterOut.model_validate(m, from_attributes=True) for m in found.values()]


@router.put("/matters/{code}", response_model=MatterOut,
            summary="Add or change a matter of your department")
async def put_matter(body: MatterIn, caller: CallerDep, uow: UnitOfWorkDep,
                     reference: ReferenceDep,
                     code: str = Path(pattern=r"^[A-Z0-9][A-Z0-9\-]{0,31}$")) -> MatterOut:
    if body.department != caller.dept:
        raise NotYourDepartment(caller.dept, body.department, f"matter {code}")
    await catalogue.save_matter(uow, {"code": code, **body.model_dump()}, actor=actor(caller))
    await uow.session.flush()
    found = await catalogue.matters(uow.session, reference)
    return MatterOut.model_validate(found[code], from_attributes=True)


@router.post("/inspectors", response_model=InspectorOut,
             summary="Register or change an inspector of your department (执法检查人员)")
async def put_inspector(body: InspectorIn, caller: CallerDep, uow: UnitOfWorkDep,
                        reference: ReferenceDep) -> InspectorOut:
    if body.department != caller.dept:
        raise NotYourDepartment(caller.dept, body.department, f"inspector {body.inspector_id}")
    known = set(await catalogue.matters(uow.session, reference))
    row = await catalogue.save_inspector(uow, body.model_dump(), known, actor=actor(caller))
    return InspectorOut.model_validate(row)


@router.get("/inspectors", response_model=list[InspectorOut], summary="执法检查人员名录库")
async def list_inspectors(_caller: CallerDep, session: ReaderDep) -> list[InspectorOut]:
    return [InspectorOut.model_validate(r) for r in await catalogue.inspectors(session)]


@router.get("/objects/{uscc}", response_model=ObjectOut,
            summary="An object of the roster (检查对象名录库) and its random inspections")
async def read_object(uscc: str, _caller: CallerDep, session: ReaderDep) -> ObjectOut:
    row, history = await mirror.object_with_history(session, uscc)
    view = ObjectOut.model_validate(row)
    view.inspections = [InspectionOut.model_validate(h) for h in history]
    return view


@router.post("/inspectors/{inspector_id}/conflicts", status_code=204,
             summary="Declare a conflict of interest with an object (回避)")
async def declare(inspector_id: str, body: ConflictIn, caller: CallerDep,
                  uow: UnitOfWorkDep) -> None:
    await catalogue.declare_conflict(uow, inspector_id, body.uscc, body.reason,
                                     actor=actor(caller))
