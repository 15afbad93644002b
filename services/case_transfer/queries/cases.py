"""Read models of cases (案件查询): one case with all that happened to it, its record, the
cases a department may see, and the transfers to and from it. Reads only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from sqlalchemy import ColumnElement, Select, literal, or_, select, union
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


def _visibility(ctx: CaseTransferContext, department: str) -> list[ColumnElement[bool]]:
    """Each way ``department`` may see a case (``domain.visibility`` as conditions)."""
    shared = select(CaseAccess.case_id).where(CaseAccess.department == department)
    received = select(Transfer.case_id).where(Transfer.to_department == department)
    seen = [Case.department == department, Case.opened_by == department,
            Case.id.in_(shared), Case.id.in_(received)]
    if ctx.rules.is_procuratorate(department):  # every case with a 行刑衔接 state
        seen.append(IN_CRIMINAL)
    return seen


# Every case with a 行刑衔接 state: as ``> ''`` SQLite seeks it in ix_cases_criminal_state
# (IS NOT NULL it cannot: it read every case), and written out, not bound, so that both
# databases see it is the condition of ix_cases_criminal_opened_at, newest first.
IN_CRIMINAL = Case.criminal_state > literal("", literal_execute=True)


def visible_to(ctx: CaseTransferContext, department: str) -> Select:
    """The cases ``department`` may see (``domain.visibility`` as a query)."""
    return select(Case).where(or_(*_visibility(ctx, department)))


def case_list(ctx: CaseTransferContext, department: str, *, stage: str | None,
              kind: str | None, criminal: bool | None, limit: int, offset: int) -> Select:
    """One page of the cases ``department`` may see, newest first (``opened_at DESC, id``).

    One SELECT per way of seeing a case, each its first ``offset + limit`` in that order
    (the page's cases are among them), then their union, without duplicates, sorted and
    paged. The department's own and opened cases come in that order from their
    ``(department | opened_by, opened_at DESC, id)`` index, so the work does not grow with
    its history. Those shared with it and transferred to it are looked up by their
    ``case_access`` / ``transfers`` rows and sorted: only the cases others brought to it.
    The procuratorate's 行刑衔接 cases come newest first from the partial index
    ``ix_cases_criminal_opened_at``.
    Before, every visible case was found and sorted to give the first page."""
    first = offset + limit
    filters: list[ColumnElement[bool]] = []
    if stage is not None:
        filters.append(Case.stage == stage)
    if kind is not None:
        filters.append(Case.kind == kind)
    if criminal is not None:
        filters.append(Case.criminal_state.is_not(None) if criminal
                       else Case.criminal_state.is_(None))
    branches = []
    for seen in _visibility(ctx, department):
        newest = (select(Case.id, Case.opened_at).where(seen, *filters)
                  .order_by(Case.opened_at.desc(), Case.id).limit(first).subquery())
        branches.append(select(newest.c.id, newest.c.opened_at))
    visible = union(*branches).subquery("visible")
    page = (select(visible.c.id, visible.c.opened_at)
            .order_by(visible.c.opened_at.desc(), visible.c.id)
            .limit(limit).offset(offset).subquery("page"))
    return (select(Case).join_from(page, Case, Case.id == page.c.id)
            .order_by(page.c.opened_at.desc(), page.c.id))


async def list_cases(ctx: CaseTransferContext, session: AsyncSession, caller: Caller, *,
                     stage: str | None, kind: str | None, criminal: bool | None, limit: int,
                     offset: int) -> list[CaseView]:
    """The cases the caller's department may see, newest first."""
    rows = await _all(session, case_list(ctx, caller.dept, stage=stage, kind=kind,
                                         criminal=criminal, limit=limit, offset=offset))
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
