"""The inspection-draw service (双随机抽查).

Run with ``uvicorn --factory services.inspection_draw.app:create_app``.
"""

from __future__ import annotations

from fastapi import FastAPI

from services.inspection_draw import api, consumers
from services.inspection_draw.config import Settings
from services.inspection_draw.domain.rules import load_draw_rules
from services.inspection_draw.handlers.snapshot import RosterCache
from shared.messaging.subscriptions import Subscriptions
from shared.web import build_service_app

API_VERSION = "0.2.0"
RULES_FILE = "draw_rules.yaml"
DESCRIPTION = """双随机、一公开: draws market entities and inspectors at random, verifiably
(anyone can re-run a published draw), and records the results."""


def create_app(settings: Settings | None = None) -> FastAPI:
    """The app; a bad ``draw_rules.yaml`` stops it here, naming file, line and problem."""
    settings = settings or Settings()
    rules = load_draw_rules(settings.reference_dir / RULES_FILE)
    subscriptions = Subscriptions(consumers.GROUP)
    app = build_service_app(
        settings,
        title="双随机抽查 Inspection draw",
        description=DESCRIPTION,
        version=API_VERSION,
        routers=[api.router],
        subscriptions=subscriptions,
        tags_metadata=[api.TAG],
    )
    app.state.draw_rules = rules
    app.state.roster_cache = RosterCache()
    consumers.subscribe(subscriptions, app.state)
    return app
