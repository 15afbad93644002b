"""Credit records (信用记录) as the domain sees them: kind, severity, status and dates.

These are the facts grading, publicity, the lists and repair need; storage and transport
live elsewhere and convert to ``RecordFacts``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class RecordKind(StrEnum):
    """What a credit record (信用记录) is about."""

    ADMINISTRATIVE_PENALTY = "administrative_penalty"
    INSPECTION_RESULT = "inspection_result"
    SUBSTANTIATED_COMPLAINT = "substantiated_complaint"
    BROKEN_COMMITMENT = "broken_commitment"
    JUDICIAL_TRANSFER = "judicial_transfer"
    AWARD = "award"
    KEPT_COMMITMENT = "kept_commitment"

    @property
    def chinese(self) -> str:
        return _KIND_NAMES[self]

    @property
    def positive(self) -> bool:
        """True for 守信 records (award, kept commitment) that raise the score."""
        return self in (RecordKind.AWARD, RecordKind.KEPT_COMMITMENT)


_KIND_NAMES = {
    RecordKind.ADMINISTRATIVE_PENALTY: "行政处罚",
    RecordKind.INSPECTION_RESULT: "抽查检查结果",
    RecordKind.SUBSTANTIATED_COMPLAINT: "查实的投诉举报",
    RecordKind.BROKEN_COMMITMENT: "违背信用承诺",
    RecordKind.JUDICIAL_TRANSFER: "移送司法机关",
    RecordKind.AWARD: "表彰奖励",
    RecordKind.KEPT_COMMITMENT: "履行信用承诺",
}


class Severity(StrEnum):
    """How serious a dishonesty finding is (失信程度): 轻微 / 一般 / 严重."""

    MINOR = "minor"
    GENERAL = "general"
    SERIOUS = "serious"

    @property
    def chinese(self) -> str:
        return _SEVERITY_NAMES[self]

    @property
    def rank(self) -> int:
        """0 for minor, 1 for general, 2 for serious."""
        return list(Severity).index(self)


_SEVERITY_NAMES = {Severity.MINOR: "轻微", Severity.GENERAL: "一般", Severity.SERIOUS: "严重"}


class RecordStatus(StrEnum):
    """Where a record stands (记录状态); only active and under-objection records count."""

    ACTIVE = "active"
    UNDER_OBJECTION = "under_objection"
    REPAIRED = "repaired"
    EXPIRED = "expired"
    EXEMPTED = "exempted"
    REMOVED = "removed"

    @property
    def chinese(self) -> str:
        return _STATUS_NAMES[self]

    @property
    def counts(self) -> bool:
        """True if the record still weighs on grading and the lists."""
        return self in (RecordStatus.ACTIVE, RecordStatus.UNDER_OBJECTION)


_STATUS_NAMES = {
    RecordStatus.ACTIVE: "有效",
    RecordStatus.UNDER_OBJECTION: "异议处理中",
    RecordStatus.REPAIRED: "已修复",
    RecordStatus.EXPIRED: "公示期满",
    RecordStatus.EXEMPTED: "免罚",
    RecordStatus.REMOVED: "已撤销",
}


@dataclass(frozen=True)
class RecordFacts:
    """One credit record (信用记录) reduced to what the rules look at.

    ``severity`` is ignored for positive kinds; ``publicity_end`` is the end of its
    publicity window when known (None: not published, or not computed yet).
    """

    id: str
    kind: RecordKind
    severity: Severity
    decided_on: date
    department: str
    violation_code: str | None = None
    status: RecordStatus = RecordStatus.ACTIVE
    publicity_end: date | None = None

    @property
    def negative(self) -> bool:
        """True for 失信 records (everything except awards and kept commitments)."""
        return not self.kind.positive
