"""The one place that knows how we talk to Kafka: clients, topics, retries (Kafka 管道).

Code elsewhere knows only ``KAFKA_BOOTSTRAP_SERVERS``. aiokafka's idempotent
producer is off on purpose: our guarantee is the outbox plus the idempotent inbox.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from aiokafka.protocol.metadata import MetadataRequest

from shared.settings import REPO_ROOT

log = logging.getLogger(__name__)
TOPICS_FILE = REPO_ROOT / "deploy" / "kafka" / "topics.yaml"
DLQ_SUFFIX = ".dlq"


def new_producer(bootstrap: str, **overrides: object) -> AIOKafkaProducer:
    options: dict[str, object] = {
        "bootstrap_servers": bootstrap,
        "acks": "all",
        "enable_idempotence": False,
        "linger_ms": 5,
        "max_batch_size": 256 * 1024,
        "request_timeout_ms": 10_000,
        "retry_backoff_ms": 200,
        "client_id": "jianguan",
    }
    options.update(overrides)
    return AIOKafkaProducer(**options)


def new_consumer(bootstrap: str, group: str, *topics: str, **overrides: object) -> AIOKafkaConsumer:
    options: dict[str, object] = {
        "bootstrap_servers": bootstrap,
        "group_id": group,
        "enable_auto_commit": False,
        "auto_offset_reset": "earliest",
        "max_poll_records": 500,
        "session_timeout_ms": 6_000,  # Tansu completes a join after half of it
        "heartbeat_interval_ms": 1_000,
        "client_id": group,
    }
    options.update(overrides)
    return AIOKafkaConsumer(*topics, **options)


@dataclass
class TopicConfig:
    """Partition counts per topic, from ``deploy/kafka/topics.yaml``."""

    default_partitions: int = 6
    dlq_partitions: int = 1
    partitions: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path = TOPICS_FILE) -> TopicConfig:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        defaults = doc.get("defaults", {})
        topics = {
            name: int((spec or {}).get("partitions", 0))
            for name, spec in (doc.get("topics") or {}).items()
        }
        default = int(defaults.get("partitions", 6))
        return cls(
            default,
            int(defaults.get("dlq_partitions", 1)),
            {name: n or default for name, n in topics.items()},
        )

    def partitions_for(self, topic: str) -> int:
        if topic.endswith(DLQ_SUFFIX):
            return self.dlq_partitions
        return self.partitions.get(topic, self.default_partitions)

    def all_topics(self, with_dlq: bool = True) -> list[str]:
        names = sorted(self.partitions)
        return names + [n + DLQ_SUFFIX for n in names] if with_dlq else names


async def ensure_topics(
    bootstrap: str, topics: list[str], config: TopicConfig | None = None
) -> list[str]:
    """Create whichever of ``topics`` do not exist yet; returns the ones created."""
    config = config or TopicConfig.load()
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10_000)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [t for t in dict.fromkeys(topics) if t not in existing]
        if missing:
            new = [NewTopic(t, config.partitions_for(t), 1) for t in missing]
            try:
                await admin.create_topics(new)
            except TopicAlreadyExistsError:
                pass
            log.info("created topics", extra={"topics": missing})
        return missing
    finally:
        await admin.close()


async def broker_reachable(bootstrap: str, timeout: float = 1.0) -> str | None:
    """``None`` when some bootstrap server accepts a connection, else the reason."""
    reasons = []
    for server in bootstrap.split(","):
        host, _, port = server.strip().rpartition(":")
        try:
            _, writer = await asyncio.wait_for(asyncio.open_connection(host, int(port)), timeout)
            writer.close()
            return None
        except (OSError, TimeoutError, ValueError) as exc:
            reasons.append(f"{server}: {exc or type(exc).__name__}")
    return "broker unreachable (" + "; ".join(reasons) + ")"


@dataclass(frozen=True)
class BrokerState:
    """Which broker incarnation answers, and the topics it knows."""

    cluster_id: str
    topics: frozenset[str]


async def broker_state(client, topics: Iterable[str] = ()) -> BrokerState:  # type: ignore[no-untyped-def]
    """One metadata round trip on an aiokafka client (a producer's or consumer's).

    Asks only about ``topics`` (asking about all of them is slow on Tansu) and never
    creates one. The embedded broker gets a fresh cluster id at every start, so a
    change of id means it restarted and forgot its topics, offsets and groups.
    """
    node = client.get_random_node()
    if node is None:
        raise ConnectionError("no broker is known")
    request = MetadataRequest(list(topics), allow_auto_topic_creation=False)
    response = await client.send(node, request)
    known = frozenset(t[1] for t in response.topics if t[0] == 0)  # error code 0: exists
    return BrokerState(response.cluster_id or "", known)
