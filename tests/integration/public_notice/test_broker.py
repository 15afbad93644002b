"""Through the real broker: the consumer runner and its inbox, then the outbox relay. The
same event twice makes one notice, and the notice's own event leaves for integrators."""

from __future__ import annotations

from aiokafka import AIOKafkaProducer
from sqlalchemy import select

from shared.contracts.credit import EntityUpserted
from shared.platform_tables import outbox
from tests.clock import days_ago
from tests.integration.conftest import wait_until
from tests.integration.public_notice.conftest import (
    context_of,
    envelope,
    fresh_uscc,
    make_app,
    notices_of,
    penalty,
    serving,
)


async def test_the_same_event_twice_through_the_broker_makes_one_notice(database, broker):
    app = make_app(database, broker.bootstrap, consumers_enabled=True, relay_enabled=True)
    async with serving(app):
        uscc = fresh_uscc()
        entity = envelope(EntityUpserted(uscc=uscc, name="青岛蓝湾物流有限公司", region="370214",
                                         industry="G5430", established_on=days_ago(3000),
                                         new_economy=False))
        twice = envelope(penalty(uscc, department="JTYS", fine="5000"))
        barrier = envelope(penalty(uscc, department="JTYS", fine="8000",
                                   decided_on=days_ago(5)))
        producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap, acks="all")
        await producer.start()
        try:
            for event in (entity, twice, twice, barrier):  # one key: one partition, in order
                await producer.send_and_wait(event.name, event.to_json(), key=uscc.encode())
        finally:
            await producer.stop()

        async def both_consumed() -> bool:
            return len(await notices_of(app, uscc)) >= 2

        await wait_until(both_consumed, timeout=60, what="the penalties to be consumed")
        stored = await notices_of(app, uscc)
        assert sorted(n.source_event_id for n in stored) == sorted([twice.id, barrier.id])

        async def announced() -> bool:
            async with context_of(app).database.reader() as session:
                sent = (await session.scalars(select(outbox.c.published_at).where(
                    outbox.c.topic == "notice.published.v1",
                    outbox.c.key.in_([n.id for n in stored])))).all()
            return len(sent) == 2 and all(sent)

        await wait_until(announced, timeout=60, what="notice.published.v1 to be relayed")
