"""Where each partition really ends (分区末端), for a consumer lag that tells the truth.

A consumer's ``highwater`` is only as fresh as its last fetch (it stands still while the
consumer works through records it already holds), and the embedded broker's ListOffsets
answers, after a batch of records, the batch's base offset + 1 instead of its last
offset + 1 (ten records at 0…9 end at 1, not 10). So the end is read, not assumed: the
listed end, then one fetch from just before it, whose last record is the real end. Real
Kafka answers the same way (its listed end is already exact). A partition whose listed
end has not moved keeps the end read before, so a scrape costs one ListOffsets request
once the partitions are quiet.
"""

from __future__ import annotations

import asyncio
import logging

from aiokafka import AIOKafkaConsumer, TopicPartition

from shared.messaging.kafka import new_consumer

log = logging.getLogger(__name__)


class PartitionEnds:
    """Reads the real end offsets of partitions on a group-less client of its own."""

    def __init__(self, bootstrap: str, *, fetch_timeout: float = 2.0) -> None:
        self.bootstrap = bootstrap
        self.fetch_timeout = fetch_timeout
        self._client: AIOKafkaConsumer | None = None
        self._known: dict[TopicPartition, tuple[int, int]] = {}  # listed end → real end
        self._lock = asyncio.Lock()

    async def ends(self, partitions: list[TopicPartition]) -> dict[TopicPartition, int]:
        async with self._lock:
            try:
                return await self._ends(partitions)
            except Exception:
                await self.close()
                raise

    async def _ends(self, partitions: list[TopicPartition]) -> dict[TopicPartition, int]:
        if not partitions:
            return {}
        if self._client is None:
            client = new_consumer(self.bootstrap, None,  # type: ignore[arg-type]
                                  client_id="jianguan-lag", fetch_max_wait_ms=100)
            await client.start()
            self._client = client
        client = self._client
        listed = await client.end_offsets(partitions)
        ends: dict[TopicPartition, int] = {}
        to_read = []
        for tp, end in listed.items():
            known = self._known.get(tp)
            if end == 0:
                ends[tp] = 0
            elif known is not None and known[0] == end:
                ends[tp] = known[1]
            else:
                to_read.append(tp)
        if to_read:
            read = await self._read_last(client, {tp: listed[tp] for tp in to_read})
            for tp in to_read:
                ends[tp] = max(listed[tp], read.get(tp, 0))
                self._known[tp] = (listed[tp], ends[tp])
        return ends

    async def _read_last(self, client: AIOKafkaConsumer,
                         listed: dict[TopicPartition, int]) -> dict[TopicPartition, int]:
        """One past the last record found from ``listed end - 1`` on, per partition."""
        client.assign(list(listed))
        for tp, end in listed.items():
            client.seek(tp, end - 1)
        found: dict[TopicPartition, int] = {}
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.fetch_timeout
        while len(found) < len(listed) and loop.time() < deadline:
            batches = await client.getmany(timeout_ms=200, max_records=10_000)
            for tp, records in batches.items():
                if records:
                    found[tp] = max(found.get(tp, 0), records[-1].offset + 1)
        # a partition that answered nothing in time: the listed end stands (caller's max)
        return found

    async def close(self) -> None:
        client, self._client = self._client, None
        self._known.clear()
        if client is not None:
            try:
                await asyncio.wait_for(client.stop(), 3.0)
            except Exception as exc:  # closing a client of a broker that went away
                log.debug("lag client did not stop cleanly: %s", exc)
