"""The body of every service's Alembic ``env.py`` (迁移环境).

A service's ``env.py`` is::

    from services.credit_rating.models import Base
    from shared.alembic_env import run_env
    from shared.platform_tables import platform_metadata

    run_env([Base.metadata, platform_metadata])

It migrates ``sqlite+aiosqlite`` and ``postgresql+asyncpg`` URLs through an async
engine (``connection.run_sync``), with batch mode on SQLite, whose ``ALTER TABLE``
cannot change columns. ``asyncio.run`` happens only on a thread without a running
event loop: called from one that has a loop, the work moves to a thread of its own.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from alembic import context
from sqlalchemy import MetaData, pool
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import create_async_engine


def run_env(target_metadata: MetaData | Sequence[MetaData]) -> None:
    """Run the migrations Alembic asked for against the configured database."""
    if context.is_offline_mode():
        raise RuntimeError("offline (--sql) migrations are not supported: the platform "
                           "tables are created through a live connection")
    config = context.config
    url = config.attributes.get("database_url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database URL: call shared.migrations.upgrade(service, url)")
    _create_sqlite_folder(url)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(_migrate_online(url, target_metadata))
        return
    with ThreadPoolExecutor(1, thread_name_prefix="migrations") as worker:
        worker.submit(asyncio.run, _migrate_online(url, target_metadata)).result()


def _create_sqlite_folder(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


async def _migrate_online(url: str, target_metadata: MetaData | Sequence[MetaData]) -> None:
    engine = create_async_engine(url, poolclass=pool.NullPool)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_migrate, target_metadata)
    finally:
        await engine.dispose()


def _migrate(connection: Connection, target_metadata: MetaData | Sequence[MetaData]) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
