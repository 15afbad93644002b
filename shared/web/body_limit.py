"""A bound on request bodies (请求体上限): a 413 problem instead of a service that reads
whatever a caller streams at it.

Every service takes bodies up to ``max_body_bytes`` (settings, 1 MiB by default); a
route that takes more says so with ``openapi_extra=max_body(64 * MIB)`` (a bulk import,
a proof bundle), which the OpenAPI then shows as ``x-max-body-bytes``. A declared
``Content-Length`` over the bound is refused before anything is read; a chunked body is
read up to the bound and refused as soon as it passes it.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import routing
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.web.problems import ProblemResponse, problem_body

MIB = 1024 * 1024
LIMIT_KEY = "x-max-body-bytes"
WITHOUT_BODY = frozenset({"GET", "HEAD", "OPTIONS", "DELETE"})


def max_body(limit: int) -> dict[str, Any]:
    """``openapi_extra`` of a route that takes bodies up to ``limit`` bytes."""
    return {LIMIT_KEY: limit}


class BodyLimit:
    """Pure ASGI middleware: 413 for a body larger than its route allows."""

    def __init__(self, app: ASGIApp, default: int) -> None:
        self.app = app
        self.default = default
        self._limits: list[tuple[re.Pattern[str], int]] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in WITHOUT_BODY:
            await self.app(scope, receive, send)
            return
        limit = self._limit_for(scope)
        declared = _content_length(scope)
        if declared is not None:
            if declared > limit:
                await _too_large(scope, receive, send, limit)
                return
            await self.app(scope, receive, send)
            return
        body, more = bytearray(), True
        while more:  # no length declared (chunked): read up to the bound first
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > limit:
                await _too_large(scope, receive, send, limit)
                return
        await self.app(scope, _replay(bytes(body)), send)

    def _limit_for(self, scope: Scope) -> int:
        if self._limits is None:
            app = scope.get("app")
            self._limits = [
                (route.path_regex, route.openapi_extra[LIMIT_KEY])
                for route in routing.iter_route_contexts(getattr(app, "routes", []))
                if LIMIT_KEY in (getattr(route, "openapi_extra", None) or {})]
        path = scope["path"]
        for pattern, limit in self._limits:
            if pattern.match(path):
                return limit
        return self.default


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def _too_large(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    body = problem_body(413, "Request body too large",
                        f"this operation takes bodies of at most {limit:,} bytes; send less "
                        "(split a bulk import into several files)", "body-too-large",
                        scope["path"], limit=limit)
    await ProblemResponse(body, status_code=413, headers={"Connection": "close"})(
        scope, receive, send)
