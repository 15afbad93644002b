"""The FastAPI app every service is (服务应用): platform wiring around its routers.

``build_service_app`` adds problem documents, request telemetry and the probes; its
lifespan loads reference data, opens the database, starts the outbox relay and the
consumer runner, and stops them again. It never migrates (the runner does that as a
start step) and connects to nothing before the lifespan starts.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI
from starlette.middleware import Middleware

from shared.auth import TokenVerifier, install_auth
from shared.db import Database
from shared.log_stream import flush_logs
from shared.messaging.consumer import ConsumerRunner
from shared.messaging.outbox import Outbox
from shared.messaging.relay import OutboxRelay
from shared.messaging.subscriptions import Subscriptions
from shared.observability import configure_logging
from shared.reference import load_reference
from shared.settings import ServiceSettings
from shared.web import probes
from shared.web.client_address import trusted_networks
from shared.web.metrics import ServiceMetrics
from shared.web.middleware import RequestTelemetry
from shared.web.problems import install_problem_handlers

log = logging.getLogger(__name__)


def event_source(settings: ServiceSettings) -> str:
    """The CloudEvents ``source`` of this service's events: ``/jianguan/credit-rating``."""
    return "/jianguan/" + settings.service_name.replace("_", "-")


def build_service_app(settings: ServiceSettings, *, title: str, description: str,
                      version: str, routers: Sequence[APIRouter],
                      subscriptions: Subscriptions | None,
                      tags_metadata: Sequence[dict[str, Any]] = (),
                      middleware: Sequence[Middleware] = ()) -> FastAPI:
    """A service's app: its ``routers`` and ``subscriptions`` on the shared platform.

    ``middleware`` runs inside the request telemetry, so what it answers is still
    traced, counted and logged (e.g. credit-rating's 逢办必查 fast lane).
    """
    metrics = ServiceMetrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(settings.service_name)
        if left := settings.secrets_left_at_development_defaults():
            log.warning("%s runs with the public development secrets of %s: anyone with "
                        "the source can forge tokens or hashes and read what they protect; "
                        "set them before real use", settings.service_name, ", ".join(left),
                        extra={"development_secrets": left})
        app.state.reference = load_reference(settings.reference_dir)
        install_auth(app, TokenVerifier.from_settings(settings))
        db = app.state.db = Database(settings.resolved_database_url())
        relay = OutboxRelay(db, settings.kafka_bootstrap_servers,
                            batch_size=settings.relay_batch_size,
                            poll_interval=settings.relay_poll_interval)
        app.state.outbox = Outbox(event_source(settings), on_commit=relay.wake)
        runners: list[ConsumerRunner] = []
        try:
            if settings.relay_enabled:
                relay.start()
            if subscriptions is not None and subscriptions.handlers \
                    and settings.consumers_enabled:
                runners.append(ConsumerRunner(subscriptions, db, settings.kafka_bootstrap_servers,
                                              max_attempts=settings.consumer_max_attempts))
                runners[0].start()
            metrics.watch(relay, runners)
            log.info("%s started", settings.service_name, extra={
                "relay": settings.relay_enabled, "consumer_groups": [
                    r.subs.group for r in runners]})
            # what start-up made (modules, routes, reference data) is kept for the life of
            # the process: out of the collector's generations, so that each collection
            # scans only what requests make
            gc.collect()
            gc.freeze()
            yield
        finally:
            for runner in runners:
                await runner.stop()
            await relay.stop()
            await db.dispose()
            gc.unfreeze()  # what this app held can be collected again once it is gone
            log.info("%s stopped", settings.service_name)
            flush_logs()

    # Our own telemetry (RequestTelemetry: W3C trace context, Prometheus metrics, JSON
    # logs) covers every request; FastAPI's OpenTelemetry bridge would only ask on each
    # request whether an OpenTelemetry provider was configured (none is), ~5% of a call.
    app = FastAPI(title=title, description=description, version=version, lifespan=lifespan,
                  openapi_tags=[*tags_metadata, probes.OPERATIONS_TAG],
                  telemetry={"tracing": False, "metrics": False, "logs": False})
    app.state.settings = settings
    app.state.metrics = metrics
    app.state.trusted_proxies = trusted_networks(settings.trusted_proxies)
    install_problem_handlers(app)
    for layer in reversed(middleware):  # each add goes outside the ones before it
        app.add_middleware(layer.cls, *layer.args, **layer.kwargs)
    app.add_middleware(RequestTelemetry, metrics=metrics)
    for router in routers:  # the service's routes first: a request is matched in order
        app.include_router(router)
    app.include_router(probes.router)
    return app
