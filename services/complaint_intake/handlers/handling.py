"""Handling by the department (办理): accept, refuse, investigate, pass on, extend, reply,
and the head's extension of a report's case decision (负责人批准延期).

Every step checks that the caller's department handles the complaint and that the step
is allowed now (``domain.lifecycle``), leaves a history step and an audit entry, and
announces state changes through the unit of work. Closing is in ``closing``.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import update

from services.complaint_intake.domain import case_decision
from services.complaint_intake.domain.deadlines import complaint_deadlines
from services.complaint_intake.domain.deadlines import extend as extended
from services.complaint_intake.domain.lifecycle import Status, Step
from services.complaint_intake.handlers.errors import unknown_department
from services.complaint_intake.handlers.steps import (
    add_step,
    check_step,
    handled_complaint,
    record_step,
)
from services.complaint_intake.models import Complaint, Reply
from shared.access import actor_of
from shared.audit import record as audit
from shared.auth import Caller
from shared.clock import china_day
from shared.contracts.complaint import ComplaintClosed, ComplaintRouted
from shared.db import UnitOfWork
from shared.errors import WrongState

if TYPE_CHECKING:
    from services.complaint_intake.bootstrap import IntakeContext


async def accept(uow: UnitOfWork, ctx: IntakeContext, complaint_id: str, caller: Caller,
                 at: datetime) -> Complaint:
    """受理 a complaint: mediation's 45 WD start counting."""
    complaint = await handled_complaint(uow.session, complaint_id, caller, lock=True)
    check_step(complaint, Step.ACCEPT)
    deadlines = complaint_deadlines(complaint.received_on, complaint.kind, ctx.rules,
                                    accepted_on=at)
    complaint.status, complaint.accepted_on = Status.ACCEPTED.value, china_day(at)
    complaint.mediation_ends, complaint.updated_at = deadlines.mediation_ends, at
    await record_step(uow, complaint, "accepted", caller, at)
    return complaint


async def investigate(uow: UnitOfWork, ctx: IntakeContext, complaint_id: str,
                      caller: Caller, at: datetime) -> Complaint:
    """立案核查: a report's case is opened (its decision deadline, 90 days, starts
    counting), or a complaint is investigated (accepted now if it was not before: its
    mediation's 45 WD start counting as with ``accept``)."""
    complaint = await handled_complaint(uow.session, complaint_id, caller, lock=True)
    check_step(complaint, Step.INVESTIGATE)
    rule = ctx.rules.deadlines.case_decision
    if case_decision.applies(complaint.kind, rule):
        opened = case_decision.case_deadline(china_day(at), rule)
        complaint.case_opened_on, complaint.case_decision_by = opened.opened_on, opened.due
    if complaint.accepted_on is None:
        complaint.accepted_on = china_day(at)
        complaint.mediation_ends = complaint_deadlines(
            complaint.received_on, complaint.kind, ctx.rules, accepted_on=at).mediation_ends
    complaint.status, complaint.updated_at = Status.INVESTIGATING.value, at
    await record_step(uow, complaint, "investigating", caller, at)
    return complaint


async def refuse(uow: UnitOfWork, complaint_id: str, caller: Caller, reason: str,
                 at: datetime) -> Complaint:
    """不予受理 / 不予立案, with the reason told to the complainant as a public reply; it
    ends the complaint, announced as ``complaint.closed.v1`` with the outcome refused
    (the reason stays out of the event)."""
    complaint = await handled_complaint(uow.session, complaint_id, caller, lock=True)
    check_step(complaint, Step.REFUSE)
    complaint.status, complaint.closed_on = Status.REFUSED.value, china_day(at)
    complaint.updated_at = at
    uow.session.add(Reply(complaint_id=complaint.id, at=at, department=caller.dept,
                          text=reason, public=True))
    await record_step(uow, complaint, "refused", caller, at, note=reason)
    uow.emit(ComplaintClosed(
        complaint_id=complaint.id, kind=complaint.kind, outcome="refused",
        department=complaint.department, uscc=complaint.uscc, closed_on=complaint.closed_on))
    return complaint


