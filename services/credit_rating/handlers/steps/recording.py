"""Storing a credit record (记录入库): the step behind every record, entered by a department,
found from a commitment, or arriving as an event.

A record gets its publicity window from the dated rule tables; a first minor violation
on the 免罚清单 is kept as ``exempted`` (查得到, but not dishonesty, CR-8). The entity is
re-graded, its blacklist and watchlist state kept, in the same transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.credit_rating.bootstrap import CreditContext
from services.credit_rating.domain.grading import is_first_exempt_violation
from services.credit_rating.domain.publicity import publicity_window
from services.credit_rating.domain.records import RecordFacts, RecordStatus, Severity
from services.credit_rating.domain.rules import CreditRules
from services.credit_rating.handlers.commands import RecordEntry
from services.credit_rating.handlers.errors import EntityNotFound
from services.credit_rating.handlers.steps.facts import record_facts, records_of
from services.credit_rating.handlers.steps.regrading import regrade
from services.credit_rating.models import CreditRecord, Entity
from shared.audit import record as audit
from shared.contracts.credit import RecordAdded
from shared.db import UnitOfWork
from shared.errors import NotFound

EXEMPT_REASON = "首违不罚: first minor violation {code} on the 免罚清单; not dishonesty (CR-8)"


async def store_record(ctx: CreditContext, uow: UnitOfWork, uscc: str, entry: RecordEntry, *,
                       actor: str, source_event_id: str | None = None,
                       spared: bool = False, finding_ref: str | None = None) -> CreditRecord:
    """Add ``entry`` under ``uscc``, keep its lists and re-grade as of today; one record
    per ``source_event_id`` (the same event twice makes one record).

    ``spared``: the department already decided 首违不罚 (a case closed without penalty),
    so the record is exempted even where the rules would not find it a first violation.
    ``finding_ref``: the finding it records, when another event may report it too
    (``steps.findings``). Who may enter it is the caller's check, not this step's.
    """
    session = uow.session
    if source_event_id is not None:
        earlier_copy = await session.scalar(
            select(CreditRecord).where(CreditRecord.source_event_id == source_event_id))
        if earlier_copy is not None:
            return earlier_copy
    if await session.get(Entity, uscc) is None:
        raise EntityNotFound(uscc)
    earlier = [record_facts(row) for row in (await session.execute(records_of(uscc))).all()]
    record = new_record(ctx.rules, uscc, entry, earlier, source_event_id,
                        now=ctx.clock.now(), spared=spared)
    record.finding_ref = finding_ref
    session.add(record)
    await session.flush()
    await audit(uow, actor=actor, action="credit.record.added", subject=uscc,
                detail={"record_id": record.id, "kind": record.kind,
                        "severity": record.severity, "department": record.department,
                        "status": record.status, "source_event_id": source_event_id,
                        "penalty_kind": record.penalty_kind,
                        "fine_yuan": None if record.fine_yuan is None else str(record.fine_yuan),
                        "ban_until": record.ban_until.isoformat() if record.ban_until else None})
    uow.emit(RecordAdded(
        record_id=record.id, uscc=uscc, kind=record.kind, severity=record.severity,
        department=record.department, decided_on=record.decided_on, status=record.status,
        published=record.published, publicity_end=record.publicity_end,
        penalty_kind=record.penalty_kind, fine_yuan=record.fine_yuan,
        ban_until=record.ban_until))
    await regrade(ctx, uow, uscc, ctx.clock.today(), actor=actor)
    return record


def new_record(rules: CreditRules, uscc: str, entry: RecordEntry,
               earlier: Sequence[RecordFacts], source_event_id: str | None, *,
               now: datetime, spared: bool = False) -> CreditRecord:
    """The record as stored: status, exemption and publicity window from the rules."""
    severity = entry.severity if not entry.kind.positive else None
    facts = RecordFacts(id=str(uuid.uuid4()), kind=entry.kind,
                        severity=severity or Severity.MINOR, decided_on=entry.decided_on,
                        department=entry.department, violation_code=entry.violation_code)
    record = CreditRecord(
        id=facts.id, uscc=uscc, kind=entry.kind.value,
        severity=severity.value if severity else None, department=entry.department,
        legal_basis=entry.legal_basis, decided_on=entry.decided_on,
        violation_code=entry.violation_code, status=RecordStatus.ACTIVE.value,
        published=True, source_event_id=source_event_id, created_at=now,
        penalty_kind=entry.penalty_kind.value if entry.penalty_kind else None,
        fine_yuan=entry.fine_yuan, ban_until=entry.ban_until)
    if entry.kind.positive:
        return record
    if spared or is_first_exempt_violation(facts, list(earlier), rules):
        record.status = RecordStatus.EXEMPTED.value
        record.exempt_reason = EXEMPT_REASON.format(code=entry.violation_code)
        record.published = False
        return record
    window = publicity_window(facts.severity, entry.decided_on, rules)
    record.published = window.published
    record.publicity_minimum_end = window.minimum_end
    record.publicity_end = window.maximum_end
    return record


async def find_record(session: AsyncSession, record_id: str) -> CreditRecord:
    """The record with this id, or 404 (a repair or an objection names it)."""
    record = await session.get(CreditRecord, record_id)
    if record is None:
        raise NotFound("record", record_id,
                       "list the entity's records with GET /v1/entities/{uscc}/records")
    return record


async def find_entity(session: AsyncSession, uscc: str) -> Entity:
    """The registered entity, or 404 naming how to register it."""
    entity = await session.get(Entity, uscc)
    if entity is None:
        raise EntityNotFound(uscc)
    return entity
