"""The public's view through a receipt code (查询码): status, public replies, rating."""

from __future__ import annotations

from fastapi import APIRouter

from services.complaint_intake.api.deps import ContextDep, ReceiptQuota
from services.complaint_intake.handlers.context import now
from services.complaint_intake.handlers.receipts import (
    by_receipt,
    handled_as,
    public_replies,
    rate,
    rating_problem,
)
from services.complaint_intake.schemas import PublicReply, Rating, ReceiptView
from shared.web.deps import ReaderDep, UnitOfWorkDep

router = APIRouter(prefix="/v1/receipts/{code}")


@router.get("", response_model=ReceiptView,
            summary="Follow a complaint anonymously: status and public replies")
async def receipt(code: str, ctx: ContextDep, session: ReaderDep,
                  _: ReceiptQuota) -> ReceiptView:
    complaint = await by_receipt(session, code, ctx.rules)
    replies = await public_replies(session, complaint)
    handled = await handled_as(session, complaint)
    return ReceiptView(
        receipt_code=complaint.receipt_code, kind=complaint.kind, category=complaint.category,
        status=handled.status, outcome=handled.outcome, received_on=complaint.received_on,
        department=handled.department, linked=complaint.duplicate_of is not None,
        replies=[PublicReply(at=r.at, text=r.text) for r in replies],
        satisfaction=complaint.satisfaction,
        rating_open=rating_problem(complaint, handled) is None)


@router.post("/rating", status_code=204,
             summary="回访评价: rate the handling 1-5 once the complaint is closed")
async def rating(code: str, body: Rating, ctx: ContextDep, uow: UnitOfWorkDep,
                 _: ReceiptQuota) -> None:
    await rate(uow, code, body.score, ctx.rules, now())
