"""A subject named without a USCC is found by an index seek on PostgreSQL whatever the
database's collation (migration 0013).

The test server's databases collate as ``C``, where a plain b-tree index serves
``LIKE '青岛海岸%'``; the compose file's ``postgres:16-alpine`` creates them as
``en_US.utf8``, and a database made for Chinese text may collate by ``zh-CN``. Under
either, the plain index served no prefix and every prefix tried read the whole mirror.
The database here collates by ICU ``zh-CN``, holds 20,000 mirrored entities and is
analysed, so the planner chooses by cost as in production.
"""

from __future__ import annotations

import asyncio
import os

import asyncpg
import pytest
from sqlalchemy import Executable, select
from sqlalchemy.dialects.postgresql import asyncpg as pg_asyncpg
from sqlalchemy.engine import make_url

from services.complaint_intake.handlers.subjects import sharing_prefix
from services.complaint_intake.models import MirroredEntity
from shared.migrations import upgrade
from tests.integration.pg import fresh_postgres_database

pytestmark = pytest.mark.skipif(not os.environ.get("TEST_POSTGRES_URL"),
                                reason="TEST_POSTGRES_URL is not set")


def _sql(statement: Executable) -> str:
    """The statement with its values in place: the plan PostgreSQL makes for the values
    the service sends (asyncpg's prepared statements are planned for their values)."""
    return str(statement.compile(dialect=pg_asyncpg.dialect(),
                                 compile_kwargs={"literal_binds": True}))


async def _plans(url: str, statements: list[Executable]) -> list[str]:
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(
            "INSERT INTO entity_mirror (uscc, name, name_key, region, updated_at)"
            " SELECT lpad(i::text, 18, '0'), '青岛企业' || i, '青岛企业' || i, '370211', now()"
            " FROM generate_series(1, 20000) AS i")
        await conn.execute("ANALYZE entity_mirror")
        return ["\n".join(row[0] for row in await conn.fetch("EXPLAIN " + _sql(statement)))
                for statement in statements]
    finally:
        await conn.close()


async def test_a_name_prefix_seeks_the_index_under_a_chinese_collation():
    async with fresh_postgres_database(os.environ["TEST_POSTGRES_URL"],
                                       icu_locale="zh-CN") as url:
        await asyncio.to_thread(upgrade, "complaint_intake", url)
        prefix, exact = await _plans(url, [
            sharing_prefix("青岛海岸", 10, sqlite=False),  # a name the mirror lacks
            select(MirroredEntity.uscc).where(MirroredEntity.name_key == "青岛企业42"),
        ])
    assert "Seq Scan" not in prefix, prefix
    assert "ix_entity_mirror_name_key" in prefix, prefix
    assert "ix_entity_mirror_name_key" in exact, exact
