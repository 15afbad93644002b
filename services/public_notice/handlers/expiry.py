"""The daily turn of public notices: periods that ended (公示期满) come down, and draw lists
held until their inspection window opens go up on that day (no result need arrive first),
in batches, each audited and announced. Pages and queries already hide ended notices from
the day their period ends; the sweep makes it a state change integrators hear about."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from services.public_notice.bootstrap import PublicNoticeContext
from services.public_notice.handlers.steps.publishing import release
from services.public_notice.handlers.steps.withdrawal import take_down
from services.public_notice.models import Notice
from shared.audit import record_many

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


async def open_windows(ctx: PublicNoticeContext, *, actor: str = SWEEPER) -> int:
    """Publish every held draw list whose window (``window_start`` of its draw) has opened
    by today; how many went up. A list whose draw did not say its window stays held until
    a result opens it (handlers.inspection_events)."""
    today, now = ctx.clock.today(), ctx.clock.now()
    async with ctx.database.unit_of_work() as uow:
        held = (await uow.session.scalars(select(Notice).where(
            Notice.kind == "draw_list", Notice.status == "held"))).all()
        notes = []
        for notice in held:
            opens = (notice.details or {}).get("window_start")
            if opens is None or date.fromisoformat(opens) > today:
                continue
            notes.append(await release(ctx, uow, notice, today=today, now=now, actor=actor))
        await record_many(uow, notes)
    return len(notes)
