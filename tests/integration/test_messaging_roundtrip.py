"""Outbox → broker → inbox, on a real broker and real databases."""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict

from aiokafka import AIOKafkaProducer

from shared.contracts import Envelope
from tests.integration.conftest import wait_until


async def test_two_consumers_in_one_group_share_partitions_and_keep_per_key_order(harness):
    await harness.start(consumers=2, partitions=4)
    keys = [f"91370200MA{i:08d}" for i in range(12)]
    for seq in range(25):
        for key in keys:
            await harness.publish(key, seq)

    total = len(keys) * 25
    await wait_until(lambda: _count_is(harness, total), what=f"{total} effects")
    rows = await harness.effects()
    assert len(rows) == total  # each event exactly once
    seqs_by_key = defaultdict(list)
    for row in rows:
        seqs_by_key[row.key].append(row.seq)
    assert all(seqs == list(range(25)) for seqs in seqs_by_key.values()), "per-key order lost"
    instances = {row.consumer for row in rows}
    assert instances == {"instance-0", "instance-1"}, "one consumer did all the work"
    for key in keys:  # one key, one partition, one consumer instance
        assert len({row.consumer for row in rows if row.key == key}) == 1


async def test_the_same_event_delivered_twice_has_one_effect(harness, broker):
    await harness.start(consumers=1, partitions=2)
    envelope = Envelope(
        source="/test", type="cn.gov.jianguan." + harness.event_name, data={"key": "K1", "seq": 7}
    )
    producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap, acks="all")
    await producer.start()
    try:
        for _ in range(3):
            await producer.send_and_wait(harness.event_name, envelope.to_json(), key=b"K1")
        await harness.publish("K1", 8)  # a later event proves the duplicates were consumed
    finally:
        await producer.stop()
    await wait_until(lambda: _count_is(harness, 2), what="two effects")
    rows = await harness.effects()
    assert next((r.event_id, r.seq) for r in rows) == (envelope.id, 7)
    assert [r.seq for r in rows] == [7, 8]


async def test_outbox_rows_are_marked_published_and_kept(harness):
    await harness.start(consumers=1)
    for seq in range(5):
        await harness.publish("K", seq)
    await wait_until(lambda: _count_is(harness, 5), what="five effects")
    await wait_until(lambda: _backlog_is(harness, 0), what="empty backlog")
    async with harness.producer_db.reader() as session:
        from sqlalchemy import select

        from shared.platform_tables import outbox

        rows = (await session.execute(select(outbox.c.payload, outbox.c.published_at))).all()
    assert len(rows) == 5 and all(r.published_at is not None for r in rows)
    assert json.loads(rows[0].payload)["specversion"] == "1.0"


async def _count_is(harness, n: int) -> bool:
    return await harness.effect_count() >= n


async def _backlog_is(harness, n: int) -> bool:
    return await harness.relay.backlog() == n


async def test_a_busy_producer_s_commits_go_out_together_and_a_quiet_one_at_once(harness):
    await harness.start(consumers=1, linger=0.5)
    for seq in range(50):  # one commit every 20 ms for a second: a busy service
        await harness.publish("K", seq)
        await asyncio.sleep(0.02)
    await wait_until(lambda: _count_is(harness, 50), what="fifty effects")
    busy = harness.relay.batches
    assert busy <= 10, f"{busy} produce requests for 50 commits: the relay did not linger"

    await asyncio.sleep(1.0)  # quiet: longer than the linger since the last batch
    started = asyncio.get_running_loop().time()
    await harness.publish("K", 50)
    await wait_until(lambda: _published_is(harness, 51), what="the quiet event sent")
    assert asyncio.get_running_loop().time() - started < 0.45  # sooner than the linger
    assert harness.relay.batches == busy + 1


async def _published_is(harness, n: int) -> bool:
    return harness.relay.published >= n
