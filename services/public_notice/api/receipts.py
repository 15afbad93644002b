"""Receipt tracking (查询码) relayed to complaint-intake, for the public page's form.
Public: no token; each lookup costs one from the address's quota of receipt lookups."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request

from services.public_notice.api.deps import Ctx, ReceiptQuota
from services.public_notice.queries.receipts import ReceiptOut, receipt
from shared.web.client_address import client_address
from shared.web.openapi import problems

router = APIRouter(prefix="/v1/receipts")
ReceiptCode = Annotated[str, Path(max_length=40, description="the 16-digit receipt code "
                                  "(spaces and dashes between digits are ignored)",
                                  examples=["4829301746502817"])]


@router.get("/{code}", response_model=ReceiptOut, responses=problems(404, 503),
            summary="查询投诉举报办理进度: a complaint's handling by its receipt code")
async def track(code: ReceiptCode, request: Request, ctx: Ctx, _: ReceiptQuota) -> ReceiptOut:
    return await receipt(ctx, code, client_address(request, request.app.state.trusted_proxies))
