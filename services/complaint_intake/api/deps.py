"""Typed dependencies of complaint-intake's routes: the intake context (built once by
``bootstrap.build``; the app holds it) and the public's quotas per client address
(filings, receipt lookups). Each quota dependency is documented as giving 429."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from services.complaint_intake.bootstrap import IntakeContext
from shared.access import Role, ensure_role
from shared.auth import Caller, optional_caller
from shared.web.client_address import client_address
from shared.web.openapi import OPTIONAL_AUTH_ATTRIBUTE, gives
from shared.web.rate_limit import Limiter

QUOTA_CHARGED = "complaint_intake.quota_charged"  # set by the intake lane when it charged
MAX_CODES = 20  # receipt codes one Open311 request may ask about


async def intake_context(request: Request) -> IntakeContext:
    return request.app.state.context


ContextDep = Annotated[IntakeContext, Depends(intake_context)]


@gives(429)
async def public_quota(request: Request, ctx: ContextDep) -> None:
    """429 with ``Retry-After`` once the client address has used up its public filings
    (not charged twice when the intake lane charged it and handed the request on)."""
    if request.scope.get("state", {}).get(QUOTA_CHARGED):
        return
    await _spend(request, ctx.public_quota, "filings")


@gives(429)
async def receipt_quota(request: Request, ctx: ContextDep) -> None:
    """One receipt lookup (a receipt, its rating) from the client address's quota. The
    caller names no count: every lookup costs one, and nothing gives quota back."""
    await spend_lookups(request, ctx, 1)


async def spend_lookups(request: Request, ctx: ContextDep, codes: int) -> None:
    """``codes`` receipt codes asked at once (Open311), each a guess that costs one."""
    if not 1 <= codes <= MAX_CODES:
        raise ValueError(f"{codes} receipt codes: a lookup costs 1 to {MAX_CODES}")
    await _spend(request, ctx.receipt_quota, "receipt lookups", codes)


async def _spend(request: Request, limiter: Limiter, what: str, tokens: int = 1) -> None:
    wait = await limiter.spend(client_address(request, request.app.state.trusted_proxies),
                               tokens)
    if wait is not None:
        raise HTTPException(429, detail=f"too many {what} from your address; the limit is "
                            f"{limiter.capacity:.0f} per {limiter.capacity / limiter.rate:.0f} "
                            f"seconds, try again in {wait} seconds",
                            headers={"Retry-After": str(wait)})


@gives(401, 403, 429)
async def filer(request: Request, ctx: ContextDep) -> Caller | None:
    """``None`` for the public once its quota allows (checked before the unit of work
    opens, so a flood never holds the database); a department relaying a channel's
    filing needs the role ``hotline`` (403 naming it).

    The token is read here rather than through ``OptionalCallerDep``: that one declares
    a security scheme, which documents the filing as needing a token; marked as taking
    an optional token, the OpenAPI document says the public needs none."""
    caller = await optional_caller(request)
    if caller is None:
        await public_quota(request, ctx)
        return None
    ensure_role(caller, Role.HOTLINE, "relaying a filing from a channel")
    return caller


setattr(filer, OPTIONAL_AUTH_ATTRIBUTE, True)
FilerDep = Annotated[Caller | None, Depends(filer)]
PublicQuota = Annotated[None, Depends(public_quota)]
ReceiptQuota = Annotated[None, Depends(receipt_quota)]
