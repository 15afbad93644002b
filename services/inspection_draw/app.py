"""The inspection-draw service (双随机抽查).

Run with ``uvicorn --factory services.inspection_draw.app:create_app``.
"""

from __future__ import annotations

from fastapi import FastAPI

from services.inspection_draw import api, consumers
from services.inspection_draw.config import Settings
from shared.web import build_service_app

API_VERSION = "0.1.0"
DESCRIPTION = """双随机、一公开: Draws entities and inspectors at random, verifiably,
and records the results."""


def create_app(settings: Settings | None = None) -> FastAPI:
    return build_service_app(
        settings or Settings(),
        title="双随机抽查 Inspection draw",
        description=DESCRIPTION,
        version=API_VERSION,
        routers=[api.router],
        subscriptions=consumers.subscriptions,
        tags_metadata=[api.TAG],
    )
