"""Typed dependencies of complaint-intake's routes: the intake context and the public's
quotas per client address (filings, receipt lookups)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from services.complaint_intake.handlers.context import IntakeContext
from services.complaint_intake.handlers.intake import Intake
from shared.auth import Caller, OptionalCallerDep
from shared.web.client_address import client_address
from shared.web.rate_limit import Limiter


async def intake_context(request: Request) -> IntakeContext:
    """Rules and vault from the factory, reference data from the lifespan."""
    state = request.app.state
    context = getattr(state, "intake_context", None)
    if context is None or context.reference is not state.reference:
        context = state.intake_context = IntakeContext(
            rules=state.complaint_rules, reference=state.reference, vault=state.identity_vault,
            category_names=state.category_names, restricted_quota=state.restricted_limiter)
    return context


async def intake(request: Request) -> Intake:
    """The app's intake desk, made on first use (the database opens in the lifespan)."""
    state = request.app.state
    desk = getattr(state, "intake", None)
    if desk is None or desk.database is not state.db:
        desk = state.intake = Intake(state.db, state.outbox)
    return desk


QUOTA_CHARGED = "complaint_intake.quota_charged"  # set by the intake lane when it charged


async def check_public_rate(request: Request) -> None:
    """429 with ``Retry-After`` once the client address has used up its public quota."""
    if request.scope.get("state", {}).get(QUOTA_CHARGED):
        return
    await _spend(request, request.app.state.public_limiter, "filings")


async def check_receipt_rate(request: Request, codes: int = 1) -> None:
    """429 with ``Retry-After`` once the client address has looked up its quota of
    receipt codes (a receipt, its rating, each code asked of Open311)."""
    await _spend(request, request.app.state.receipt_limiter, "receipt lookups", codes)


async def _spend(request: Request, limiter: Limiter, what: str, tokens: int = 1) -> None:
    wait = await limiter.spend(client_address(request, request.app.state.trusted_proxies),
                               tokens)
    if wait is not None:
        raise HTTPException(429, detail=f"too many {what} from your address; the limit is "
                            f"{limiter.capacity:.0f} per {limiter.capacity / limiter.rate:.0f} "
                            f"seconds, try again in {wait} seconds",
                            headers={"Retry-After": str(wait)})


async def filer(request: Request, caller: OptionalCallerDep) -> Caller | None:
    """The departmental caller, or ``None`` for the public once its quota allows (checked
    before the unit of work opens, so a flood never holds the database)."""
    if caller is None:
        await check_public_rate(request)
    return caller


ContextDep = Annotated[IntakeContext, Depends(intake_context)]
IntakeDep = Annotated[Intake, Depends(intake)]
FilerDep = Annotated[Caller | None, Depends(filer)]
PublicQuota = Annotated[None, Depends(check_public_rate)]
ReceiptQuota = Annotated[None, Depends(check_receipt_rate)]
