"""Prometheus metrics of one service (监控指标), in a registry of its own.

Each app owns a :class:`ServiceMetrics` (several apps can share a process, as in the
tests). HTTP requests are counted by route template, never by raw path. The messaging
figures are read at scrape time: the outbox backlog from the database, the rest from
the relay and the consumer runners.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator, Sequence
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from prometheus_client.metrics_core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from shared.messaging.consumer import ConsumerRunner
from shared.messaging.relay import OutboxRelay

log = logging.getLogger(__name__)
CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4


class MessagingCollector(Collector):
    """Outbox and consumer figures, produced when Prometheus scrapes."""

    def __init__(self) -> None:
        self.relay: OutboxRelay | None = None
        self.runners: Sequence[ConsumerRunner] = ()
        self.backlog = math.nan

    async def refresh(self) -> None:
        """Count the unpublished outbox rows (the one figure that needs the database)."""
        if self.relay is None:
            return
        try:
            self.backlog = float(await self.relay.backlog())
        except Exception as exc:  # a scrape must not fail because the database is away
            log.warning("outbox backlog unavailable: %s", exc)
            self.backlog = math.nan

    def collect(self) -> Iterator[Metric]:
        backlog = GaugeMetricFamily("outbox_backlog", "Outbox events not yet published")
        published = CounterMetricFamily("outbox_published",
                                        "Outbox events published by this instance")
        if self.relay is not None:
            backlog.add_metric([], self.backlog)
            published.add_metric([], self.relay.published)
        lag = GaugeMetricFamily("consumer_lag", "Messages not yet consumed, per consumer group",
                                labels=["group"])
        dead = CounterMetricFamily("dlq_messages", "Messages sent to a dead-letter topic",
                                   labels=["group"])
        for runner in self.runners:
            lag.add_metric([runner.subs.group], runner.lag())
            dead.add_metric([runner.subs.group], runner.dead_lettered)
        yield from (backlog, published, lag, dead)


class ServiceMetrics:
    """The metrics of one app: HTTP traffic plus its messaging."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("http_requests", "HTTP requests served",
                                ["method", "route", "status"], registry=self.registry)
        self.duration = Histogram("http_request_duration_seconds",
                                  "Time to serve an HTTP request, by route template",
                                  ["method", "route"], registry=self.registry)
        self.messaging = MessagingCollector()
        self.registry.register(self.messaging)
        self._children: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        # the labelled children are kept: ``labels()`` costs more than the update itself
        key = (method, route, status)
        children = self._children.get(key)
        if children is None:
            children = self._children[key] = (self.requests.labels(method, route, str(status)),
                                               self.duration.labels(method, route))
        children[0].inc()
        children[1].observe(seconds)

    def watch(self, relay: OutboxRelay | None, runners: Sequence[ConsumerRunner]) -> None:
        """Report on ``relay`` and ``runners`` (called once they exist)."""
        self.messaging.relay = relay
        self.messaging.runners = runners

    async def exposition(self) -> bytes:
        """The Prometheus text format, version 0.0.4."""
        await self.messaging.refresh()
        return generate_latest(self.registry)
