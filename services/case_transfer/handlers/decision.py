"""决定 (CT-4, CT-5, CT-6): the head of the agency signs the decision. It must sit inside
the discretion benchmark (the decision says which one applied, and how); a major
decision (重大执法决定) needs a passed legal review of this very draft."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from services.case_transfer.domain.stages import Stage, Step
from services.case_transfer.handlers.decision_commands import DecisionDraft
from services.case_transfer.handlers.decision_steps import check_draft
from services.case_transfer.handlers.steps import handled_case, record_step
from services.case_transfer.models import Decision, LegalReview
from shared.access import actor_of
from shared.auth import Caller
from shared.clock import china_day
from shared.db import UnitOfWork
from shared.errors import Conflict, WrongState

if TYPE_CHECKING:
    from services.case_transfer.bootstrap import CaseTransferContext


async def _latest_review(uow: UnitOfWork, case_id: str) -> LegalReview | None:
    return (await uow.session.scalars(
        select(LegalReview).where(LegalReview.case_id == case_id)
        .order_by(LegalReview.submitted_at.desc()).limit(1))).first()


async def decide(ctx: CaseTransferContext, uow: UnitOfWork, case_id: str,
                 draft: DecisionDraft, caller: Caller, at: datetime) -> Decision:
    """作出决定, signed by the head (负责人) of the agency handling the case."""
    case = await handled_case(ctx, uow.session, case_id, caller, Step.DECIDE)
    day = china_day(at)
    explanation, major = check_draft(ctx, case, draft, day)
    review = await _latest_review(uow, case.id)
    if review is not None and review.status == "pending":
        raise WrongState(f"decide: legal review {review.id} of this case is still pending; "
                         "wait for the reviewer's opinion", step="decide")
    reviewed = review is not None and review.status == "passed" \
        and review.proposal == draft.reviewed_form()
    if major and not reviewed:
        raise Conflict("Legal review required",
                       f"decide: this is a major decision (重大执法决定: {'; '.join(major)}) "
                       "and needs a passed legal review (法制审核) of this very draft; "
                       f"submit it with POST /v1/cases/{case.id}/legal-reviews",
                       "legal-review-required", major=major)
    decision = Decision(
        case_id=case.id, outcome=draft.outcome.value, violation_code=draft.violation_code,
        circumstance=draft.circumstance.value if draft.circumstance else None,
        measures=[m.value for m in draft.measures], fine_yuan=draft.fine_yuan,
        goods_value_yuan=draft.goods_value_yuan, legal_basis=draft.legal_basis,
        reason=draft.reason, benchmark=explanation, major=bool(major),
        review_id=review.id if reviewed and review else None, decided_at=at, decided_on=day,
        signed_by=actor_of(caller))
    uow.session.add(decision)
    case.stage = Stage.DECIDED
    if draft.violation_code:
        case.violation_code = draft.violation_code
    await record_step(uow, case, "decided", caller, at, note=draft.reason,
                      detail={"outcome": decision.outcome, "major": major,
                              "benchmark": explanation["label"] if explanation else None})
    return decision
