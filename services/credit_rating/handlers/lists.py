"""The lists as read (CR-5, CR-7): the 严重失信主体名单 page by page, and an entity's state
on both lists (stored, else assessed on the day asked)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.credit_rating.domain.blacklist import BlacklistDecision, assess_blacklist
from services.credit_rating.domain.rules import CreditRules
from services.credit_rating.domain.watchlist import WatchDecision, assess_watch
from services.credit_rating.handlers.errors import EntityNotFound
from services.credit_rating.handlers.steps.facts import (
    abnormal_since,
    entity_facts,
    listing_decisions,
    record_facts,
    records_of,
)
from services.credit_rating.handlers.steps.list_keeping import BLACKLIST, WATCHLIST, stored_lists
from services.credit_rating.models import CreditListEntry, Entity


async def blacklist_page(session: AsyncSession, *, after: str | None,
                         limit: int) -> list[tuple[CreditListEntry, str]]:
    """Listed entities (entry, entity name) by USCC after ``after`` (keyset paging)."""
    query = select(CreditListEntry, Entity.name).join(Entity, Entity.uscc == CreditListEntry.uscc) \
        .where(CreditListEntry.list_kind == BLACKLIST, CreditListEntry.listed.is_(True))
    if after is not None:
        query = query.where(CreditListEntry.uscc > after)
    rows = await session.execute(query.order_by(CreditListEntry.uscc).limit(limit))
    return [(entry, name) for entry, name in rows.all()]


async def entity_lists(session: AsyncSession, rules: CreditRules, uscc: str,
                       as_of: date) -> dict[str, CreditListEntry]:
    """Both list states of an entity: stored, else assessed now from its records (unstored)."""
    entity = await session.get(Entity, uscc)
    if entity is None:
        raise EntityNotFound(uscc)
    found = await stored_lists(session, uscc)
    if BLACKLIST in found and WATCHLIST in found:
        return found
    records = [record_facts(row) for row in (await session.execute(records_of(uscc))).all()]
    if BLACKLIST not in found:
        found[BLACKLIST] = _unstored(uscc, BLACKLIST, assess_blacklist(
            records, rules, as_of, await abnormal_since(session, uscc, as_of),
            await listing_decisions(session, uscc)))
    if WATCHLIST not in found:
        found[WATCHLIST] = _unstored(uscc, WATCHLIST, assess_watch(
            records, None, rules, as_of, entity_facts(entity)))
    return found


def _unstored(uscc: str, kind: str,
              decision: BlacklistDecision | WatchDecision) -> CreditListEntry:
    if isinstance(decision, BlacklistDecision):
        listed, ids = decision.listed, decision.record_ids
    else:
        listed, ids = decision.watchlisted, decision.counted_record_ids
    return CreditListEntry(uscc=uscc, list_kind=kind, listed=listed, reason=decision.reason,
                           record_ids=list(ids), listed_since=None, reminder_issued_on=None,
                           reminder_due_on=None, updated_at=None)
