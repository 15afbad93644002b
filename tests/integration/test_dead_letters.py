"""Poison messages go to ``<topic>.dlq`` with their story; the partition moves on."""

from __future__ import annotations

from aiokafka import AIOKafkaProducer

from shared.messaging.operations import list_dead_letters, replay_dead_letters
from tests.integration.conftest import wait_until


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
