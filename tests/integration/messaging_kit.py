"""A tiny service made only for the messaging tests: one event type, one effect table."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from pydantic import BaseModel
from sqlalchemy import Column, Integer, String, Table, func, insert, select

from shared.contracts import event
from shared.db import Database, new_metadata
from shared.messaging.consumer import ConsumerRunner
from shared.messaging.kafka import TopicConfig, ensure_topics
from shared.messaging.outbox import Outbox
from shared.messaging.relay import OutboxRelay
from shared.messaging.subscriptions import Subscriptions
from shared.platform_tables import create_all_platform_tables

metadata = new_metadata()
effects = Table(
    "effects",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("consumer", String(50), nullable=False),
    Column("event_id", String(64), nullable=False),
    Column("key", String(50), nullable=False),
    Column("seq", Integer, nullable=False),
)


def new_event_type() -> tuple[str, type[BaseModel]]:
    """A fresh event name (so a fresh topic) per test."""
    name = (
        "platformtest."
        + "".join(secrets.choice("abcdefghijklmnop") for _ in range(10))
        + ".noted.v1"
    )

    @event(name, producer="platform-test", key="key", summary="a test event")
    class Noted(BaseModel):
        key: str
        seq: int
        poison: bool = False

    return name, Noted


async def prepared_database(url: str) -> Database:
    db = Database(url)
    async with db.engine.begin() as conn:
        await conn.run_sync(create_all_platform_tables)
        await conn.run_sync(metadata.create_all)
    return db


@dataclass
class Poison:
    """Handlers fail on poisoned events while ``active``."""

    active: bool = True


def subscriptions(group: str, event_name: str, instance: str, poison: Poison) -> Subscriptions:
    subs = Subscriptions(group)

    @subs.on(event_name)
    async def on_noted(uow, envelope):  # type: ignore[no-untyped-def]
        if envelope.data.get("poison") and poison.active:
            raise ValueError(f"poisoned event seq={envelope.data['seq']}")
        await uow.session.execute(
            insert(effects).values(
                consumer=instance,
                event_id=envelope.id,
                key=envelope.data["key"],
                seq=envelope.data["seq"],
            )
        )

    return subs


@dataclass
class Harness:
    """Producer side and consumer side of one test, on real DBs and a real broker."""

    bootstrap: str
    event_name: str
    Noted: type[BaseModel]
    producer_db: Database
    consumer_db: Database
    poison: Poison = field(default_factory=Poison)
    relay: OutboxRelay | None = None
    runners: list[ConsumerRunner] = field(default_factory=list)

    async def publish(self, key: str, seq: int, poison: bool = False) -> None:
        if self.producer_db.outbox is None:
            self.producer_db.outbox = Outbox("/jianguan/platform-test")
        self.producer_db.outbox.wake = self.relay.wake if self.relay else None
        async with self.producer_db.unit_of_work() as uow:
            uow.emit(self.Noted(key=key, seq=seq, poison=poison))

    async def start(self, consumers: int = 1, partitions: int = 4,
                    linger: float = 0.02) -> None:
        config = TopicConfig(partitions={self.event_name: partitions})
        await ensure_topics(self.bootstrap, [self.event_name], config)
        self.relay = OutboxRelay(
            self.producer_db, self.bootstrap, topic_config=config, poll_interval=0.05,
            linger=linger,
        )
        self.relay.start()
        for i in range(consumers):
            self.add_consumer(f"instance-{i}", config)

    def add_consumer(self, instance: str, config: TopicConfig | None = None) -> ConsumerRunner:
        subs = subscriptions("group-" + self.event_name, self.event_name, instance, self.poison)
        runner = ConsumerRunner(
            subs, self.consumer_db, self.bootstrap, topic_config=config, retry_delay=0.01
        )
        runner.start()
        self.runners.append(runner)
        return runner

    async def stop(self) -> None:
        for runner in self.runners:
            await runner.stop()
        if self.relay:
            await self.relay.stop()

    async def effects(self) -> list:  # type: ignore[type-arg]
        async with self.consumer_db.reader() as session:
            return (await session.execute(select(effects).order_by(effects.c.id))).all()

    async def effect_count(self) -> int:
        async with self.consumer_db.reader() as session:
            return int(
                (await session.execute(select(func.count()).select_from(effects))).scalar_one()
            )
