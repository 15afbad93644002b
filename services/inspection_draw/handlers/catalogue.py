"""四库 (IN-1): the matter list 随机抽查事项清单 (reference data, overridden through the API)
and the inspector roster 执法检查人员名录库 with declared conflicts (回避, IN-9).

A department adds and changes only its own matters and inspectors (谁主管谁负责): what
another department owns is refused (403 naming the owner), and nothing is ever moved to
another department.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.inspection_draw.bootstrap import DrawContext
from services.inspection_draw.handlers.commands import (
    ConflictDeclaration,
    InspectorRegistration,
    MatterChange,
)
from services.inspection_draw.handlers.lookups import MatterView, matters
from services.inspection_draw.models import ConflictRow, InspectorRow, MatterEntry
from shared.access import actor_of, ensure_owner
from shared.audit import record as audit
from shared.auth import Caller
from shared.db import UnitOfWork
from shared.errors import NotFound, Unusable


async def save_matter(ctx: DrawContext, uow: UnitOfWork, code: str, change: MatterChange,
                      caller: Caller) -> MatterView:
    """Add a matter or change one of the caller's (the reference entry stays as the seed)."""
    session = uow.session
    existing = (await matters(session, ctx.reference)).get(code)
    if existing is not None:
        ensure_owner(caller, existing.department, f"matter {code}")
    ensure_owner(caller, change.department or caller.dept, f"matter {code}",
                 "a department adds and changes only its own matters and never moves one to "
                 "another department")
    values = {**change.model_dump(), "department": caller.dept}
    row = await session.get(MatterEntry, code)
    now = ctx.clock.now()
    if row is None:
        session.add(MatterEntry(code=code, **values, updated_at=now))
    else:
        for name, value in values.items():
            setattr(row, name, value)
        row.updated_at = now
    await audit(uow, actor=actor_of(caller), action="inspection.matter.saved", subject=code,
                detail={"code": code, **values})
    return MatterView(code=code, source="api", **values)


async def register_inspector(ctx: DrawContext, uow: UnitOfWork,
                             registration: InspectorRegistration,
                             caller: Caller) -> InspectorRow:
    """Register an inspector of the caller's department, or change one of its own."""
    session, inspector_id = uow.session, registration.inspector_id
    ensure_owner(caller, registration.department or caller.dept, f"inspector {inspector_id}",
                 "a department registers only its own inspectors")
    row = await session.get(InspectorRow, inspector_id)
    if row is not None:
        ensure_owner(caller, row.department, f"inspector {inspector_id}")
    listed = await matters(session, ctx.reference)
    unknown = sorted(set(registration.matters) - set(listed))
    if unknown:
        raise Unusable("matters", f"matters {', '.join(unknown)} are not in the matter list; "
                       "add them with PUT /v1/matters/{code} first")
    foreign = sorted(m for m in set(registration.matters) if listed[m].department != caller.dept)
    if foreign:
        raise Unusable("matters", f"matters {', '.join(foreign)} belong to other departments; "
                       f"an inspector of {caller.dept} is qualified only for its matters")
    values = {**registration.model_dump(), "department": caller.dept}
    now = ctx.clock.now()
    if row is None:
        row = InspectorRow(**values, updated_at=now)
        session.add(row)
    else:
        for name, value in values.items():
            setattr(row, name, value)
        row.updated_at = now
    await audit(uow, actor=actor_of(caller), action="inspection.inspector.saved",
                subject=inspector_id, detail=values)
    return row


async def declare_conflict(ctx: DrawContext, uow: UnitOfWork, inspector_id: str,
                           declaration: ConflictDeclaration, caller: Caller) -> None:
    """Record that an inspector of the caller's department must not inspect an object
    (利害关系, 回避)."""
    inspector = await uow.session.get(InspectorRow, inspector_id)
    if inspector is None:
        raise NotFound("inspector", inspector_id, "register it with POST /v1/inspectors")
    ensure_owner(caller, inspector.department, f"inspector {inspector_id}",
                 "the inspector's own department declares its conflicts")
    uscc, reason = declaration.uscc, declaration.reason
    row = await uow.session.get(ConflictRow, (inspector_id, uscc))
    if row is None:
        uow.session.add(ConflictRow(inspector_id=inspector_id, uscc=uscc, reason=reason,
                                    declared_at=ctx.clock.now()))
    else:
        row.reason = reason
    await audit(uow, actor=actor_of(caller), action="inspection.conflict.declared",
                subject=uscc, detail={"inspector_id": inspector_id, "reason": reason})


async def inspectors(session: AsyncSession) -> list[InspectorRow]:
    return list(await session.scalars(select(InspectorRow).order_by(InspectorRow.inspector_id)))
