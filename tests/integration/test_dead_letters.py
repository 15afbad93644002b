"""Poison messages become dead letters with their story, kept in the consumer's database
and copied to ``<topic>.dlq``; the partition moves on."""

from __future__ import annotations

import hashlib

from aiokafka import AIOKafkaProducer
from confluent_kafka import Producer as ConfluentProducer

from shared.messaging.embedded_broker import EmbeddedBroker, free_port
from shared.messaging.operations import (
    list_dead_letters,
    replay_dead_letters,
    replay_stored_dead_letters,
    stored_dead_letters,
)
from tests.integration.conftest import wait_until
from tests.integration.messaging_kit import Harness, new_event_type, prepared_database


async def test_poison_goes_to_dlq_with_headers_and_later_messages_flow_on(harness, broker):
    await harness.start(consumers=1, partitions=1)
    await harness.publish("K", 1)
    await harness.publish("K", 2, poison=True)
    await harness.publish("K", 3)
    await wait_until(lambda: _backlog_is(harness, 0), what="the relay to publish")
    producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap)
    await producer.start()
    await producer.send_and_wait(harness.event_name, b"{not json", key=b"K")
    await producer.stop()
    await harness.publish("K", 4)

    await wait_until(lambda: _count_is(harness, 3), what="the healthy events")
    letters = await _letters(broker, harness, 2)
    poisoned, garbage = sorted(letters, key=lambda v: v.letter.original_offset)
    assert poisoned.letter.original_topic == harness.event_name
    assert poisoned.letter.original_partition == 0 and poisoned.letter.original_offset == 1
    assert "poisoned event seq=2" in poisoned.letter.error
    assert poisoned.letter.attempts == 3
    assert garbage.letter.original_offset == 3
    assert garbage.letter.error.startswith("invalid envelope") and garbage.letter.attempts == 0
    assert [r.seq for r in await harness.effects()] == [1, 3, 4]
    assert harness.runners[0].dead_lettered == 2

    harness.poison.active = False  # the bug is fixed
    replayed = await replay_dead_letters(broker.bootstrap, harness.event_name)
    assert replayed == 2
    await wait_until(lambda: _count_is(harness, 4), what="the replayed event")
    assert sorted(r.seq for r in await harness.effects()) == [1, 2, 3, 4]
    # the garbage came back too and went straight to the DLQ again, not into the DB
    await wait_until(lambda: _dlq_size_is(broker, harness, 3), what="garbage dead-lettered again")
    views = await list_dead_letters(broker.bootstrap, harness.event_name)
    assert [v.replayed for v in views] == [True, True, False], "a replayed letter is pending again"
    assert await replay_dead_letters(broker.bootstrap, harness.event_name) == 1  # only the new one


async def _letters(broker, harness, n):  # type: ignore[no-untyped-def]
    found = []

    async def enough() -> bool:
        found[:] = await list_dead_letters(broker.bootstrap, harness.event_name)
        return len(found) >= n

    await wait_until(enough, what=f"{n} dead letters")
    return found


async def _dlq_size_is(broker, harness, n: int) -> bool:
    return len(await list_dead_letters(broker.bootstrap, harness.event_name)) >= n


async def _count_is(harness, n: int) -> bool:
    return await harness.effect_count() >= n


async def _backlog_is(harness, n: int) -> bool:
    return await harness.relay.backlog() == n


async def test_dead_letters_are_kept_in_the_database_and_replayed_from_it_after_a_broker_loss(
        database_url):
    own = EmbeddedBroker(port=free_port())
    own.start()
    name, model = new_event_type()
    harness = Harness(own.bootstrap, name, model,
                      await prepared_database(await database_url("producer")),
                      await prepared_database(await database_url("consumer")))
    try:
        await harness.start(consumers=1, partitions=1)
        for seq in range(1, 4):
            await harness.publish("K", seq, poison=seq == 2)
        await wait_until(lambda: _count_is(harness, 2), what="the healthy events")
        await wait_until(lambda: _stored_is(harness, 1), what="the dead letter kept")

        own.process.kill()  # the broker and its .dlq topic are gone
        own.process.wait()
        own.start()
        [letter] = await stored_dead_letters(harness.consumer_db)
        assert (letter.topic, letter.partition, letter.offset) == (name, 0, 1)
        assert "poisoned event seq=2" in letter.error and letter.attempts == 3
        assert letter.event_type == f"cn.gov.jianguan.{name}" and letter.pending
        assert letter.first_failed_at == letter.last_failed_at

        harness.poison.active = False  # the bug is fixed
        outcome = await replay_stored_dead_letters(harness.consumer_db, own.bootstrap)
        assert outcome.replayed == [letter.id]
        await wait_until(lambda: _count_is(harness, 3), timeout=30, what="the replayed event")
        [replayed] = await stored_dead_letters(harness.consumer_db)
        assert replayed.replays == 1 and replayed.replayed_at is not None
        assert not replayed.pending
        assert (await replay_stored_dead_letters(harness.consumer_db, own.bootstrap)).replayed \
            == [], "a replayed letter was sent again"
        assert sorted(r.seq for r in await harness.effects()) == [1, 2, 3]
    finally:
        await harness.stop()
        own.stop()
        await harness.producer_db.dispose()
        await harness.consumer_db.dispose()


async def test_a_message_too_large_for_the_dlq_is_kept_truncated_and_never_stalls(harness,
                                                                                  broker):
    """1.5 MB from an outside producer (librdkafka): the DLQ topic cannot take it (the
    client's 1 MiB limit), yet the events behind it are processed."""
    await harness.start(consumers=1, partitions=1)
    await harness.publish("K", 1)
    await wait_until(lambda: _count_is(harness, 1), what="the first event")
    huge = b"{" + b"x" * 1_500_000
    outside = ConfluentProducer({"bootstrap.servers": broker.bootstrap,
                                 "message.max.bytes": 5_000_000})
    outside.produce(harness.event_name, huge, key=b"K")
    assert outside.flush(10) == 0
    for seq in range(2, 6):
        await harness.publish("K", seq)

    await wait_until(lambda: _count_is(harness, 5), timeout=30, what="the events behind it")
    [letter] = await stored_dead_letters(harness.consumer_db)
    assert letter.truncated and letter.value_size == len(huge)
    assert letter.value_sha256 == hashlib.sha256(huge).hexdigest()
    assert letter.error.startswith("invalid envelope")
    assert harness.runners[0].failures == 0, "the consumer had to reconnect"
    assert (await replay_stored_dead_letters(harness.consumer_db, broker.bootstrap)).truncated \
        == [letter.id]


async def _stored_is(harness, n: int) -> bool:  # type: ignore[no-untyped-def]
    return len(await stored_dead_letters(harness.consumer_db)) >= n
