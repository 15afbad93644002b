"""Notices of substantiated complaints (投诉举报查实, CP-3): published where the rules say
(by severity), never naming who complained; the credit record made of the same finding
completes the notice rather than making a second one."""

from __future__ import annotations

from services.public_notice.bootstrap import PublicNoticeContext
from services.public_notice.domain.drafts import from_complaint
from services.public_notice.handlers.steps.pairing import complete, partner
from services.public_notice.handlers.steps.publishing import publish, seen
from shared.contracts.complaint import ComplaintSubstantiated
from shared.db import UnitOfWork


async def complaint_substantiated(ctx: PublicNoticeContext, uow: UnitOfWork,
                                  event: ComplaintSubstantiated, *, event_id: str,
                                  actor: str) -> None:
    if await seen(ctx, uow, event_id):
        return
    draft = from_complaint(event, event_id, ctx.rules, ctx.names)
    if draft is None:
        return
    if found := await partner(ctx, uow, draft, "reference"):
        await complete(ctx, uow, found, draft, actor=actor)
        return
    await publish(ctx, uow, draft, actor=actor, checked=True)
