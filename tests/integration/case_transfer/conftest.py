"""case-transfer on a migrated database (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from services.case_transfer.app import create_app
from services.case_transfer.bootstrap import CaseTransferContext, build
from services.case_transfer.config import Settings
from shared.clock import ShiftedClock
from tests.clock import service_clock
from tests.integration import service_kit
from tests.integration.conftest import backend_params
from tests.integration.service_kit import bearer, migrated_database
from tests.integration.service_kit import events as events  # re-exported for the tests


@pytest.fixture(scope="module", params=backend_params())
async def database(request, tmp_path_factory) -> AsyncIterator[str]:  # type: ignore[no-untyped-def]
    """A case-transfer database at head, shared by one module's tests."""
    async with migrated_database("case_transfer", request.param, tmp_path_factory) as url:
        yield url


def settings_for(url: str, bootstrap: str = "127.0.0.1:1", **overrides: Any) -> Settings:
    """Test settings: no relay, consumers, sweep or checkpoint unless asked for."""
    return Settings(database_url=url, kafka_bootstrap_servers=bootstrap,
                    **{"relay_enabled": False, "consumers_enabled": False,
                       "overdue_sweep_seconds": 0, "audit_checkpoint_seconds": 0,
                       **overrides})


def make_app(url: str, *, start: datetime | None = None, bootstrap: str = "127.0.0.1:1",
             **overrides: Any) -> FastAPI:
    """The app on the tests' clock (tests.clock), or on one shifted to ``start``."""
    clock = ShiftedClock(start) if start is not None else service_clock()
    return create_app(context=build(settings_for(url, bootstrap, **overrides), clock=clock))


def context_of(app: FastAPI) -> CaseTransferContext:
    return app.state.context


def clock_of(app: FastAPI) -> ShiftedClock:
    clock = context_of(app).clock
    assert isinstance(clock, ShiftedClock)
    return clock


def serving(app: FastAPI):  # type: ignore[no-untyped-def]
    return service_kit.serving(app, base_url="http://case.test")


token = bearer
SCJG = token("SCJG", "officer")
SCJG_HEAD = token("SCJG", "head")
SCJG_REVIEWER = token("SCJG", "reviewer")
SCJG_NO_ROLES = token("SCJG")
WSJK = token("WSJK", "officer")
WSJK_HEAD = token("WSJK", "head")
STHJ = token("STHJ", "officer")
HUANGDAO = token("SCJG-370211", "officer")
GA = token("GA", "officer")
JCY = token("JCY", "officer")
SF = token("SF", "officer")
OPERATOR = token("SCJG", "operator")


@pytest.fixture
async def client(database) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    async with serving(make_app(database)) as c:
        yield c
