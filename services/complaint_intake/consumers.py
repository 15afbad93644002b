"""Event edge of complaint-intake (投诉举报): the events it consumes, each to one function.

``credit.entity.upserted.v1`` keeps the entity mirror that named subjects are matched
against. The runner gives each delivery its inbox mark and commits after the DB commit.
"""

from __future__ import annotations

from services.complaint_intake.bootstrap import IntakeContext
from services.complaint_intake.handlers.mirror import mirror_entity
from shared.contracts import Envelope
from shared.contracts.credit import EntityUpserted
from shared.db import UnitOfWork
from shared.messaging.subscriptions import Consumers

GROUP = "complaint-intake"
consumers = Consumers(GROUP)


@consumers.on(EntityUpserted)
async def on_entity_upserted(ctx: IntakeContext, uow: UnitOfWork, event: EntityUpserted,
                             envelope: Envelope) -> None:
    await mirror_entity(uow, event, ctx.clock.now())
