"""Trace context and JSON logs (可观测性).

The W3C ``traceparent`` of the current request or message lives in a context
variable; every log line carries its trace id, and the outbox copies it into the
event's Kafka header so a trace follows an event across services.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

_TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$")
_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("traceparent", default=None)


def new_traceparent(trace_id: str | None = None) -> str:
    return f"00-{trace_id or secrets.token_hex(16)}-{secrets.token_hex(8)}-01"


def continue_trace(incoming: str | None) -> str:
    """A child span's traceparent for an incoming header (or a new trace)."""
    match = _TRACEPARENT.match(incoming or "")
    return new_traceparent(match.group(1) if match else None)


def set_traceparent(value: str | None) -> contextvars.Token:
    return _current.set(value)


def reset_traceparent(token: contextvars.Token) -> None:
    _current.reset(token)


@contextmanager
def continued_trace(incoming: str | None) -> Iterator[str]:
    """Work inside a child span of ``incoming`` (or of a new trace), then restore."""
    token = _current.set(continue_trace(incoming))
    try:
        yield _current.get() or ""
    finally:
        _current.reset(token)


def current_traceparent() -> str | None:
    return _current.get()


def current_trace_id() -> str | None:
    match = _TRACEPARENT.match(_current.get() or "")
    return match.group(1) if match else None


_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line, with the trace id and any ``extra=`` fields."""

    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        doc = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "service": self.service,
            "logger": record.name,
            "message": record.getMessage(),
            "trace_id": current_trace_id(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                doc[key] = value
        if record.exc_info:
            doc["error"] = self.formatException(record.exc_info)
        return json.dumps(doc, ensure_ascii=False, default=str)


def configure_logging(service: str, level: str = "INFO") -> None:
    """Send every log line to stderr as JSON (idempotent)."""
    root = logging.getLogger()
    for handler in root.handlers:
        if isinstance(handler.formatter, JsonFormatter):
            return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(service))
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("aiokafka").setLevel(logging.WARNING)
