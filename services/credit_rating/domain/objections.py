"""Objections (异议申诉, CR-9): who may object to which record, what the decision does,
and when an objection is overdue.

The deciding department is the one that made the record (谁认定谁负责); it corrects the
record, removes it, or upholds it within ``objections.decision_workdays``.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from services.credit_rating.domain.records import RecordFacts, RecordStatus


class ObjectionOutcome(StrEnum):
    """更正 / 撤销 / 维持: what the department decided on an objection."""

    CORRECTED = "corrected"
    REMOVED = "removed"
    UPHELD = "upheld"

    @property
    def record_status(self) -> RecordStatus:
        """The record's status after the decision."""
        return RecordStatus.REMOVED if self is ObjectionOutcome.REMOVED else RecordStatus.ACTIVE


class ObjectionStatus(StrEnum):
    """An objection is pending until decided (then it carries its outcome)."""

    PENDING = "pending"
    CORRECTED = "corrected"
    REMOVED = "removed"
    UPHELD = "upheld"


def objection_problem(record: RecordFacts) -> str | None:
    """Why ``record`` cannot be objected to now (None: it can).

    Only an active record is disputed: an exempted or expired one weighs nothing, a
    repaired or removed one is gone, and one under objection is being decided.
    """
    if record.status is RecordStatus.ACTIVE:
        return None
    return (f"记录状态为{record.status.chinese}, 不能提出异议 / the record is "
            f"{record.status.value.replace('_', ' ')}; only an active record can be "
            f"disputed")


def is_overdue(status: ObjectionStatus, due_on: date, as_of: date) -> bool:
    """True if a pending objection's deadline ended before ``as_of``."""
    return status is ObjectionStatus.PENDING and due_on < as_of
