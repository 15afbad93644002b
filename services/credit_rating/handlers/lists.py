"""The lists an entity can be on: 严重失信主体名单 (blacklist, CR-5) and 重点关注企业名单
(watchlist, CR-7/CR-11), stored per entity and kept after every record change.

The rules are pure (``domain.blacklist``, ``domain.watchlist``); here their answers are
compared with the stored state, and only a change is stored, audited and announced:
``credit.blacklist.changed.v1`` on every change of a blacklisting (and of the
persons it extends to),
``credit.reminder.issued.v1`` when a 提醒约谈 becomes due, ``credit.risk.warning.v1`` when
the entity goes on the watchlist. The legal representative and the responsible
persons leave only as keyed hashes.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from collections.abc import Sequence
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.credit_rating.domain.blacklist import BlacklistDecision, assess_blacklist
from services.credit_rating.domain.records import RecordFacts
from services.credit_rating.domain.rules import CreditRules
from services.credit_rating.domain.watchlist import WatchDecision, assess_watch
from services.credit_rating.handlers.errors import EntityNotFound
from services.credit_rating.handlers.facts import (
    abnormal_since,
    entity_facts,
    record_facts,
    records_of,
)
from services.credit_rating.models import CreditListEntry, Entity, ResponsiblePerson
from shared.audit import record as audit
from shared.contracts.credit import BlacklistChanged, ReminderIssued, RiskWarning
from shared.db import UnitOfWork
from shared.messaging.outbox import Outbox

BLACKLIST = "blacklist"
WATCHLIST = "watchlist"


def person_hash(name: str | None, key: bytes) -> str | None:
    """HMAC-SHA256 (hex) of a person's name (NFKC, trimmed); None without a name."""
    if not name or not name.strip():
        return None
    normalized = unicodedata.normalize("NFKC", name).strip()
    return hmac.new(key, normalized.encode("utf-8"), hashlib.sha256).hexdigest()


async def stored_lists(session: AsyncSession, uscc: str) -> dict[str, CreditListEntry]:
    """The stored list entries of an entity, by list kind (primary key lookup)."""
    found = await session.scalars(select(CreditListEntry).where(CreditListEntry.uscc == uscc))
    return {entry.list_kind: entry for entry in found}


async def keep_lists(uow: UnitOfWork, outbox: Outbox, rules: CreditRules, entity: Entity,
                     records: Sequence[RecordFacts], blacklist: BlacklistDecision,
                     as_of: date, *, actor: str, person_key: bytes) -> None:
    """Store the entity's list state after a record change; announce what changed."""
    stored = await stored_lists(uow.session, entity.uscc)
    now = datetime.now(UTC)
    await _keep_blacklist(uow, outbox, rules, entity, blacklist, stored.get(BLACKLIST),
                          as_of, now, actor=actor, person_key=person_key)
    await _keep_watchlist(uow, outbox, rules, entity, records, stored.get(WATCHLIST),
                          as_of, now, actor=actor)


def _entry(uow: UnitOfWork, uscc: str, kind: str,
           entry: CreditListEntry | None) -> CreditListEntry:
    if entry is None:
        entry = CreditListEntry(uscc=uscc, list_kind=kind, listed=False, reason="",
                                record_ids=[], listed_since=None, reminder_issued_on=None)
        uow.session.add(entry)
    return entry


async def _keep_blacklist(uow: UnitOfWork, outbox: Outbox, rules: CreditRules, entity: Entity,
                          decision: BlacklistDecision, entry: CreditListEntry | None,
                          as_of: date, now: datetime, *, actor: str,
                          person_key: bytes) -> None:
    ids = list(decision.record_ids)
    if entry is not None and (entry.listed, entry.reason, entry.record_ids) == \
            (decision.listed, decision.reason, ids):
        return
    was_listed = entry is not None and entry.listed
    entry = _entry(uow, entity.uscc, BLACKLIST, entry)
    entry.listed, entry.reason, entry.record_ids, entry.updated_at = \
        decision.listed, decision.reason, ids, now
    if decision.listed != was_listed:
        entry.listed_since = as_of if decision.listed else None
    await uow.session.flush()
    await audit(uow, actor=actor, action="credit.blacklist.changed", subject=entity.uscc,
                detail={"listed": decision.listed, "was_listed": was_listed,
                        "reason": decision.reason, "record_ids": ids})
    if not decision.listed and not was_listed:  # never on the list: nothing to announce
        return
    await announce_blacklist(uow, outbox, rules, entity, entry, person_key, now)


