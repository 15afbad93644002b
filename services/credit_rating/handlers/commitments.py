"""Credit commitments (信用承诺, CR-4): register, find false, keep.

Each is announced when registered (``credit.commitment.registered.v1``: commitments are
public, PN-3). A commitment found false adds a ``broken_commitment`` record of the
finding department and leaves ``credit.commitment.breached.v1`` so the department it was
made to can revoke the decision it backed; a kept one adds a ``kept_commitment`` record
and leaves ``credit.commitment.kept.v1``.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.credit_rating.commitment_schemas import BreachEntry, CommitmentEntry, KeptEntry
from services.credit_rating.domain.commitments import (
    CommitmentKind,
    CommitmentStatus,
    settle_problem,
)
from services.credit_rating.domain.records import RecordKind
from services.credit_rating.domain.rules import CreditRules
from services.credit_rating.handlers.errors import (
    EntityNotFound,
    NotDecidingDepartment,
    NotFound,
    NotYourDepartment,
    StateConflict,
)
from services.credit_rating.handlers.records import add_record
from services.credit_rating.models import Commitment, Entity
from services.credit_rating.schemas import RecordEntry
from shared.audit import record as audit
from shared.contracts.credit_commitments import (
    CommitmentBreached,
    CommitmentKept,
    CommitmentRegistered,
)
from shared.db import UnitOfWork
from shared.messaging.outbox import Outbox


def commitment_row(uscc: str, entry: CommitmentEntry | None = None, **values: object
                   ) -> Commitment:
    """A new commitment in force (from ``entry``, or from ``values``)."""
    fields = entry.model_dump(exclude={"uscc"}) if entry is not None else values
    fields["kind"] = CommitmentKind(fields["kind"]).value
    return Commitment(id=str(uuid.uuid4()), uscc=uscc, status=CommitmentStatus.ACTIVE.value,
                      created_at=datetime.now(UTC), **fields)


async def register_commitment(uow: UnitOfWork, outbox: Outbox, entry: CommitmentEntry, *,
                              actor: str, acting_department: str) -> Commitment:
    """Register a commitment made to the caller's own department."""
    if entry.department != acting_department:
        raise NotYourDepartment(acting_department, entry.department)
    if await uow.session.get(Entity, entry.uscc) is None:
        raise EntityNotFound(entry.uscc)
    commitment = commitment_row(entry.uscc, entry)
    await add_commitment(uow, outbox, commitment, actor=actor)
    return commitment


async def add_commitment(uow: UnitOfWork, outbox: Outbox, commitment: Commitment, *,
                         actor: str) -> None:
    """Store a new ``commitment`` (``commitment_row``), audited and announced."""
    uow.session.add(commitment)
    await uow.session.flush()
    await audit(uow, actor=actor, action="credit.commitment.registered",
                subject=commitment.uscc,
                detail={"commitment_id": commitment.id, "kind": commitment.kind,
                        "department": commitment.department, "matter": commitment.matter})
    await outbox.add(uow, CommitmentRegistered(
        commitment_id=commitment.id, uscc=commitment.uscc, kind=commitment.kind,
        department=commitment.department, matter=commitment.matter,
        decision_ref=commitment.decision_ref, content=commitment.content,
        made_on=commitment.made_on, valid_until=commitment.valid_until))


async def get_commitment(session: AsyncSession, commitment_id: str) -> Commitment:
    commitment = await session.get(Commitment, commitment_id)
    if commitment is None:
        raise NotFound("commitment", commitment_id,
                       "list an entity's commitments with GET /v1/entities/{uscc}/commitments")
    return commitment


async def list_commitments(session: AsyncSession, uscc: str) -> list[Commitment]:
    """An entity's commitments, newest first."""
    if await session.get(Entity, uscc) is None:
        raise EntityNotFound(uscc)
    found = await session.scalars(select(Commitment).where(Commitment.uscc == uscc)
                                  .order_by(Commitment.made_on.desc(),
                                            Commitment.created_at.desc()))
    return list(found)


