"""Notices from case-transfer's conclusions (结案): a penalty is published (or completes
the notice its credit record made) with its articles and fine; a later conclusion of the
same case without a penalty revokes it, and its notice comes down within the take-down
limit (国办发〔2018〕118号)."""

from __future__ import annotations

from services.public_notice.bootstrap import PublicNoticeContext
from services.public_notice.domain.drafts import PENALTY, from_case
from services.public_notice.domain.timing import takedown_due
from services.public_notice.handlers.steps.pairing import complete, partner
from services.public_notice.handlers.steps.publishing import publish, seen
from services.public_notice.handlers.steps.withdrawal import notices_where, take_down
from services.public_notice.models import Notice
from shared.contracts.case import CaseConcluded
from shared.db import UnitOfWork


async def case_concluded(ctx: PublicNoticeContext, uow: UnitOfWork, event: CaseConcluded, *,
                         event_id: str, actor: str) -> None:
    if await seen(ctx, uow, event_id):
        return
    draft = from_case(event, event_id)
    if draft is None:
        revoked = await notices_where(uow, Notice.kind == PENALTY,
                                      Notice.reference == event.case_id)
        await take_down(ctx, uow, revoked, "revoked", actor=actor,
                        due_on=takedown_due(event.decided_on, ctx.rules),
                        note=f"case concluded again: {event.decision.value}")
        return
    if found := await partner(ctx, uow, draft, "reference"):
        await complete(ctx, uow, found, draft, actor=actor)
        return
    await publish(ctx, uow, draft, actor=actor, checked=True)
