"""Overdue items (逾期事项, CT-7): unmet deadlines past due that the caller's department
owes or supervises, escalated or not yet. Reads only; the sweep escalates."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.case_transfer.models import CaseDeadline
from services.case_transfer.schemas import DeadlineView
from shared.auth import Caller


async def overdue_items(session: AsyncSession, caller: Caller, now: datetime, *,
                        kind: str | None, limit: int, offset: int) -> list[DeadlineView]:
    """Oldest first: what the caller's department owes, or supervises, past its due time."""
    query = select(CaseDeadline).where(
        CaseDeadline.met_at.is_(None), CaseDeadline.due_at <= now,
        or_(CaseDeadline.department == caller.dept, CaseDeadline.supervisor == caller.dept))
    if kind is not None:
        query = query.where(CaseDeadline.kind == kind)
    rows = (await session.scalars(query.order_by(CaseDeadline.due_at, CaseDeadline.id)
                                  .limit(limit).offset(offset))).all()
    return [DeadlineView.model_validate(row) for row in rows]
