"""The credit-rating service (信用评价).

Run with ``uvicorn --factory services.credit_rating.app:create_app``.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware import Middleware

from services.credit_rating import api, consumers
from services.credit_rating.api.check_lane import CheckLane
from services.credit_rating.config import Settings
from services.credit_rating.domain.rules import load_credit_rules
from shared.messaging.subscriptions import Subscriptions
from shared.web import build_service_app

API_VERSION = "0.2.0"
RULES_FILE = "credit_rules.yaml"
DESCRIPTION = """企业信用风险分类: Grades market entities by their credit record
and publishes the grades."""


def create_app(settings: Settings | None = None) -> FastAPI:
    """The app; a bad ``credit_rules.yaml`` stops it here, naming file, line and problem.

    The rules are read in the factory (a file, no connection) because the platform's
    lifespan has no hook for a service's own reference data yet.
    """
    settings = settings or Settings()
    rules = load_credit_rules(settings.reference_dir / RULES_FILE)
    subscriptions = Subscriptions(consumers.GROUP)
    app = build_service_app(
        settings,
        title="信用评价 Credit rating",
        description=DESCRIPTION,
        version=API_VERSION,
        routers=[api.router],
        subscriptions=subscriptions,
        tags_metadata=[api.TAG],
        middleware=[Middleware(CheckLane)],
    )
    app.state.credit_rules = rules
    app.state.person_hash_key = settings.person_hash_key.encode("utf-8")
    consumers.subscribe(subscriptions, app.state)
    return app
