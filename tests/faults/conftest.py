"""The fault scenarios' suite: four real services on a broker of their own, on SQLite and
on PostgreSQL (when ``TEST_POSTGRES_URL`` is set)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack

import pytest

from shared.migrations import upgrade
from tests.faults.suite_kit import Suite, new_broker, new_suite_processes, suite_database
from tests.integration.conftest import backend_params
from tests.integration.pg import fresh_postgres_database

SERVICES = ("credit-rating", "inspection-draw", "complaint-intake", "case-transfer")


def pytest_configure(config):  # type: ignore[no-untyped-def]
    config.addinivalue_line(
        "markers", "slow_fault: a fault scenario that takes more than ~30 s; run them apart "
        "with `pytest tests/faults -m slow_fault`, or leave them out with -m 'not slow_fault'")


@pytest.fixture(scope="module", params=backend_params())
async def suite(request, tmp_path_factory) -> AsyncIterator[Suite]:  # type: ignore[no-untyped-def]
    var_dir = tmp_path_factory.mktemp("faults")
    async with AsyncExitStack() as stack:
        urls = {}
        for name in SERVICES:
            if request.param == "sqlite":
                urls[name] = f"sqlite+aiosqlite:///{var_dir}/{name.replace('-', '_')}.db"
            else:
                urls[name] = await stack.enter_async_context(
                    fresh_postgres_database(os.environ["TEST_POSTGRES_URL"]))
            await asyncio.to_thread(upgrade, name.replace("-", "_"), urls[name])
        broker = new_broker()
        broker.start()
        stack.callback(broker.stop)
        processes = new_suite_processes(urls, broker.bootstrap, var_dir)
        suite = Suite(broker, processes, {name: suite_database(url, name)
                                          for name, url in urls.items()})
        for process in processes.values():
            process.start()
            stack.callback(process.stop)
        for database in suite.databases.values():
            stack.push_async_callback(database.dispose)
        await asyncio.gather(*(p.wait_ready() for p in processes.values()))
        suite.backend = request.param  # type: ignore[attr-defined]
        yield suite
