"""Each service's Alembic history builds exactly its models' schema, and takes it away."""

from __future__ import annotations

import asyncio
import importlib
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, inspect
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from shared.migrations import current, downgrade, head, upgrade
from shared.platform_tables import platform_metadata
from tests.integration.conftest import backend_params
from tests.integration.pg import fresh_postgres_database

SERVICES = ["credit_rating", "inspection_draw", "case_transfer", "complaint_intake",
            "public_notice"]


@asynccontextmanager
async def empty_database(backend: str, tmp_path: Path, service: str) -> AsyncIterator[str]:
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path}/not-yet/{service}.db"  # the folder is made
        return
    async with fresh_postgres_database(os.environ["TEST_POSTGRES_URL"]) as url:
        yield url


async def inspect_schema(url: str, metadata: list[MetaData]) -> tuple[list, set[str]]:
    """Differences from ``metadata`` (as Alembic's autogenerate sees them), and table names."""

    def read(connection: Connection) -> tuple[list, set[str]]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, metadata), set(inspect(connection).get_table_names())

    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(read)
    finally:
        await engine.dispose()


@pytest.mark.parametrize("backend", backend_params())
@pytest.mark.parametrize("service", SERVICES)
async def test_migrations_build_the_models_schema_and_take_it_away(service, backend, tmp_path):
    metadata = [importlib.import_module(f"services.{service}.models").Base.metadata,
                platform_metadata]
    async with empty_database(backend, tmp_path, service) as url:
        assert await asyncio.to_thread(current, service, url) is None

        await asyncio.to_thread(upgrade, service, url)
        assert await asyncio.to_thread(current, service, url) == head(service)
        diffs, tables = await inspect_schema(url, metadata)
        assert diffs == [], f"{service} migrations differ from its models: {diffs}"
        assert {"outbox", "inbox", "audit_log", "audit_head"} <= tables

        await asyncio.to_thread(downgrade, service, url)
        assert await asyncio.to_thread(current, service, url) is None
        _, tables = await inspect_schema(url, metadata)
        assert tables <= {"alembic_version"}

        await asyncio.to_thread(upgrade, service, url)  # and up again, from scratch
        assert await asyncio.to_thread(current, service, url) == head(service)


async def test_upgrade_works_when_called_inside_a_running_event_loop(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path}/loop.db"
    upgrade("credit_rating", url)  # blocks this loop while it runs, but works
    assert current("credit_rating", url) == head("credit_rating")


def test_the_registry_moves_into_uscc_order_and_back_with_its_data(tmp_path):
    import sqlite3

    from shared.migrations import downgrade

    url = f"sqlite+aiosqlite:///{tmp_path}/registry.db"
    upgrade("credit_rating", url, "0004")
    conn = sqlite3.connect(tmp_path / "registry.db")
    conn.execute("INSERT INTO entities (uscc, name, region, industry, established_on, "
                 "new_economy, created_at, updated_at) VALUES ('91370200MA3C5XYZ1T', "
                 "'青岛示例有限公司', '370211', 'C1391', '2015-03-01', 0, '2026-11-22', "
                 "'2026-11-22')")
    conn.commit()

    def table_sql(name: str) -> str:
        return conn.execute("SELECT sql FROM sqlite_master WHERE name = ?",
                            (name,)).fetchone()[0]

    upgrade("credit_rating", url, "0005")
    keyed = table_sql("entities"), table_sql("entity_grades")
    downgrade("credit_rating", url, "0004")
    plain = table_sql("entities")

    assert all(sql.rstrip().endswith("WITHOUT ROWID") for sql in keyed)
    assert not plain.rstrip().endswith("WITHOUT ROWID")
    assert conn.execute("SELECT name FROM entities").fetchall() == [("青岛示例有限公司",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()
