"""A point read returns what a session returns, and sees each commit at once."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Boolean, Column, Date, Float, String, Table, bindparam, insert, select

from shared.db import Database, new_metadata

metadata = new_metadata()
permits = Table("permits", metadata, Column("code", String(18), primary_key=True),
                Column("issued_on", Date), Column("active", Boolean), Column("score", Float),
                Column("scopes", JSON), Column("note", String(40)))
BY_CODE = select(permits).where(permits.c.code == bindparam("code")) \
    .where(permits.c.note != "withdrawn")


async def test_a_point_read_reads_like_a_session_and_sees_each_commit(database_url):
    db = Database(await database_url("point"))
    async with db.engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    try:
        assert await db.point_read(BY_CODE).first(code="P-1") is None
        async with db.unit_of_work() as uow:
            await uow.session.execute(insert(permits), [
                {"code": "P-1", "issued_on": date(2026, 4, 1), "active": True, "score": 87.5,
                 "scopes": ["food", "drugs"], "note": "issued"},
                {"code": "P-2", "issued_on": None, "active": False, "score": 0.0,
                 "scopes": {"region": "370211"}, "note": "withdrawn"}])

        fast = await db.point_read(BY_CODE).first(code="P-1")
        async with db.reader() as session:
            slow = (await session.execute(BY_CODE, {"code": "P-1"})).first()

        assert tuple(fast) == tuple(slow)
        assert (fast.issued_on, fast.active, fast.scopes) == (date(2026, 4, 1), True,
                                                               ["food", "drugs"])
        assert await db.point_read(BY_CODE).first(code="P-2") is None  # the constant filter
    finally:
        await db.dispose()


SINCE = select(permits.c.code, permits.c.issued_on) \
    .where(permits.c.issued_on >= bindparam("since", type_=Date)) \
    .order_by(permits.c.issued_on)


async def test_a_short_read_binds_dates_and_returns_every_row_in_order(database_url):
    db = Database(await database_url("point_all"))
    async with db.engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    try:
        async with db.unit_of_work() as uow:
            await uow.session.execute(insert(permits), [
                {"code": f"P-{day}", "issued_on": date(2026, 4, day), "active": True,
                 "score": 1.0, "scopes": [], "note": "issued"} for day in (9, 3, 20, 1)])

        rows = await db.point_read(SINCE).all(since=date(2026, 4, 3))

        assert [(row.code, row.issued_on) for row in rows] == [
            ("P-3", date(2026, 4, 3)), ("P-9", date(2026, 4, 9)), ("P-20", date(2026, 4, 20))]
        assert await db.point_read(SINCE).all(since=date(2026, 5, 1)) == []
    finally:
        await db.dispose()
