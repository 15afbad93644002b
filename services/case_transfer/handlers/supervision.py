"""督办 and 立案监督 (CT-7, CT-2): a supervisor issues an instruction with its own deadline;
the department it names answers. Who supervises:

- the department an overdue item of the case was escalated to (司法局 for administrative
  steps, the procuratorate for 行刑衔接 steps): a 督办 instruction;
- the procuratorate (JCY), on any 行刑衔接 case: 督办, or 立案监督 (filing supervision)
  of the police the case reached.

Anyone else is answered as if the case did not exist (404). Issuing lets the supervisor
follow the case from then on.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, select

from services.case_transfer.domain.deadlines import in_working_days
from services.case_transfer.handlers.decision_commands import SupervisionOrder
from services.case_transfer.handlers.steps import (
    check_open,
    meet_deadline,
    open_deadline,
    record_step,
    share,
    shared_with,
    visible_case,
)
from services.case_transfer.models import Case, CaseDeadline, CriminalTransfer, Supervision
from shared.access import ensure_owner
from shared.auth import Caller
from shared.clock import china_day
from shared.contracts.case import CaseSupervised
from shared.db import UnitOfWork
from shared.errors import NotFound, Unusable, WrongState
from shared.ids import new_id

if TYPE_CHECKING:
    from services.case_transfer.bootstrap import CaseTransferContext


# A case's deadlines, by the case alone: the supervisor is checked on its few rows. Given
# ``supervisor = ?`` too, SQLite (no statistics) took the supervisor's index and walked
# every deadline it supervises (32 ms at 200,000 deadlines and 3 supervisors).
DEADLINES_OF = select(CaseDeadline.supervisor, CaseDeadline.escalated_at).where(
    CaseDeadline.case_id == bindparam("case_id"))


async def _escalated_to(uow: UnitOfWork, case_id: str, department: str) -> bool:
    return any(supervisor == department and escalated_at is not None for
               supervisor, escalated_at in await uow.session.execute(
                   DEADLINES_OF, {"case_id": case_id}))


async def _police_of(uow: UnitOfWork, case_id: str) -> str | None:
    return await uow.session.scalar(
        select(CriminalTransfer.police_department).where(
            CriminalTransfer.case_id == case_id, CriminalTransfer.delivered_at.is_not(None))
        .order_by(CriminalTransfer.proposed_at.desc()).limit(1))


async def issue(ctx: CaseTransferContext, uow: UnitOfWork, case_id: str,
                order: SupervisionOrder, caller: Caller, at: datetime) -> Supervision:
    """督办 instruction (or 立案监督) on a case the caller supervises."""
    case = await uow.session.get(Case, case_id, with_for_update=True)
    procuratorate = ctx.rules.is_procuratorate(caller.dept)
    criminal = case is not None and case.criminal_state is not None
    if case is None or not ((procuratorate and criminal)
                            or await _escalated_to(uow, case_id, caller.dept)):
        raise NotFound("case", case_id, "a supervisor acts on cases with an overdue item "
                       "escalated to it, and the procuratorate on 行刑衔接 cases")
    check_open(case, "supervise")
    police = await _police_of(uow, case.id)
    if order.kind == "filing_supervision":
        if not procuratorate or police is None:
            raise Unusable("kind", "filing_supervision (立案监督) is the procuratorate's, "
                           "on a case delivered to the police", "not-filing-supervision")
        target = order.target_department or police
    else:
        target = order.target_department or case.department
    parties = {case.department, case.opened_by, *await shared_with(uow.session, case.id)}
    if target not in parties or target == caller.dept:
        raise Unusable("target_department", f"{target} has no part in case {case_id}; name "
                       f"one of {', '.join(sorted(parties - {caller.dept}))}", "not-a-party")
    days_rule = ctx.rules.supervision.instruction_working_days
    days = order.working_days or days_rule.default
    if days > days_rule.max:
        raise Unusable("working_days", f"a 督办 deadline is at most {days_rule.max} working "
                       "days", "too-long")
    due = in_working_days(at, days)
    supervision = Supervision(id=new_id(), case_id=case.id, supervisor=caller.dept,
                              target_department=target, kind=order.kind,
                              instruction=order.instruction, issued_at=at, due_on=due.due_on)
    uow.session.add(supervision)
    await share(uow.session, case.id, caller.dept, "supervision", at)
    open_deadline(uow.session, case.id, "supervision", supervision.id, target, caller.dept,
                  due, at)
    await record_step(uow, case, "supervised", caller, at, note=order.instruction,
                      detail={"supervision_id": supervision.id, "kind": order.kind,
                              "target": target})
    uow.emit(CaseSupervised(supervision_id=supervision.id, case_id=case.id,
                            supervisor=caller.dept, target_department=target, kind=order.kind,
                            issued_on=china_day(at), due_on=due.due_on))
    return supervision


async def answer(ctx: CaseTransferContext, uow: UnitOfWork, supervision_id: str, text: str,
                 caller: Caller, at: datetime) -> Supervision:
    """The department the instruction names answers it (情况反馈)."""
    supervision = await uow.session.get(Supervision, supervision_id, with_for_update=True)
    if supervision is None:
        raise NotFound("supervision", supervision_id, "check the id")
    case = await visible_case(ctx, uow.session, supervision.case_id, caller, lock=True)
    ensure_owner(caller, supervision.target_department, f"supervision {supervision_id}",
                 "only the department it names answers it")
    if supervision.answered_at is not None:
        raise WrongState(f"supervision {supervision_id} was already answered",
                         step="answer_supervision")
    supervision.answer, supervision.answered_at = text, at
    late = await meet_deadline(uow.session, "supervision", supervision.id, at)
    await record_step(uow, case, "supervision_answered", caller, at, note=text,
                      detail={"supervision_id": supervision.id, "late": late})
    return supervision