async def announce_blacklist(uow: UnitOfWork, outbox: Outbox, rules: CreditRules,
                             entity: Entity, entry: CreditListEntry, person_key: bytes,
                             now: datetime) -> None:
    """``credit.blacklist.changed.v1`` of the stored ``entry``: the measures (those that
    extend to persons named apart) and the persons as keyed hashes."""
    persons = list(await uow.session.scalars(
        select(ResponsiblePerson.person_hash).where(ResponsiblePerson.uscc == entity.uscc)
        .order_by(ResponsiblePerson.person_hash)))
    await outbox.add(uow, BlacklistChanged(
        uscc=entity.uscc, listed=entry.listed, reason=entry.reason,
        record_ids=list(entry.record_ids),
        measures=[m.code for m in rules.measures] if entry.listed else [],
        person_measures=[m.code for m in rules.measures if m.applies_to_persons]
        if entry.listed else [],
        legal_representative_hash=person_hash(entity.legal_representative, person_key),
        responsible_person_hashes=persons if entry.listed else [], changed_at=now))


async def reannounce_blacklisted(uow: UnitOfWork, outbox: Outbox, rules: CreditRules,
                                 usccs: Sequence[str], person_key: bytes) -> None:
    """Announce again those of ``usccs`` that are blacklisted: the persons the listing
    extends to changed (legal representative or responsible persons), so departments
    must match the new hashes; the listing itself is unchanged."""
    listed = (await uow.session.scalars(select(CreditListEntry).where(
        CreditListEntry.list_kind == BLACKLIST, CreditListEntry.listed.is_(True),
        CreditListEntry.uscc.in_(list(usccs))).order_by(CreditListEntry.uscc))).all()
    now = datetime.now(UTC)
    for entry in listed:  # the registry may have just changed the row under the session
        entity = await uow.session.get(Entity, entry.uscc, populate_existing=True)
        assert entity is not None
        await announce_blacklist(uow, outbox, rules, entity, entry, person_key, now)


def _due_day(records: Sequence[RecordFacts], counted: Sequence[str]) -> date:
    """The day a reminder counts from: the decision day of the violation that made it due."""
    ids = set(counted)
    return max(record.decided_on for record in records if record.id in ids)


async def _keep_watchlist(uow: UnitOfWork, outbox: Outbox, rules: CreditRules,
                          entity: Entity, records: Sequence[RecordFacts],
                          entry: CreditListEntry | None, as_of: date, now: datetime, *,
                          actor: str) -> None:
    uscc = entity.uscc
    reminder_on = entry.reminder_issued_on if entry is not None else None
    decision = assess_watch(records, reminder_on, rules, as_of, entity_facts(entity))
    if decision.reminder_due:
        reminder_on = _due_day(records, decision.counted_record_ids)
    ids = list(decision.counted_record_ids)
    state = (decision.watchlisted, decision.reason, ids, reminder_on)
    if entry is not None and \
            (entry.listed, entry.reason, entry.record_ids, entry.reminder_issued_on) == state:
        return
    was_listed = entry is not None and entry.listed
    entry = _entry(uow, uscc, WATCHLIST, entry)
    entry.listed, entry.reason, entry.record_ids, entry.reminder_issued_on = state
    entry.updated_at = now
    if decision.watchlisted != was_listed:
        entry.listed_since = as_of if decision.watchlisted else None
    await uow.session.flush()
    await audit(uow, actor=actor, action="credit.watchlist.changed", subject=uscc,
                detail={"listed": decision.watchlisted, "was_listed": was_listed,
                        "reminder_issued_on": reminder_on.isoformat() if reminder_on else None,
                        "reminder_due": decision.reminder_due, "reason": decision.reason,
                        "record_ids": ids})
    if decision.reminder_due and reminder_on is not None:
        await outbox.add(uow, ReminderIssued(uscc=uscc, issued_on=reminder_on,
                                             reason=decision.reason, record_ids=ids))
    if decision.watchlisted and not was_listed:
        await outbox.add(uow, RiskWarning(uscc=uscc, reason=decision.reason, record_ids=ids))


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
            records, rules, as_of, await abnormal_since(session, uscc, as_of)))
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
                           updated_at=None)
