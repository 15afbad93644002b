"""Periods that ended (公示期满): notices whose period is over come down, in batches, each
audited and announced. Pages and queries already hide them from the day their period
ends; the sweep makes it a state change that integrators hear about."""

from __future__ import annotations

from sqlalchemy import select

from services.public_notice.bootstrap import PublicNoticeContext
from services.public_notice.handlers.steps.withdrawal import take_down
from services.public_notice.models import Notice

BATCH = 500
SWEEPER = "public-notice/expiry"


async def expire_ended(ctx: PublicNoticeContext, *, actor: str = SWEEPER) -> int:
    """Take down every published notice whose period has ended; how many came down."""
    today, total = ctx.clock.today(), 0
    while True:
        async with ctx.database.unit_of_work() as uow:
            ended = list((await uow.session.scalars(select(Notice).where(
                Notice.status == "published", Notice.ends_on <= today)
                .order_by(Notice.ends_on).limit(BATCH))).all())
            total += await take_down(ctx, uow, ended, "period_ended", actor=actor)
        if len(ended) < BATCH:
            return total
