"""行刑衔接 (CT-2): the agency's officers propose, the head decides within 3 days, an
approved case reaches the police within 24 hours with the four documents, the police
decide within 3 days, and the agency may ask reconsideration within 3 days, answered
within 3 days. The procuratorate (JCY) sees every such case; every deadline escalates
to it. The state machine is ``domain.criminal_transfer``."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from services.case_transfer.domain.criminal_transfer import (
    CriminalState,
    CriminalStep,
    missing_documents,
    proposal_refusal,
    refusal,
)
from services.case_transfer.domain.deadlines import due_after
from services.case_transfer.domain.stages import Step
from services.case_transfer.handlers.commands import (
    CriminalProposal,
    Delivery,
    HeadDecision,
    PoliceDecision,
    ReconsiderationAnswer,
)
from services.case_transfer.handlers.inputs import documents_json
from services.case_transfer.handlers.steps import (
    check_investigators,
    check_open,
    handled_case,
    meet_deadline,
    open_deadline,
    record_step,
    share,
    visible_case,
)
from services.case_transfer.models import Case, CriminalTransfer
from shared.access import ensure_owner
from shared.auth import Caller
from shared.clock import china_day
from shared.contracts.case import PoliceDecided, PoliceTransferred
from shared.db import UnitOfWork
from shared.errors import Conflict, NotFound, Unusable, WrongState
from shared.ids import new_id
from shared.versions import next_version

if TYPE_CHECKING:
    from services.case_transfer.bootstrap import CaseTransferContext


async def latest_attempt(uow: UnitOfWork, case_id: str) -> CriminalTransfer | None:
    return (await uow.session.scalars(
        select(CriminalTransfer).where(CriminalTransfer.case_id == case_id)
        .order_by(CriminalTransfer.proposed_at.desc()).limit(1))).first()


async def _attempt(uow: UnitOfWork, case: Case, step: CriminalStep) -> CriminalTransfer:
    attempt = await latest_attempt(uow, case.id)
    why = refusal(step, CriminalState(attempt.state) if attempt else None)
    if why is not None:
        raise WrongState(why, step=step.value)
    assert attempt is not None
    return attempt


def _supervised(ctx: CaseTransferContext, uow: UnitOfWork, case: Case, kind: str,
                attempt: CriminalTransfer, department: str, at: datetime) -> None:
    rule = getattr(ctx.rules.deadlines, kind)
    open_deadline(uow.session, case.id, kind, attempt.id, department,
                  ctx.rules.supervision.criminal_transfer, due_after(at, rule), at)


def _move(case: Case, attempt: CriminalTransfer, state: CriminalState) -> None:
    attempt.state = case.criminal_state = state.value


async def propose(ctx: CaseTransferContext, uow: UnitOfWork, case_id: str,
                  command: CriminalProposal, caller: Caller, at: datetime) -> CriminalTransfer:
    """提请移送 by at least two officers on the case, to the head of the agency."""
    case = await handled_case(ctx, uow.session, case_id, caller, Step.PROPOSE_CRIMINAL)
    latest = await latest_attempt(uow, case.id)
    why = proposal_refusal(CriminalState(latest.state) if latest else None)
    if why is not None:
        raise WrongState(why, step="propose_criminal_transfer")
    officers = check_investigators(ctx, command.officers, "officers")
    strangers = [badge for badge in officers if badge not in case.investigators]
    if strangers:
        raise Unusable("officers", f"{', '.join(strangers)} are not investigators of the case",
                       "not-on-the-case")
    police = command.police_department or ctx.rules.judicial.police[0]
    if not ctx.rules.is_police(police):
        raise Unusable("police_department", f"{police} is not a police department of the "
                       f"rules ({', '.join(ctx.rules.judicial.police)})", "not-police")
    attempt = CriminalTransfer(id=new_id(), case_id=case.id, department=case.department,
                               state=CriminalState.PROPOSED.value, police_department=police,
                               officers=officers, grounds=command.grounds, proposed_at=at)
    uow.session.add(attempt)
    case.criminal_state, case.suspected_crime = CriminalState.PROPOSED.value, True
    _supervised(ctx, uow, case, "head_decision", attempt, case.department, at)
    await record_step(uow, case, "criminal_transfer_proposed", caller, at,
                      note=command.grounds, officers=officers,
                      detail={"criminal_transfer_id": attempt.id})
    return attempt


async def decide_as_head(ctx: CaseTransferContext, uow: UnitOfWork, case_id: str,
                         command: HeadDecision, caller: Caller, at: datetime
                         ) -> CriminalTransfer:
    """负责人决定: approved → to the police within 24 hours; not approved → the case goes
    on administratively."""
    case = await handled_case(ctx, uow.session, case_id, caller)
    attempt = await _attempt(uow, case, CriminalStep.HEAD_DECISION)
    attempt.head_decided_at, attempt.head_reason = at, command.reason
    late = await meet_deadline(uow.session, "head_decision", attempt.id, at)
    _move(case, attempt, CriminalState.APPROVED if command.approve
          else CriminalState.NOT_APPROVED)
    if command.approve:
        _supervised(ctx, uow, case, "police_delivery", attempt, case.department, at)
    await record_step(uow, case, "criminal_transfer_" + attempt.state, caller, at,
                      note=command.reason, detail={"late": late})
    return attempt


async def deliver(ctx: CaseTransferContext, uow: UnitOfWork, case_id: str, command: Delivery,
                  caller: Caller, at: datetime) -> CriminalTransfer:
    """移送公安 with every required document; a missing one is refused by name."""
    case = await handled_case(ctx, uow.session, case_id, caller)
    attempt = await _attempt(uow, case, CriminalStep.DELIVERY)
    rule = ctx.rules.criminal_transfer
    missing = missing_documents([(d.kind, d.name) for d in rule.documents],
                                [d.kind for d in command.documents])
    if missing:
        raise Unusable("documents", f"the transfer to the police is missing "
                       f"{'; '.join(missing)}", "missing-documents", missing=missing)
    documents = documents_json(command.documents)
    attempt.documents, attempt.delivered_at = documents, at
    late = await meet_deadline(uow.session, "police_delivery", attempt.id, at)
    _move(case, attempt, CriminalState.DELIVERED)
    await share(uow.session, case.id, attempt.police_department, "police", at)
    rule_due = due_after(at, ctx.rules.deadlines.police_decision)
    _supervised(ctx, uow, case, "police_decision", attempt, attempt.police_department, at)
    await record_step(uow, case, "criminal_transfer_delivered", caller, at,
                      documents=documents, detail={"late": late,
                                                   "police": attempt.police_department})
    uow.emit(PoliceTransferred(
        case_id=case.id, criminal_transfer_id=attempt.id, department=case.department,
        police_department=attempt.police_department, uscc=case.uscc,
        person_hash=case.person_hash, delivered_at=at, within_24_hours=not late,
        documents=[d["kind"] for d in documents if d["kind"] in {
            r.kind for r in rule.documents}], due_on=rule_due.due_on,
        version=await next_version(uow.session, case)))
    return attempt


async def _police_case(ctx: CaseTransferContext, uow: UnitOfWork, case_id: str,
                       caller: Caller, step: CriminalStep) -> tuple[Case, CriminalTransfer]:
    case = await visible_case(ctx, uow.session, case_id, caller, lock=True)
    attempt = await latest_attempt(uow, case.id)
    if attempt is None:
        raise NotFound("criminal transfer", f"of case {case_id}")
    ensure_owner(caller, attempt.police_department, f"the 行刑衔接 transfer of case "
                 f"{case_id}", "only the police department it was sent to decides on it")
    await _attempt(uow, case, step)
    return case, attempt


def _decided(case: Case, attempt: CriminalTransfer, decision: str, at: datetime,
             late: bool, version: int) -> PoliceDecided:
    return PoliceDecided(case_id=case.id, criminal_transfer_id=attempt.id,
                         department=case.department,
                         police_department=attempt.police_department, decision=decision,
                         decided_on=china_day(at), late=late,
                         reconsideration_due_on=attempt.reconsideration_due_on
                         if decision == "not_filed" else None, version=version)


async def decide_as_police(ctx: CaseTransferContext, uow: UnitOfWork, case_id: str,
                           command: PoliceDecision, caller: Caller, at: datetime
                           ) -> CriminalTransfer:
    """公安机关决定: 立案, or 不予立案 with the reasons (the agency's 3 days start)."""
    case, attempt = await _police_case(ctx, uow, case_id, caller, CriminalStep.POLICE_DECISION)
    attempt.police_decided_at, attempt.police_reason = at, command.reason
    late = await meet_deadline(uow.session, "police_decision", attempt.id, at)
    if command.filed:
        _move(case, attempt, CriminalState.FILED)
    else:
        _move(case, attempt, CriminalState.NOT_FILED)
        attempt.reconsideration_due_on = due_after(
            at, ctx.rules.deadlines.reconsideration_request).due_on
    await record_step(uow, case, "police_" + attempt.state, caller, at, note=command.reason,
                      department=caller.dept, detail={"late": late})
    uow.emit(_decided(case, attempt, attempt.state, at, late,
                      await next_version(uow.session, case)))
    return attempt


async def ask_reconsideration(ctx: CaseTransferContext, uow: UnitOfWork, case_id: str,
                              reason: str, caller: Caller, at: datetime) -> CriminalTransfer:
    """提请复议 of a decision not to file, within 3 days of the notice."""
    case = await handled_case(ctx, uow.session, case_id, caller)
    check_open(case, "reconsideration")
    attempt = await _attempt(uow, case, CriminalStep.RECONSIDERATION)
    assert attempt.police_decided_at is not None
    rule = ctx.rules.deadlines.reconsideration_request
    due = due_after(attempt.police_decided_at, rule)
    if due.passed(at):
        raise Conflict("Reconsideration deadline passed",
                       f"reconsideration_request: the agency may ask within "
                       f"{rule.working_days} working days of the decision not to file, i.e. "
                       f"by {due.due_on.isoformat()}; that day has passed",
                       "deadline-passed", deadline="reconsideration_request",
                       due_on=due.due_on.isoformat())
    attempt.reconsideration_asked_at, attempt.reconsideration_reason = at, reason
    _move(case, attempt, CriminalState.RECONSIDERATION_ASKED)
    _supervised(ctx, uow, case, "reconsideration_answer", attempt,
                attempt.police_department, at)
    await record_step(uow, case, "reconsideration_asked", caller, at, note=reason)
    return attempt


async def answer_reconsideration(ctx: CaseTransferContext, uow: UnitOfWork, case_id: str,
                                 command: ReconsiderationAnswer, caller: Caller,
                                 at: datetime) -> CriminalTransfer:
    """复议决定: reversed (立案) or upheld (维持不予立案)."""
    case, attempt = await _police_case(ctx, uow, case_id, caller,
                                       CriminalStep.RECONSIDERATION_ANSWER)
    attempt.reconsideration_answered_at, attempt.reconsideration_answer = at, command.reason
    late = await meet_deadline(uow.session, "reconsideration_answer", attempt.id, at)
    _move(case, attempt, CriminalState.FILED if command.reverse else CriminalState.UPHELD)
    decision = "reversed" if command.reverse else "upheld"
    await record_step(uow, case, "reconsideration_" + decision, caller, at,
                      note=command.reason, department=caller.dept, detail={"late": late})
    uow.emit(_decided(case, attempt, decision, at, late,
                      await next_version(uow.session, case)))
    return attempt
