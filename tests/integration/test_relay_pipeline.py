"""The relay's pipeline: batches go out while earlier ones are confirmed in rounds; a row is
marked only once acknowledged, a failed round marks nothing, per-key order is kept."""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict

import pytest
from aiokafka import AIOKafkaConsumer
from sqlalchemy import func, select

import shared.messaging.relay_batches as relay_batches
from shared.messaging.kafka import BrokerState, TopicConfig, ensure_topics
from shared.messaging.outbox import Outbox
from shared.messaging.relay import OutboxRelay
from shared.messaging.relay_batches import Confirmer
from shared.platform_tables import outbox
from tests.integration.messaging_kit import new_event_type, prepared_database

EVENTS = 600
KEYS = 7


@pytest.fixture
async def backlog(database_url, broker):  # type: ignore[no-untyped-def]
    """A producer database with ``EVENTS`` unpublished events on a topic of its own."""
    db = await prepared_database(await database_url("relay"))
    db.outbox = Outbox("/jianguan/platform-test")
    name, Noted = new_event_type()
    config = TopicConfig(partitions={name: 3})
    await ensure_topics(broker.bootstrap, [name], config)
    for start in range(0, EVENTS, 100):
        async with db.unit_of_work() as uow:
            for seq in range(start, start + 100):
                uow.emit(Noted(key=f"K{seq % KEYS}", seq=seq))
    yield db, name, config
    await db.dispose()


async def _drain(relay: OutboxRelay) -> None:
    while await relay.publish_pending():
        pass


async def _unpublished(db) -> int:  # type: ignore[no-untyped-def]
    async with db.reader() as session:
        query = select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
        return int(await session.scalar(query))


async def _received(bootstrap: str, topic: str, n: int) -> list[tuple[str, int]]:
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=None,
                                auto_offset_reset="earliest")
    await consumer.start()
    got: list[tuple[str, int]] = []
    try:
        async with asyncio.timeout(30):
            while len(got) < n:
                for records in (await consumer.getmany(timeout_ms=500)).values():
                    for record in records:
                        data = json.loads(record.value)["data"]
                        got.append((record.key.decode(), data["seq"]))
    finally:
        await consumer.stop()
    return got


def _in_key_order(received: list[tuple[str, int]]) -> bool:
    by_key = defaultdict(list)
    for key, seq in received:
        by_key[key].append(seq)
    return all(seqs == sorted(seqs) for seqs in by_key.values())


async def test_a_backlog_goes_out_in_pipelined_batches_every_row_marked_once(backlog, broker):
    db, name, config = backlog
    relay = OutboxRelay(db, broker.bootstrap, batch_size=50, topic_config=config)
    try:
        await _drain(relay)
        assert relay.batches == EVENTS // 50
        assert relay.published == EVENTS  # all acknowledged and marked when the drain ends
        assert await _unpublished(db) == 0
    finally:
        await relay.stop()
    received = await _received(broker.bootstrap, name, EVENTS)
    assert sorted(seq for _, seq in received) == list(range(EVENTS))  # each exactly once
    assert _in_key_order(received), "per-key order lost"


async def test_a_round_the_broker_did_not_confirm_marks_nothing_and_goes_out_again(
    backlog, broker, monkeypatch
):
    db, name, config = backlog
    asked = relay_batches.broker_state

    async def restarted(client, topics=()):  # type: ignore[no-untyped-def]
        state = await asked(client, topics)
        return BrokerState("another-incarnation", state.topics)

    monkeypatch.setattr(relay_batches, "broker_state", restarted)  # the after-send check
    relay = OutboxRelay(db, broker.bootstrap, batch_size=100, topic_config=config)
    try:
        with pytest.raises(RuntimeError, match="restarted while publishing"):
            await _drain(relay)
        await asyncio.gather(relay._confirmer.settle(), return_exceptions=True)
        assert relay.published == 0
        assert await _unpublished(db) == EVENTS  # sent, never confirmed: all still pending

        monkeypatch.setattr(relay_batches, "broker_state", asked)
        relay._cursor = -1  # what the relay's loop does after an error
        await _drain(relay)
        assert relay.published == EVENTS
        assert await _unpublished(db) == 0
    finally:
        await relay.stop()
    sent = relay.batches * 100  # every batch was full: the failed drain's and the second's
    received = await _received(broker.bootstrap, name, sent)
    assert len(received) == sent and {seq for _, seq in received} == set(range(EVENTS))


async def test_settling_a_round_that_just_finished_does_not_spin() -> None:
    confirmer = Confirmer(database=None, queued=1)  # type: ignore[arg-type]
    confirmed = []

    async def confirm(batches) -> None:  # type: ignore[no-untyped-def]
        confirmed.extend(batches)

    confirmer._confirm = confirm  # type: ignore[method-assign]
    confirmer.add("first")  # type: ignore[arg-type]
    await asyncio.sleep(0)  # the round ran; its done callback has not yet
    assert confirmer.finished()  # over, not yet seen: the relay settles before sending
    await asyncio.wait_for(confirmer.settle(), 5)
    confirmer.add("second")  # type: ignore[arg-type]
    await asyncio.wait_for(confirmer.room(), 5)
    await asyncio.wait_for(confirmer.settle(), 5)
    assert confirmed == ["first", "second"] and not confirmer.busy
