"""抽查承诺 ahead of the draw (IN-6): the lead department commits to a draw of its task,
naming an optional beacon whose value the draw will supply."""

from __future__ import annotations

from services.inspection_draw.bootstrap import DrawContext
from services.inspection_draw.domain.commitment import BeaconRef
from services.inspection_draw.handlers.commands import CommitmentRequest
from services.inspection_draw.handlers.committing import Committed, commit_task
from services.inspection_draw.handlers.lookups import own_task
from shared.access import actor_of
from shared.auth import Caller
from shared.db import UnitOfWork


async def commit_ahead(ctx: DrawContext, uow: UnitOfWork, task_id: str,
                       request: CommitmentRequest, caller: Caller) -> Committed:
    """Store and publish the commitment; the prepared roster is kept in this process for
    the draw once the commitment is committed."""
    task, plan = await own_task(uow.session, task_id, caller)
    beacon = None if request.beacon is None else BeaconRef(request.beacon.source,
                                                            request.beacon.round)
    made = await commit_task(ctx, uow, task, plan, beacon, request.reason,
                             actor=actor_of(caller))
    uow.after_commit(lambda: ctx.roster_cache.put(made.row.id, made.prepared))
    return made
