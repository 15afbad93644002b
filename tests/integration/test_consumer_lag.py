"""Consumer lag against the partition's real end, and a consumer that is not advancing."""

from __future__ import annotations

import asyncio

from shared.contracts import Envelope
from shared.messaging.consumer import ConsumerRunner
from shared.messaging.kafka import TopicConfig, ensure_topics, new_producer
from shared.messaging.subscriptions import Subscriptions
from tests.integration.conftest import wait_until
from tests.integration.messaging_kit import new_event_type, prepared_database


async def _send_one_batch(bootstrap: str, topic: str, first: int, count: int) -> None:
    """``count`` records in one produce batch (a long linger gathers them), at offsets
    ``first`` on: the embedded broker then lists the partition's end as ``first + 1``."""
    producer = new_producer(bootstrap, linger_ms=200)
    await producer.start()
    try:
        futures = [await producer.send(topic, Envelope(
            source="/jianguan/lag-test", type=f"cn.gov.jianguan.{topic}",
            data={"key": "K", "seq": seq}).to_json(), key=b"K") for seq in range(count)]
        offsets = [(await future).offset for future in futures]
    finally:
        await producer.stop()
    assert offsets == list(range(first, first + count))


async def test_lag_counts_a_batch_of_ten_waiting_records_and_a_stalled_consumer(
        broker, database_url):
    name, _ = new_event_type()
    await ensure_topics(broker.bootstrap, [name], TopicConfig(partitions={name: 1}))
    release, seen = asyncio.Event(), []
    subs = Subscriptions("lag-" + name)

    @subs.on(name)
    async def slow(uow, envelope):  # type: ignore[no-untyped-def]
        seen.append(envelope.data["seq"])
        await release.wait()

    db = await prepared_database(await database_url("consumer"))
    runner = ConsumerRunner(subs, db, broker.bootstrap,
                            topic_config=TopicConfig(partitions={name: 1}))
    runner.start()
    try:
        await _send_one_batch(broker.bootstrap, name, 0, 10)
        await wait_until(lambda: _true(bool(seen)), what="the consumer to take the batch")
        assert await runner.measure_lag() == 10, "a batch being worked on is not processed"
        await asyncio.sleep(1.2)
        await runner.measure_lag()
        assert runner.stalled_seconds() >= 1.0

        release.set()
        await wait_until(lambda: _true(runner.processed >= 10), what="the batch processed")
        assert await runner.measure_lag() == 0
        assert runner.stalled_seconds() == 0

        release.clear()
        await _send_one_batch(broker.bootstrap, name, 10, 10)
        await wait_until(lambda: _true(len(seen) > 10), what="the second batch taken")
        assert await runner.measure_lag() == 10
        release.set()
        await wait_until(lambda: _true(runner.processed >= 20), what="the second batch")
        assert await runner.measure_lag() == 0
    finally:
        release.set()
        await runner.stop()
        await db.dispose()


async def _true(value: bool) -> bool:
    return value
