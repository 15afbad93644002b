"""The credit-rating service (信用评价).

Run with ``uvicorn --factory services.credit_rating.app:create_app``.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware import Middleware

from services.credit_rating import api
from services.credit_rating.api.check_lane import CheckLane
from services.credit_rating.api.entity_gate import EntityGate
from services.credit_rating.bootstrap import CreditContext, build
from services.credit_rating.config import Settings
from services.credit_rating.consumers import consumers
from shared.web import service_app

API_VERSION = "0.3.0"
DESCRIPTION = """企业信用风险分类: Grades market entities by their credit record
and publishes the grades."""


def create_app(settings: Settings | None = None, *,
               context: CreditContext | None = None) -> FastAPI:
    """The app, built from ``context`` (or from ``settings`` by ``bootstrap.build``; a bad
    ``credit_rules.yaml`` stops it there, naming file, line and problem)."""
    context = context or build(settings)
    return service_app(
        context,
        title="信用评价 Credit rating",
        description=DESCRIPTION,
        version=API_VERSION,
        routers=[api.router],
        consumers=consumers,
        tags_metadata=[api.TAG],
        # what an entity's own token may do, outside 逢办必查's fast lane (both inside the
        # telemetry)
        middleware=[Middleware(EntityGate), Middleware(CheckLane)],
    )
