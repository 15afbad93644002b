"""Event edge of inspection-draw (双随机抽查): the events it consumes, each to one handler.

credit-rating's registry, grade and blacklist events keep the object roster mirror
(检查对象名录库). Handlers read the draw rules from ``state`` (the app's ``State``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from pydantic import BaseModel

from services.inspection_draw.handlers import mirror
from shared.contracts import Envelope
from shared.contracts.credit import BlacklistChanged, EntityUpserted, GradeChanged
from shared.db import UnitOfWork
from shared.messaging.consumer import Subscriptions

GROUP = "inspection-draw"
ROUTES: dict[str, tuple[type[BaseModel], Callable[..., Awaitable[None]]]] = {
    "credit.entity.upserted.v1": (EntityUpserted, mirror.on_entity_upserted),
    "credit.grade.changed.v1": (GradeChanged, mirror.on_grade_changed),
    "credit.blacklist.changed.v1": (BlacklistChanged, mirror.on_blacklist_changed),
}


def subscribe(subscriptions: Subscriptions, state: Any) -> Subscriptions:
    """Register one handler per consumed event on ``subscriptions``."""
    for name, (payload_model, handler) in ROUTES.items():
        subscriptions.on(name)(_consumer(payload_model, handler, state))
    return subscriptions


def _consumer(payload_model: type[BaseModel], handler: Callable[..., Awaitable[None]],
              state: Any) -> Callable[[UnitOfWork, Envelope], Awaitable[None]]:
    async def consume(uow: UnitOfWork, envelope: Envelope) -> None:
        payload = payload_model.model_validate(envelope.data)  # bad data: retried, then DLQ
        await handler(uow, state.draw_rules, payload)

    consume.__name__ = f"on_{handler.__name__}"
    return consume
