"""The handling steps allowed in each state, and which deadline is running (办理流程)."""

from __future__ import annotations

from datetime import date

from services.complaint_intake.domain.lifecycle import (
    DeadlineState,
    Status,
    Step,
    passed_deadline,
    pending_deadline,
    refusal,
)
from services.complaint_intake.domain.rule_models import ComplaintKind

COMPLAINT, REPORT = ComplaintKind.COMPLAINT, ComplaintKind.REPORT
DAY = date(2026, 10, 15)


def test_only_a_received_complaint_is_accepted_and_only_a_report_extended() -> None:
    assert refusal(Step.ACCEPT, Status.RECEIVED, COMPLAINT) is None
    assert "not a report" in (refusal(Step.ACCEPT, Status.RECEIVED, REPORT) or "")
    assert "refused" in (refusal(Step.ACCEPT, Status.REFUSED, COMPLAINT) or "")
    assert refusal(Step.EXTEND, Status.RECEIVED, REPORT) is None
    assert refusal(Step.EXTEND, Status.RECEIVED, COMPLAINT) is not None


def test_a_linked_duplicate_is_acted_on_through_the_first() -> None:
    for step in Step:
        assert "duplicate" in (refusal(step, Status.LINKED, COMPLAINT) or "")


def test_closed_complaints_take_no_more_steps_and_pass_on_only_before_acceptance() -> None:
    assert all(refusal(step, Status.CLOSED, COMPLAINT) for step in Step)
    assert refusal(Step.PASS_ON, Status.RECEIVED, COMPLAINT) is None
    assert refusal(Step.PASS_ON, Status.ACCEPTED, COMPLAINT) is not None


def test_the_running_deadline_follows_the_state() -> None:
    received = DeadlineState(Status.RECEIVED, DAY, None, None)
    assert pending_deadline(received) == ("accept", DAY)
    report = DeadlineState(Status.RECEIVED, None, DAY, None)
    assert pending_deadline(report) == ("decide_case", DAY)
    mediating = DeadlineState(Status.ACCEPTED, DAY, None, date(2026, 12, 18))
    assert pending_deadline(mediating) == ("mediation", date(2026, 12, 18))
    assert pending_deadline(DeadlineState(Status.CLOSED, DAY, None, None)) is None


def test_a_deadline_passes_the_day_after_its_last_day() -> None:
    state = DeadlineState(Status.RECEIVED, DAY, None, None)
    assert passed_deadline(state, DAY) is None
    assert passed_deadline(state, date(2026, 10, 16)) == ("accept", DAY)


def test_a_complaint_in_triage_is_only_assigned_while_its_deadline_runs() -> None:
    assert refusal(Step.ASSIGN, Status.TRIAGE, COMPLAINT) is None
    for step in set(Step) - {Step.ASSIGN}:
        assert "triage" in (refusal(step, Status.TRIAGE, REPORT) or "")
    assert refusal(Step.ASSIGN, Status.RECEIVED, COMPLAINT) is not None
    waiting = DeadlineState(Status.TRIAGE, DAY, None, None)
    assert pending_deadline(waiting) == ("accept", DAY)


def test_an_opened_case_runs_under_its_decision_deadline_and_the_head_extends_it() -> None:
    case = DeadlineState(Status.INVESTIGATING, None, DAY, None, date(2027, 1, 13))
    assert pending_deadline(case) == ("case_decision", date(2027, 1, 13))
    assert passed_deadline(case, date(2027, 1, 14)) == ("case_decision", date(2027, 1, 13))
    assert refusal(Step.EXTEND_DECISION, Status.INVESTIGATING, REPORT) is None
    assert refusal(Step.EXTEND_DECISION, Status.RECEIVED, REPORT) is not None
    assert refusal(Step.EXTEND_DECISION, Status.INVESTIGATING, COMPLAINT) is not None