def _settleable(commitment: Commitment, wanted: CommitmentStatus) -> None:
    problem = settle_problem(CommitmentStatus(commitment.status), wanted)
    if problem is not None:
        raise StateConflict("Commitment already settled", problem, "commitment-settled",
                            current_status=commitment.status,
                            record_id=commitment.record_id)


async def breach_commitment(uow: UnitOfWork, outbox: Outbox, rules: CreditRules,
                            commitment_id: str, found: BreachEntry, *, department: str,
                            actor: str, as_of: date, person_key: bytes,
                            source_event_id: str | None = None) -> Commitment:
    """承诺不实: ``department`` found the commitment false. Adds the negative record,
    re-grades, and announces it to the department the commitment was made to.

    From an event (``source_event_id``) a commitment already found false is left as it
    is (the same finding twice, or a second one); through the API it is a 409.
    """
    commitment = await get_commitment(uow.session, commitment_id)
    if source_event_id is not None and commitment.status == CommitmentStatus.BREACHED:
        return commitment
    _settleable(commitment, CommitmentStatus.BREACHED)
    kind = CommitmentKind(commitment.kind)
    entry = RecordEntry(
        kind=RecordKind.BROKEN_COMMITMENT,
        severity=found.severity or rules.commitments.breach_severity,
        department=department, decided_on=found.found_on,
        legal_basis=f"违背信用承诺: {kind.chinese}承诺 {commitment.id} 不实 ({found.finding})"
                    [:300])
    record = await add_record(uow, outbox, rules, commitment.uscc, entry, actor=actor,
                              as_of=as_of, person_key=person_key,
                              source_event_id=source_event_id)
    _settle(commitment, CommitmentStatus.BREACHED, record.id, found.found_on, department,
            found.finding)
    commitment.source_event_id = source_event_id
    await uow.session.flush()
    await audit(uow, actor=actor, action="credit.commitment.breached", subject=commitment.uscc,
                detail={"commitment_id": commitment.id, "record_id": record.id,
                        "found_by": department, "source_event_id": source_event_id})
    await outbox.add(uow, CommitmentBreached(
        commitment_id=commitment.id, uscc=commitment.uscc, kind=kind.value,
        department=commitment.department, matter=commitment.matter,
        decision_ref=commitment.decision_ref, revoke_decision=kind.backs_a_decision,
        record_id=record.id, found_by=department, found_on=found.found_on))
    return commitment


async def keep_commitment(uow: UnitOfWork, outbox: Outbox, rules: CreditRules,
                          commitment_id: str, kept: KeptEntry, *, department: str,
                          actor: str, as_of: date, person_key: bytes) -> Commitment:
    """守诺: the department the commitment was made to confirms it was kept; a
    ``kept_commitment`` record of that department is added."""
    commitment = await get_commitment(uow.session, commitment_id)
    if commitment.department != department:
        raise NotDecidingDepartment(department, commitment.department, "commitment")
    _settleable(commitment, CommitmentStatus.KEPT)
    kind = CommitmentKind(commitment.kind)
    entry = RecordEntry(kind=RecordKind.KEPT_COMMITMENT, department=department,
                        decided_on=kept.kept_on,
                        legal_basis=f"履行信用承诺: {kind.chinese}承诺 {commitment.id}")
    record = await add_record(uow, outbox, rules, commitment.uscc, entry, actor=actor,
                              as_of=as_of, person_key=person_key)
    _settle(commitment, CommitmentStatus.KEPT, record.id, kept.kept_on, department, kept.note)
    await uow.session.flush()
    await audit(uow, actor=actor, action="credit.commitment.kept", subject=commitment.uscc,
                detail={"commitment_id": commitment.id, "record_id": record.id})
    await outbox.add(uow, CommitmentKept(
        commitment_id=commitment.id, uscc=commitment.uscc, kind=kind.value,
        department=department, record_id=record.id, kept_on=kept.kept_on))
    return commitment


def _settle(commitment: Commitment, status: CommitmentStatus, record_id: str, on: date,
            department: str, note: str | None) -> None:
    commitment.status, commitment.record_id = status.value, record_id
    commitment.settled_on, commitment.settled_by = on, department
    commitment.settle_note = note[:300] if note else None