async def extend_deadline(uow: UnitOfWork, ctx: IntakeContext, complaint_id: str,
                          caller: Caller, reason: str, at: datetime) -> Complaint:
    """延长 a report's case-opening deadline by 15 WD, once, with a reason."""
    complaint = await handled_complaint(uow.session, complaint_id, caller, lock=True)
    check_step(complaint, Step.EXTEND)
    deadlines = complaint_deadlines(complaint.received_on, complaint.kind, ctx.rules)
    if complaint.extension_reason is not None:
        raise WrongState(f"the case-opening deadline was already extended (to "
                         f"{complaint.decide_case_extended_by}); it can be extended once")
    if deadlines.decide_case_by is not None and china_day(at) > deadlines.decide_case_by:
        raise WrongState(f"the case-opening deadline ({deadlines.decide_case_by}) has "
                         "passed: an extension is decided before the deadline, not after")
    try:
        longer = extended(deadlines, reason)
    except ValueError as exc:
        raise WrongState(str(exc)) from exc
    complaint.decide_case_extended_by = longer.decide_case_extended_by
    complaint.extension_reason, complaint.updated_at = longer.extension_reason, at
    await record_step(uow, complaint, "extended", caller, at, note=reason)
    return complaint


async def extend_case_decision(uow: UnitOfWork, ctx: IntakeContext, complaint_id: str,
                               caller: Caller, reason: str, at: datetime) -> Complaint:
    """负责人批准延期: the head of the handling department extends a report's case decision
    deadline by the rules' days (30), once, before it passes, with a reason."""
    complaint = await handled_complaint(uow.session, complaint_id, caller, lock=True)
    check_step(complaint, Step.EXTEND_DECISION)
    if complaint.case_opened_on is None or complaint.case_decision_by is None:
        raise WrongState("this case was opened before case decision deadlines were kept; "
                         "it has none to extend")
    current = case_decision.CaseDeadline(
        complaint.case_opened_on, complaint.case_decision_by,
        complaint.case_decision_extended_by, complaint.case_extension_reason)
    try:
        longer = case_decision.extend_case(current, reason, china_day(at),
                                           ctx.rules.deadlines.case_decision)
    except case_decision.CaseExtensionRefused as refused:
        raise WrongState(str(refused)) from None
    complaint.case_decision_extended_by = longer.extended_by
    complaint.case_extension_reason, complaint.updated_at = longer.extension_reason, at
    await record_step(uow, complaint, "decision_extended", caller, at, note=reason)
    return complaint


async def pass_on(uow: UnitOfWork, ctx: IntakeContext, complaint_id: str, caller: Caller,
                  department: str, reason: str, at: datetime) -> Complaint:
    """误派转办: a misrouted complaint goes to ``department``; counted in the stats."""
    complaint = await handled_complaint(uow.session, complaint_id, caller, lock=True)
    check_step(complaint, Step.PASS_ON)
    if department not in ctx.reference.departments:
        raise unknown_department("department", department)
    if department == complaint.department:
        raise WrongState(f"the complaint is already with {department}; pass it to another "
                         "department")
    previous = complaint.department
    complaint.department, complaint.misroutes = department, complaint.misroutes + 1
    complaint.updated_at = at
    if department == ctx.rules.intake.triage.department:  # back to 12345 to be placed
        complaint.status = Status.TRIAGE.value
    await uow.session.execute(  # its duplicates (and their reporters) go with it
        update(Complaint).where(Complaint.duplicate_of == complaint.id)
        .values(department=department, updated_at=at))
    await add_step(uow, complaint, "passed_on", actor_of(caller), at,
                   note=f"from {previous}: {reason}", department=previous)
    await audit(uow, actor=actor_of(caller), action="complaint.passed_on",
                subject=complaint.id, detail={"from": previous, "to": department,
                                              "reason": reason})
    uow.emit(ComplaintRouted(
        complaint_id=complaint.id, category=complaint.category, region=complaint.region,
        department=department, previous_department=previous, routed_on=china_day(at)))
    return complaint


async def add_reply(uow: UnitOfWork, complaint_id: str, caller: Caller, text: str,
                    public: bool, at: datetime) -> Reply:
    """答复: a public reply shows through the receipt; an internal note does not."""
    complaint = await handled_complaint(uow.session, complaint_id, caller)
    reply = Reply(complaint_id=complaint.id, at=at, department=caller.dept, text=text,
                  public=public)
    uow.session.add(reply)
    await uow.session.flush()
    await audit(uow, actor=actor_of(caller), action="complaint.replied", subject=complaint.id,
                detail={"reply_id": reply.id, "public": public})
    return reply
