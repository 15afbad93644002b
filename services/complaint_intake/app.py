"""The complaint-intake service (投诉举报).

Run with ``uvicorn --factory services.complaint_intake.app:create_app``. Besides the
routes, the app runs the intake worker (accepted filings become complaints) and the
periodic overdue sweep as start hooks.
"""

from __future__ import annotations

import asyncio
import logging

from fastapi import FastAPI
from starlette.middleware import Middleware

from services.complaint_intake import api, consumers
from services.complaint_intake.api.intake_lane import IntakeLane
from services.complaint_intake.bootstrap import IntakeContext, build, identity_vault
from services.complaint_intake.config import Settings
from services.complaint_intake.handlers.filing_worker import process_filings
from services.complaint_intake.handlers.overdue import sweep_until_done
from shared.web import service_app

__all__ = ["create_app", "identity_vault"]

API_VERSION = "0.3.0"
DESCRIPTION = """投诉举报: Takes complaints and whistleblower reports from every channel,
routes them, tracks their legal deadlines and protects the reporter."""
log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, *,
               context: IntakeContext | None = None) -> FastAPI:
    """The app, built from ``context`` (or from ``settings`` by ``bootstrap.build``; bad
    rules or identity keys stop it there, saying what to change)."""
    context = context or build(settings)
    settings = context.settings
    hooks = [*([process_filings] if settings.filing_worker else []),
             *([sweep_periodically] if settings.overdue_sweep_seconds > 0 else [])]
    return service_app(
        context,
        title="投诉举报 Complaint intake",
        description=DESCRIPTION,
        version=API_VERSION,
        routers=[api.router],
        consumers=consumers.consumers,
        tags_metadata=[api.TAG],
        middleware=[Middleware(IntakeLane)],
        start_hooks=hooks,
    )


async def sweep_periodically(ctx: IntakeContext) -> None:
    """Raise passed deadlines every ``overdue_sweep_seconds`` while the app runs."""
    while True:
        try:
            raised = await sweep_until_done(ctx.database, ctx.clock.today())
            if raised:
                log.info("overdue sweep raised %d deadlines", raised)
        except Exception:
            log.exception("overdue sweep failed; retrying at the next interval")
        await asyncio.sleep(ctx.settings.overdue_sweep_seconds)
