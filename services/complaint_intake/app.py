"""The complaint-intake service (投诉举报).

Run with ``uvicorn --factory services.complaint_intake.app:create_app``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.middleware import Middleware

from services.complaint_intake import api, consumers
from services.complaint_intake.api.intake_lane import IntakeLane
from services.complaint_intake.config import Settings
from services.complaint_intake.domain.identity import IdentityVault, keys_from_settings
from services.complaint_intake.domain.rules import load_complaint_rules
from services.complaint_intake.handlers.context import china_day, now
from services.complaint_intake.handlers.overdue import sweep_overdue
from shared.db import is_sqlite
from shared.reference import Responsibility
from shared.reference.files import read_reference_file
from shared.web import build_service_app
from shared.web.rate_limit import Limiter, RateLimiter
from shared.web.rate_limit_shared import SharedRateLimiter

API_VERSION = "0.2.0"
RULES_FILE = "complaint_rules.yaml"
DESCRIPTION = """投诉举报: Takes complaints and whistleblower reports from every channel,
routes them, tracks their legal deadlines and protects the reporter."""
log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The app; bad rules or identity keys stop it here, saying what to change."""
    settings = settings or Settings()
    rules = load_complaint_rules(settings.reference_dir / RULES_FILE)
    app = build_service_app(
        settings,
        title="投诉举报 Complaint intake",
        description=DESCRIPTION,
        version=API_VERSION,
        routers=[api.router],
        subscriptions=consumers.subscriptions,
        tags_metadata=[api.TAG],
        middleware=[Middleware(IntakeLane)],
    )
    app.state.complaint_rules = rules
    app.state.identity_vault = identity_vault(settings)
    limits = rules.rate_limits
    public, lookups, restricted = \
        limits.public_intake, limits.receipt_lookups, limits.restricted_reporter
    app.state.public_limiter = quota_limiter(
        app, settings, "public-intake", settings.public_intake_requests or public.requests,
        settings.public_intake_per_seconds or public.per_seconds)
    app.state.receipt_limiter = quota_limiter(
        app, settings, "receipt-lookups",
        settings.receipt_lookup_requests or lookups.requests, lookups.per_seconds)
    app.state.restricted_limiter = quota_limiter(  # keyed by the reporter's blind index
        app, settings, "restricted-reporter", restricted.requests, restricted.per_seconds)
    lines = read_reference_file(settings.reference_dir / "responsibility.yaml",
                                Responsibility).entries
    app.state.category_names = {line.category: line.name for line in lines
                                if isinstance(line, Responsibility) and not line.regions}
    if settings.overdue_sweep_seconds > 0:
        _sweep_periodically(app, settings.overdue_sweep_seconds)
    return app


def quota_limiter(app: FastAPI, settings: Settings, purpose: str, requests: int,
                  per_seconds: int) -> Limiter:
    """A quota of the public (per client address or per reporter): kept in PostgreSQL,
    which every instance shares; in process on SQLite, which one instance has to itself.
    ``purpose`` keeps the buckets of different quotas apart."""
    if is_sqlite(settings.resolved_database_url()):
        return RateLimiter(requests, per_seconds)
    return SharedRateLimiter(lambda: app.state.db, requests, per_seconds, secret=(
        f"rate-limit|{purpose}|".encode() + settings.identity_index_key.encode("utf-8")))


def identity_vault(settings: Settings) -> IdentityVault:
    return IdentityVault(keys_from_settings(settings.identity_keys),
                         settings.identity_current_key,
                         settings.identity_index_key.encode("utf-8"))


def _sweep_periodically(app: FastAPI, seconds: float) -> None:
    """Run the overdue sweep every ``seconds`` while the app runs (after the platform's
    lifespan has opened the database)."""
    platform = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with platform(app):
            task = asyncio.create_task(_sweeping(app, seconds))
            try:
                yield
            finally:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    app.router.lifespan_context = lifespan


async def _sweeping(app: FastAPI, seconds: float) -> None:
    while True:
        try:
            async with app.state.db.unit_of_work() as uow:
                raised = await sweep_overdue(uow, app.state.outbox, china_day(now()))
            if raised:
                log.info("overdue sweep raised %d deadlines", raised)
        except Exception:
            log.exception("overdue sweep failed; retrying at the next interval")
        await asyncio.sleep(seconds)
