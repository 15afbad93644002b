"""Integration fixtures: fresh databases (SQLite always, PostgreSQL when configured)."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Awaitable, Callable

import pytest

from tests.integration.messaging_kit import Harness, new_event_type, prepared_database

BACKENDS = ["sqlite", "postgres"]


def backend_params():  # type: ignore[no-untyped-def]
    return [pytest.param(b, marks=pytest.mark.skipif(
        b == "postgres" and not os.environ.get("TEST_POSTGRES_URL"),
        reason="TEST_POSTGRES_URL is not set")) for b in BACKENDS]


async def wait_until(check: Callable[[], Awaitable[bool]], timeout: float = 30.0,
                     what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


@pytest.fixture(params=backend_params())
async def database_url(request, tmp_path):  # type: ignore[no-untyped-def]
    """A URL to an empty database; call it twice for two services' databases."""
    made = []

    async def make(name: str) -> str:
        if request.param == "sqlite":
            return f"sqlite+aiosqlite:///{tmp_path}/{name}.db"
        from tests.integration.pg import fresh_postgres_database
        ctx = fresh_postgres_database(os.environ["TEST_POSTGRES_URL"])
        made.append(ctx)
        return await ctx.__aenter__()

    yield make
    for ctx in made:
        await ctx.__aexit__(None, None, None)


@pytest.fixture
async def harness(broker, database_url):  # type: ignore[no-untyped-def]
    name, model = new_event_type()
    h = Harness(broker.bootstrap, name, model,
                await prepared_database(await database_url("producer")),
                await prepared_database(await database_url("consumer")))
    yield h
    await h.stop()
    await h.producer_db.dispose()
    await h.consumer_db.dispose()
