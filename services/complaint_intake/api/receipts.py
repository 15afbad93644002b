"""The public's view through a receipt code (查询码): status, public replies, rating.
Public: no token; each lookup costs one from the address's quota of receipt lookups."""

from __future__ import annotations

from fastapi import APIRouter

from services.complaint_intake.api.deps import ContextDep, ReceiptQuota
from services.complaint_intake.api.paths import ReceiptCode
from services.complaint_intake.handlers.rating import rate
from services.complaint_intake.queries.receipts import receipt as receipt_view
from services.complaint_intake.schemas import Rating, ReceiptView
from shared.web.deps import ReaderDep, UnitOfWorkDep
from shared.web.openapi import problems

router = APIRouter(prefix="/v1/receipts/{code}")


@router.get("", response_model=ReceiptView, responses=problems(404),
            summary="Follow a complaint anonymously: status and public replies")
async def receipt(code: ReceiptCode, ctx: ContextDep, session: ReaderDep,
                  _: ReceiptQuota) -> ReceiptView:
    return await receipt_view(session, code, ctx.rules)


@router.post("/rating", status_code=204, responses=problems(404, 409),
             summary="回访评价: rate the handling 1-5 once the complaint is closed")
async def rating(code: ReceiptCode, body: Rating, ctx: ContextDep, uow: UnitOfWorkDep,
                 _: ReceiptQuota) -> None:
    await rate(uow, code, body.score, ctx.rules, ctx.clock.now())
