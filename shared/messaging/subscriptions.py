"""The events a service consumes, and the handler each one goes to (the consumer
runner in ``shared.messaging.consumer`` does the Kafka part)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from shared.contracts import Envelope
from shared.db import UnitOfWork

Handler = Callable[[UnitOfWork, Envelope], Awaitable[None]]
PayloadHandler = Callable[[UnitOfWork, Any, Envelope], Awaitable[None]]


@dataclass
class Subscriptions:
    """The events a service consumes: ``@subs.on("credit.entity.upserted.v1")``."""

    group: str
    handlers: dict[str, Handler] = field(default_factory=dict)

    def on(self, event_name: str) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.handlers[event_name] = handler
            return handler

        return register

    def on_payload(self, model: type[BaseModel]) -> Callable[[PayloadHandler], PayloadHandler]:
        """``@subs.on_payload(EntityUpserted)``: the event registered for ``model``, its
        data parsed as ``model`` for ``handler(uow, payload, envelope)``. A payload that
        does not parse fails like a handler: retried, then sent to the DLQ."""
        name = model.__event_spec__.name  # type: ignore[attr-defined]

        def register(handler: PayloadHandler) -> PayloadHandler:
            async def consume(uow: UnitOfWork, envelope: Envelope) -> None:
                await handler(uow, model.model_validate(envelope.data), envelope)

            consume.__name__ = getattr(handler, "__name__", f"on_{name}")
            self.handlers[name] = consume
            return handler

        return register

    @property
    def topics(self) -> list[str]:
        return sorted(self.handlers)
