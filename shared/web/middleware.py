"""Request telemetry (请求遥测): trace context, metrics and one log line per request.

A pure ASGI middleware (``BaseHTTPMiddleware`` would copy every body through a
stream): it continues the caller's W3C trace or starts one, puts it in the context
variable for logs and outbox rows, returns ``traceparent`` on the response, records
the request's metrics and logs it. It also turns an unhandled exception into a 500
problem document carrying the trace id, with the stack trace in the log only.
"""

from __future__ import annotations

import logging
import time

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.observability import (
    continue_trace,
    log_fields,
    reset_traceparent,
    set_traceparent,
)
from shared.web.metrics import ServiceMetrics
from shared.web.problems import ProblemResponse, internal_error_body

log = logging.getLogger(__name__)
UNMATCHED_ROUTE = "unmatched"


def route_template(scope: Scope) -> str:
    """``/cases/{case_id}`` rather than ``/cases/42``: bounded metric labels."""
    route = scope.get("route")
    template = getattr(route, "path_format", None) or getattr(route, "path", None)
    return str(template) if template else UNMATCHED_ROUTE


def incoming_traceparent(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == b"traceparent":
            return value.decode("latin-1")
    return None


class RequestTelemetry:
    """``app.add_middleware(RequestTelemetry, metrics=ServiceMetrics())``."""

    def __init__(self, app: ASGIApp, metrics: ServiceMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        traceparent = continue_trace(incoming_traceparent(scope))
        token = set_traceparent(traceparent)
        started = time.perf_counter()
        status = 500
        response_started = False

        async def send_with_trace(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                response_started = True
                status = message["status"]
                MutableHeaders(scope=message).append("traceparent", traceparent)
            await send(message)

        try:
            await self.app(scope, receive, send_with_trace)
        except Exception:
            log.exception("unhandled error in %s %s", scope["method"], scope["path"])
            if response_started:
                raise
            response = ProblemResponse(internal_error_body(scope["path"]), status_code=500)
            await response(scope, receive, send_with_trace)
        finally:
            seconds = time.perf_counter() - started
            route = route_template(scope)
            self.metrics.observe_request(scope["method"], route, status, seconds)
            method = scope["method"]
            if log.isEnabledFor(logging.INFO):  # log.info(..., extra=...) at half the cost
                log_fields(log, logging.INFO, "%s %s %d", (method, route, status), {
                    "method": method, "route": route, "status": status,
                    "duration_ms": round(seconds * 1000, 2)})
            reset_traceparent(token)
