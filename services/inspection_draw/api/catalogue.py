"""四库 routes (IN-1, IN-9): the matter list, the inspector roster and declared conflicts,
the object roster (a mirror of credit-rating) with its inspection history."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from services.inspection_draw.api.deps import ContextDep
from services.inspection_draw.handlers import catalogue, mirror
from services.inspection_draw.handlers.commands import (
    ConflictDeclaration,
    InspectorRegistration,
    MatterChange,
)
from services.inspection_draw.handlers.lookups import matters
from services.inspection_draw.schemas import InspectionOut, InspectorOut, MatterOut, ObjectOut
from shared.access import Officer
from shared.auth import CallerDep
from shared.web.deps import ReaderDep, ReferenceDep, TodayDep, UnitOfWorkDep
from shared.web.openapi import problems

router = APIRouter(prefix="/v1")
MatterCode = Annotated[str, Path(pattern=r"^[A-Z0-9][A-Z0-9\-]{0,31}$",
                                 description="the matter's code", examples=["SCJG-008"])]
InspectorPath = Annotated[str, Path(min_length=1, max_length=40,
                                    pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")]
UsccPath = Annotated[str, Path(pattern=r"^[0-9A-Z]{18}$", description="统一社会信用代码")]


@router.get("/matters", response_model=list[MatterOut], summary="随机抽查事项清单")
async def list_matters(_caller: CallerDep, session: ReaderDep,
                       reference: ReferenceDep) -> list[MatterOut]:
    found = await matters(session, reference)
    return [MatterOut.model_validate(m, from_attributes=True) for m in found.values()]


@router.put("/matters/{code}", response_model=MatterOut, responses=problems(400),
            summary="Add a matter of your department, or change one of its own")
async def put_matter(code: MatterCode, body: MatterChange, caller: Officer, uow: UnitOfWorkDep,
                     ctx: ContextDep) -> MatterOut:
    """A department changes only its own matters and never moves one to another department
    (403 naming the owner)."""
    saved = await catalogue.save_matter(ctx, uow, code, body, caller)
    return MatterOut.model_validate(saved, from_attributes=True)


@router.post("/inspectors", response_model=InspectorOut, responses=problems(400),
             summary="Register an inspector of your department (执法检查人员), or change one")
async def put_inspector(body: InspectorRegistration, caller: Officer, uow: UnitOfWorkDep,
                        ctx: ContextDep) -> InspectorOut:
    """An inspector of another department is refused (403 naming it), as are matters not
    in the list or of another department (422)."""
    row = await catalogue.register_inspector(ctx, uow, body, caller)
    return InspectorOut.model_validate(row)


@router.get("/inspectors", response_model=list[InspectorOut], summary="执法检查人员名录库")
async def list_inspectors(_caller: CallerDep, session: ReaderDep) -> list[InspectorOut]:
    return [InspectorOut.model_validate(r) for r in await catalogue.inspectors(session)]


@router.get("/objects/{uscc}", response_model=ObjectOut, responses=problems(404),
            summary="An object of the roster (检查对象名录库) and its random inspections")
async def read_object(uscc: UsccPath, caller: CallerDep, session: ReaderDep,
                      today: TodayDep) -> ObjectOut:
    """Inspections whose window has not opened are shown only to the plan's departments."""
    row, history = await mirror.object_with_history(session, uscc, caller, today)
    view = ObjectOut.model_validate(row)
    view.inspections = [InspectionOut.model_validate(h) for h in history]
    return view


@router.post("/inspectors/{inspector_id}/conflicts", status_code=204,
             responses=problems(400, 404), summary="Declare a conflict of interest of one of your "
             "inspectors with an object (回避)")
async def declare(inspector_id: InspectorPath, body: ConflictDeclaration, caller: Officer,
                  uow: UnitOfWorkDep, ctx: ContextDep) -> None:
    await catalogue.declare_conflict(ctx, uow, inspector_id, body, caller)
