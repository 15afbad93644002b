"""The unit of work and the events it emits (工作单元): an event leaves exactly when its
change is committed, and not when a savepoint around it rolled back."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, insert, select

from shared.contracts import Envelope
from shared.messaging.consumer import ConsumerRunner
from shared.messaging.kafka import TopicConfig, ensure_topics
from shared.messaging.outbox import Outbox
from shared.messaging.relay import OutboxRelay
from shared.messaging.subscriptions import Subscriptions
from shared.platform_tables import outbox
from tests.integration.conftest import wait_until
from tests.integration.messaging_kit import effects, new_event_type, prepared_database


@pytest.fixture
async def db(database_url):  # type: ignore[no-untyped-def]
    database = await prepared_database(await database_url("uow"))
    database.outbox = Outbox("/jianguan/platform-test")
    yield database
    await database.dispose()


async def stored(db) -> list[int]:  # type: ignore[no-untyped-def]
    async with db.reader() as session:
        rows = (await session.execute(select(outbox.c.payload).order_by(outbox.c.id))).scalars()
        return [json.loads(row)["data"]["seq"] for row in rows]


async def test_events_are_stored_with_the_commit_and_never_without_it(db) -> None:
    _, Noted = new_event_type()
    async with db.unit_of_work() as uow:
        uow.emit(Noted(key="K", seq=1))
    with pytest.raises(RuntimeError):
        async with db.unit_of_work() as uow:
            uow.emit(Noted(key="K", seq=2))
            raise RuntimeError("the change failed")
    assert await stored(db) == [1]


async def test_a_rolled_back_savepoint_takes_its_events_with_it(db) -> None:
    _, Noted = new_event_type()
    async with db.unit_of_work() as uow:
        uow.emit(Noted(key="K", seq=1))
        with pytest.raises(ValueError):
            async with uow.savepoint():
                uow.emit(Noted(key="K", seq=2))
                raise ValueError("this message's handler failed")
        async with uow.savepoint():
            uow.emit(Noted(key="K", seq=3))
    assert await stored(db) == [1, 3]


async def test_work_before_the_commit_is_committed_with_it_or_not_at_all(db) -> None:
    _, Noted = new_event_type()

    async def gathered(uow, seq: int) -> None:  # type: ignore[no-untyped-def]
        await uow.session.execute(insert(effects).values(consumer="c", event_id=f"e{seq}",
                                                         key="K", seq=seq))
        if seq == 2:
            raise RuntimeError("the gathered write failed")

    async with db.unit_of_work() as uow:
        uow.emit(Noted(key="K", seq=1))
        uow.before_commit(lambda: gathered(uow, 1))
    with pytest.raises(RuntimeError):
        async with db.unit_of_work() as uow:
            uow.emit(Noted(key="K", seq=2))
            uow.before_commit(lambda: gathered(uow, 2))
    async with db.reader() as session:
        assert (await session.execute(select(effects.c.seq))).scalars().all() == [1]
    assert await stored(db) == [1]


async def test_a_retried_message_leaves_only_its_successful_attempts_events(broker, database_url):
    """The consumer takes a failing batch message by message, each in a savepoint: the
    event a failed attempt emitted must not go out beside the one the retry emitted."""
    name, Noted = new_event_type()
    producer = await prepared_database(await database_url("producer"))
    consumer = await prepared_database(await database_url("consumer"))
    producer.outbox = Outbox("/jianguan/platform-test")
    consumer.outbox = Outbox("/jianguan/platform-test")
    config = TopicConfig(partitions={name: 1})
    await ensure_topics(broker.bootstrap, [name], config)
    attempts = {"n": 0}
    subs = Subscriptions("group-" + name)

    @subs.on(name)
    async def on_noted(uow, envelope: Envelope) -> None:  # type: ignore[no-untyped-def]
        attempts["n"] += 1
        uow.emit(Noted(key="out", seq=100 + attempts["n"]))
        if attempts["n"] <= 2:  # the batch's fast path, then the first slow attempt
            raise ValueError("flaky")

    relay = OutboxRelay(producer, broker.bootstrap, topic_config=config, poll_interval=0.05)
    runner = ConsumerRunner(subs, consumer, broker.bootstrap, topic_config=config,
                            retry_delay=0.01)
    relay.start()
    runner.start()
    try:
        async with producer.unit_of_work() as uow:
            uow.emit(Noted(key="in", seq=1))

        async def handled() -> bool:
            async with consumer.reader() as session:
                return (await session.scalar(select(func.count()).select_from(outbox))) > 0

        await wait_until(handled, what="the retried message's event")
    finally:
        await runner.stop()
        await relay.stop()
    assert attempts["n"] == 3
    assert await stored(consumer) == [103]
    await producer.dispose()
    await consumer.dispose()
