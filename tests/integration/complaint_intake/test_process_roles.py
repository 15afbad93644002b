"""complaint-intake as a web process and a worker process (``role``: web / worker).

The web process answers the public at once and does nothing else; the worker process,
on the same database and broker, makes the complaints and publishes the events. They
share nothing else, so two apps in one test stand for the two processes.
"""

from __future__ import annotations

import asyncio
import secrets
import time

from confluent_kafka import OFFSET_BEGINNING, Consumer, TopicPartition
from sqlalchemy import func, select

from services.complaint_intake.models import AcceptedFiling, Complaint
from shared.platform_tables import outbox
from tests.integration.complaint_intake.conftest import filing, make_app, serving, settled
from tests.integration.conftest import wait_until

TOPIC = "complaint.received.v1"


async def accepted_by(client, count: int) -> list[str]:  # type: ignore[no-untyped-def]
    ids = []
    for _ in range(count):
        answer = await client.post("/v1/complaints", json=filing())
        assert answer.status_code == 201, answer.text
        ids.append(answer.json()["complaint_id"])
    return ids


async def counts(app, ids: list[str]) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(filings waiting, complaints made) of ``ids``."""
    async with app.state.db.reader() as session:
        waiting = await session.scalar(select(func.count()).select_from(AcceptedFiling)
                                       .where(AcceptedFiling.id.in_(ids)))
        made = await session.scalar(select(func.count()).select_from(Complaint)
                                    .where(Complaint.id.in_(ids)))
    return waiting, made


async def relayed(app, ids: list[str]) -> bool:  # type: ignore[no-untyped-def]
    """Whether the broker acknowledged each of ``ids``' complaint.received.v1."""
    async with app.state.db.reader() as session:
        return await session.scalar(select(func.count()).select_from(outbox).where(
            outbox.c.topic == TOPIC, outbox.c.key.in_(ids),
            outbox.c.published_at.is_not(None))) == len(ids)


def received_keys(bootstrap: str, wanted: set[str], timeout: float = 30.0) -> set[str]:
    """The keys of ``wanted`` found on complaint.received.v1, read as an integrator reads
    it (librdkafka), every partition from its beginning (assigned: a group's join takes
    the embedded broker ~20 s)."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": secrets.token_hex(6),
                         "enable.auto.commit": False})
    partitions = consumer.list_topics(TOPIC, timeout=10).topics[TOPIC].partitions
    consumer.assign([TopicPartition(TOPIC, n, OFFSET_BEGINNING) for n in partitions])
    found: set[str] = set()
    deadline = time.monotonic() + timeout
    try:
        while found != wanted and time.monotonic() < deadline:
            message = consumer.poll(0.5)
            if message is not None and message.error() is None:
                key = (message.key() or b"").decode()
                if key in wanted:
                    found.add(key)
    finally:
        consumer.close()
    return found


async def test_the_web_process_only_accepts_and_the_worker_process_does_the_rest(
        database, broker):
    web = make_app(database, broker.bootstrap, role="web", relay_enabled=True,
                   consumers_enabled=True)
    async with serving(web, "198.51.100.61") as client:
        ids = await accepted_by(client, 3)
        await asyncio.sleep(0.5)  # two of a worker's polls (filing_poll_seconds), had it one
        in_web = await counts(web, ids)
        worker_route = (await client.get("/asyncapi.json")).status_code

    worker = make_app(database, broker.bootstrap, role="worker", relay_enabled=True)
    async with serving(worker, "198.51.100.61") as client:
        await settled(worker)
        after = await counts(worker, ids)
        await wait_until(lambda: relayed(worker, ids), timeout=20,
                         what="the worker's relay to publish the received events")
        published = await asyncio.to_thread(received_keys, broker.bootstrap, set(ids))
        ready = await client.get("/readyz")
        metrics = await client.get("/metrics")
        intake = await client.post("/v1/complaints", json=filing())
        spec = (await client.get("/openapi.json")).json()

    assert in_web == (3, 0), "the web process made complaints itself"
    assert worker_route == 200
    assert after == (0, 3)
    assert published == set(ids), "the worker's relay did not publish every received event"
    assert ready.status_code == 200 and metrics.status_code == 200
    assert intake.status_code == 404, "the worker process answers the public"
    assert not any(path.startswith("/v1/") for path in spec["paths"])


async def test_one_process_does_both_by_default(database):
    app = make_app(database)
    assert app.state.settings.role == "all"
    async with serving(app, "198.51.100.62") as client:
        ids = await accepted_by(client, 2)
        await settled(app)
        assert await counts(app, ids) == (0, 2)
