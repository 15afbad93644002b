"""法制审核 (CT-4): the department handling a case submits its decision draft; a reviewer
of the same agency, who is not an investigator of the case, passes it or returns it
with reasons, within the rule's working days."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from services.case_transfer.domain.deadlines import due_after
from services.case_transfer.domain.stages import Stage, Step
from services.case_transfer.handlers.decision_commands import DecisionDraft, ReviewOpinion
from services.case_transfer.handlers.decision_steps import check_draft
from services.case_transfer.handlers.steps import (
    handled_case,
    meet_deadline,
    open_deadline,
    record_step,
    visible_case,
)
from services.case_transfer.models import LegalReview
from shared.access import ensure_owner
from shared.auth import Caller
from shared.clock import china_day
from shared.db import UnitOfWork
from shared.errors import NotFound, Unusable, WrongState
from shared.ids import new_id

if TYPE_CHECKING:
    from services.case_transfer.bootstrap import CaseTransferContext


async def pending_review(uow: UnitOfWork, case_id: str) -> LegalReview | None:
    return (await uow.session.scalars(select(LegalReview).where(
        LegalReview.case_id == case_id, LegalReview.status == "pending").limit(1))).first()


async def submit(ctx: CaseTransferContext, uow: UnitOfWork, case_id: str,
                 draft: DecisionDraft, caller: Caller, at: datetime) -> LegalReview:
    """提交法制审核 of the draft (checked against the benchmark first)."""
    case = await handled_case(ctx, uow.session, case_id, caller, Step.SUBMIT_REVIEW)
    _, major = check_draft(ctx, case, draft, china_day(at))
    due = due_after(at, ctx.rules.deadlines.legal_review)
    review = LegalReview(id=new_id(), case_id=case.id, department=case.department,
                         proposal=draft.reviewed_form(), major=bool(major), status="pending",
                         submitted_at=at, due_on=due.due_on)
    uow.session.add(review)
    case.stage = Stage.LEGAL_REVIEW
    open_deadline(uow.session, case.id, "legal_review", review.id, case.department,
                  ctx.rules.supervision.administrative, due, at)
    await record_step(uow, case, "legal_review_submitted", caller, at, note=draft.reason,
                      detail={"review_id": review.id, "major": major})
    return review


async def give_opinion(ctx: CaseTransferContext, uow: UnitOfWork, review_id: str,
                       opinion: ReviewOpinion, caller: Caller, at: datetime) -> LegalReview:
    """审核意见 by a reviewer of the agency handling the case, not one of its investigators."""
    review = await uow.session.get(LegalReview, review_id, with_for_update=True)
    if review is None:
        raise NotFound("legal review", review_id, "check the id")
    case = await visible_case(ctx, uow.session, review.case_id, caller, lock=True)
    ensure_owner(caller, review.department, f"legal review {review_id}",
                 "a reviewer of the same agency reviews it (法制审核)")
    if review.status != "pending":
        raise WrongState(f"legal review {review_id} was already {review.status}",
                         step="legal_review_opinion")
    if opinion.reviewer in case.investigators:
        raise Unusable("reviewer", f"{opinion.reviewer} investigates this case; the legal "
                       "review is made by someone who is not one of its investigators "
                       f"({', '.join(case.investigators)})", "reviewer-is-investigator")
    review.status = "passed" if opinion.passed else "returned"
    review.reviewer, review.opinion = opinion.reviewer, opinion.opinion
    review.reviewed_at, review.reviewed_by = at, f"{caller.dept}/{caller.client_id}"[:200]
    late = await meet_deadline(uow.session, "legal_review", review.id, at)
    if not opinion.passed:
        case.stage = Stage.INVESTIGATING
    await record_step(uow, case, "legal_review_" + review.status, caller, at,
                      note=opinion.opinion, officers=[opinion.reviewer],
                      detail={"review_id": review.id, "late": late})
    return review
