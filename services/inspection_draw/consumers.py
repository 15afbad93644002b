"""Event edge of inspection-draw (双随机抽查): the events it consumes, each to one handler.

credit-rating's registry, grade and blacklist events keep the object roster mirror
(检查对象名录库).
"""

from __future__ import annotations

from services.inspection_draw.bootstrap import DrawContext
from services.inspection_draw.handlers import mirror
from shared.contracts import Envelope
from shared.contracts.credit import EntityUpserted, GradeChanged
from shared.contracts.credit_lists import BlacklistChanged
from shared.db import UnitOfWork
from shared.messaging.subscriptions import Consumers

consumers = Consumers("inspection-draw")


@consumers.on(EntityUpserted)
async def on_entity_upserted(ctx: DrawContext, uow: UnitOfWork, event: EntityUpserted,
                             envelope: Envelope) -> None:
    await mirror.register_object(ctx, uow, event)


@consumers.on(GradeChanged)
async def on_grade_changed(ctx: DrawContext, uow: UnitOfWork, event: GradeChanged,
                           envelope: Envelope) -> None:
    await mirror.change_grade(ctx, uow, event)


@consumers.on(BlacklistChanged)
async def on_blacklist_changed(ctx: DrawContext, uow: UnitOfWork, event: BlacklistChanged,
                               envelope: Envelope) -> None:
    await mirror.change_blacklisting(ctx, uow, event)
