"""Joint enforcement and assistance (联合执法 / 协查, CT-3): the department handling a case
invites others to act with it, or asks another department or region to verify
something by a deadline; the invited and the asked see the case and answer."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from services.case_transfer.domain.deadlines import due_after, in_working_days
from services.case_transfer.domain.stages import Step
from services.case_transfer.handlers.decision_commands import (
    AssistanceAnswer,
    AssistanceAsk,
    JointAnswer,
    JointInvitation,
)
from services.case_transfer.handlers.inputs import documents_json
from services.case_transfer.handlers.steps import (
    handled_case,
    known_department,
    meet_deadline,
    open_deadline,
    record_step,
    share,
    visible_case,
)
from services.case_transfer.models import AssistanceRequest, JointAction, JointParticipant
from shared.access import ensure_owner
from shared.auth import Caller
from shared.db import UnitOfWork
from shared.errors import NotFound, Unusable, WrongState
from shared.ids import new_id

if TYPE_CHECKING:
    from services.case_transfer.bootstrap import CaseTransferContext


def _other_administrative(ctx: CaseTransferContext, code: str, own: str, field: str) -> None:
    known_department(ctx, code, field)
    if code == own:
        raise Unusable(field, f"{code} is the department handling the case", "same-department")
    if ctx.rules.is_police(code) or ctx.rules.is_procuratorate(code):
        raise Unusable(field, f"{code} is a judicial organ; a crime goes to the police "
                       "through 行刑衔接", "judicial-organ")


async def invite(ctx: CaseTransferContext, uow: UnitOfWork, case_id: str,
                 command: JointInvitation, caller: Caller, at: datetime) -> JointAction:
    """联合执法: the lead (handling) department invites the others."""
    case = await handled_case(ctx, uow.session, case_id, caller, Step.COOPERATE)
    invited = sorted(set(command.departments))
    for code in invited:
        _other_administrative(ctx, code, case.department, "departments")
    action = JointAction(id=new_id(), case_id=case.id, lead_department=case.department,
                         purpose=command.purpose, planned_on=command.planned_on, created_at=at)
    uow.session.add(action)
    due = due_after(at, ctx.rules.deadlines.joint_response)
    for code in invited:
        uow.session.add(JointParticipant(action_id=action.id, department=code,
                                         status="invited", due_on=due.due_on))
        await share(uow.session, case.id, code, "joint", at)
        open_deadline(uow.session, case.id, "joint_response", action.id, code,
                      ctx.rules.supervision.administrative, due, at)
    await record_step(uow, case, "joint_action_invited", caller, at, note=command.purpose,
                      detail={"joint_action_id": action.id, "departments": invited})
    return action


async def answer_invitation(ctx: CaseTransferContext, uow: UnitOfWork, action_id: str,
                            command: JointAnswer, caller: Caller,
                            at: datetime) -> JointParticipant:
    """An invited department joins or declines."""
    action = await uow.session.get(JointAction, action_id)
    if action is None:
        raise NotFound("joint action", action_id, "check the id")
    case = await visible_case(ctx, uow.session, action.case_id, caller, lock=True)
    participant = await uow.session.get(JointParticipant, (action_id, caller.dept))
    if participant is None:
        ensure_owner(caller, action.lead_department, f"joint action {action_id}",
                     "only an invited department answers")
        raise Unusable("department", "the lead department does not answer its own "
                       "invitation", "lead-department")
    if participant.status != "invited":
        raise WrongState(f"{caller.dept} already {participant.status} joint action "
                         f"{action_id}", step="answer_invitation")
    participant.status = "joined" if command.join else "declined"
    participant.note, participant.responded_at = command.note, at
    late = await meet_deadline(uow.session, "joint_response", action_id, at, caller.dept)
    await record_step(uow, case, "joint_action_" + participant.status, caller, at,
                      note=command.note, detail={"joint_action_id": action_id, "late": late})
    return participant


async def ask(ctx: CaseTransferContext, uow: UnitOfWork, case_id: str,
              command: AssistanceAsk, caller: Caller, at: datetime) -> AssistanceRequest:
    """协查请求 to another department or region, with its deadline in working days."""
    case = await handled_case(ctx, uow.session, case_id, caller, Step.COOPERATE)
    _other_administrative(ctx, command.to_department, case.department, "to_department")
    rule = ctx.rules.deadlines.assistance
    most = rule.max_working_days or rule.working_days or 1
    days = command.working_days or rule.working_days or most
    if days > most:
        raise Unusable("working_days", f"an assistance request is answered within at most "
                       f"{most} working days; ask for {most} or fewer", "too-long")
    due = in_working_days(at, days)
    request = AssistanceRequest(
        id=new_id(), case_id=case.id, from_department=case.department,
        to_department=command.to_department, request=command.request, status="open",
        asked_at=at, due_on=due.due_on, attachments=documents_json(command.documents))
    uow.session.add(request)
    await share(uow.session, case.id, command.to_department, "assistance", at)
    open_deadline(uow.session, case.id, "assistance", request.id, command.to_department,
                  ctx.rules.supervision.administrative, due, at)
    await record_step(uow, case, "assistance_requested", caller, at, note=command.request,
                      documents=request.attachments,
                      detail={"assistance_id": request.id, "to": command.to_department})
    return request


async def answer(ctx: CaseTransferContext, uow: UnitOfWork, request_id: str,
                 command: AssistanceAnswer, caller: Caller, at: datetime) -> AssistanceRequest:
    """The asked department answers (or declines, saying why)."""
    request = await uow.session.get(AssistanceRequest, request_id, with_for_update=True)
    if request is None:
        raise NotFound("assistance request", request_id, "check the id")
    case = await visible_case(ctx, uow.session, request.case_id, caller, lock=True)
    ensure_owner(caller, request.to_department, f"assistance request {request_id}",
                 "only the department asked answers it")
    if request.status != "open":
        raise WrongState(f"assistance request {request_id} was already {request.status}",
                         step="answer_assistance")
    request.status = "declined" if command.declined else "answered"
    request.answer, request.answered_at = command.answer, at
    documents = documents_json(command.documents)
    request.attachments = [*(request.attachments or []), *documents]
    late = await meet_deadline(uow.session, "assistance", request.id, at)
    await record_step(uow, case, "assistance_" + request.status, caller, at,
                      note=command.answer, documents=documents,
                      detail={"assistance_id": request.id, "late": late})
    return request
