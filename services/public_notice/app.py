"""The public-notice service (信息公示).

Run with ``uvicorn --factory services.public_notice.app:create_app``.
"""

from __future__ import annotations

from fastapi import FastAPI

from services.public_notice import api, consumers
from services.public_notice.bootstrap import PublicNoticeContext, build
from services.public_notice.config import Settings
from shared.web import service_app

API_VERSION = "0.1.0"
DESCRIPTION = """信息公示: Publishes inspection results, penalties and credit grades
to the public."""


def create_app(settings: Settings | None = None, *,
               context: PublicNoticeContext | None = None) -> FastAPI:
    """The app, built from ``context`` (or from ``settings`` by ``bootstrap.build``)."""
    context = context or build(settings)
    return service_app(
        context,
        title="信息公示 Public notice",
        description=DESCRIPTION,
        version=API_VERSION,
        routers=[api.router],
        consumers=consumers.consumers,
        tags_metadata=[api.TAG],
    )
