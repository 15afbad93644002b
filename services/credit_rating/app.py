"""The credit-rating service (信用评价).

Run with ``uvicorn --factory services.credit_rating.app:create_app``.
"""

from __future__ import annotations

from fastapi import FastAPI

from services.credit_rating import api, consumers
from services.credit_rating.config import Settings
from shared.web import build_service_app

API_VERSION = "0.1.0"
DESCRIPTION = """企业信用风险分类: Grades market entities by their credit record
and publishes the grades."""


def create_app(settings: Settings | None = None) -> FastAPI:
    return build_service_app(
        settings or Settings(),
        title="信用评价 Credit rating",
        description=DESCRIPTION,
        version=API_VERSION,
        routers=[api.router],
        subscriptions=consumers.subscriptions,
        tags_metadata=[api.TAG],
    )
