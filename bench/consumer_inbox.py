"""Consumer runner + idempotent inbox on SQLite: events per second (goal ≥ 5,000)."""

from __future__ import annotations

import asyncio
import tempfile
import time

from sqlalchemy import Column, Integer, String, Table, insert

from bench.outcome import Goal, Outcome
from shared.contracts import Envelope
from shared.db import Database, new_metadata
from shared.messaging.consumer import ConsumerRunner
from shared.messaging.kafka import TopicConfig, ensure_topics, new_producer
from shared.messaging.subscriptions import Subscriptions
from shared.platform_tables import create_all_platform_tables

EVENTS = 20_000
GOAL = 5_000
TOPIC = "bench.consumed.v1"
metadata = new_metadata()
effects = Table(
    "effects",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(40)),
    Column("seq", Integer),
)


def _subscriptions(with_effect: bool) -> Subscriptions:
    subs = Subscriptions(f"bench-consumer-{with_effect}")

    @subs.on(TOPIC)
    async def on_event(uow, event):  # type: ignore[no-untyped-def]
        if with_effect:
            await uow.session.execute(
                insert(effects).values(key=event.subject, seq=event.data["seq"])
            )

    return subs


async def _produce(bootstrap: str, count: int, offset: int = 0) -> None:
    producer = new_producer(bootstrap)
    await producer.start()
    futures = []
    for i in range(offset, offset + count):
        env = Envelope(
            source="/bench",
            type=f"cn.gov.jianguan.{TOPIC}",
            subject=f"K{i % 1000}",
            data={"seq": i},
        )
        futures.append(await producer.send(TOPIC, env.to_json(), key=env.subject.encode()))
    await asyncio.gather(*futures)
    await producer.stop()


async def run(bootstrap: str) -> Outcome:
    config = TopicConfig(partitions={TOPIC: 6})
    await ensure_topics(bootstrap, [TOPIC, TOPIC + ".dlq"], config)
    await _produce(bootstrap, EVENTS + 1)
    plumbing = await _consume(bootstrap, config, with_effect=False)
    with_row = await _consume(bootstrap, config, with_effect=True)
    return Outcome(
        f"consumer + inbox on SQLite: {plumbing:,.0f} events/s (goal ≥ {GOAL:,}; "
        f"{with_row:,.0f}/s when the handler also inserts a row; {EVENTS:,} events)",
        (Goal("consumer + idempotent inbox", plumbing, GOAL, "ev/s"),))


async def _consume(bootstrap: str, config: TopicConfig, with_effect: bool) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite+aiosqlite:///{tmp}/bench.db")
        async with db.engine.begin() as conn:
            await conn.run_sync(create_all_platform_tables)
            await conn.run_sync(metadata.create_all)
        runner = ConsumerRunner(_subscriptions(with_effect), db, bootstrap, topic_config=config)
        runner.start()
        while runner.processed < 1:  # the group join is not what we time
            await asyncio.sleep(0.001)
        start = time.perf_counter()
        while runner.processed < EVENTS + 1:
            await asyncio.sleep(0.005)
        rate = runner.processed / (time.perf_counter() - start)
        await runner.stop()
        await db.dispose()
    return rate
