"""The FastAPI app every service is (服务应用): platform wiring around its routers.

``service_app`` takes the service's context (its ``bootstrap.build``) and adds problem
documents, request telemetry, auth and the probes; its lifespan starts the outbox relay,
the consumer runner and the start hooks (the audit checkpoint among them), and stops
them again. It never migrates (the runner does that as a start step) and connects to
nothing before the lifespan starts.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

from fastapi import APIRouter, FastAPI
from starlette.middleware import Middleware

from shared.audit.checkpoints import checkpoint_periodically
from shared.auth import TokenVerifier, install_auth
from shared.context import ServiceContext
from shared.contracts.asyncapi import service_document
from shared.log_stream import flush_logs
from shared.messaging.consumer import ConsumerRunner
from shared.messaging.relay import OutboxRelay
from shared.messaging.subscriptions import Consumers
from shared.observability import configure_logging
from shared.web import probes
from shared.web.body_limit import BodyLimit
from shared.web.client_address import trusted_networks
from shared.web.docs import install_docs
from shared.web.metrics import ServiceMetrics
from shared.web.middleware import RequestTelemetry
from shared.web.openapi import install_openapi
from shared.web.problems import install_problem_handlers

log = logging.getLogger(__name__)


StartHook = Callable[[Any], Awaitable[None]]
"""A task the app runs from start to stop, given the service's context (a periodic
sweep, say); it is cancelled when the app stops."""


def service_app(context: ServiceContext, *, title: str, description: str, version: str,
                routers: Sequence[APIRouter], consumers: Consumers | None = None,
                tags_metadata: Sequence[dict[str, Any]] = (),
                middleware: Sequence[Middleware] = (),
                start_hooks: Sequence[StartHook] = ()) -> FastAPI:
    """A service's app: its ``routers`` and ``consumers`` on the shared platform, all
    built from ``context`` (the service's ``bootstrap.build``).

    ``middleware`` runs inside the request telemetry, so what it answers is still
    traced, counted and logged (e.g. credit-rating's 逢办必查 fast lane). ``start_hooks``
    run as tasks from start to stop; the platform adds the audit checkpoint of its own.

    ``settings.role`` splits the two halves over processes: ``web`` serves the routes and
    starts no background work (no relay, consumers or hooks: its outbox rows are
    published by the worker's relay, which polls every ``relay_poll_interval``);
    ``worker`` runs the background work and serves the probes, metrics and AsyncAPI only.
    Both share nothing but the database and the broker, as replicas do.
    """
    settings, metrics = context.settings, ServiceMetrics()
    web, background = settings.role != "worker", settings.role != "web"
    hooks = [*start_hooks, *([_audit_checkpoints] if settings.audit_checkpoint_seconds > 0
                             else [])] if background else []

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(settings.service_name)
        if left := settings.secrets_left_at_development_defaults():
            log.warning("%s runs with the public development secrets of %s: anyone with "
                        "the source can forge tokens or hashes and read what they protect; "
                        "set them before real use", settings.service_name, ", ".join(left),
                        extra={"development_secrets": left})
        db = context.database
        relay = OutboxRelay(db, settings.kafka_bootstrap_servers,
                            batch_size=settings.relay_batch_size,
                            poll_interval=settings.relay_poll_interval,
                            republish=timedelta(hours=settings.republish_window_hours))
        context.outbox.wake = relay.wake if background else None
        runners: list[ConsumerRunner] = []
        tasks: list[asyncio.Task] = []
        try:
            if background and settings.relay_enabled:
                relay.start()
            if background and consumers is not None and consumers.consumed \
                    and settings.consumers_enabled:
                runners.append(ConsumerRunner(consumers.bind(context), db,
                                              settings.kafka_bootstrap_servers,
                                              max_attempts=settings.consumer_max_attempts))
                runners[0].start()
            tasks = [asyncio.create_task(hook(context), name=getattr(hook, "__name__", "hook"))
                     for hook in hooks]
            metrics.watch(relay, runners)
            log.info("%s started", settings.service_name, extra={
                "role": settings.role, "relay": background and settings.relay_enabled,
                "consumer_groups": [r.subs.group for r in runners]})
            yield
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
            for runner in runners:
                await runner.stop()
            await relay.stop()
            context.outbox.wake = None
            await db.dispose()
            log.info("%s stopped", settings.service_name)
            flush_logs()

    # Our own telemetry (RequestTelemetry: W3C trace context, Prometheus metrics, JSON
    # logs) covers every request; FastAPI's OpenTelemetry bridge would only ask on each
    # request whether an OpenTelemetry provider was configured (none is), ~5% of a call.
    # docs_url/redoc_url None: FastAPI's pages load from a CDN; install_docs serves both
    # from the suite's own files (shared/web/docs.py)
    app = FastAPI(title=title, description=description, version=version, lifespan=lifespan,
                  docs_url=None, redoc_url=None,
                  openapi_tags=[*tags_metadata, probes.OPERATIONS_TAG],
                  telemetry={"tracing": False, "metrics": False, "logs": False})
    app.state.context = context
    app.state.settings = settings
    app.state.metrics = metrics
    app.state.db = context.database
    app.state.outbox = context.outbox
    app.state.reference = context.reference
    app.state.trusted_proxies = trusted_networks(settings.trusted_proxies)
    install_auth(app, TokenVerifier.from_settings(settings, context.reference.departments))
    install_problem_handlers(app)
    install_openapi(app)
    for layer in reversed(middleware if web else ()):  # each goes outside the ones before
        app.add_middleware(layer.cls, *layer.args, **layer.kwargs)
    app.add_middleware(BodyLimit, default=settings.max_body_bytes)
    app.add_middleware(RequestTelemetry, metrics=metrics)
    for router in routers if web else ():  # the service's routes first: matched in order
        app.include_router(router)
    app.include_router(probes.router)
    app.include_router(_asyncapi_route(context, consumers, title, description, version))
    install_docs(app)
    return app


def _asyncapi_route(context: ServiceContext, consumers: Consumers | None, title: str,
                    description: str, version: str) -> APIRouter:
    """``GET /asyncapi.json``: the service's events, generated from the registry."""
    router = APIRouter(tags=["operations"])
    document: dict[str, Any] = {}

    @router.get("/asyncapi.json", summary="AsyncAPI 3 document of the events this service "
                "sends and receives, generated from the event registry")
    async def asyncapi() -> dict[str, Any]:
        if not document:
            document.update(service_document(
                context.settings.slug, title=title, version=version, description=description,
                consumed=consumers.consumed if consumers is not None else (),
                bootstrap=context.settings.kafka_bootstrap_servers))
        return document

    return router


async def _audit_checkpoints(context: ServiceContext) -> None:
    await checkpoint_periodically(context.database, context.settings.audit_checkpoint_seconds)
