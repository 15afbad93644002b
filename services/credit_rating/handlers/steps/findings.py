"""One finding, one record (一事一记录, issue 16.6): when two events report one finding
(an inspection result, and the false commitment that inspection found), the first
makes the record and the second completes it instead of adding another.

The record ends the same whichever came first: kind ``broken_commitment`` (the
commitment's breach is what the finding means for the entity's credit, CR-4), the
inspector's severity, the breach's legal basis. ``credit.record.changed.v1`` announces
a record completed so.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.credit_rating.bootstrap import CreditContext
from services.credit_rating.domain.publicity import publicity_window
from services.credit_rating.domain.records import RecordKind, RecordStatus, Severity
from services.credit_rating.handlers.steps.regrading import regrade
from services.credit_rating.models import CreditRecord
from shared.audit import record as audit
from shared.contracts.credit import RecordChanged
from shared.db import UnitOfWork

REF_LIMIT = 80


def inspection_finding(result_id: str) -> str:
    """The reference of the finding an inspection result (``result_id``) made."""
    ref = f"inspection-result:{result_id}"
    if len(ref) <= REF_LIMIT:
        return ref
    return f"inspection-result:sha256:{hashlib.sha256(result_id.encode()).hexdigest()}"


async def record_of_finding(session: AsyncSession, ref: str) -> CreditRecord | None:
    return await session.scalar(select(CreditRecord).where(CreditRecord.finding_ref == ref))


async def complete_record(ctx: CreditContext, uow: UnitOfWork, record: CreditRecord, *,
                          reason: str, actor: str, kind: RecordKind | None = None,
                          severity: Severity | None = None,
                          legal_basis: str | None = None) -> CreditRecord:
    """The second report of ``record``'s finding: its kind, severity (and with it the
    publicity window of an active record) or legal basis as that report says; announced
    and re-graded when anything changed."""
    before = (record.kind, record.severity, record.legal_basis)
    if kind is not None:
        record.kind = kind.value
    if legal_basis is not None:
        record.legal_basis = legal_basis[:300]
    if severity is not None and record.severity != severity.value:
        record.severity = severity.value
        if record.status in (RecordStatus.ACTIVE.value, RecordStatus.UNDER_OBJECTION.value):
            window = publicity_window(severity, record.decided_on, ctx.rules)
            record.published = window.published
            record.publicity_minimum_end = window.minimum_end
            record.publicity_end = window.maximum_end
    if (record.kind, record.severity, record.legal_basis) == before:
        return record
    await uow.session.flush()
    await audit(uow, actor=actor, action="credit.record.changed", subject=record.uscc,
                detail={"record_id": record.id, "reason": reason,
                        "before": {"kind": before[0], "severity": before[1]},
                        "kind": record.kind, "severity": record.severity})
    uow.emit(RecordChanged(
        record_id=record.id, uscc=record.uscc, kind=record.kind,  # type: ignore[arg-type]
        severity=record.severity, status=record.status,  # type: ignore[arg-type]
        published=record.published, publicity_end=record.publicity_end, reason=reason,
        department=record.department, decided_on=record.decided_on))
    await regrade(ctx, uow, record.uscc, ctx.clock.today(), actor=actor)
    return record
