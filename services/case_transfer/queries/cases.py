"""Read models of cases (案件查询): one case with all that happened to it, its record, the
cases a department may see, and the transfers to and from it. Reads only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from sqlalchemy import Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.case_transfer.handlers.steps import visible_case
from services.case_transfer.models import (
    AssistanceRequest,
    Case,
    CaseAccess,
    CaseDeadline,
    CaseStep,
    CriminalTransfer,
    Decision,
    JointAction,
    JointParticipant,
    LegalReview,
    Supervision,
    Transfer,
)
from services.case_transfer.schemas import (
    AssistanceView,
    CaseDetail,
    CaseView,
    CriminalTransferView,
    DeadlineView,
    DecisionView,
    JointActionView,
    LegalReviewView,
    ParticipantView,
    StepView,
    SupervisionView,
    TransferView,
)
from shared.auth import Caller

if TYPE_CHECKING:
    from services.case_transfer.bootstrap import CaseTransferContext


async def _all(session: AsyncSession, query: Select) -> list:
    return list((await session.scalars(query)).all())


async def case_detail(ctx: CaseTransferContext, session: AsyncSession, case_id: str,
                      caller: Caller) -> CaseDetail:
    """The case and its transfers, 行刑衔接, reviews, decision, cooperation and open
    deadlines (404 for a department that may not see it)."""
    case = await visible_case(ctx, session, case_id, caller)
    return await detail_of(session, case)


async def detail_of(session: AsyncSession, case: Case) -> CaseDetail:
    """The detail view of a case the caller may see."""
    of_case = case.id
    actions = await _all(session, select(JointAction).where(JointAction.case_id == of_case)
                         .order_by(JointAction.created_at))
    joint = []
    for action in actions:
        view = JointActionView.model_validate(action)
        view.participants = [ParticipantView.model_validate(p) for p in await _all(
            session, select(JointParticipant).where(JointParticipant.action_id == action.id)
            .order_by(JointParticipant.department))]
        joint.append(view)
    decision = await session.get(Decision, of_case)
    return CaseDetail(
        **CaseView.model_validate(case).model_dump(),
        transfers=[TransferView.model_validate(t) for t in await _all(
            session, select(Transfer).where(Transfer.case_id == of_case)
            .order_by(Transfer.sent_at))],
        criminal_transfers=[CriminalTransferView.model_validate(c) for c in await _all(
            session, select(CriminalTransfer).where(CriminalTransfer.case_id == of_case)
            .order_by(CriminalTransfer.proposed_at))],
        legal_reviews=[LegalReviewView.model_validate(r) for r in await _all(
            session, select(LegalReview).where(LegalReview.case_id == of_case)
            .order_by(LegalReview.submitted_at))],
        decision=DecisionView.model_validate(decision) if decision else None,
        joint_actions=joint,
        assistance_requests=[AssistanceView.model_validate(a) for a in await _all(
            session, select(AssistanceRequest).where(AssistanceRequest.case_id == of_case)
            .order_by(AssistanceRequest.asked_at))],
        supervisions=[SupervisionView.model_validate(s) for s in await _all(
            session, select(Supervision).where(Supervision.case_id == of_case)
            .order_by(Supervision.issued_at))],
        open_deadlines=[DeadlineView.model_validate(d) for d in await _all(
            session, select(CaseDeadline).where(CaseDeadline.case_id == of_case,
                                                CaseDeadline.met_at.is_(None))
            .order_by(CaseDeadline.due_at))])


async def case_record(ctx: CaseTransferContext, session: AsyncSession, case_id: str,
                      caller: Caller) -> list[StepView]:
    """The full-process record (执法全过程记录), oldest step first."""
    case = await visible_case(ctx, session, case_id, caller)
    return [StepView.model_validate(step) for step in await _all(
        session, select(CaseStep).where(CaseStep.case_id == case.id).order_by(CaseStep.id))]


def visible_to(ctx: CaseTransferContext, department: str) -> Select:
    """The cases ``department`` may see (``domain.visibility`` as a query)."""
    shared = select(CaseAccess.case_id).where(CaseAccess.department == department)
    received = select(Transfer.case_id).where(Transfer.to_department == department)
    seen = [Case.department == department, Case.opened_by == department,
            Case.id.in_(shared), Case.id.in_(received)]
    if ctx.rules.is_procuratorate(department):  # every case with a 行刑衔接 state: as
        # ``> ''`` SQLite seeks it in its index (IS NOT NULL it cannot: it read every case)
        seen.append(Case.criminal_state > "")
    return select(Case).where(or_(*seen))


async def list_cases(ctx: CaseTransferContext, session: AsyncSession, caller: Caller, *,
                     stage: str | None, kind: str | None, criminal: bool | None, limit: int,
                     offset: int) -> list[CaseView]:
    """The cases the caller's department may see, newest first."""
    query = visible_to(ctx, caller.dept)
    if stage is not None:
        query = query.where(Case.stage == stage)
    if kind is not None:
        query = query.where(Case.kind == kind)
    if criminal is not None:
        query = query.where(Case.criminal_state.is_not(None) if criminal
                            else Case.criminal_state.is_(None))
    rows = await _all(session, query.order_by(Case.opened_at.desc(), Case.id)
                      .limit(limit).offset(offset))
    return [CaseView.model_validate(case) for case in rows]


async def list_transfers(session: AsyncSession, caller: Caller,
                         direction: Literal["incoming", "outgoing"], status: str | None,
                         limit: int, offset: int) -> list[TransferView]:
    """Transfers to (incoming) or from (outgoing) the caller's department."""
    column = Transfer.to_department if direction == "incoming" else Transfer.from_department
    query = select(Transfer).where(column == caller.dept)
    if status is not None:
        query = query.where(Transfer.status == status)
    rows = await _all(session, query.order_by(Transfer.sent_at.desc(), Transfer.id)
                      .limit(limit).offset(offset))
    return [TransferView.model_validate(row) for row in rows]
