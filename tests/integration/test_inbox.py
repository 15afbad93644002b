"""The inbox records a batch of deliveries in one statement: the first delivery of each
event id is new, a repeat (in the batch or from before) is not, and what is stored is
what the one-at-a-time path stores."""

from __future__ import annotations

from sqlalchemy import select

from shared.contracts import Envelope
from shared.messaging.inbox import first_deliveries, first_delivery
from shared.platform_tables import inbox
from tests.integration.messaging_kit import prepared_database

TYPE = "cn.gov.jianguan.inbox.check.v1"


async def test_a_batch_records_each_first_delivery_once(database_url):
    db = await prepared_database(await database_url("inbox"))
    seen, fresh, again = (Envelope(source="/test", type=TYPE, data={"n": n}) for n in range(3))
    try:
        async with db.unit_of_work() as uow:
            assert await first_delivery(uow.session, "group-a", seen)
        async with db.unit_of_work() as uow:
            firsts = await first_deliveries(uow.session, "group-a", [seen, fresh, again, fresh])
            other = await first_deliveries(uow.session, "group-b", [seen])
        assert firsts == {fresh.id, again.id} and other == {seen.id}
        async with db.reader() as session:
            rows = (await session.execute(select(inbox).order_by(
                inbox.c.consumer, inbox.c.event_id))).all()
        assert sorted((r.consumer, r.event_id) for r in rows) == sorted(
            [("group-a", seen.id), ("group-a", fresh.id), ("group-a", again.id),
             ("group-b", seen.id)])
        assert {r.event_type for r in rows} == {TYPE}
        by_one = next(r for r in rows if r.consumer == "group-a" and r.event_id == seen.id)
        batched = next(r for r in rows if r.event_id == fresh.id)
        assert type(batched.processed_at) is type(by_one.processed_at)  # stored alike
        assert abs(batched.processed_at - by_one.processed_at).total_seconds() < 60
    finally:
        await db.dispose()
