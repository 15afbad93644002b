"""The public-notice service (信息公示).

Run with ``uvicorn --factory services.public_notice.app:create_app``.
"""

from __future__ import annotations

from fastapi import FastAPI

from services.public_notice import api, consumers
from services.public_notice.config import Settings
from shared.web import build_service_app

API_VERSION = "0.1.0"
DESCRIPTION = """信息公示: Publishes inspection results, penalties and credit grades
to the public."""


def create_app(settings: Settings | None = None) -> FastAPI:
    return build_service_app(
        settings or Settings(),
        title="信息公示 Public notice",
        description=DESCRIPTION,
        version=API_VERSION,
        routers=[api.router],
        subscriptions=consumers.subscriptions,
        tags_metadata=[api.TAG],
    )
