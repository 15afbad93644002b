"""credit-rating's operator commands (运维命令), run on the service's context
(``bootstrap.build``): ``jianguan overdue`` calls ``sweep_overdue`` daily; the API's
``…:announce-overdue`` routes sweep one kind each with the same handlers."""

from __future__ import annotations

from services.credit_rating.bootstrap import CreditContext
from services.credit_rating.handlers.objections import announce_overdue
from services.credit_rating.handlers.repair import announce_overdue_repairs

SWEEP_ACTOR = "cli/jianguan-overdue"


async def sweep_overdue(ctx: CreditContext) -> str:
    """督办: announce every objection and repair decision overdue today (the context's
    clock) that was not announced yet, once each, in one transaction; the summary says
    how many. The caller owns ``ctx`` (and disposes its database)."""
    today = ctx.clock.today()
    async with ctx.database.unit_of_work() as uow:
        objections = await announce_overdue(uow, actor=SWEEP_ACTOR, as_of=today)
        repairs = await announce_overdue_repairs(uow, actor=SWEEP_ACTOR, as_of=today)
    return f"{objections} overdue objections and {repairs} overdue repair decisions"
