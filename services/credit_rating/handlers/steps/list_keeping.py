"""The lists an entity can be on: 严重失信主体名单 (blacklist, CR-5) and 重点关注企业名单
(watchlist, CR-7/CR-11), stored per entity and kept after every record change.

The rules are pure (``domain.blacklist``, ``domain.watchlist``); here their answers are
compared with the stored state, and only a change is stored, audited and announced
(records that call for a listing decision are proposed, ``credit.blacklist.proposed.v1``):
``credit.blacklist.changed.v1`` on every change of a blacklisting (and of the
persons it extends to),
``credit.reminder.issued.v1`` when a 提醒约谈 becomes due (a department records it when
held, ``handlers.reminders``), ``credit.risk.warning.v1`` when the entity goes on the
watchlist. The legal representative and the responsible
persons leave only as keyed hashes. Each ``credit.blacklist.changed.v1`` carries the
blacklisting's version, raised with it (:mod:`~.versions`).
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
import uuid
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.credit_rating.domain.blacklist import BlacklistDecision
from services.credit_rating.domain.records import RecordFacts
from services.credit_rating.domain.rules import CreditRules
from services.credit_rating.domain.watchlist import assess_watch
from services.credit_rating.handlers.steps.facts import entity_facts
from services.credit_rating.handlers.steps.versions import next_version
from services.credit_rating.models import (
    BlacklistProposal,
    CreditListEntry,
    Entity,
    EntityPersonId,
    ResponsiblePerson,
)
from shared.audit import record as audit
from shared.contracts.credit_lists import (
    BlacklistChanged,
    BlacklistProposed,
    ReminderIssued,
    RiskWarning,
)
from shared.db import UnitOfWork

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


async def keep_lists(uow: UnitOfWork, rules: CreditRules, entity: Entity,
                     records: Sequence[RecordFacts], blacklist: BlacklistDecision,
                     as_of: date, now: datetime, *, actor: str, person_key: bytes) -> None:
    """Store the entity's list state after a record change; announce what changed."""
    stored = await stored_lists(uow.session, entity.uscc)
    await _keep_blacklist(uow, rules, entity, blacklist, stored.get(BLACKLIST),
                          as_of, now, actor=actor, person_key=person_key)
    await _keep_watchlist(uow, rules, entity, records, stored.get(WATCHLIST),
                          as_of, now, actor=actor)


def _entry(uow: UnitOfWork, uscc: str, kind: str,
           entry: CreditListEntry | None) -> CreditListEntry:
    if entry is None:
        entry = CreditListEntry(uscc=uscc, list_kind=kind, listed=False, reason="",
                                record_ids=[], listed_since=None, reminder_issued_on=None,
                                reminder_due_on=None)
        uow.session.add(entry)
    return entry


async def _propose(uow: UnitOfWork, uscc: str, decision: BlacklistDecision, as_of: date,
                   now: datetime, *, actor: str) -> None:
    """列入建议: each proposal of ``decision`` stored, audited and announced to the
    department that decides it."""
    for proposal in decision.proposals:
        row = BlacklistProposal(
            id=str(uuid.uuid4()), uscc=uscc, department=proposal.department,
            record_ids=list(proposal.record_ids), proposed_on=as_of, status="proposed",
            reason=f"{len(proposal.record_ids)} 条严重失信记录(或移送司法机关)建议列入严重失信"
                   f"主体名单 / {len(proposal.record_ids)} record(s) call for listing: "
                   f"{', '.join(proposal.record_ids)}", created_at=now)
        uow.session.add(row)
        await uow.session.flush()
        await audit(uow, actor=actor, action="credit.blacklist.proposed", subject=uscc,
                    detail={"proposal_id": row.id, "department": row.department,
                            "record_ids": row.record_ids})
        uow.emit(BlacklistProposed(proposal_id=row.id, uscc=uscc, department=row.department,
                                   record_ids=row.record_ids, proposed_on=as_of))


async def _keep_blacklist(uow: UnitOfWork, rules: CreditRules, entity: Entity,
                          decision: BlacklistDecision, entry: CreditListEntry | None,
                          as_of: date, now: datetime, *, actor: str,
                          person_key: bytes) -> None:
    await _propose(uow, entity.uscc, decision, as_of, now, actor=actor)
    ids = list(decision.record_ids)
    if entry is not None and (entry.listed, entry.reason, entry.record_ids) == \
            (decision.listed, decision.reason, ids):
        return
    was_listed = entry is not None and entry.listed
    entry = _entry(uow, entity.uscc, BLACKLIST, entry)
    entry.listed, entry.reason, entry.record_ids, entry.updated_at = \
        decision.listed, decision.reason, ids, now
    if decision.listed != was_listed:
        entry.listed_since = (decision.listed_since or as_of) if decision.listed else None
    await uow.session.flush()
    await audit(uow, actor=actor, action="credit.blacklist.changed", subject=entity.uscc,
                detail={"listed": decision.listed, "was_listed": was_listed,
                        "reason": decision.reason, "record_ids": ids})
    if not decision.listed and not was_listed:  # never on the list: nothing to announce
        return
    await announce_blacklist(uow, rules, entity, entry, await persons_of(uow, entity.uscc),
                             person_key, now, await person_ids_of(uow, entity.uscc))


