"""complaint-intake on a migrated database (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from services.complaint_intake.app import create_app
from services.complaint_intake.config import Settings
from shared.auth import TokenIssuer
from shared.migrations import upgrade
from shared.platform_tables import outbox
from shared.uscc import generate_many
from tests.integration.conftest import backend_params
from tests.integration.pg import fresh_postgres_database

_codes = iter(generate_many(2000, seed=20261123, region="370211"))
_serial = itertools.count(1)


def fresh_uscc() -> str:
    """A valid USCC (registered in 黄岛区) no other test of the session uses."""
    return next(_codes)


def filing(uscc: str | None = None, **changes: Any) -> dict[str, Any]:
    """A complaint about ``uscc`` (a fresh one by default) with a distinct text."""
    return {"kind": "complaint", "subject": {"uscc": uscc or fresh_uscc()},
            "category": "food_safety",
            "description": f"第{next(_serial)}号：该超市销售过期牛奶，已过保质期三天，拒绝退换。",
            **changes}


@pytest.fixture(scope="module", params=backend_params())
async def database(request, tmp_path_factory) -> AsyncIterator[str]:  # type: ignore[no-untyped-def]
    """A complaint-intake database at head, shared by one module's tests."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('complaint')}/complaint_intake.db"
        await asyncio.to_thread(upgrade, "complaint_intake", url)
        yield url
        return
    async with fresh_postgres_database(os.environ["TEST_POSTGRES_URL"]) as url:
        await asyncio.to_thread(upgrade, "complaint_intake", url)
        yield url


def make_app(url: str, bootstrap: str = "127.0.0.1:1", **overrides: Any) -> FastAPI:
    settings = Settings(database_url=url, kafka_bootstrap_servers=bootstrap,
                        **{"relay_enabled": False, "consumers_enabled": False,
                           "overdue_sweep_seconds": 0, "public_intake_requests": 1000,
                           **overrides})
    return create_app(settings)


@asynccontextmanager
async def serving(app: FastAPI, client_host: str = "198.51.100.7"
                  ) -> AsyncIterator[httpx.AsyncClient]:
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app, client=(client_host, 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://complaint.test") as c:
            yield c


def token(dept: str, *roles: str) -> dict[str, str]:
    issuer = TokenIssuer.from_settings(Settings())
    return {"Authorization": f"Bearer {issuer.issue(dept, roles=roles)}"}


SCJG = token("SCJG", "officer")
SCJG_OFFICER = token("SCJG", "officer", "whistleblower_officer")
STHJ = token("STHJ", "officer", "whistleblower_officer")
HOTLINE = token("SCJG", "hotline")


@pytest.fixture
async def client(database) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    app = make_app(database)
    async with serving(app) as c:
        c.app = app  # type: ignore[attr-defined]
        yield c


async def events(app: FastAPI, name: str, key: str | None = None) -> list[dict[str, Any]]:
    """The ``data`` of the outbox events of type ``name`` (for ``key``), oldest first."""
    query = select(outbox.c.payload).where(outbox.c.topic == name).order_by(outbox.c.id)
    if key is not None:
        query = query.where(outbox.c.key == key)
    async with app.state.db.reader() as session:
        rows = (await session.execute(query)).scalars().all()
    return [json.loads(row)["data"] for row in rows]


async def file(client: httpx.AsyncClient, body: dict[str, Any],
               headers: dict[str, str] | None = None) -> dict[str, Any]:
    answer = await client.post("/v1/complaints", json=body, headers=headers or {})
    assert answer.status_code == 201, answer.text
    return answer.json()
