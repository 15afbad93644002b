"""Test factories for the credit-rating domain: records and entities with plain defaults."""

from __future__ import annotations

from datetime import date

from services.credit_rating.domain.grading import EntityFacts
from services.credit_rating.domain.records import RecordFacts, RecordKind, RecordStatus, Severity

AS_OF = date(2026, 6, 1)
USCC = "91370200MA3C1234X5"


def record(
    id: str,
    severity: Severity = Severity.MINOR,
    decided_on: date = date(2026, 5, 1),
    *,
    kind: RecordKind = RecordKind.ADMINISTRATIVE_PENALTY,
    status: RecordStatus = RecordStatus.ACTIVE,
    violation_code: str | None = None,
    publicity_end: date | None = None,
    department: str = "SCJG",
) -> RecordFacts:
    return RecordFacts(
        id=id,
        kind=kind,
        severity=severity,
        decided_on=decided_on,
        department=department,
        violation_code=violation_code,
        status=status,
        publicity_end=publicity_end,
    )


def positive(id: str, kind: RecordKind = RecordKind.AWARD, decided_on: date = date(2026, 1, 10)):
    return record(id, decided_on=decided_on, kind=kind)


def entity(
    established_on: date = date(2015, 3, 1),
    *,
    new_economy: bool = False,
    tolerance_until: date | None = None,
    blacklisted: bool = False,
) -> EntityFacts:
    return EntityFacts(USCC, established_on, new_economy, tolerance_until, blacklisted)
