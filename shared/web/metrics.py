"""Prometheus metrics of one service (监控指标), in a registry of its own.

Each app owns a :class:`ServiceMetrics` (several apps can share a process, as in the
tests). HTTP requests are counted by route template, never by raw path. The messaging
figures are read at scrape time: the outbox backlog from the database, the rest from
the relay and the consumer runners (each consumer's lag against the partitions' real
ends, which costs a ListOffsets request per scrape, and a fetch where an end moved).
"""

from __future__ import annotations

import asyncio
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
        """Count the unpublished outbox rows and measure each consumer's lag (the figures
        that need the database or the broker); a scrape answers even when they are away."""
        await asyncio.gather(self._refresh_backlog(),
                             *(self._refresh_lag(runner) for runner in self.runners))

    async def _refresh_backlog(self) -> None:
        if self.relay is None:
            return
        try:
            self.backlog = float(await asyncio.wait_for(self.relay.backlog(), 2.0))
        except Exception as exc:  # a scrape must not fail because the database is away
            log.warning("outbox backlog unavailable: %s", exc)
            self.backlog = math.nan

    @staticmethod
    async def _refresh_lag(runner: ConsumerRunner) -> None:
        try:
            await asyncio.wait_for(runner.measure_lag(), 3.0)
        except Exception as exc:  # the last measure stands
            log.warning("consumer lag of %s unavailable: %s", runner.subs.group, exc)

    def collect(self) -> Iterator[Metric]:
        backlog = GaugeMetricFamily("outbox_backlog", "Outbox events not yet published")
        published = CounterMetricFamily("outbox_published",
                                        "Outbox events published by this instance")
        republished = CounterMetricFamily(
            "outbox_republished", "Outbox events marked for publishing again because the "
            "broker restarted (the safe window since then)")
        restarts = CounterMetricFamily(
            "broker_restarts_seen", "Times this instance found a new broker incarnation "
            "(a restarted memory-only broker: its cluster id changed)")
        if self.relay is not None:
            backlog.add_metric([], self.backlog)
            published.add_metric([], self.relay.published)
            republished.add_metric([], self.relay.republished)
        restarts.add_metric([], max([self.relay.broker_restarts if self.relay else 0,
                                     *(r.broker_restarts for r in self.runners)]))
        lag = GaugeMetricFamily("consumer_lag", "Messages not yet processed, per consumer "
                                "group, against the partitions' real end offsets",
                                labels=["group"])
        stalled = GaugeMetricFamily(
            "consumer_stalled_seconds", "Seconds messages have been waiting while the "
            "consumer processed none (0 when it is caught up)", labels=["group"])
        errors = CounterMetricFamily("consumer_reconnections", "Times a consumer reconnected "
                                     "after an error", labels=["group"])
        dead = CounterMetricFamily("dlq_messages", "Messages kept as dead letters",
                                   labels=["group"])
        for runner in self.runners:
            group = runner.subs.group
            lag.add_metric([group], runner.lag())
            stalled.add_metric([group], round(runner.stalled_seconds(), 1))
            errors.add_metric([group], runner.failures)
            dead.add_metric([group], runner.dead_lettered)
        yield from (backlog, published, republished, restarts, lag, stalled, errors, dead)


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
