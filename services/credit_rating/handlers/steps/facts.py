"""Stored rows turned into the facts the pure rules read (domain facts)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, Executable, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.credit_rating.domain.blacklist import (
    BlacklistDecision,
    ListingDecision,
    assess_blacklist,
)
from services.credit_rating.domain.grading import EntityFacts
from services.credit_rating.domain.records import RecordFacts, RecordKind, RecordStatus, Severity
from services.credit_rating.domain.rules import CreditRules
from services.credit_rating.models import (
    AbnormalListing,
    BlacklistProposal,
    CreditRecord,
    Entity,
)
from shared.db import Database

FACT_COLUMNS = (CreditRecord.id, CreditRecord.kind, CreditRecord.severity,
                CreditRecord.decided_on, CreditRecord.department, CreditRecord.violation_code,
                CreditRecord.status, CreditRecord.publicity_end)


_RECORDS_OF = select(*FACT_COLUMNS).where(CreditRecord.uscc == bindparam("uscc"))


def records_of(uscc: str) -> Executable:
    """The columns of an entity's records the rules need (uses the uscc index); the
    statement is built once and bound per call."""
    return _RECORDS_OF.params(uscc=uscc)


def record_facts(row: Any) -> RecordFacts:
    """A ``records_of`` row (or a ``CreditRecord``) as ``RecordFacts``.

    Positive records have no severity; the rules ignore it, so it reads as minor.
    """
    return RecordFacts(
        id=row.id, kind=RecordKind(row.kind),
        severity=Severity(row.severity) if row.severity else Severity.MINOR,
        decided_on=row.decided_on, department=row.department,
        violation_code=row.violation_code, status=RecordStatus(row.status),
        publicity_end=row.publicity_end)


def entity_facts(entity: Entity, blacklisted: bool = False) -> EntityFacts:
    return EntityFacts(uscc=entity.uscc, established_on=entity.established_on,
                       new_economy=entity.new_economy, tolerance_until=entity.tolerance_until,
                       blacklisted=blacklisted)


def plain(value: Any) -> Any:
    """An enum member as its value; anything else as it is (for JSON and the API)."""
    return getattr(value, "value", value)


def _active_on(as_of: Any) -> Any:
    return (AbnormalListing.listed_on <= as_of) & (
        AbnormalListing.removed_on.is_(None) | (AbnormalListing.removed_on > as_of))


_ABNORMAL_SINCE = select(AbnormalListing.listed_on).where(
    AbnormalListing.uscc == bindparam("uscc"), _active_on(bindparam("as_of", type_=Date))) \
    .order_by(AbnormalListing.listed_on).limit(1)


async def abnormal_since(session: AsyncSession, uscc: str, as_of: date) -> date | None:
    """The day the entity's stay on the abnormal list that still lasts on ``as_of`` began
    (the earliest listing then in force); None when it is not on the list that day."""
    return await session.scalar(_ABNORMAL_SINCE, {"uscc": uscc, "as_of": as_of})


async def abnormal_since_where(session: AsyncSession, condition: Any,
                               as_of: date) -> dict[str, date]:
    """``abnormal_since`` of every entity the ``condition`` on ``AbnormalListing`` keeps
    that is on the list on ``as_of`` (one query, for a re-grade chunk)."""
    rows = await session.execute(select(AbnormalListing.uscc, AbnormalListing.listed_on)
                                 .where(condition, _active_on(as_of)))
    since: dict[str, date] = {}
    for uscc, listed_on in rows:
        since[uscc] = min(listed_on, since.get(uscc, listed_on))
    return since


CONFIRMED, DECLINED, PROPOSED = "confirmed", "declined", "proposed"
_DECISION_COLUMNS = (BlacklistProposal.uscc, BlacklistProposal.id, BlacklistProposal.department,
                     BlacklistProposal.record_ids, BlacklistProposal.proposed_on,
                     BlacklistProposal.status, BlacklistProposal.decided_on)


def _decision(row: Any) -> ListingDecision:
    confirmed = {CONFIRMED: True, DECLINED: False}.get(row.status)
    return ListingDecision(id=row.id, department=row.department,
                           record_ids=tuple(row.record_ids), proposed_on=row.proposed_on,
                           confirmed=confirmed, decided_on=row.decided_on)


_DECISIONS_OF = select(*_DECISION_COLUMNS).where(BlacklistProposal.uscc == bindparam("uscc"))


async def listing_decisions(session: AsyncSession, uscc: str) -> list[ListingDecision]:
    """The entity's proposed listings and their departments' decisions (CR-5)."""
    return [_decision(row) for row in await session.execute(_DECISIONS_OF, {"uscc": uscc})]


async def listing_decisions_where(session: AsyncSession,
                                  condition: Any) -> dict[str, list[ListingDecision]]:
    """``listing_decisions`` of every entity the ``condition`` on ``BlacklistProposal``
    keeps (one query, for a re-grade chunk)."""
    found: dict[str, list[ListingDecision]] = {}
    for row in await session.execute(select(*_DECISION_COLUMNS).where(condition)):
        found.setdefault(row.uscc, []).append(_decision(row))
    return found


async def listing_facts(db: Database, uscc: str, as_of: date) -> tuple[
        list[RecordFacts], date | None, list[ListingDecision]]:
    """What the rules read to list an entity on ``as_of`` (its records, the start of its
    stay on the abnormal list, its listing decisions), as three point reads on the
    driver (:mod:`shared.point_read`): 逢办必查 of a listed entity reads these on every
    call, and an ORM session for them cost ~2 ms where the reads take ~30 µs."""
    records = [record_facts(row) for row in await db.point_read(_RECORDS_OF).all(uscc=uscc)]
    since = await db.point_read(_ABNORMAL_SINCE).first(uscc=uscc, as_of=as_of)
    decisions = [_decision(row) for row in await db.point_read(_DECISIONS_OF).all(uscc=uscc)]
    return records, since.listed_on if since else None, decisions


async def blacklist_on(session: AsyncSession, rules: CreditRules, uscc: str,
                       as_of: date) -> BlacklistDecision:
    """The entity's blacklist state assessed on ``as_of`` from what is stored (its
    records, its stay on the abnormal list, its listing decisions), not the stored state."""
    records = [record_facts(row) for row in await session.execute(records_of(uscc))]
    return assess_blacklist(records, rules, as_of, await abnormal_since(session, uscc, as_of),
                            await listing_decisions(session, uscc))
