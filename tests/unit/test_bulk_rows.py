"""``shared.bulk_rows`` on SQLite stores what SQLAlchemy Core would: the rows of a
``WITHOUT ROWID`` table inserted sorted by key, values put through their bind processors
(or once per template, ``stored_values``), a rowid table's rows in the order given."""

from __future__ import annotations

import random
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    insert,
    select,
    text,
)
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from shared.bulk_rows import insert_dicts, insert_rows, stored_values

metadata = MetaData()
COLUMNS = ("code", "day", "flag", "score", "factors", "stamp")


def _table(name: str, **options: object) -> Table:
    return Table(name, metadata, Column("code", String(18), primary_key=True),
                 Column("day", Date), Column("flag", Boolean), Column("score", Float),
                 Column("factors", JSON), Column("stamp", DateTime), **options)


KEYED = _table("keyed", sqlite_with_rowid=False)
CORE = _table("core", sqlite_with_rowid=False)
NUMBERED = Table("numbered", metadata, Column("id", Integer, primary_key=True),
                 Column("code", String(18)))


def _rows() -> list[tuple]:
    stamp = datetime(2026, 12, 7, 1, 2, 3)  # naive: SQLite keeps no zone
    rows = [(f"{n:018d}", date(2020, 1, 1 + n % 28), n % 2 == 0, n / 4, [n, "甲"], stamp)
            for n in range(500)]
    random.Random(7).shuffle(rows)
    return rows


async def _session(tmp_path) -> tuple[AsyncSession, object]:  # type: ignore[no-untyped-def]
    engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path}/rows.db")
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    return AsyncSession(engine), engine


async def _all(session: AsyncSession, table: Table) -> list[tuple]:
    return [tuple(r) for r in await session.execute(select(table).order_by(table.c.code))]


async def test_sorted_rows_of_a_without_rowid_table_are_stored_as_core_stores_them(
        tmp_path) -> None:
    session, engine = await _session(tmp_path)
    rows = _rows()
    async with session.begin():
        await insert_rows(session, KEYED, COLUMNS, rows)
        await session.execute(insert(CORE), [dict(zip(COLUMNS, r, strict=True))
                                             for r in rows])
    raw = [tuple(await session.execute(text(f"SELECT * FROM {t} ORDER BY code")))
           for t in ("keyed", "core")]
    assert raw[0] == raw[1] and len(raw[0]) == 500  # the very same stored text
    assert await _all(session, KEYED) == sorted(rows)
    await session.close()
    await engine.dispose()


async def test_template_values_put_through_their_processors_once_store_the_same(
        tmp_path) -> None:
    session, engine = await _session(tmp_path)
    rows = _rows()
    async with session.begin():
        template = await stored_values(session, KEYED, COLUMNS[1:], rows[0][1:])
        await insert_rows(session, KEYED, COLUMNS, [(r[0], *template) for r in rows],
                          stored=True)
        await session.execute(insert(CORE), [dict(zip(COLUMNS, (r[0], *rows[0][1:]),
                                                      strict=True)) for r in rows])
    raw = [tuple(await session.execute(text(f"SELECT * FROM {t} ORDER BY code")))
           for t in ("keyed", "core")]
    assert raw[0] == raw[1] and len(raw[0]) == 500
    await session.close()
    await engine.dispose()


async def test_a_rowid_table_keeps_the_order_given(tmp_path) -> None:
    session, engine = await _session(tmp_path)
    codes = [f"{n:018d}" for n in random.Random(3).sample(range(1000), 50)]
    async with session.begin():
        await insert_dicts(session, NUMBERED, [{"code": c} for c in codes])
    found = (await session.execute(select(NUMBERED.c.code).order_by(NUMBERED.c.id)))
    assert list(found.scalars()) == codes
    await session.close()
    await engine.dispose()
