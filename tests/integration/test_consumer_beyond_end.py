"""A group whose offset lies past its partition's end (a memory-only broker that
restarted, a topic made again) reads the partition from its start, as Kafka's
OFFSET_OUT_OF_RANGE reset would: the embedded broker (Tansu) answers such a fetch with
nothing, and the consumer used to wait there, then skip every record up to its offset."""

from __future__ import annotations

from aiokafka import TopicPartition
from aiokafka.structs import OffsetAndMetadata

from shared.contracts import Envelope
from shared.messaging.consumer import ConsumerRunner
from shared.messaging.kafka import TopicConfig, ensure_topics, new_consumer, new_producer
from shared.messaging.subscriptions import Subscriptions
from tests.integration.conftest import wait_until
from tests.integration.messaging_kit import new_event_type, prepared_database

STALE_OFFSET = 50  # where the group stood in a log that is gone


async def _send(bootstrap: str, topic: str, seqs: range) -> None:
    producer = new_producer(bootstrap)
    await producer.start()
    try:
        for seq in seqs:
            await producer.send_and_wait(topic, Envelope(
                source="/jianguan/beyond-end-test", type=f"cn.gov.jianguan.{topic}",
                data={"key": "K", "seq": seq}).to_json(), key=b"K")
    finally:
        await producer.stop()


async def _commit_stale_offset(bootstrap: str, group: str, topic: str) -> None:
    member = new_consumer(bootstrap, group, topic)
    await member.start()
    try:
        await member.getmany(timeout_ms=2000)  # joined, with the partition assigned
        await member.commit({TopicPartition(topic, 0): OffsetAndMetadata(STALE_OFFSET, "")})
    finally:
        await member.stop()


async def test_an_offset_past_the_end_reads_the_partition_from_its_start(
        broker, database_url):
    name, _ = new_event_type()
    config = TopicConfig(partitions={name: 1})
    await ensure_topics(broker.bootstrap, [name], config)
    await _send(broker.bootstrap, name, range(5))
    group, seen = "beyond-" + name, []
    await _commit_stale_offset(broker.bootstrap, group, name)
    subs = Subscriptions(group)

    @subs.on(name)
    async def note(uow, envelope):  # type: ignore[no-untyped-def]
        seen.append(envelope.data["seq"])

    db = await prepared_database(await database_url("consumer"))
    runner = ConsumerRunner(subs, db, broker.bootstrap, topic_config=config)
    runner.start()
    try:
        await wait_until(lambda: _true(len(seen) >= 5), timeout=20,
                         what="the five records below the stale offset")
        await _send(broker.bootstrap, name, range(5, 8))  # and what comes after
        await wait_until(lambda: _true(len(seen) >= 8), timeout=20, what="the later three")
    finally:
        await runner.stop()
        await db.dispose()
    assert seen == list(range(8)), "each record once, in order"
    assert runner.beyond_end_resets == 1


async def _true(value: bool) -> bool:
    return value
