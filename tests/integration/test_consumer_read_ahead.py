"""A consumer may read a batch's questions ahead (``Consumers.reads_ahead``): it sees
each batch's first deliveries before their handlers, and if it fails, the batch is
taken message by message without it, nothing lost or doubled."""

from __future__ import annotations

from shared.contracts import Envelope
from shared.db import UnitOfWork
from shared.messaging.consumer import ConsumerRunner
from shared.messaging.kafka import TopicConfig, ensure_topics
from shared.messaging.relay import OutboxRelay
from tests.integration.conftest import wait_until
from tests.integration.messaging_kit import subscriptions


async def _consume(harness, read_ahead) -> None:  # type: ignore[no-untyped-def]
    config = TopicConfig(partitions={harness.event_name: 2})
    await ensure_topics(harness.bootstrap, [harness.event_name], config)
    harness.relay = OutboxRelay(harness.producer_db, harness.bootstrap, topic_config=config,
                                poll_interval=0.05)
    harness.relay.start()
    subs = subscriptions("group-" + harness.event_name, harness.event_name, "one",
                         harness.poison)
    subs.read_ahead = read_ahead
    runner = ConsumerRunner(subs, harness.consumer_db, harness.bootstrap,
                            topic_config=config, retry_delay=0.01)
    runner.start()
    harness.runners.append(runner)


async def test_the_batch_is_read_ahead_once_before_its_handlers(harness):
    seen: list[str] = []
    effects_before: list[int] = []

    async def read_ahead(uow: UnitOfWork, envelopes: list[Envelope]) -> None:
        effects_before.append(await harness.effect_count())
        seen.extend(envelope.id for envelope in envelopes)

    await _consume(harness, read_ahead)
    for seq in range(40):
        await harness.publish(f"K{seq % 5}", seq)
    await wait_until(lambda: _count_is(harness, 40), what="40 effects")
    rows = await harness.effects()
    assert sorted(seen) == sorted(row.event_id for row in rows)  # each once, all of them
    assert effects_before[0] == 0


async def test_a_failing_read_ahead_costs_the_batch_its_speed_not_its_events(harness):
    async def read_ahead(uow: UnitOfWork, envelopes: list[Envelope]) -> None:
        raise RuntimeError("the read-ahead query failed")

    await _consume(harness, read_ahead)
    for seq in range(12):
        await harness.publish(f"K{seq % 3}", seq)
    await wait_until(lambda: _count_is(harness, 12), what="12 effects")
    rows = await harness.effects()
    assert sorted(row.seq for row in rows) == list(range(12))


async def _count_is(harness, n: int) -> bool:  # type: ignore[no-untyped-def]
    return await harness.effect_count() >= n
