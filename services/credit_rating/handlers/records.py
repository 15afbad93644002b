"""Credit records (信用记录, CR-2): a department enters one of its own; an entity's records
are listed with their status today."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.credit_rating.bootstrap import CreditContext
from services.credit_rating.handlers.commands import RecordEntry
from services.credit_rating.handlers.errors import not_after_today, unusable
from services.credit_rating.handlers.steps.recording import find_entity, store_record
from services.credit_rating.models import CreditRecord
from shared.access import actor_of, ensure_owner
from shared.auth import Caller
from shared.db import UnitOfWork


async def add_record(ctx: CreditContext, uow: UnitOfWork, uscc: str, entry: RecordEntry, *,
                     caller: Caller) -> CreditRecord:
    """Enter ``entry`` under ``uscc``: only a record the caller's own department decided
    (谁认定谁负责), decided by today; the entity's lists are kept and it is re-graded."""
    ensure_owner(caller, entry.department, "the record named in the body",
                 "enter only records your own department decided")
    not_after_today(entry.decided_on, ctx.clock.today(), "body.decided_on")
    if entry.fine_yuan is not None and entry.penalty_kind is None:
        unusable("body.penalty_kind", "a penalty with a fine names its kind: fine (罚款), "
                 "or the heavier kind of the decision")
    return await store_record(ctx, uow, uscc, entry, actor=actor_of(caller))


async def list_records(session: AsyncSession, uscc: str) -> list[CreditRecord]:
    """An entity's records, newest decision first."""
    await find_entity(session, uscc)
    found = await session.scalars(select(CreditRecord).where(CreditRecord.uscc == uscc)
                                  .order_by(CreditRecord.decided_on.desc(),
                                            CreditRecord.created_at.desc()))
    return list(found)
