"""Event edge of complaint-intake (投诉举报): the events it consumes, each to one handler.

``credit.entity.upserted.v1`` keeps the entity mirror that named subjects are matched
against. The runner gives each delivery its inbox mark and commits after the DB commit.
"""

from __future__ import annotations

from services.complaint_intake.handlers.context import now
from services.complaint_intake.handlers.mirror import mirror_entity
from shared.contracts import Envelope
from shared.contracts.credit import EntityUpserted
from shared.db import UnitOfWork
from shared.messaging.subscriptions import Subscriptions

GROUP = "complaint-intake"
subscriptions = Subscriptions(GROUP)


@subscriptions.on_payload(EntityUpserted)
async def on_entity_upserted(uow: UnitOfWork, event: EntityUpserted, _: Envelope) -> None:
    await mirror_entity(uow, event, now())
