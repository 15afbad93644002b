"""Liveness, readiness and metrics endpoints (探针) every service serves.

``/healthz`` says the process answers; ``/readyz`` says it can do its work (its
database answers ``SELECT 1`` and, for SQLite, a write transaction could begin, and the
broker accepts connections), else a 503 problem naming the failing check, always within
a second; ``/metrics`` is the Prometheus scrape. None of them waits on the database on
the event loop: ``/healthz`` answers while the database is locked.
"""

from __future__ import annotations

import asyncio
from typing import Literal

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import text

from shared.db import Database
from shared.messaging.kafka import broker_reachable
from shared.sqlite_inline import lock_holder
from shared.web.metrics import CONTENT_TYPE
from shared.web.problems import ProblemResponse, problem_response

OPERATIONS_TAG = {"name": "operations", "description": "探针与指标: probes and metrics"}
CHECK_TIMEOUT = 0.8  # each check; /readyz answers within a second
LOCK_WAIT = 0.5  # SQLite: how long a write may wait for another connection's lock
router = APIRouter(tags=["operations"])


class Liveness(BaseModel):
    status: Literal["alive"] = "alive"


class Readiness(BaseModel):
    status: Literal["ready"] = "ready"
    checks: dict[str, str] = Field(examples=[{"database": "ok", "broker": "ok"}])


async def database_problem(db: Database) -> str | None:
    """``None`` when the database answers ``SELECT 1`` in time (and, for SQLite, is not
    locked by another connection), else why not."""
    try:
        async with asyncio.timeout(CHECK_TIMEOUT):
            async with db.reader() as session:
                await session.execute(text("SELECT 1"))
            if db.sqlite:
                return await lock_holder(db.url.split("///", 1)[-1], LOCK_WAIT)
    except TimeoutError:
        return f"database did not answer within {CHECK_TIMEOUT:.1f}s"
    except Exception as exc:
        return f"database unavailable ({type(exc).__name__}: {str(exc).splitlines()[0][:200]})"
    return None


@router.get("/healthz", summary="Liveness: the process answers")
async def healthz() -> Liveness:
    return Liveness()


@router.get("/readyz", summary="Readiness: database and broker reachable",
            response_model=Readiness,
            responses={503: {"description": "A problem document naming the failing check"}})
async def readyz(request: Request) -> Readiness | ProblemResponse:
    state = request.app.state
    database, broker = await asyncio.gather(
        database_problem(state.db),
        broker_reachable(state.settings.kafka_bootstrap_servers, CHECK_TIMEOUT),
    )
    problems = {name: reason for name, reason in (("database", database), ("broker", broker))
                if reason is not None}
    checks = {name: problems.get(name, "ok") for name in ("database", "broker")}
    if problems:
        detail = "; ".join(f"{name}: {reason}" for name, reason in problems.items())
        return problem_response(request, 503, "Service not ready", detail, "not-ready",
                                headers={"Retry-After": "5"}, checks=checks)
    return Readiness(checks=checks)


@router.get("/metrics", summary="Prometheus metrics (text format 0.0.4)",
            response_class=Response, responses={200: {"content": {CONTENT_TYPE: {}}}})
async def metrics(request: Request) -> Response:
    body = await request.app.state.metrics.exposition()
    return Response(body, media_type=CONTENT_TYPE)
