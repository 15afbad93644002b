"""Credit records (信用记录, CR-2): add one under an entity, list an entity's records.

A record gets its publicity window from the dated rule tables; a first minor violation
on the 免罚清单 is kept as ``exempted`` (查得到, but not dishonesty, CR-8). The entity is
re-graded, its blacklist and watchlist state kept, in the same transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.credit_rating.domain.grading import is_first_exempt_violation
from services.credit_rating.domain.publicity import publicity_window
from services.credit_rating.domain.records import RecordFacts, RecordStatus, Severity
from services.credit_rating.domain.rules import CreditRules
from services.credit_rating.handlers.errors import EntityNotFound, NotYourDepartment
from services.credit_rating.handlers.facts import record_facts, records_of
from services.credit_rating.handlers.grading import regrade
from services.credit_rating.models import CreditRecord, Entity
from services.credit_rating.schemas import RecordEntry
from shared.audit import record as audit
from shared.contracts.credit import RecordAdded
from shared.db import UnitOfWork
from shared.messaging.outbox import Outbox

EXEMPT_REASON = "首违不罚: first minor violation {code} on the 免罚清单; not dishonesty (CR-8)"


async def add_record(uow: UnitOfWork, outbox: Outbox, rules: CreditRules, uscc: str,
                     entry: RecordEntry, *, actor: str, as_of: date,
                     person_key: bytes, acting_department: str | None = None,
                     source_event_id: str | None = None, spared: bool = False
                     ) -> CreditRecord:
    """Add ``entry`` under ``uscc``, keep its lists and re-grade; one record per
    ``source_event_id``. ``person_key`` keys the legal representative's hash (CR-5).

    ``acting_department`` (the caller, for records entered through the API) must be the
    department the record names. ``spared``: the department already decided 首违不罚
    (a case closed without penalty), so the record is exempted even where the rules
    would not find it a first violation.
    """
    session = uow.session
    if acting_department is not None and entry.department != acting_department:
        raise NotYourDepartment(acting_department, entry.department)
    if source_event_id is not None:
        earlier_copy = await session.scalar(
            select(CreditRecord).where(CreditRecord.source_event_id == source_event_id))
        if earlier_copy is not None:
            return earlier_copy
    if await session.get(Entity, uscc) is None:
        raise EntityNotFound(uscc)
    earlier = [record_facts(row) for row in (await session.execute(records_of(uscc))).all()]
    record = new_record(rules, uscc, entry, earlier, source_event_id, spared=spared)
    session.add(record)
    await session.flush()
    await audit(uow, actor=actor, action="credit.record.added", subject=uscc,
                detail={"record_id": record.id, "kind": record.kind,
                        "severity": record.severity, "department": record.department,
                        "status": record.status, "source_event_id": source_event_id})
    await outbox.add(uow, RecordAdded(
        record_id=record.id, uscc=uscc, kind=record.kind, severity=record.severity,
        department=record.department, decided_on=record.decided_on, status=record.status,
        published=record.published, publicity_end=record.publicity_end))
    await regrade(uow, outbox, rules, uscc, as_of, actor=actor, person_key=person_key)
    return record


def new_record(rules: CreditRules, uscc: str, entry: RecordEntry,
               earlier: Sequence[RecordFacts], source_event_id: str | None, *,
               spared: bool = False) -> CreditRecord:
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
        published=True, source_event_id=source_event_id, created_at=datetime.now(UTC))
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


async def list_records(session: AsyncSession, uscc: str) -> list[CreditRecord]:
    """An entity's records, newest decision first."""
    if await session.get(Entity, uscc) is None:
        raise EntityNotFound(uscc)
    found = await session.scalars(select(CreditRecord).where(CreditRecord.uscc == uscc)
                                  .order_by(CreditRecord.decided_on.desc(),
                                            CreditRecord.created_at.desc()))
    return list(found)
