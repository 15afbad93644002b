"""The fast lane of transfers (移送快速通道, CT-1): an ordinary transfer answered before
FastAPI routes it.

A plain ASGI middleware inside the platform's request telemetry (so the call is still
traced, counted and logged). It takes ``POST /v1/cases/{id}/transfers`` with a JSON body
and a bearer token of an officer that was verified before (``remembered_caller``), and
hands the transfer to the transfer desk (``handlers.transfer_desk``: group commits).
Anything else (a token not verified yet, no or a bad token, a missing role, a body that
does not validate, a transfer the rules refuse) goes on to the FastAPI route in
``transfers`` with the body replayed, and the route (the slow path,
``handlers.transfers``) owns every error answer. Both answer a transfer alike
(``TransferView``). The lane saves FastAPI's routing over every route, the dependency
solving and the per-request transaction.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

from pydantic import ValidationError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.case_transfer.bootstrap import CaseTransferContext
from services.case_transfer.handlers.commands import TransferOrder
from services.case_transfer.schemas import TransferView
from shared.access import Role
from shared.auth import remembered_caller
from shared.errors import DomainProblem

PATH = re.compile(r"^/v1/cases/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"
                  r"/transfers$")
ROUTE = SimpleNamespace(path_format="/v1/cases/{case_id}/transfers")  # the telemetry label
_BODY_LIMIT = 256 * 1024  # far above any valid transfer; larger bodies go to the route


class TransferLane:
    """``Middleware(TransferLane)``: inside the telemetry, outside the router."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        found = PATH.match(scope["path"]) if scope["type"] == "http" \
            and scope["method"] == "POST" else None
        if found is None or not _json(scope):
            await self.app(scope, receive, send)
            return
        body, complete = await _read_body(receive)
        answer = await _answer(scope, found.group(1), body) if complete else None
        if answer is None:
            await self.app(scope, _replay(body, complete, receive), send)
            return
        scope["route"] = ROUTE
        await send({"type": "http.response.start", "status": 201, "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(answer)).encode())]})
        await send({"type": "http.response.body", "body": answer})


async def _answer(scope: Scope, case_id: str, body: bytes) -> bytes | None:
    """The stored transfer as JSON, or None to let the route answer."""
    caller = remembered_caller(scope)  # a token verified before; else the route verifies it
    if caller is None or Role.OFFICER not in caller.roles:
        return None
    try:
        order = TransferOrder.model_validate_json(body)
    except ValidationError:
        return None
    ctx: CaseTransferContext = scope["app"].state.context
    try:
        stored = await ctx.transfer_desk.transfer(ctx, case_id, order, caller,
                                                  ctx.clock.now())
    except DomainProblem:
        return None
    return TransferView.model_construct(**stored).model_dump_json().encode()  # as stored


def _json(scope: Scope) -> bool:
    """Whether the request says its body is JSON."""
    for name, value in scope["headers"]:
        if name == b"content-type":
            return value.split(b";", 1)[0].strip().lower() == b"application/json"
    return False


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
