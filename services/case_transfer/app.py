"""The case-transfer service (案件移送).

Run with ``uvicorn --factory services.case_transfer.app:create_app``.
"""

from __future__ import annotations

import asyncio
import logging

from fastapi import FastAPI
from starlette.middleware import Middleware

from services.case_transfer import api, consumers
from services.case_transfer.api.transfer_lane import TransferLane
from services.case_transfer.bootstrap import CaseTransferContext, build
from services.case_transfer.config import Settings
from services.case_transfer.handlers.overdue import escalate_all
from shared.web import service_app

API_VERSION = "1.0.0"
DESCRIPTION = """案件移送 / 执法联动: cases and clues between departments and regions, 行刑衔接
to the police with its statutory deadlines, joint enforcement and 协查, the full-process
record, legal review and discretion benchmarks, 督办 of every deadline, and evaluation."""
log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, *,
               context: CaseTransferContext | None = None) -> FastAPI:
    """The app, built from ``context`` (or from ``settings`` by ``bootstrap.build``; a bad
    ``case_rules.yaml`` stops it there, naming file, line and problem)."""
    context = context or build(settings)
    hooks = [sweep_periodically] if context.settings.overdue_sweep_seconds > 0 else []
    return service_app(
        context,
        title="案件移送 Case transfer",
        description=DESCRIPTION,
        version=API_VERSION,
        routers=[api.router],
        consumers=consumers.consumers,
        tags_metadata=[api.TAG],
        middleware=[Middleware(TransferLane)],
        start_hooks=hooks,
    )


async def sweep_periodically(ctx: CaseTransferContext) -> None:
    """Escalate passed deadlines every ``overdue_sweep_seconds`` while the app runs."""
    while True:
        try:
            escalated = await escalate_all(ctx)
            if escalated:
                log.info("overdue sweep escalated %d deadlines", escalated)
        except Exception:
            log.exception("overdue sweep failed; retrying at the next interval")
        await asyncio.sleep(ctx.settings.overdue_sweep_seconds)
