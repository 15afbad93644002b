"""Closing a complaint with its outcome (办结).

- substantiated (属实): ``complaint.substantiated.v1`` for credit-rating (CP-3), saying
  when the finding goes on to another department or the police (``finding_for``);
- malicious (恶意中伤, CP-5): a mark under the reporter's blind index, which the intake
  counts for the reporter's standing;
- not substantiated, withdrawn: closed only.

Every closing emits ``complaint.closed.v1`` and opens the satisfaction rating (回访).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

from pydantic import BaseModel, ConfigDict, Field

from services.complaint_intake.domain.lifecycle import Outcome, Status, Step
from services.complaint_intake.handlers.errors import unknown_department
from services.complaint_intake.handlers.inputs import DepartmentCode
from services.complaint_intake.handlers.steps import add_step, check_step, handled_complaint
from services.complaint_intake.models import Complaint, Reply, ReporterIdentity, ReporterMark
from shared.access import actor_of
from shared.audit import record as audit
from shared.auth import Caller
from shared.clock import china_day
from shared.contracts.complaint import ComplaintClosed, ComplaintSubstantiated
from shared.contracts.credit import Severity
from shared.db import UnitOfWork
from shared.errors import WrongState
from shared.fields import text
from shared.uscc import USCC

if TYPE_CHECKING:
    from services.complaint_intake.bootstrap import IntakeContext

POLICE = "police"


class Closing(BaseModel):
    """The closing command (办结): the outcome and what goes with it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    outcome: Outcome
    severity: Severity | None = Field(default=None, description="失信程度, for substantiated")
    finding_for: DepartmentCode | None = Field(
        default=None, description="a department code or `police` when the finding is "
        "handed on")
    uscc: USCC | None = Field(default=None, description="the entity, if the complaint did "
                              "not name it by USCC")
    public_reply: Annotated[str, text(2000)] | None = None


async def close(uow: UnitOfWork, ctx: IntakeContext, complaint_id: str, caller: Caller,
                closing: Closing, at: datetime) -> Complaint:
    session = uow.session
    complaint = await handled_complaint(session, complaint_id, caller, lock=True)
    check_step(complaint, Step.CLOSE)
    _check_finding(ctx, complaint, closing)
    day = china_day(at)
    if closing.uscc and complaint.uscc is None:
        complaint.uscc = closing.uscc
    complaint.status, complaint.outcome = Status.CLOSED.value, closing.outcome.value
    complaint.closed_on, complaint.finding_for = day, closing.finding_for
    complaint.updated_at = at
    if closing.public_reply:
        session.add(Reply(complaint_id=complaint.id, at=at, department=caller.dept,
                          text=closing.public_reply, public=True))
    marked = False
    if closing.outcome == Outcome.MALICIOUS:
        marked = await _mark_reporter(uow, complaint, day)
        if marked:  # the next public filing counts it (other instances: on their refresh)
            uow.after_commit(ctx.restricted.forget)
    await add_step(uow, complaint, "closed", actor_of(caller), at, note=closing.outcome.value)
    await audit(uow, actor=actor_of(caller), action="complaint.closed", subject=complaint.id,
                detail={"outcome": complaint.outcome, "finding_for": complaint.finding_for,
                        "severity": closing.severity, "reporter_marked": marked})
    if closing.outcome == Outcome.SUBSTANTIATED:
        assert complaint.uscc is not None and closing.severity is not None
        uow.emit(ComplaintSubstantiated(
            complaint_id=complaint.id, uscc=complaint.uscc, category=complaint.category,
            handling_department=complaint.department, substantiated_on=day,
            severity=closing.severity, finding_for=complaint.finding_for))
    uow.emit(ComplaintClosed(
        complaint_id=complaint.id, kind=complaint.kind, outcome=complaint.outcome,
        department=complaint.department, uscc=complaint.uscc, closed_on=day))
    return complaint


def _check_finding(ctx: IntakeContext, complaint: Complaint, closing: Closing) -> None:
    substantiated = closing.outcome == Outcome.SUBSTANTIATED
    if substantiated and closing.severity is None:
        raise WrongState("a substantiated finding needs its severity (minor, general or "
                         "serious) for the credit record")
    if substantiated and complaint.uscc is None and closing.uscc is None:
        raise WrongState("the complaint names no entity by USCC; give uscc with the "
                         "substantiated finding so it can become a credit record")
    if closing.finding_for is not None:
        if not substantiated:
            raise WrongState("finding_for applies to a substantiated finding only")
        if closing.finding_for != POLICE and \
                closing.finding_for not in ctx.reference.departments:
            raise unknown_department("finding_for", closing.finding_for)


async def _mark_reporter(uow: UnitOfWork, complaint: Complaint, day: date) -> bool:
    identity = await uow.session.get(ReporterIdentity, complaint.id)
    if identity is None or identity.reporter_index is None:
        return False
    uow.session.add(ReporterMark(complaint_id=complaint.id,
                                 reporter_index=identity.reporter_index, marked_on=day))
    return True
