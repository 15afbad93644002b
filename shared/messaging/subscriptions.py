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
ReadAhead = Callable[[UnitOfWork, list[Envelope]], Awaitable[None]]
PayloadHandler = Callable[[UnitOfWork, Any, Envelope], Awaitable[None]]


@dataclass
class Subscriptions:
    """The events a service consumes: ``@subs.on("credit.entity.upserted.v1")``."""

    group: str
    handlers: dict[str, Handler] = field(default_factory=dict)
    # called once per batch the consumer takes in one go, before its handlers, with the
    # batch's first deliveries: to read in one statement what each handler would read
    read_ahead: ReadAhead | None = None

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


ConsumerFunction = Callable[[Any, UnitOfWork, Any, Envelope], Awaitable[None]]


@dataclass(frozen=True)
class Consumed:
    """One consumer function and the event payload model it takes."""

    model: type[BaseModel]
    function: ConsumerFunction

    @property
    def event_name(self) -> str:
        return self.model.__event_spec__.name  # type: ignore[attr-defined]


class Consumers:
    """The events a service consumes, each to one typed function, declared once::

        consumers = Consumers("inspection-draw")

        @consumers.on(GradeChanged)
        async def on_grade_changed(ctx: DrawContext, uow: UnitOfWork,
                                   event: GradeChanged, envelope: Envelope) -> None: ...

    The platform's app factory binds them to the service's context (:meth:`bind`) and
    runs them; a payload that does not parse fails like the function would (retried,
    then dead-lettered).
    """

    def __init__(self, group: str) -> None:
        self.group = group
        self.consumed: dict[str, Consumed] = {}
        self.reader: Callable[[Any, UnitOfWork, list[Envelope]], Awaitable[None]] | None = None

    def reads_ahead(self, function: Callable[[Any, UnitOfWork, list[Envelope]],
                                             Awaitable[None]]) -> Callable:
        """``@consumers.reads_ahead``: ``function(ctx, uow, envelopes)`` is called with
        each batch before its functions, to read at once what they would each read
        (what it reads must not change what they do: a batch that fails is taken again
        message by message, without it)."""
        self.reader = function
        return function

    def on(self, model: type[BaseModel]) -> Callable[[ConsumerFunction], ConsumerFunction]:
        name = model.__event_spec__.name  # type: ignore[attr-defined]

        def register(function: ConsumerFunction) -> ConsumerFunction:
            if name in self.consumed:
                raise ValueError(f"{self.group} consumes {name} twice: "
                                 f"{self.consumed[name].function.__name__} and "
                                 f"{function.__name__}")
            self.consumed[name] = Consumed(model, function)
            return function

        return register

    def bind(self, context: Any) -> Subscriptions:
        """The subscriptions the consumer runner takes, each function given ``context``."""
        subscriptions = Subscriptions(self.group)
        for name, consumed in self.consumed.items():
            subscriptions.handlers[name] = _bound(consumed, context)
        if (reader := self.reader) is not None:
            async def read_ahead(uow: UnitOfWork, envelopes: list[Envelope]) -> None:
                await reader(context, uow, envelopes)
            subscriptions.read_ahead = read_ahead
        return subscriptions


def _bound(consumed: Consumed, context: Any) -> Handler:
    model, function = consumed.model, consumed.function

    async def consume(uow: UnitOfWork, envelope: Envelope) -> None:
        await function(context, uow, model.model_validate(envelope.data), envelope)

    consume.__name__ = function.__name__
    return consume
