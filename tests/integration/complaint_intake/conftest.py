"""complaint-intake on a migrated database (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import AsyncIterator, Iterator
from datetime import date
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from services.complaint_intake.app import create_app
from services.complaint_intake.bootstrap import IntakeContext, build
from services.complaint_intake.config import Settings
from services.complaint_intake.models import AcceptedFiling, Complaint
from services.complaint_intake.schemas import FiledView
from shared.uscc import generate_many
from tests.clock import TODAY, service_clock
from tests.integration import service_kit
from tests.integration.conftest import backend_params
from tests.integration.service_kit import bearer, migrated_database
from tests.integration.service_kit import events as events  # re-exported for the tests


def _distinct_codes() -> Iterator[str]:
    """Valid 黄岛区 USCCs, 2,000 at a time, never one twice (the session's tests file
    thousands of complaints: a fixed pool ran out as tests were added)."""
    seen: set[str] = set()
    for seed in itertools.count(20261123):
        for code in generate_many(2000, seed=seed, region="370211"):
            if code not in seen:
                seen.add(code)
                yield code


_codes = _distinct_codes()
_serial = itertools.count(1)


def fresh_uscc() -> str:
    """A valid USCC (registered in 黄岛区) no other test of the session uses."""
    return next(_codes)


def filing(uscc: str | None = None, **changes: Any) -> dict[str, Any]:
    """A complaint about ``uscc`` (a fresh one by default) with a distinct text; relayed
    from a ``channel``, it was received today unless ``received_on`` says otherwise."""
    if changes.get("channel") not in (None, "public"):
        changes.setdefault("received_on", TODAY.isoformat())
    return {"kind": "complaint", "subject": {"uscc": uscc or fresh_uscc()},
            "category": "food_safety",
            "description": f"第{next(_serial)}号：该超市销售过期牛奶，已过保质期三天，拒绝退换。",
            **changes}


@pytest.fixture(scope="module", params=backend_params())
async def database(request, tmp_path_factory) -> AsyncIterator[str]:  # type: ignore[no-untyped-def]
    """A complaint-intake database at head, shared by one module's tests."""
    async with migrated_database("complaint_intake", request.param, tmp_path_factory) as url:
        yield url


def settings_for(url: str, bootstrap: str = "127.0.0.1:1", **overrides: Any) -> Settings:
    """The test settings of a database: no relay, consumers or sweep unless asked for."""
    return Settings(database_url=url, kafka_bootstrap_servers=bootstrap,
                    **{"relay_enabled": False, "consumers_enabled": False,
                       "overdue_sweep_seconds": 0, "public_intake_requests": 1000,
                       "receipt_lookup_requests": 1000, **overrides})


def make_app(url: str, bootstrap: str = "127.0.0.1:1", **overrides: Any) -> FastAPI:
    """The app on ``url``, on the tests' clock (tests.clock)."""
    return create_app(context=build(settings_for(url, bootstrap, **overrides),
                                    clock=service_clock()))


def context_of(app: FastAPI) -> IntakeContext:
    return app.state.context


def serving(app: FastAPI, client_host: str = "198.51.100.7"):  # type: ignore[no-untyped-def]
    """Served as if from ``client_host`` (the public intake limits by address)."""
    return service_kit.serving(app, base_url="http://complaint.test",
                               client=(client_host, 40000))


token = bearer
SCJG = token("SCJG", "officer")
SCJG_OFFICER = token("SCJG", "officer", "whistleblower_officer")
SCJG_REVIEWER = token("SCJG", "reviewer")
STHJ = token("STHJ", "officer", "whistleblower_officer", "reviewer", "hotline")
HOTLINE = token("SCJG", "hotline")
TRIAGE_OFFICE = "ZWFW"  # the 12345 hotline office of complaint_rules.yaml intake.triage
ZWFW = token(TRIAGE_OFFICE, "officer")
NO_ROLES = token("SCJG")  # a listed department, but no role at all


@pytest.fixture
async def client(database) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    async with serving(make_app(database)) as c:
        yield c


async def routed(app: FastAPI, complaint_id: str, timeout: float = 15.0) -> Complaint:
    """The complaint the app's intake worker made of the filing ``complaint_id``."""
    deadline = time.monotonic() + timeout
    while True:
        async with app.state.db.reader() as session:
            complaint = await session.get(Complaint, complaint_id)
        if complaint is not None:
            return complaint
        assert time.monotonic() < deadline, f"filing {complaint_id} not routed in {timeout}s"
        await asyncio.sleep(0.005)


async def settled(app: FastAPI, timeout: float = 15.0) -> None:
    """Until the app's intake worker has made complaints of every filing accepted."""
    deadline = time.monotonic() + timeout
    while True:
        async with app.state.db.reader() as session:
            if await session.scalar(select(func.count()).select_from(AcceptedFiling)) == 0:
                return
        assert time.monotonic() < deadline, f"filings still waiting after {timeout}s"
        await asyncio.sleep(0.005)


async def file(client: httpx.AsyncClient, body: dict[str, Any],
               headers: dict[str, str] | None = None) -> dict[str, Any]:
    """File ``body`` (201) and wait until it is routed: the answer, with what the
    receipt shows then (its own status, department, duplicate_of, deadlines)."""
    answer = await client.post("/v1/complaints", json=body, headers=headers or {})
    assert answer.status_code == 201, answer.text
    filed = answer.json()
    assert filed["status"] == "received" and set(filed) == set(FiledView.model_fields)
    complaint = await routed(client.app, filed["complaint_id"])  # type: ignore[attr-defined]

    def day(value: date | None) -> str | None:
        return None if value is None else value.isoformat()

    return {**filed, "status": complaint.status, "department": complaint.department,
            "duplicate_of": complaint.duplicate_of, "accept_by": day(complaint.accept_by),
            "decide_case_by": day(complaint.decide_case_by)}
