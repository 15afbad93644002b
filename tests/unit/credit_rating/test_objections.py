"""Objections (异议申诉, CR-9): what may be disputed, what a decision does, overdue."""

from __future__ import annotations

from datetime import date

from services.credit_rating.domain.objections import (
    ObjectionOutcome,
    ObjectionStatus,
    is_overdue,
    objection_problem,
)
from services.credit_rating.domain.records import RecordStatus
from tests.unit.credit_rating.factories import record


def test_only_an_active_record_can_be_disputed() -> None:
    assert objection_problem(record("r1")) is None
    for status in (RecordStatus.UNDER_OBJECTION, RecordStatus.REPAIRED, RecordStatus.REMOVED,
                   RecordStatus.EXEMPTED, RecordStatus.EXPIRED):
        problem = objection_problem(record("r1", status=status))
        assert problem is not None and status.chinese in problem


def test_only_removal_takes_the_record_away() -> None:
    assert {o: o.record_status for o in ObjectionOutcome} == {
        ObjectionOutcome.CORRECTED: RecordStatus.ACTIVE,
        ObjectionOutcome.REMOVED: RecordStatus.REMOVED,
        ObjectionOutcome.UPHELD: RecordStatus.ACTIVE,
    }


def test_a_pending_objection_is_overdue_the_day_after_its_due_day() -> None:
    due = date(2026, 10, 27)
    assert not is_overdue(ObjectionStatus.PENDING, due, due)
    assert is_overdue(ObjectionStatus.PENDING, due, date(2026, 10, 28))
    assert not is_overdue(ObjectionStatus.UPHELD, due, date(2026, 12, 1))
