"""Typed dependencies of public-notice's routes: the context (built once by
``bootstrap.build``), bounded path and query values, and the public's quotas per client
address (documented as giving 429)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import Depends, HTTPException, Path, Request

from services.public_notice.bootstrap import PublicNoticeContext
from shared.uscc import USCC
from shared.web.client_address import client_address
from shared.web.openapi import gives
from shared.web.rate_limit import Limiter

QUOTA_CHARGED = "public_notice.quota_charged"  # set by the query lane when it charged


async def notice_context(request: Request) -> PublicNoticeContext:
    return request.app.state.context


Ctx = Annotated[PublicNoticeContext, Depends(notice_context)]
UsccPath = Annotated[USCC, Path(description="统一社会信用代码 (GB 32100-2015)")]
NoticeId = Annotated[UUID, Path(description="the notice's id (a UUID, from a list or a feed)",
                                examples=["0193a1c2-5d3e-7f10-8a2b-3c4d5e6f7a8b"])]
"""Routes take it as ``{notice_id:uuid}``: only a UUID matches, so ``GET …/{id}:withdraw``
is a method the path does not allow (405), not a notice id that fails its pattern."""


@gives(429)
async def query_quota(request: Request, ctx: Ctx) -> None:
    """One public query, page or feed from the client address's quota (not charged
    twice when the query lane charged it and handed the request on)."""
    if request.scope.get("state", {}).get(QUOTA_CHARGED):
        return
    await spend(request, ctx.query_quota, "queries")


@gives(429)
async def receipt_quota(request: Request, ctx: Ctx) -> None:
    """One receipt lookup from the client address's quota of lookups."""
    await spend(request, ctx.receipt_quota, "receipt lookups")


async def spend(request: Request, limiter: Limiter, what: str) -> None:
    """429 with ``Retry-After`` once the client address has used its quota."""
    address = client_address(request, request.app.state.trusted_proxies)
    wait = await limiter.spend(address)
    if wait is not None:
        raise HTTPException(429, detail=f"too many {what} from your address; the limit is "
                            f"{limiter.capacity:.0f} per {limiter.capacity / limiter.rate:.0f} "
                            f"seconds, try again in {wait} seconds",
                            headers={"Retry-After": str(wait)})


QueryQuota = Annotated[None, Depends(query_quota)]
ReceiptQuota = Annotated[None, Depends(receipt_quota)]
