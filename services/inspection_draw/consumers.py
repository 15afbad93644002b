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
from shared.messaging.subscriptions import Subscriptions

GROUP = "inspection-draw"
ROUTES: list[tuple[type[BaseModel], Callable[..., Awaitable[None]]]] = [
    (EntityUpserted, mirror.on_entity_upserted),
    (GradeChanged, mirror.on_grade_changed),
    (BlacklistChanged, mirror.on_blacklist_changed),
]


def subscribe(subscriptions: Subscriptions, state: Any) -> Subscriptions:
    """Register one handler per consumed event on ``subscriptions``."""
    for payload_model, handler in ROUTES:
        subscriptions.on_payload(payload_model)(_consumer(handler, state))
    return subscriptions


def _consumer(handler: Callable[..., Awaitable[None]], state: Any):  # type: ignore[no-untyped-def]
    async def consume(uow: UnitOfWork, payload: BaseModel, _: Envelope) -> None:
        await handler(uow, state.draw_rules, payload)

    consume.__name__ = f"on_{handler.__name__}"
    return consume
