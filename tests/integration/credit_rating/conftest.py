"""credit-rating on a migrated database (SQLite, and PostgreSQL when configured)."""

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

from services.credit_rating.app import create_app
from services.credit_rating.config import Settings
from shared.auth import TokenIssuer
from shared.migrations import upgrade
from shared.platform_tables import outbox
from shared.uscc import generate_many
from tests.integration.conftest import backend_params
from tests.integration.pg import fresh_postgres_database

_codes = iter(generate_many(2000, seed=20261122))


def fresh_uscc() -> str:
    """A valid USCC no other test of the session uses."""
    return next(_codes)


_serial = itertools.count(1)


def registration(uscc: str, **changes: Any) -> dict[str, Any]:
    return {"uscc": uscc, "name": f"青岛测试企业{next(_serial)}有限公司",
            "legal_representative": "张三", "registered_address": "青岛市黄岛区长江路 1 号",
            "region": "370211", "industry": "C1391", "established_on": "2015-03-01",
            **changes}


@pytest.fixture(scope="module", params=backend_params())
async def database(request, tmp_path_factory) -> AsyncIterator[str]:  # type: ignore[no-untyped-def]
    """A credit-rating database at head, shared by one module's tests."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('credit')}/credit_rating.db"
        await asyncio.to_thread(upgrade, "credit_rating", url)
        yield url
        return
    async with fresh_postgres_database(os.environ["TEST_POSTGRES_URL"]) as url:
        await asyncio.to_thread(upgrade, "credit_rating", url)
        yield url


def make_app(url: str, bootstrap: str = "127.0.0.1:1", **overrides: Any) -> FastAPI:
    settings = Settings(database_url=url, kafka_bootstrap_servers=bootstrap,
                        **{"relay_enabled": False, "consumers_enabled": False, **overrides})
    return create_app(settings)


@asynccontextmanager
async def serving(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app)
        async with httpx.AsyncClient(transport=transport, base_url="http://credit.test") as c:
            yield c


def token(dept: str, *roles: str) -> dict[str, str]:
    issuer = TokenIssuer.from_settings(Settings())
    return {"Authorization": f"Bearer {issuer.issue(dept, roles=roles)}"}


REGISTRAR = token("SCJG", "registrar")
SCJG = token("SCJG", "officer")
YJGL = token("YJGL", "officer")


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


async def register(client: httpx.AsyncClient, **changes: Any) -> str:
    uscc = changes.pop("uscc", None) or fresh_uscc()
    answer = await client.post("/v1/entities", json=registration(uscc, **changes),
                               headers=REGISTRAR)
    assert answer.status_code == 201, answer.text
    return uscc


