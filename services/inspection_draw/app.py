"""The inspection-draw service (双随机抽查).

Run with ``uvicorn --factory services.inspection_draw.app:create_app``.
"""

from __future__ import annotations

from fastapi import FastAPI

from services.inspection_draw import api, consumers
from services.inspection_draw.bootstrap import DrawContext, build
from services.inspection_draw.config import Settings
from shared.web import service_app

API_VERSION = "0.3.0"
DESCRIPTION = """双随机、一公开: draws market entities and inspectors at random, verifiably
(anyone can re-run a published draw), and records the results."""


def create_app(settings: Settings | None = None, *,
               context: DrawContext | None = None) -> FastAPI:
    """The app, built from ``context`` (or from ``settings`` by ``bootstrap.build``; a bad
    ``draw_rules.yaml`` stops it there, naming file, line and problem)."""
    context = context or build(settings)
    return service_app(
        context,
        title="双随机抽查 Inspection draw",
        description=DESCRIPTION,
        version=API_VERSION,
        routers=[api.router],
        consumers=consumers.consumers,
        tags_metadata=[api.TAG],
    )