async def persons_of(uow: UnitOfWork, uscc: str) -> list[str]:
    """The keyed hashes of the entity's responsible persons, sorted."""
    return list(await uow.session.scalars(
        select(ResponsiblePerson.person_hash).where(ResponsiblePerson.uscc == uscc)
        .order_by(ResponsiblePerson.person_hash)))


async def person_ids_of(uow: UnitOfWork, uscc: str) -> list[str]:
    """The keyed hashes of the ID numbers of the people behind the entity, sorted."""
    return list(await uow.session.scalars(
        select(EntityPersonId.person_hash).where(EntityPersonId.uscc == uscc)
        .distinct().order_by(EntityPersonId.person_hash)))


async def announce_blacklist(uow: UnitOfWork, rules: CreditRules,
                             entity: Entity, entry: CreditListEntry, persons: list[str],
                             person_key: bytes, now: datetime,
                             person_ids: list[str] | None = None) -> None:
    """``credit.blacklist.changed.v1`` of the stored ``entry`` at its next version: the
    measures (those that extend to persons named apart) and the persons (``persons_of``,
    ``person_ids_of``) as keyed hashes."""
    version = await next_version(uow.session, entry)
    uow.emit(BlacklistChanged(
        uscc=entity.uscc, listed=entry.listed, reason=entry.reason,
        record_ids=list(entry.record_ids),
        measures=[m.code for m in rules.measures] if entry.listed else [],
        person_measures=[m.code for m in rules.measures if m.applies_to_persons]
        if entry.listed else [],
        legal_representative_hash=person_hash(entity.legal_representative, person_key),
        responsible_person_hashes=persons if entry.listed else [],
        person_id_hashes=(person_ids or []) if entry.listed else [], changed_at=now,
        version=version))


async def reannounce_blacklisted(uow: UnitOfWork, rules: CreditRules, usccs: Sequence[str],
                                 person_key: bytes, now: datetime) -> None:
    """Announce again those of ``usccs`` that are blacklisted: the persons the listing
    extends to changed (legal representative or responsible persons), so departments
    must match the new hashes; the listing itself is unchanged."""
    listed = (await uow.session.scalars(select(CreditListEntry).where(
        CreditListEntry.list_kind == BLACKLIST, CreditListEntry.listed.is_(True),
        CreditListEntry.uscc.in_(list(usccs))).order_by(CreditListEntry.uscc))).all()
    for entry in listed:  # the registry may have just changed the row under the session
        entity = await uow.session.get(Entity, entry.uscc, populate_existing=True)
        assert entity is not None
        await announce_blacklist(uow, rules, entity, entry,
                                 await persons_of(uow, entity.uscc), person_key, now,
                                 await person_ids_of(uow, entity.uscc))


def _due_day(records: Sequence[RecordFacts], counted: Sequence[str]) -> date:
    """The day a reminder became due: the decision day of the violation that made it due."""
    ids = set(counted)
    return max(record.decided_on for record in records if record.id in ids)


async def _keep_watchlist(uow: UnitOfWork, rules: CreditRules,
                          entity: Entity, records: Sequence[RecordFacts],
                          entry: CreditListEntry | None, as_of: date, now: datetime, *,
                          actor: str) -> None:
    """The follow-up counts from the last recorded 提醒约谈 (``reminder_issued_on``, set
    only by ``handlers.reminders``), never from the day one became due: a reminder due
    is announced once and waits, with the violations after it, for a department to
    record it (CR-7)."""
    uscc = entity.uscc
    held_on = entry.reminder_issued_on if entry is not None else None
    due_before = entry.reminder_due_on if entry is not None else None
    decision = assess_watch(records, held_on, rules, as_of, entity_facts(entity))
    due_on = None
    if decision.reminder_due:
        due_on = due_before or _due_day(records, decision.counted_record_ids)
    ids = list(decision.counted_record_ids)
    state = (decision.watchlisted, decision.reason, ids, due_on)
    if entry is not None and \
            (entry.listed, entry.reason, entry.record_ids, entry.reminder_due_on) == state:
        return
    was_listed = entry is not None and entry.listed
    entry = _entry(uow, uscc, WATCHLIST, entry)
    entry.listed, entry.reason, entry.record_ids, entry.reminder_due_on = state
    entry.updated_at = now
    if decision.watchlisted != was_listed:
        entry.listed_since = as_of if decision.watchlisted else None
    await uow.session.flush()
    await audit(uow, actor=actor, action="credit.watchlist.changed", subject=uscc,
                detail={"listed": decision.watchlisted, "was_listed": was_listed,
                        "reminder_issued_on": held_on.isoformat() if held_on else None,
                        "reminder_due_on": due_on.isoformat() if due_on else None,
                        "reason": decision.reason, "record_ids": ids})
    if due_on is not None and due_before is None:
        uow.emit(ReminderIssued(uscc=uscc, issued_on=due_on, reason=decision.reason,
                                record_ids=ids))
    if decision.watchlisted and not was_listed:
        uow.emit(RiskWarning(uscc=uscc, reason=decision.reason, record_ids=ids))
