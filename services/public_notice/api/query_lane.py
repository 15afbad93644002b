"""The fast lane of the public credit query (信用查询, PN-5): the common call answered
before FastAPI routes it.

A plain ASGI middleware inside the platform's request telemetry (so the call is still
traced, counted and logged). It answers ``GET /v1/entities/{uscc}/public`` only when
the call is ordinary: no query string, a well-formed USCC, quota left, and something
public about the entity. Anything else (bad input, an unknown entity, a spent quota)
goes on to the route in ``entities``, which owns every error answer; the quota is not
charged twice. Both paths build the body with ``entities.profile_json``, and a test
holds them to the same bytes.
"""

from __future__ import annotations

from types import SimpleNamespace

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from services.public_notice.api.deps import QUOTA_CHARGED
from services.public_notice.api.entities import PROFILE_PATH, profile_json
from services.public_notice.queries.profiles import EntityUnknown, entity_profile
from shared.uscc import InvalidUSCC, validate
from shared.web.client_address import client_address

PREFIX, SUFFIX = PROFILE_PATH.split("{uscc}")
ROUTE = SimpleNamespace(path_format=PROFILE_PATH)  # what the telemetry labels the call with
HEADERS = [(b"content-type", b"application/json")]


class QueryLane:
    """``Middleware(QueryLane)``: inside the telemetry, outside the router."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and scope["method"] == "GET" and not scope["query_string"] \
                and path.startswith(PREFIX) and path.endswith(SUFFIX):
            body = await self._answer(scope, path[len(PREFIX):-len(SUFFIX)])
            if body is not None:
                scope["route"] = ROUTE
                await send({"type": "http.response.start", "status": 200, "headers": [
                    *HEADERS, (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)

    async def _answer(self, scope: Scope, raw_uscc: str) -> bytes | None:
        """The body of an ordinary call, or None to let the route answer."""
        try:
            uscc = validate(raw_uscc)
        except (InvalidUSCC, ValueError):
            return None
        app = scope["app"]
        ctx = app.state.context
        scope.setdefault("state", {})[QUOTA_CHARGED] = True
        if await ctx.query_quota.spend(client_address(Request(scope), app.state.trusted_proxies)):
            scope["state"][QUOTA_CHARGED] = False  # spent: the route answers 429
            return None
        try:
            return profile_json(await entity_profile(ctx, uscc, ctx.clock.today()))
        except EntityUnknown:
            return None
