"""抽查承诺 ahead of the draw (IN-6): the lead department commits to a draw of its task,
optionally naming a drand round published after the commitment, whose signature the draw
will supply; the commitment is public (``GET /v1/tasks/{id}/commitment``) from then on."""

from __future__ import annotations

from services.inspection_draw.bootstrap import DrawContext
from services.inspection_draw.domain.beacon import BeaconError, check_round_is_ahead
from services.inspection_draw.domain.commitment import BeaconRef
from services.inspection_draw.handlers.commands import CommitmentRequest
from services.inspection_draw.handlers.committing import Committed, commit_task
from services.inspection_draw.handlers.lookups import own_task
from shared.access import actor_of
from shared.auth import Caller
from shared.db import UnitOfWork
from shared.errors import Unusable


async def commit_ahead(ctx: DrawContext, uow: UnitOfWork, task_id: str,
                       request: CommitmentRequest, caller: Caller) -> Committed:
    """Store and publish the commitment; the prepared roster is kept in this process for
    the draw once the commitment is committed."""
    task, plan = await own_task(uow.session, task_id, caller)
    beacon = None
    if request.beacon is not None:
        try:
            chain = ctx.beacons.chain(request.beacon.source)
            check_round_is_ahead(chain, request.beacon.round, ctx.clock.now())
        except BeaconError as exc:
            raise Unusable("beacon", str(exc)) from exc
        beacon = BeaconRef(**chain.as_json(request.beacon.round))
    made = await commit_task(ctx, uow, task, plan, beacon, actor=actor_of(caller))
    uow.after_commit(lambda: ctx.roster_cache.put(made.row.id, made.prepared))
    return made
