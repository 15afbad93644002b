"""Event edge of credit-rating (信用评价): the events it consumes, each to one handler.

Handlers read the app's outbox, credit rules and person hash key from ``state`` (the
app's ``State``), which the lifespan and the app factory fill before any consumer starts.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from pydantic import BaseModel

from services.credit_rating.handlers import incoming
from services.credit_rating.handlers.facts import today
from shared.contracts import Envelope
from shared.contracts.case import CaseConcluded
from shared.contracts.complaint import ComplaintSubstantiated
from shared.contracts.inspection import CommitmentFalse, InspectionResultRecorded
from shared.db import UnitOfWork
from shared.messaging.subscriptions import Subscriptions

GROUP = "credit-rating"
# each consumed event's payload model, and the handler that makes its credit record
ROUTES: list[tuple[type[BaseModel], Callable[..., Awaitable[None]]]] = [
    (ComplaintSubstantiated, incoming.record_substantiated_complaint),
    (InspectionResultRecorded, incoming.record_inspection_result),
    (CaseConcluded, incoming.record_case_conclusion),
    (CommitmentFalse, incoming.record_false_commitment),
]


def subscribe(subscriptions: Subscriptions, state: Any) -> Subscriptions:
    """Register one handler per consumed event on ``subscriptions``."""
    for payload_model, handler in ROUTES:
        subscriptions.on_payload(payload_model)(_consumer(handler, state))
    return subscriptions


def _consumer(handler: Callable[..., Awaitable[None]], state: Any):  # type: ignore[no-untyped-def]
    async def consume(uow: UnitOfWork, payload: BaseModel, envelope: Envelope) -> None:
        await handler(uow, state.outbox, state.credit_rules, payload, event_id=envelope.id,
                      actor=envelope.source[:200], as_of=today(),
                      person_key=state.person_hash_key)

    consume.__name__ = f"on_{handler.__name__}"
    return consume
