"""四库 (IN-1): the matter list 随机抽查事项清单 (reference data, overridden through the API)
and the inspector roster 执法检查人员名录库 with declared conflicts (回避, IN-9)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.inspection_draw.handlers.errors import BadRequest, NotFound
from services.inspection_draw.models import ConflictRow, InspectorRow, MatterEntry
from shared.audit import record as audit
from shared.db import UnitOfWork
from shared.reference import ReferenceData


@dataclass(frozen=True)
class MatterView:
    """One matter of the list as it stands now."""

    code: str
    name: str
    department: str
    category: str
    legal_basis: str
    key_area: bool
    source: str  # "reference" or "api"


async def matters(session: AsyncSession, reference: ReferenceData) -> dict[str, MatterView]:
    """The matter list: the reference catalogue, with the API's changes and additions."""
    found = {code: MatterView(m.code, m.name, m.department, m.category, m.legal_basis,
                              m.key_area, "reference") for code, m in reference.matters.items()}
    for row in await session.scalars(select(MatterEntry)):
        found[row.code] = MatterView(row.code, row.name, row.department, row.category,
                                     row.legal_basis, row.key_area, "api")
    return dict(sorted(found.items()))


async def save_matter(uow: UnitOfWork, values: dict[str, Any], *, actor: str) -> None:
    """Add a matter or change one (the reference entry stays as the seed)."""
    row = await uow.session.get(MatterEntry, values["code"])
    now = datetime.now(UTC)
    if row is None:
        uow.session.add(MatterEntry(**values, updated_at=now))
    else:
        for name, value in values.items():
            setattr(row, name, value)
        row.updated_at = now
    await audit(uow, actor=actor, action="inspection.matter.saved", subject=values["code"],
                detail=values)


async def save_inspector(uow: UnitOfWork, values: dict[str, Any], known_matters: set[str], *,
                         actor: str) -> InspectorRow:
    unknown = sorted(set(values["matters"]) - known_matters)
    if unknown:
        raise BadRequest(f"matters {', '.join(unknown)} are not in the matter list; add "
                         "them with PUT /v1/matters/{code} first", "matters")
    row = await uow.session.get(InspectorRow, values["inspector_id"])
    now = datetime.now(UTC)
    if row is None:
        row = InspectorRow(**values, updated_at=now)
        uow.session.add(row)
    else:
        for name, value in values.items():
            setattr(row, name, value)
        row.updated_at = now
    await audit(uow, actor=actor, action="inspection.inspector.saved",
                subject=values["inspector_id"], detail=values)
    return row


async def declare_conflict(uow: UnitOfWork, inspector_id: str, uscc: str, reason: str, *,
                           actor: str) -> None:
    """Record that ``inspector_id`` must not inspect ``uscc`` (利害关系, 回避)."""
    if await uow.session.get(InspectorRow, inspector_id) is None:
        raise NotFound("inspector", inspector_id, "register it with POST /v1/inspectors")
    row = await uow.session.get(ConflictRow, (inspector_id, uscc))
    if row is None:
        uow.session.add(ConflictRow(inspector_id=inspector_id, uscc=uscc, reason=reason,
                                    declared_at=datetime.now(UTC)))
    else:
        row.reason = reason
    await audit(uow, actor=actor, action="inspection.conflict.declared", subject=uscc,
                detail={"inspector_id": inspector_id, "reason": reason})


async def inspectors(session: AsyncSession) -> list[InspectorRow]:
    return list(await session.scalars(select(InspectorRow).order_by(InspectorRow.inspector_id)))


async def conflicts(session: AsyncSession) -> list[ConflictRow]:
    return list(await session.scalars(select(ConflictRow).order_by(ConflictRow.inspector_id,
                                                                   ConflictRow.uscc)))
