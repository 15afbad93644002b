"""A fresh PostgreSQL database per test (测试数据库), dropped afterwards.

``TEST_POSTGRES_URL`` names a server and a database to connect to for administration,
e.g. ``postgresql+asyncpg://postgres@127.0.0.1:5432/postgres``; each use creates a
database with a random name on that server and yields its SQLAlchemy URL.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
from sqlalchemy.engine import make_url


@asynccontextmanager
async def fresh_postgres_database(base_url: str, icu_locale: str | None = None
                                  ) -> AsyncIterator[str]:
    """Create an empty database next to ``base_url``'s, yield its URL, then drop it.
    ``icu_locale`` (e.g. ``zh-CN``): the database collates by that ICU locale instead of
    the server's default, as a production database created for Chinese text may."""
    base = make_url(base_url)
    admin_dsn = base.set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"jianguan_test_{secrets.token_hex(6)}"
    admin = await asyncpg.connect(admin_dsn)
    try:
        locale = f" TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE '{icu_locale}'" \
            if icu_locale else ""
        await admin.execute(f'CREATE DATABASE "{name}"{locale}')
    finally:
        await admin.close()
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        admin = await asyncpg.connect(admin_dsn)
        try:
            # FORCE ends sessions a test left open (PostgreSQL 13+).
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()
