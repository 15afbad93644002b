"""The fast lane of public intake (CP-1): an ordinary public filing answered before
FastAPI routes it.

A plain ASGI middleware inside the platform's request telemetry (so the call is still
traced, counted and logged). It takes ``POST /v1/complaints`` only from the public (no
``Authorization`` header) with a JSON body, charges the address's quota once, and accepts
it (``handlers.intake``: stored, answered, processed moments later by the worker) when
the body validates and the intake raises no problem. Anything else (a
department, a form body, bad input, an exhausted quota, a backdated receipt) goes on to
the FastAPI route in ``complaints`` with the body replayed, and the route owns every
error answer; the quota already charged is not charged again. Both paths answer with
``complaints.filed_json``. The lane saves FastAPI's routing, dependency solving and
response validation, a large share of an intake's cost.
"""

from __future__ import annotations

from types import SimpleNamespace

from pydantic import ValidationError
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.complaint_intake.api.complaints import PATH, filed_json
from services.complaint_intake.api.deps import QUOTA_CHARGED
from services.complaint_intake.bootstrap import IntakeContext
from services.complaint_intake.domain.lifecycle import Channel
from services.complaint_intake.handlers.filing import ComplaintFiling
from shared.errors import DomainProblem
from shared.web.client_address import client_address

ROUTE = SimpleNamespace(path_format=PATH)  # what the telemetry labels the call with
_BODY_LIMIT = 256 * 1024  # far above any valid filing; larger bodies go to the route


class IntakeLane:
    """``Middleware(IntakeLane)``: inside the telemetry, outside the router."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] != PATH \
                or not _public_json(scope):
            await self.app(scope, receive, send)
            return
        body, complete = await _read_body(receive)
        answer = await self._answer(scope, body) if complete else None
        if answer is None:
            await self.app(scope, _replay(body, complete, receive), send)
            return
        scope["route"] = ROUTE
        location, content = answer
        await send({"type": "http.response.start", "status": 201, "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(content)).encode()),
            (b"location", location.encode())]})
        await send({"type": "http.response.body", "body": content})

    async def _answer(self, scope: Scope, body: bytes) -> tuple[str, bytes] | None:
        """The Location and body of an ordinary filing, or None to let the route answer."""
        request = Request(scope)
        state = request.app.state
        ctx: IntakeContext = state.context
        if await ctx.public_quota.spend(
                client_address(request, state.trusted_proxies)) is not None:
            return None
        scope.setdefault("state", {})[QUOTA_CHARGED] = True
        try:
            filing = ComplaintFiling.model_validate_json(body)
        except ValidationError:
            return None
        if filing.channel not in (None, Channel.PUBLIC):
            return None
        try:
            filed = await ctx.intake.file(ctx, filing, channel=Channel.PUBLIC,
                                          actor="public", at=ctx.clock.now())
        except DomainProblem:
            return None
        return f"/v1/receipts/{filed.receipt_code}", filed_json(filed)


def _public_json(scope: Scope) -> bool:
    json = False
    for name, value in scope["headers"]:
        if name == b"authorization":
            return False
        if name == b"content-type":
            json = value.split(b";", 1)[0].strip().lower() == b"application/json"
    return json


async def _read_body(receive: Receive) -> tuple[bytes, bool]:
    """The whole body, and False if it ended early (a disconnect) or ran past the limit."""
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), False
        chunk = message.get("body", b"")
        chunks.append(chunk)
        size += len(chunk)
        if size > _BODY_LIMIT:
            return b"".join(chunks), False
        if not message.get("more_body", False):
            return b"".join(chunks), True


def _replay(body: bytes, complete: bool, receive: Receive) -> Receive:
    """``receive`` that gives what was read first (as one message), then the client's own."""
    given = False

    async def replayed() -> Message:
        nonlocal given
        if not given:
            given = True
            return {"type": "http.request", "body": body, "more_body": not complete}
        return await receive()

    return replayed
