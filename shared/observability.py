"""Trace context and JSON logs (可观测性).

The W3C ``traceparent`` of the current request or message lives in a context
variable; every log line carries its trace id, and the outbox copies it into the
event's Kafka header so a trace follows an event across services.
"""

from __future__ import annotations

import contextvars
import logging
import math
import random
import re
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from itertools import islice
from typing import Any

from pydantic_core import to_json

from shared.log_stream import BufferedLineHandler

_TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$")
_ids = random.Random()  # seeded from os.urandom once
_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("traceparent", default=None)


def new_traceparent(trace_id: str | None = None) -> str:
    """A sampled traceparent: a new span id, in ``trace_id`` or a new trace.

    Ids only need to be unique (W3C Trace Context), not secret: they come from
    ``random``, not from the kernel's entropy on every request.
    """
    ids = f"{_ids.getrandbits(192):048x}"  # trace id and span id from one draw
    trace, span = trace_id or ids[:32], ids[32:]
    if span == "0" * 16 or trace == "0" * 32:  # all-zero ids are invalid (W3C); ~never
        return new_traceparent(trace_id)
    return f"00-{trace}-{span}-01"


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


def _encode(doc: dict) -> str:
    """The line as JSON, non-ASCII kept; pydantic-core writes it ~3x faster than ``json``
    (values it does not know, such as exceptions, are written as ``str``)."""
    return to_json(doc, fallback=str).decode()


class FastRecord(logging.LogRecord):
    """A record made by :func:`log_fields`: the attributes a logger's own would have."""

    #: its message arguments and fields are values that do not change (the caller's
    #: promise): BufferedLineHandler may format it a little later, in a batch
    format_later = True


# what LogRecord sets when logging gathers no caller, thread or process (the switches
# configure_logging turns off): a FastRecord starts as a copy
_FAST_TEMPLATE: dict[str, Any] = vars(logging.LogRecord(
    "", logging.NOTSET, "(unknown file)", 0, "", (), None, "(unknown function)", None))
_FAST_TEMPLATE.update(dict.fromkeys(
    ("thread", "threadName", "processName", "process", "taskName") & _FAST_TEMPLATE.keys()))
_FAST_SIZE = len(_FAST_TEMPLATE)
_RESERVED = frozenset(_FAST_TEMPLATE) | {"message", "asctime"}
_NS_CLOCK = isinstance(logging._startTime, int)  # type: ignore[attr-defined]  # 3.13+


def log_fields(logger: logging.Logger, level: int, msg: str, args: tuple,
               fields: Mapping[str, Any]) -> None:
    """``logger.log(level, msg, *args, extra=fields)``, for a line on every request's path.

    The record goes to ``logger.handle`` as any other (levels, filters, handlers and
    propagation apply as configured). When logging gathers no caller, thread or process
    (``configure_logging``) and nothing replaced its record factory, the record is a
    copy of a template rather than made by ``Logger._log``, ``makeRecord`` and
    ``LogRecord.__init__``: the same attributes and values at a quarter of the cost, and
    :class:`JsonFormatter` looks for extra fields only after logging's own. Otherwise
    the logger makes it as usual.

    ``args`` and the values of ``fields`` must not change after the call (str, int,
    float...): the record may be formatted later (``FastRecord.format_later``).
    """
    if not logger.isEnabledFor(level):
        return
    if (logging._srcfile is not None  # type: ignore[attr-defined]
            or logging.logThreads or logging.logProcesses or logging.logMultiprocessing
            or getattr(logging, "logAsyncioTasks", False)
            or logging.getLogRecordFactory() is not logging.LogRecord
            or type(logger) is not logging.Logger):
        logger.log(level, msg, *args, extra=fields, stacklevel=2)
        return
    if not _RESERVED.isdisjoint(fields):
        raise KeyError(f"Attempt to overwrite {sorted(_RESERVED.intersection(fields))} "
                       "in LogRecord")
    if args and len(args) == 1 and isinstance(args[0], Mapping) and args[0]:
        args = args[0]  # as LogRecord does: "%(name)s" % {"name": ...}
    attrs = _FAST_TEMPLATE.copy()
    attrs["name"] = logger.name
    attrs["msg"] = msg
    attrs["args"] = args
    attrs["levelname"] = logging.getLevelName(level)
    attrs["levelno"] = level
    if _NS_CLOCK:  # LogRecord's own arithmetic, for each clock
        ns = time.time_ns()
        attrs["created"] = ns / 1e9
        attrs["msecs"] = (ns % 1_000_000_000) // 1_000_000 + 0.0
        attrs["relativeCreated"] = (ns - logging._startTime) / 1e6  # type: ignore[attr-defined]
    else:
        created = attrs["created"] = time.time()
        attrs["msecs"] = int((created - int(created)) * 1000) + 0.0
        attrs["relativeCreated"] = (created - logging._startTime) * 1000  # type: ignore[attr-defined]
    attrs.update(fields)
    record = FastRecord.__new__(FastRecord)
    record.__dict__ = attrs
    logger.handle(record)


def _utc_second(whole: float) -> str:
    return datetime.fromtimestamp(whole, UTC).isoformat(timespec="seconds")[:-6]


class JsonFormatter(logging.Formatter):
    """One JSON object per line, with the trace id and any ``extra=`` fields."""

    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service
        self._second: tuple[float, str] = (-1.0, "")  # the last second's ISO text

    def utc_time(self, created: float) -> str:
        """``datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds")``,
        the same text (microseconds rounded half to even, then cut to milliseconds), at a
        third of the cost: the date and time of day are formatted once a second."""
        frac, whole = math.modf(created)
        micros = round(frac * 1e6)
        if micros >= 1_000_000:
            whole, micros = whole + 1.0, micros - 1_000_000
        elif micros < 0:  # before 1970: not a clock's time, the slow way
            return datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds")
        second = self._second  # one tuple, swapped whole: safe across threads
        if second[0] != whole:
            second = self._second = (whole, _utc_second(whole))
        return f"{second[1]}.{micros // 1000:03d}+00:00"

    def format(self, record: logging.LogRecord) -> str:
        # on every request's path (the access line): no regex, no scan of every field
        traceparent = _current.get()
        doc = {
            "time": self.utc_time(record.created),
            "level": record.levelname.lower(),
            "service": self.service,
            "logger": record.name,
            "message": record.getMessage(),
            "trace_id": traceparent[3:35] if traceparent else None,
        }
        fields = vars(record)
        # a record of log_fields holds logging's own attributes first: only those after
        # them can be extra fields (a filter may still have added some)
        keys = islice(fields, _FAST_SIZE, None) if type(record) is FastRecord else fields
        for key in keys:
            if key not in _STANDARD and not key.startswith("_"):
                doc[key] = fields[key]
        if record.exc_info:
            doc["error"] = self.formatException(record.exc_info)
        return _encode(doc)


def configure_logging(service: str, level: str = "INFO") -> None:
    """Send every log line to stderr as JSON (idempotent).

    The JSON line has no source file, thread or process fields, so logging is told
    not to gather them (the logging HOWTO's "Optimization" switches): the caller
    lookup alone walks the stack on every line, a third of an access log line's cost.
    """
    logging._srcfile = None  # type: ignore[attr-defined]
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    logging.logAsyncioTasks = False  # type: ignore[attr-defined]  # Python 3.12+
    root = logging.getLogger()
    for handler in root.handlers:
        if isinstance(handler.formatter, JsonFormatter):
            return
    handler = BufferedLineHandler()
    handler.setFormatter(JsonFormatter(service))
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("aiokafka").setLevel(logging.WARNING)
