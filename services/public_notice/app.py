"""The public-notice service (信息公示).

Run with ``uvicorn --factory services.public_notice.app:create_app``.
"""

from __future__ import annotations

import asyncio
import logging

from fastapi import FastAPI
from starlette.middleware import Middleware
from starlette.staticfiles import StaticFiles

from services.public_notice import api, consumers
from services.public_notice.api.page_errors import install_page_errors
from services.public_notice.api.query_lane import QueryLane
from services.public_notice.api.rendering import PageHeaders
from services.public_notice.bootstrap import STATIC, PublicNoticeContext, build
from services.public_notice.config import Settings
from services.public_notice.handlers.expiry import expire_ended, open_windows
from shared.web import service_app

API_VERSION = "0.2.0"
DESCRIPTION = """信息公示: what the law says must be public (十公示, 双随机、一公开, the credit
lists), masked where it must be, on time, taken down when it must be; the public credit
query; a server-rendered public page at `/` and Atom feeds per kind."""
log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, *,
               context: PublicNoticeContext | None = None) -> FastAPI:
    """The app, built from ``context`` (or from ``settings`` by ``bootstrap.build``; bad
    notice rules stop it there, saying what to change)."""
    context = context or build(settings)
    hooks = [expire_periodically] if context.settings.expiry_sweep_seconds > 0 else []
    app = service_app(
        context,
        title="信息公示 Public notice",
        description=DESCRIPTION,
        version=API_VERSION,
        routers=[api.router],
        consumers=consumers.consumers,
        tags_metadata=[api.TAG],
        middleware=[Middleware(PageHeaders), Middleware(QueryLane)],
        start_hooks=hooks,
    )
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    install_page_errors(app)
    return app


async def expire_periodically(ctx: PublicNoticeContext) -> None:
    """Take down notices whose period ended and publish draw lists whose window opened,
    every ``expiry_sweep_seconds``."""
    while True:
        try:
            if taken := await expire_ended(ctx):
                log.info("expiry sweep took down %d notices", taken)
            if opened := await open_windows(ctx):
                log.info("%d draw lists published as their inspection window opened", opened)
        except Exception:
            log.exception("expiry sweep failed; retrying at the next interval")
        await asyncio.sleep(ctx.settings.expiry_sweep_seconds)
