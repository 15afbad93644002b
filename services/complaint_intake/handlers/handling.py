"""Handling by the department (办理): accept, refuse, investigate, pass on, extend, reply.

Every step checks that the caller's department handles the complaint and that the step
is allowed now (``domain.lifecycle``), leaves a history step and an audit entry, and
announces state changes through the outbox. Closing is in ``closing``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from services.complaint_intake.domain.deadlines import complaint_deadlines
from services.complaint_intake.domain.deadlines import extend as extended
from services.complaint_intake.domain.lifecycle import Status, Step, refusal
from services.complaint_intake.domain.rule_models import ComplaintKind
from services.complaint_intake.handlers.context import IntakeContext, china_day
from services.complaint_intake.handlers.errors import (
    ComplaintNotFound,
    NotHandlingDepartment,
    StepRefused,
    UnknownDepartment,
)
from services.complaint_intake.handlers.history import add_step
from services.complaint_intake.models import Complaint, Reply
from shared.audit import record as audit
from shared.auth import Caller
from shared.contracts.complaint import ComplaintClosed, ComplaintRouted
from shared.db import UnitOfWork
from shared.messaging.outbox import Outbox


def actor_of(caller: Caller) -> str:
    return f"{caller.dept}/{caller.client_id}"[:200]


async def handled_complaint(session: AsyncSession, complaint_id: str, caller: Caller,
                            *, lock: bool = False) -> Complaint:
    """The complaint, if the caller's department handles it (else 403; unknown: 404)."""
    complaint = await session.get(Complaint, complaint_id, with_for_update=lock or None)
    if complaint is None:
        raise ComplaintNotFound(complaint_id)
    if complaint.department != caller.dept:
        raise NotHandlingDepartment(caller.dept)
    return complaint


def check_step(complaint: Complaint, step: Step) -> None:
    why = refusal(step, Status(complaint.status), ComplaintKind(complaint.kind))
    if why is not None:
        raise StepRefused(why)


async def accept(uow: UnitOfWork, ctx: IntakeContext, complaint_id: str, caller: Caller,
                 at: datetime) -> Complaint:
    """受理 a complaint: mediation's 45 WD start counting."""
    complaint = await handled_complaint(uow.session, complaint_id, caller, lock=True)
    check_step(complaint, Step.ACCEPT)
    deadlines = complaint_deadlines(complaint.received_on, complaint.kind, ctx.rules,
                                    accepted_on=at)
    complaint.status, complaint.accepted_on = Status.ACCEPTED.value, china_day(at)
    complaint.mediation_ends, complaint.updated_at = deadlines.mediation_ends, at
    await _record(uow, complaint, "accepted", caller, at)
    return complaint


async def investigate(uow: UnitOfWork, ctx: IntakeContext, complaint_id: str,
                      caller: Caller, at: datetime) -> Complaint:
    """立案核查: a report's case is opened, or a complaint is investigated (accepted now
    if it was not before: its mediation's 45 WD start counting as with ``accept``)."""
    complaint = await handled_complaint(uow.session, complaint_id, caller, lock=True)
    check_step(complaint, Step.INVESTIGATE)
    if complaint.accepted_on is None:
        complaint.accepted_on = china_day(at)
        complaint.mediation_ends = complaint_deadlines(
            complaint.received_on, complaint.kind, ctx.rules, accepted_on=at).mediation_ends
    complaint.status, complaint.updated_at = Status.INVESTIGATING.value, at
    await _record(uow, complaint, "investigating", caller, at)
    return complaint


async def refuse(uow: UnitOfWork, outbox: Outbox, complaint_id: str, caller: Caller,
                 reason: str, at: datetime) -> Complaint:
    """不予受理 / 不予立案, with the reason told to the complainant as a public reply; it
    ends the complaint, announced as ``complaint.closed.v1`` with the outcome refused
    (the reason stays out of the event)."""
    complaint = await handled_complaint(uow.session, complaint_id, caller, lock=True)
    check_step(complaint, Step.REFUSE)
    complaint.status, complaint.closed_on = Status.REFUSED.value, china_day(at)
    complaint.updated_at = at
    uow.session.add(Reply(complaint_id=complaint.id, at=at, department=caller.dept,
                          text=reason, public=True))
    await _record(uow, complaint, "refused", caller, at, note=reason)
    await outbox.add(uow, ComplaintClosed(
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
        raise StepRefused(f"the case-opening deadline was already extended (to "
                          f"{complaint.decide_case_extended_by}); it can be extended once")
    if deadlines.decide_case_by is not None and china_day(at) > deadlines.decide_case_by:
        raise StepRefused(f"the case-opening deadline ({deadlines.decide_case_by}) has "
                          "passed: an extension is decided before the deadline, not after")
    try:
        longer = extended(deadlines, reason)
    except ValueError as exc:
        raise StepRefused(str(exc)) from exc
    complaint.decide_case_extended_by = longer.decide_case_extended_by
    complaint.extension_reason, complaint.updated_at = longer.extension_reason, at
    await _record(uow, complaint, "extended", caller, at, note=reason)
    return complaint


async def pass_on(uow: UnitOfWork, outbox: Outbox, ctx: IntakeContext, complaint_id: str,
                  caller: Caller, department: str, reason: str, at: datetime) -> Complaint:
    """误派转办: a misrouted complaint goes to ``department``; counted in the stats."""
    complaint = await handled_complaint(uow.session, complaint_id, caller, lock=True)
    check_step(complaint, Step.PASS_ON)
    if department not in ctx.reference.departments:
        raise UnknownDepartment(department)
    if department == complaint.department:
        raise StepRefused(f"the complaint is already with {department}; pass it to another "
                          "department")
    previous = complaint.department
    complaint.department, complaint.misroutes = department, complaint.misroutes + 1
    complaint.updated_at = at
    await uow.session.execute(  # its duplicates (and their reporters) go with it
        update(Complaint).where(Complaint.duplicate_of == complaint.id)
        .values(department=department, updated_at=at))
    await add_step(uow, complaint, "passed_on", actor_of(caller), at,
                   note=f"from {previous}: {reason}", department=previous)
    await audit(uow, actor=actor_of(caller), action="complaint.passed_on",
                subject=complaint.id, detail={"from": previous, "to": department,
                                              "reason": reason})
    await outbox.add(uow, ComplaintRouted(
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


async def _record(uow: UnitOfWork, complaint: Complaint, action: str, caller: Caller,
                  at: datetime, note: str | None = None) -> None:
    await add_step(uow, complaint, action, actor_of(caller), at, note=note)
    await audit(uow, actor=actor_of(caller), action=f"complaint.{action}",
                subject=complaint.id, detail={"status": complaint.status,
                                              "department": complaint.department})
