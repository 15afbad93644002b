"""Keeping the book of credit commitments (信用承诺, CR-4): the steps of registering one and
of settling one with the credit record it becomes.

A commitment is announced when registered (``credit.commitment.registered.v1``:
commitments are public, PN-3). One found false adds a ``broken_commitment`` record of the
finding department and leaves ``credit.commitment.breached.v1`` so the department it was
made to can revoke the decision it backed.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.credit_rating.bootstrap import CreditContext
from services.credit_rating.domain.commitments import (
    CommitmentKind,
    CommitmentStatus,
    settle_problem,
)
from services.credit_rating.domain.records import RecordKind
from services.credit_rating.handlers.commands import BreachEntry, CommitmentEntry, RecordEntry
from services.credit_rating.handlers.steps.findings import complete_record
from services.credit_rating.handlers.steps.recording import store_record
from services.credit_rating.models import Commitment, CreditRecord
from shared.audit import record as audit
from shared.contracts.credit_commitments import CommitmentBreached, CommitmentRegistered
from shared.db import UnitOfWork
from shared.errors import Conflict, NotFound


def commitment_row(uscc: str, now: datetime, entry: CommitmentEntry | None = None,
                   **values: object) -> Commitment:
    """A new commitment in force (from ``entry``, or from ``values``)."""
    fields = entry.model_dump(exclude={"uscc"}) if entry is not None else values
    fields["kind"] = CommitmentKind(fields["kind"]).value
    return Commitment(id=str(uuid.uuid4()), uscc=uscc, status=CommitmentStatus.ACTIVE.value,
                      created_at=now, **fields)


async def add_commitment(uow: UnitOfWork, commitment: Commitment, *, actor: str) -> None:
    """Store a new ``commitment`` (``commitment_row``), audited and announced."""
    uow.session.add(commitment)
    await uow.session.flush()
    await audit(uow, actor=actor, action="credit.commitment.registered",
                subject=commitment.uscc,
                detail={"commitment_id": commitment.id, "kind": commitment.kind,
                        "department": commitment.department, "matter": commitment.matter})
    uow.emit(CommitmentRegistered(
        commitment_id=commitment.id, uscc=commitment.uscc, kind=commitment.kind,
        department=commitment.department, matter=commitment.matter,
        decision_ref=commitment.decision_ref, content=commitment.content,
        made_on=commitment.made_on, valid_until=commitment.valid_until))


async def find_commitment(session: AsyncSession, commitment_id: str) -> Commitment:
    commitment = await session.get(Commitment, commitment_id)
    if commitment is None:
        raise NotFound("commitment", commitment_id,
                       "list an entity's commitments with GET /v1/entities/{uscc}/commitments")
    return commitment


def ensure_settleable(commitment: Commitment, wanted: CommitmentStatus) -> None:
    """409 unless the commitment may still be settled as ``wanted``."""
    problem = settle_problem(CommitmentStatus(commitment.status), wanted)
    if problem is not None:
        raise Conflict("Commitment already settled", problem, "commitment-settled",
                       current_status=commitment.status, record_id=commitment.record_id)


async def breach(ctx: CreditContext, uow: UnitOfWork, commitment: Commitment,
                 found: BreachEntry, *, department: str, actor: str,
                 source_event_id: str | None = None, finding_ref: str | None = None,
                 record: CreditRecord | None = None) -> Commitment:
    """承诺不实: ``department`` found the commitment false. Adds the negative record (or,
    when the finding already made ``record``, makes that one the breach's record: one
    finding, one record), re-grades, and announces it to the department the
    commitment was made to."""
    ensure_settleable(commitment, CommitmentStatus.BREACHED)
    kind = CommitmentKind(commitment.kind)
    entry = RecordEntry(
        kind=RecordKind.BROKEN_COMMITMENT,
        severity=found.severity or ctx.rules.commitments.breach_severity,
        department=department, decided_on=found.found_on,
        legal_basis=f"违背信用承诺: {kind.chinese}承诺 {commitment.id} 不实 ({found.finding})"
                    [:300])
    if record is None:
        record = await store_record(ctx, uow, commitment.uscc, entry, actor=actor,
                                    source_event_id=source_event_id, finding_ref=finding_ref)
    else:
        record = await complete_record(ctx, uow, record, kind=RecordKind.BROKEN_COMMITMENT,
                                       legal_basis=entry.legal_basis, actor=actor,
                                       reason=f"承诺不实 / commitment {commitment.id} found "
                                              f"false ({found.finding})"[:300])
    settle(commitment, CommitmentStatus.BREACHED, record.id, found.found_on, department,
           found.finding)
    commitment.source_event_id = source_event_id
    await uow.session.flush()
    await audit(uow, actor=actor, action="credit.commitment.breached", subject=commitment.uscc,
                detail={"commitment_id": commitment.id, "record_id": record.id,
                        "found_by": department, "source_event_id": source_event_id})
    uow.emit(CommitmentBreached(
        commitment_id=commitment.id, uscc=commitment.uscc, kind=kind.value,
        department=commitment.department, matter=commitment.matter,
        decision_ref=commitment.decision_ref, revoke_decision=kind.backs_a_decision,
        record_id=record.id, found_by=department, found_on=found.found_on))
    return commitment


def settle(commitment: Commitment, status: CommitmentStatus, record_id: str, on: date,
           department: str, note: str | None) -> None:
    commitment.status, commitment.record_id = status.value, record_id
    commitment.settled_on, commitment.settled_by = on, department
    commitment.settle_note = note[:300] if note else None
