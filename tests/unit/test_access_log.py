"""The access line: one JSON line per request, the fields an operator greps for.

``RequestTelemetry`` writes it through ``log_fields`` (a cheaper ``log.info(...,
extra=...)``); these tests hold the line to the fields and values it has always had,
and to the logging configuration: a level above INFO, a filter or caplog still apply.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import math
import os
import random
import re
import time
from datetime import UTC, datetime

import pytest

from shared.log_stream import FLUSH_SECONDS, BufferedLineHandler
from shared.observability import JsonFormatter, log_fields
from shared.web.metrics import ServiceMetrics
from shared.web.middleware import RequestTelemetry

ROUTE = "/v1/entities/{uscc}/check"
SWITCHES = ("_srcfile", "logThreads", "logProcesses", "logMultiprocessing")
# what the logging module sets them to on import (its own source file, for the caller)
PYTHON_DEFAULTS = {"_srcfile": os.path.normcase(logging.addLevelName.__code__.co_filename),
                   "logThreads": True, "logProcesses": True, "logMultiprocessing": True}
ACCESS_FIELDS = ["time", "level", "service", "logger", "message", "trace_id",
                 "method", "route", "status", "duration_ms"]
ISO_MILLIS_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$")


@pytest.fixture(params=["configured", "logging defaults"])
def switches(request):
    """As ``configure_logging`` leaves logging (the fast record), and as Python starts
    (caller, thread and process gathered: the logger makes the record)."""
    saved = {name: getattr(logging, name) for name in SWITCHES}
    for name in SWITCHES:  # set either way: a test before may have configured logging
        if request.param == "configured":
            setattr(logging, name, None if name == "_srcfile" else False)
        else:
            setattr(logging, name, PYTHON_DEFAULTS[name])
    yield request.param
    for name, value in saved.items():
        setattr(logging, name, value)


@pytest.fixture
def lines():
    """The JSON lines the root logger writes (at INFO) while a test runs."""
    root = logging.getLogger()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter("credit-rating"))
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)

    def written() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    written.handler = handler  # type: ignore[attr-defined]
    yield written
    root.removeHandler(handler)
    root.setLevel(level)


class _Route:
    path_format = ROUTE


async def _request(status: int = 200, fail: bool = False) -> list[dict]:
    """One request through RequestTelemetry; the response's messages."""
    async def app(scope, receive, send):
        if fail:
            raise RuntimeError("registry unreachable")
        await send({"type": "http.response.start", "status": status, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    async def receive():
        return {"type": "http.request", "body": b""}

    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/v1/entities/91370200MA3C1234X5/check",
             "headers": [], "route": _Route()}
    await RequestTelemetry(app, ServiceMetrics())(scope, receive, send)
    return sent


def _traceparent(sent: list[dict]) -> str:
    headers = dict(sent[0]["headers"])
    return headers[b"traceparent"].decode()


async def test_the_access_line_has_its_fields_and_values(switches, lines):
    before = time.time()
    sent = await _request()
    after = time.time()

    [line] = lines()
    assert list(line) == ACCESS_FIELDS  # every field, in its order, and no other
    assert {key: line[key] for key in ACCESS_FIELDS[1:-1]} == {
        "level": "info", "service": "credit-rating", "logger": "shared.web.middleware",
        "message": f"GET {ROUTE} 200", "trace_id": _traceparent(sent)[3:35],
        "method": "GET", "route": ROUTE, "status": 200}
    assert isinstance(line["duration_ms"], float) and 0 <= line["duration_ms"] < 60_000
    assert ISO_MILLIS_UTC.match(line["time"])
    written = datetime.fromisoformat(line["time"]).timestamp()
    assert math.floor(before * 1000) / 1000 <= written <= after


async def test_a_level_above_info_silences_the_access_line(switches, lines):
    root = logging.getLogger()
    root.setLevel(logging.WARNING)
    await _request()
    assert lines() == []

    root.setLevel(logging.INFO)  # the logger's own level, or the handler's
    access = logging.getLogger("shared.web.middleware")
    access.setLevel(logging.WARNING)
    try:
        await _request()
    finally:
        access.setLevel(logging.NOTSET)
    lines.handler.setLevel(logging.WARNING)
    await _request()
    assert lines() == []


async def test_filters_and_caplog_see_the_access_record(switches, lines, caplog):
    def tag(record: logging.LogRecord) -> bool:
        record.region = "370211"  # an operator's filter adds a field to every line
        return True

    lines.handler.addFilter(tag)
    await _request(status=404)
    [line] = lines()
    assert line["status"] == 404 and line["region"] == "370211"
    [record] = [r for r in caplog.records if r.name == "shared.web.middleware"]
    assert (record.getMessage(), record.route, record.status) == (f"GET {ROUTE} 404",
                                                                 ROUTE, 404)


async def test_an_unhandled_error_is_logged_with_its_stack_then_the_access_line(
        switches, lines):
    sent = await _request(fail=True)
    assert sent[0]["status"] == 500
    error, access = lines()
    assert error["level"] == "error" and "RuntimeError: registry unreachable" in error["error"]
    assert (access["level"], access["status"], access["trace_id"]) == (
        "info", 500, error["trace_id"])


def test_log_fields_makes_the_record_a_logger_would(switches):
    records: list[logging.LogRecord] = []
    logger = logging.Logger("access-test")
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logger.addHandler(handler)
    fields = {"method": "GET", "route": ROUTE, "status": 200, "duration_ms": 1.5}

    logger.info("%s %s %d", "GET", ROUTE, 200, extra=fields)
    log_fields(logger, logging.INFO, "%s %s %d", ("GET", ROUTE, 200), fields)
    logger.info("%(n)s", {"n": 1})
    log_fields(logger, logging.INFO, "%(n)s", ({"n": 1},), {})

    # the clock moved on; with the caller gathered, log_fields is called a line below
    differ = {"created", "msecs", "relativeCreated", "lineno"}
    for made, fast in (records[:2], records[2:]):
        assert fast.getMessage() == made.getMessage()
        assert {k: v for k, v in vars(fast).items() if k not in differ} == {
            k: v for k, v in vars(made).items() if k not in differ}
        assert 0 <= fast.created - made.created < 1
        assert fast.lineno == (made.lineno + 1 if made.lineno else 0)
    if switches == "logging defaults":  # the caller found is log_fields' caller
        assert records[1].funcName == "test_log_fields_makes_the_record_a_logger_would"
    with pytest.raises(KeyError):
        log_fields(logger, logging.INFO, "x", (), {"message": "forged"})


def test_the_time_is_the_datetime_text_of_the_record():
    formatter = JsonFormatter("credit-rating")
    draw = random.Random(3)
    stamps = [time.time(), 0.0, 1e9 + 0.9995, 1e9 + 0.0005, 1_790_000_000.9999996]
    for _ in range(20_000):
        whole = draw.randrange(1_600_000_000, 2_100_000_000)
        stamps.append(whole + draw.choice([draw.random(), 0.9999995, 0.0004995, 0.1234565]))
    for stamp in stamps:
        expected = datetime.fromtimestamp(stamp, UTC).isoformat(timespec="milliseconds")
        assert formatter.utc_time(stamp) == expected, stamp


def _readable(fd: int) -> list[dict]:
    os.set_blocking(fd, False)
    try:
        return [json.loads(line) for line in os.read(fd, 1 << 16).splitlines()]
    except BlockingIOError:
        return []


async def test_buffered_access_lines_keep_their_order_and_their_trace(switches):
    """Access lines may be formatted after their request: each keeps its own trace id,
    and a warning still comes out at once, after the lines logged before it."""
    read, write = os.pipe()
    handler = BufferedLineHandler(fd=write)
    handler.setFormatter(JsonFormatter("credit-rating"))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        first, second = _traceparent(await _request()), _traceparent(await _request(404))
        assert _readable(read) == []
        logging.getLogger("shared.web.service_app").warning("development secrets")
        lines = _readable(read)
        assert [(line["status"], line["trace_id"]) for line in lines[:2]] == [
            (200, first[3:35]), (404, second[3:35])]
        assert list(lines[0]) == ACCESS_FIELDS
        assert [line["level"] for line in lines] == ["info", "info", "warning"]

        third = _traceparent(await _request(201))
        await asyncio.sleep(FLUSH_SECONDS * 2.5)  # the clock formats and writes it
        [line] = _readable(read)
        assert (line["status"], line["trace_id"]) == (201, third[3:35])
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        handler.flush()
        os.close(read)
        os.close(write)
