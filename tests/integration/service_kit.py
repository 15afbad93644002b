"""What every service's integration tests need: a migrated database, the app served
in-process, bearer tokens, and the events a test caused (read from the outbox)."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from shared.auth import TokenIssuer
from shared.migrations import upgrade
from shared.platform_tables import outbox
from shared.settings import ServiceSettings
from tests.integration.pg import fresh_postgres_database


@asynccontextmanager
async def migrated_database(service: str, backend: str,
                            tmp_path_factory) -> AsyncIterator[str]:  # type: ignore[no-untyped-def]
    """A fresh database of ``service`` at head on ``backend`` (sqlite or postgres)."""
    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp(service)}/{service}.db"
        await asyncio.to_thread(upgrade, service, url)
        yield url
        return
    if not os.environ.get("TEST_POSTGRES_URL"):  # as backend_params skips PostgreSQL
        pytest.skip("TEST_POSTGRES_URL is not set")
    async with fresh_postgres_database(os.environ["TEST_POSTGRES_URL"]) as url:
        await asyncio.to_thread(upgrade, service, url)
        yield url


@asynccontextmanager
async def serving(app: FastAPI, base_url: str = "http://service.test",
                  client: tuple[str, int] = ("127.0.0.1", 123)
                  ) -> AsyncIterator[httpx.AsyncClient]:
    """``app`` started (lifespan) and served in-process; the client carries ``.app``."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app, client=client)
        async with httpx.AsyncClient(transport=transport, base_url=base_url) as c:
            c.app = app  # type: ignore[attr-defined]
            yield c


def bearer(dept: str, *roles: str) -> dict[str, str]:
    """An ``Authorization`` header with a dev token of ``dept`` holding ``roles``."""
    issuer = TokenIssuer.from_settings(ServiceSettings())
    return {"Authorization": f"Bearer {issuer.issue(dept, roles=roles)}"}


async def events(app: FastAPI, name: str, key: str | None = None) -> list[dict[str, Any]]:
    """The ``data`` of the outbox events of type ``name`` (for ``key``), oldest first."""
    query = select(outbox.c.payload).where(outbox.c.topic == name).order_by(outbox.c.id)
    if key is not None:
        query = query.where(outbox.c.key == key)
    async with app.state.db.reader() as session:
        rows = (await session.execute(query)).scalars().all()
    return [json.loads(row)["data"] for row in rows]
